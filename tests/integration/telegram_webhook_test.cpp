// The whole service on loopback: the Beast server on 127.0.0.1:0, the real Telegram client and
// outbox sender, and a fake Bot API. Fixtures are the shapes Telegram really sends.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <future>
#include <iostream>
#include <nlohmann/json.hpp>

#include "bot/app/quarantine_desk.h"
#include "bot/app/service.h"
#include "bot/http/http_server.h"
#include "bot/http/routes.h"
#include "bot/inbound/inbound_handler.h"
#include "bot/outbox/outbox_sender.h"
#include "bot/schedule/scheduler.h"
#include "bot/telegram/telegram_api.h"
#include "bot/telegram/telegram_platform.h"
#include "bot/telegram/telegram_render.h"
#include "bot/telegram/telegram_update.h"
#include "dialogs/text.h"
#include "storage/outbox.h"
#include "storage/personal_data.h"
#include "storage/quarantine.h"
#include "storage/runners.h"
#include "storage/squads.h"
#include "tests/support/fake_bot_api.h"
#include "tests/support/fixtures.h"
#include "tests/support/hostile_payloads.h"
#include "tests/support/http_client.h"
#include "tests/support/service.h"

namespace achilles::bot {
namespace {

using achilles::testing::FakeBotApi;
using achilles::testing::FormFile;
using achilles::testing::HttpCall;
using achilles::testing::ReadFixture;
using achilles::testing::ShippedContent;
using achilles::testing::TempDir;
using namespace std::chrono_literals;
using nlohmann::json;

constexpr char kSecret[] = "it-secret_0123456789";
constexpr char kToken[] = "7000000001:FAKE-token";

// The service `serve` runs (bot/app/service.h), on a fresh port. Without a sender it stores
// replies but sends nothing (a crash before the sender ran, for the restart test). With `clock`,
// time is injected (the scheduler's tests); otherwise it is the system's. The scheduler ticks
// only when a test calls Tick().
class TelegramService {
 public:
  TelegramService(const std::string& db_path, const std::string& api_base, bool with_sender = true,
                  const Clock* clock = nullptr) {
    Config config = testing::ServiceConfig(db_path);
    TelegramConfig& telegram = config.platforms.Get<TelegramConfig>();
    telegram.token = kToken;
    telegram.webhook_secret = kSecret;
    telegram.api_base = api_base;
    telegram.bot_username = "AchillesCoachBot";
    ServiceOptions options = testing::TestServiceOptions();
    options.clock = clock;
    options.send = with_sender;
    // One chat gets many replies in these tests; the limits themselves are unit-tested.
    RateLimits limits;
    limits.per_private_chat = {50, 1000ms};
    limits.overall = {1000, 1000ms};
    options.limits[kTelegram] = limits;
    service_ = testing::StartedService(config, options);
  }

  testing::ClientResponse Post(const std::string& body, const std::string& secret = kSecret) {
    std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
    if (!secret.empty()) headers["X-Telegram-Bot-Api-Secret-Token"] = secret;
    return HttpCall(port(), "POST", "/telegram/webhook", body, headers);
  }
  std::uint16_t port() const { return service_->port(); }
  storage::Database& database() { return service_->database(); }
  Scheduler& scheduler() { return service_->scheduler(); }
  InboundHandler& inbound() { return service_->inbound(); }
  const std::vector<const Endpoint*>& endpoints() const { return service_->endpoints(); }

 private:
  std::unique_ptr<Service> service_;
};

class TelegramWebhookTest : public ::testing::Test {
 protected:
  void SetUp() override { service_ = std::make_unique<TelegramService>(path_, fake_.base_url()); }

  std::vector<std::string> TextsTo(std::int64_t chat) {
    std::vector<std::string> texts;
    for (const auto& call : fake_.CallsTo("sendMessage")) {
      if (call.payload["chat_id"] == chat) texts.push_back(call.payload["text"]);
    }
    return texts;
  }

  TempDir dir_;
  std::string path_ = (dir_.path() / "it.db").string();
  FakeBotApi fake_;
  std::unique_ptr<TelegramService> service_;
};

TEST_F(TelegramWebhookTest, StartGetsTheWelcomeWithAConsentButton) {
  EXPECT_EQ(service_->Post(ReadFixture("telegram/private_start.json")).status, 200u);
  ASSERT_TRUE(fake_.WaitForCalls("sendMessage", 1));
  const auto call = fake_.CallsTo("sendMessage")[0];
  EXPECT_EQ(call.token, kToken);
  EXPECT_EQ(call.payload["chat_id"], 508123456);
  EXPECT_EQ(call.payload["parse_mode"], "HTML");
  EXPECT_NE(call.payload["text"].get<std::string>().find("<b>Achilles Coach</b>"),
            std::string::npos);
  EXPECT_EQ(call.payload["reply_markup"]["inline_keyboard"][0][0]["callback_data"], "consent:yes");
}

TEST_F(TelegramWebhookTest, ConsentButtonIsAnsweredAndStored) {
  std::string press = ReadFixture("telegram/callback_query.json");
  press.replace(press.find("\"data\": \"ci:stiff:1\""), 20, "\"data\": \"consent:yes\"");
  EXPECT_EQ(service_->Post(press).status, 200u);
  ASSERT_TRUE(fake_.WaitForCalls("sendMessage", 1));
  const auto answers = fake_.CallsTo("answerCallbackQuery");
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].payload["callback_query_id"], "4382bfdwdsb323b2d9");
  // The thanks and the first question arrive as one message (issue 16: a whole reply at once,
  // not one message a second), the question's buttons under it.
  const auto message = fake_.CallsTo("sendMessage")[0];
  const std::string text = message.payload["text"];
  EXPECT_NE(text.find("Thanks, Maya"), std::string::npos);
  EXPECT_LT(text.find("Thanks, Maya"), text.find("Which Achilles hurts?"));
  EXPECT_TRUE(message.payload.contains("reply_markup"));
  auto runner = *service_->database().Transact<std::optional<storage::Runner>>(
      [](storage::Session& s) -> Result<std::optional<storage::Runner>> {
        return storage::FindRunner(s, "telegram", "508123456");
      });
  ASSERT_TRUE(runner);
  EXPECT_TRUE(runner->state.consented_at);
}

TEST_F(TelegramWebhookTest, ForumTopicRepliesStayInTheTopic) {
  EXPECT_EQ(service_->Post(ReadFixture("telegram/forum_topic_command.json")).status, 200u);
  ASSERT_TRUE(fake_.WaitForCalls("sendMessage", 1));
  const auto call = fake_.CallsTo("sendMessage")[0];
  EXPECT_EQ(call.payload["chat_id"], -1001987654322);
  EXPECT_EQ(call.payload["message_thread_id"], 300);
}

TEST_F(TelegramWebhookTest, StickersGetAskedForText) {
  EXPECT_EQ(service_->Post(ReadFixture("telegram/sticker_message.json")).status, 200u);
  ASSERT_TRUE(fake_.WaitForCalls("sendMessage", 1));
  EXPECT_NE(TextsTo(508123456)[0].find("only read text"), std::string::npos);
}

TEST_F(TelegramWebhookTest, RejectsWhatIsNotAGenuineUpdate) {
  EXPECT_EQ(service_->Post(ReadFixture("telegram/private_start.json"), "").status, 401u);
  EXPECT_EQ(service_->Post(ReadFixture("telegram/private_start.json"), "wrong").status, 401u);
  EXPECT_EQ(service_->Post("{not json").status, 400u);
  EXPECT_EQ(service_->Post(R"({"hello":"world"})").status, 400u);
  EXPECT_EQ(service_->Post(std::string(70 * 1024, ' ')).status, 413u);
  EXPECT_EQ(HttpCall(service_->port(), "GET", "/telegram/webhook").status, 405u);
  EXPECT_EQ(HttpCall(service_->port(), "POST", "/other", "{}").status, 404u);
  EXPECT_EQ(HttpCall(service_->port(), "GET", "/healthz").status, 200u);
  // Nothing above reached the runner; the genuine update afterwards is not taken as a repeat.
  EXPECT_EQ(service_->Post(ReadFixture("telegram/private_start.json")).status, 200u);
  ASSERT_TRUE(fake_.WaitForCalls("sendMessage", 1));
  EXPECT_EQ(fake_.CallsTo("sendMessage").size(), 1u);
}

TEST_F(TelegramWebhookTest, ARepeatedUpdateIdGetsOneReply) {
  EXPECT_EQ(service_->Post(ReadFixture("telegram/private_start.json")).status, 200u);
  EXPECT_EQ(service_->Post(ReadFixture("telegram/private_start.json")).status, 200u);
  // A later, different update to the same chat: its reply comes after any reply to the repeat,
  // because a chat's messages leave in order.
  EXPECT_EQ(service_->Post(ReadFixture("telegram/private_text.json")).status, 200u);
  ASSERT_TRUE(fake_.WaitForCalls("sendMessage", 2));
  const auto texts = TextsTo(508123456);
  ASSERT_EQ(texts.size(), 2u);
  EXPECT_NE(texts[0].find("Hi Maya!"), std::string::npos);
  EXPECT_NE(texts[1].find("Before we start"), std::string::npos);
}

TEST_F(TelegramWebhookTest, TooManyRequestsWaitsRetryAfterThenSends) {
  fake_.Script(
      429,
      R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}})");
  EXPECT_EQ(service_->Post(ReadFixture("telegram/private_start.json")).status, 200u);
  ASSERT_TRUE(fake_.WaitForCalls("sendMessage", 2));
  const auto calls = fake_.CallsTo("sendMessage");
  EXPECT_GE(calls[1].at - calls[0].at, 900ms) << "retry_after was honoured";
  EXPECT_EQ(calls[0].payload, calls[1].payload);
}

TEST_F(TelegramWebhookTest, ABlockedRunnerIsNotWrittenToUntilTheyWriteAgain) {
  fake_.Script(403, ReadFixture("telegram/sendMessage_403_blocked.json"));
  // The consent press queues two calls for Maya: the button answer, and the thanks with the
  // first question (one message).
  std::string press = ReadFixture("telegram/callback_query.json");
  press.replace(press.find("\"data\": \"ci:stiff:1\""), 20, "\"data\": \"consent:yes\"");
  EXPECT_EQ(service_->Post(press).status, 200u);
  ASSERT_TRUE(fake_.WaitForCalls("answerCallbackQuery", 1));
  ASSERT_TRUE(fake_.WaitForCalls("sendMessage", 1));
  service_.reset();  // Stop() records every call in flight before it returns

  auto unreachable = [&](storage::Database& db) {
    return *db.Transact<bool>([](storage::Session& s) -> Result<bool> {
      return storage::FindRunner(s, "telegram", "508123456")->unreachable_since.has_value();
    });
  };
  {
    auto db = *storage::Database::Open(path_);
    EXPECT_TRUE(unreachable(*db));
    EXPECT_EQ(*db->Transact<std::int64_t>([](storage::Session& s) -> Result<std::int64_t> {
      return storage::PendingCount(s);
    }),
              0)
        << "nothing is kept to send her later";
  }
  EXPECT_EQ(fake_.CallsTo("sendMessage").size(), 1u);

  // Writing again undoes the block.
  service_ = std::make_unique<TelegramService>(path_, fake_.base_url());
  EXPECT_EQ(service_->Post(ReadFixture("telegram/private_text.json")).status, 200u);
  ASSERT_TRUE(fake_.WaitForCalls("sendMessage", 2));
  EXPECT_FALSE(unreachable(service_->database()));
  // Maya consented, so her text is taken as an answer to the first onboarding question; it is
  // not one, so she is asked again which side hurts.
  EXPECT_NE(TextsTo(508123456).back().find("Which Achilles hurts?"), std::string::npos);
}

// A button press from Maya's private chat, as Telegram sends it.
std::string Press(int update_id, const std::string& data) {
  nlohmann::json update = nlohmann::json::parse(ReadFixture("telegram/callback_query.json"));
  update["update_id"] = update_id;
  update["callback_query"]["id"] = "cb" + std::to_string(update_id);
  update["callback_query"]["data"] = data;
  return update.dump();
}

TEST_F(TelegramWebhookTest, FromStartThroughOnboardingAndAButtonCheckInToTheNextSession) {
  int update_id = 500;
  EXPECT_EQ(service_->Post(ReadFixture("telegram/private_start.json")).status, 200u);
  for (const char* data :
       {"consent:yes", "ob:side:left", "ob:site:midportion", "ob:duration:3 to 6 months",
        "ob:weekly:30", "ob:longest:10", "ob:goal:run without pain", "ob:raises:yes",
        "ob:raisepain:2", "ob:rf_rupture:no", "ob:rf_quinolone:no", "ob:rf_infection:no",
        "ob:rf_nerve:no", "ob:rf_systemic:no", "ob:rf_steroid:no", "ob:tz:Europe/Berlin",
        "ob:time:07:00", "ob:review:0"}) {
    ASSERT_EQ(service_->Post(Press(++update_id, data)).status, 200u) << data;
  }
  ASSERT_TRUE(fake_.WaitForText("Heavy slow resistance, week 1"));
  for (const char* data :
       {"ci:stiff:2", "ci:ran:0", "ci:session:yes", "ci:rehabpain:3", "ci:meds:no", "ci:note:"}) {
    ASSERT_EQ(service_->Post(Press(++update_id, data)).status, 200u) << data;
  }
  ASSERT_TRUE(fake_.WaitForText("Session pain was 3/10 and this morning is no worse"));
  // The plan after onboarding, then the one after the check-in, in Telegram's HTML.
  ASSERT_TRUE(fake_.WaitForText("<b>Today's session</b>", 2));
  EXPECT_TRUE(fake_.WaitForCalls("answerCallbackQuery", 23)) << "every press is answered";
  auto runner = *service_->database().Transact<std::optional<storage::Runner>>(
      [](storage::Session& s) -> Result<std::optional<storage::Runner>> {
        return storage::FindRunner(s, "telegram", "508123456");
      });
  ASSERT_TRUE(runner);
  EXPECT_EQ(runner->state.profile.time_zone, "Europe/Berlin");
  EXPECT_EQ(runner->state.progress.at.phase, dialogs::Phase::kHeavySlow);
}

// Maya types `text` in her private chat, as Telegram sends it.
std::string Typed(int update_id, const std::string& text) {
  nlohmann::json update = nlohmann::json::parse(ReadFixture("telegram/private_text.json"));
  update["update_id"] = update_id;
  update["message"]["message_id"] = update_id;
  update["message"]["text"] = text;
  return update.dump();
}

// Issue 13's wedge: a long non-English goal was cut at 500 bytes inside a character, the
// profile's JSON could not be written, and every later update was answered 500 and redelivered.
TEST_F(TelegramWebhookTest, ALongNonEnglishGoalIsStoredAndTheConversationGoesOn) {
  int update_id = 700;
  EXPECT_EQ(service_->Post(ReadFixture("telegram/private_start.json")).status, 200u);
  for (const char* data : {"consent:yes", "ob:side:left", "ob:site:midportion",
                           "ob:duration:3 to 6 months", "ob:weekly:30", "ob:longest:10"}) {
    ASSERT_EQ(service_->Post(Press(++update_id, data)).status, 200u) << data;
  }
  std::string goal = "ab";
  for (int i = 0; i < 40; ++i) goal += "Марафон в Берлине ";
  EXPECT_EQ(service_->Post(Typed(++update_id, goal)).status, 200u);
  ASSERT_TRUE(fake_.WaitForText("10 in a row"));
  EXPECT_EQ(service_->Post(Press(++update_id, "ob:raises:yes")).status, 200u);
  ASSERT_TRUE(fake_.WaitForText("How much did those heel raises hurt"));
  EXPECT_EQ(service_->Post(Typed(++update_id, "/export")).status, 200u);
  ASSERT_TRUE(fake_.WaitForText("everything I store about you"));
  auto runner = *service_->database().Transact<std::optional<storage::Runner>>(
      [](storage::Session& s) -> Result<std::optional<storage::Runner>> {
        return storage::FindRunner(s, "telegram", "508123456");
      });
  ASSERT_TRUE(runner);
  EXPECT_EQ(dialogs::Utf8Length(runner->state.profile.goal), 500u);
}

// Issue 13: one request can fail only itself. A stored row the coach cannot read fails every
// update of that runner the same way; answering 503 made Telegram redeliver it forever. Now it
// is answered 200, kept in quarantine with its error, the runner is told, /metrics counts it,
// and once the row is fixed the operator replays it.
TEST_F(TelegramWebhookTest, APermanentFailureIsQuarantinedAnsweredAndReplayable) {
  int update_id = 900;
  EXPECT_EQ(service_->Post(ReadFixture("telegram/private_start.json")).status, 200u);
  ASSERT_EQ(service_->Post(Press(++update_id, "consent:yes")).status, 200u);
  auto set_profile = [&](const std::string& profile) {
    ASSERT_TRUE(service_->database().Transact<bool>([&](storage::Session& s) -> Result<bool> {
      SQLite::Statement update(s.db(), "UPDATE runners SET profile = ?");
      update.bind(1, profile);
      update.exec();
      return true;
    }));
  };
  set_profile(R"({"side": "left, I think"})");  // a string where a number belongs

  const std::string bad = Press(++update_id, "ob:side:left");
  EXPECT_EQ(service_->Post(bad).status, 200u) << "not 503: a retry would fail the same way";
  ASSERT_TRUE(fake_.WaitForText("something went wrong on my side"));
  auto entries = *service_->database().Transact<std::vector<storage::Quarantined>>(
      [](storage::Session& s) -> Result<std::vector<storage::Quarantined>> {
        return storage::ListQuarantined(s, false);
      });
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].source, "telegram_webhook");
  EXPECT_EQ(entries[0].payload, bad) << "the raw update, to replay";
  EXPECT_NE(entries[0].error.find("unreadable coaching state"), std::string::npos)
      << entries[0].error;
  const auto metrics = HttpCall(service_->port(), "GET", "/metrics", "", {});
  EXPECT_NE(metrics.body.find("achilles_quarantined_total{source=\"telegram_webhook\"} 1"),
            std::string::npos);
  EXPECT_EQ(service_->Post(bad).status, 200u) << "a redelivery is kept once, not twice";
  EXPECT_NE(ListQuarantinedText(service_->database())->find("1 waiting"), std::string::npos);

  set_profile("{}");  // the operator fixes the row
  SystemClock clock;
  auto replayed = ReplayQuarantined(service_->database(), service_->inbound(), clock,
                                    service_->endpoints(), entries[0].id);
  ASSERT_TRUE(replayed) << replayed.error().message;
  ASSERT_TRUE(fake_.WaitForText("Where exactly? Press on the tendon"))
      << "the side was taken and the next question asked";
  EXPECT_EQ(*ListQuarantinedText(service_->database()), "No quarantined updates.\n");
  EXPECT_FALSE(ReplayQuarantined(service_->database(), service_->inbound(), clock,
                                 service_->endpoints(), 999));
}

TEST_F(TelegramWebhookTest, UnsentRepliesGoOutAfterARestartAndNeverTwice) {
  service_.reset();
  {
    TelegramService crashed(path_, fake_.base_url(), /*with_sender=*/false);
    EXPECT_EQ(crashed.Post(ReadFixture("telegram/private_start.json")).status, 200u);
  }
  EXPECT_TRUE(fake_.CallsTo("sendMessage").empty());
  {
    TelegramService restarted(path_, fake_.base_url());
    ASSERT_TRUE(fake_.WaitForCalls("sendMessage", 1));
  }
  {
    TelegramService again(path_, fake_.base_url());
    EXPECT_EQ(again.Post(ReadFixture("telegram/private_text.json")).status, 200u);
    ASSERT_TRUE(fake_.WaitForCalls("sendMessage", 2));
  }
  const auto texts = TextsTo(508123456);
  ASSERT_EQ(texts.size(), 2u) << "the welcome went once, across three processes";
  EXPECT_NE(texts[0].find("Hi Maya!"), std::string::npos);
}

}  // namespace
}  // namespace achilles::bot

namespace achilles::bot {
namespace {

// Issue 5's done-when: a runner who sets their check-in time one minute ahead gets the prompt
// on Telegram within one tick.
// /start and the whole onboarding by buttons: UTC, check-ins at 09:00, the review on `review`.
void OnboardInUtc(TelegramService& service, int& update_id, const char* review) {
  ASSERT_EQ(service.Post(ReadFixture("telegram/private_start.json")).status, 200u);
  for (const char* data :
       {"consent:yes", "ob:side:right", "ob:site:midportion", "ob:duration:under 6 weeks",
        "ob:weekly:20", "ob:longest:8", "ob:goal:run without pain", "ob:raises:yes",
        "ob:raisepain:1", "ob:rf_rupture:no", "ob:rf_quinolone:no", "ob:rf_infection:no",
        "ob:rf_nerve:no", "ob:rf_systemic:no", "ob:rf_steroid:no", "ob:tz:UTC", "ob:time:09:00",
        review}) {
    ASSERT_EQ(service.Post(Press(++update_id, data)).status, 200u) << data;
  }
}

TEST(TelegramSchedulerTest, ARunnerSetToAMinuteAheadIsPromptedWithinOneTick) {
  TempDir dir;
  FakeBotApi fake;
  FakeClock clock(std::chrono::sys_days{std::chrono::November / 24 / 2026} + 6h);
  TelegramService service((dir.path() / "it.db").string(), fake.base_url(), true, &clock);
  int update_id = 900;
  ASSERT_NO_FATAL_FAILURE(OnboardInUtc(service, update_id, "ob:review:0"));
  ASSERT_EQ(service.Post(Press(++update_id, "set:time:")).status, 200u);
  // Types the time one minute ahead.
  nlohmann::json typed = nlohmann::json::parse(ReadFixture("telegram/private_start.json"));
  typed["update_id"] = ++update_id;
  typed["message"]["text"] = "06:01";
  typed["message"].erase("entities");
  ASSERT_EQ(service.Post(typed.dump()).status, 200u);
  ASSERT_TRUE(fake.WaitForText("Next check-in prompt: Tue 24 Nov, 06:01 (UTC)."));

  ASSERT_EQ(service.scheduler().Tick()->prompts, 0);
  clock.Advance(std::chrono::minutes(1));
  ASSERT_EQ(service.scheduler().Tick()->prompts, 1);
  ASSERT_TRUE(fake.WaitForText("Good morning"));
  ASSERT_TRUE(fake.WaitForText("stiff", 1));
  const auto calls = fake.CallsTo("sendMessage");
  EXPECT_EQ(calls.back()
                .payload["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
                .get<std::string>()
                .rfind("ci:stiff:", 0),
            0u)
      << "the first check-in question follows with its buttons";
}

TEST(TelegramSchedulerTest, TheWeeklyReviewComesWithTheSixWeekChartAndItsWords) {
  TempDir dir;
  FakeBotApi fake;
  FakeClock clock(std::chrono::sys_days{std::chrono::November / 17 / 2026} + 8h);
  TelegramService service((dir.path() / "it.db").string(), fake.base_url(), true, &clock);
  int update_id = 950;
  ASSERT_NO_FATAL_FAILURE(OnboardInUtc(service, update_id, "ob:review:2"));  // Tuesdays
  clock.Set(std::chrono::sys_days{std::chrono::November / 18 / 2026} + 10h);
  ASSERT_EQ(service.Post(Typed(++update_id, "/checkin stiffness 3 pain 2 ran 5km")).status, 200u);
  ASSERT_TRUE(fake.WaitForText("Today's session", 2));
  EXPECT_TRUE(fake.CallsTo("sendPhoto").empty());

  // Tuesday 24 November at 09:00: the review of the week, with the chart.
  clock.Set(std::chrono::sys_days{std::chrono::November / 24 / 2026} + 9h);
  ASSERT_GE(service.scheduler().Tick()->prompts, 1);
  ASSERT_TRUE(fake.WaitForCalls("sendPhoto", 1));
  const auto photo = fake.CallsTo("sendPhoto")[0];
  ASSERT_EQ(photo.files.size(), 1u);
  EXPECT_TRUE(testing::IsPng(photo.files[0].bytes));
  ASSERT_TRUE(fake.WaitForText("Week by week"));
  EXPECT_TRUE(fake.WaitForText("stiffness 3.0, pain 2.0, 5.0 km"));
}

}  // namespace
}  // namespace achilles::bot

namespace achilles::bot {
namespace {

// Issue 4's done-when on Telegram: a question gets a specific answer; /ask in a group too.
TEST_F(TelegramWebhookTest, AQuestionAboutDryNeedlingGetsASpecificAnswer) {
  nlohmann::json ask = nlohmann::json::parse(ReadFixture("telegram/private_start.json"));
  ask["message"]["text"] = "/ask does dry needling help?";
  ask["message"]["entities"][0]["length"] = 4;
  ASSERT_EQ(service_->Post(ask.dump()).status, 200u);
  ASSERT_TRUE(fake_.WaitForText("<b>Dry needling</b>"));
  EXPECT_TRUE(fake_.WaitForText("adjunct"));
}

}  // namespace
}  // namespace achilles::bot

namespace achilles::bot {
namespace {

// Issue 7: a coach and three runners, end to end through the real server on loopback. The squad
// lives in a forum topic of a supergroup; the coach's details and alerts come privately.
class SquadTest : public ::testing::Test {
 protected:
  static constexpr long long kGroup = -1001987654322;
  static constexpr int kTopic = 300;
  static constexpr long long kDana = 700;  // the coach
  static constexpr long long kAnn = 801;
  static constexpr long long kBen = 802;
  static constexpr long long kCat = 803;  // joins but keeps her check-ins private

  void SetUp() override {
    service_ = std::make_unique<TelegramService>((dir_.path() / "squads.db").string(),
                                                 fake_.base_url(), true, &clock_);
  }

  // A message from `user` in their private chat, or in the squad's topic.
  std::string Message(long long user, const std::string& name, const std::string& text,
                      bool in_group = false) {
    json update = json::parse(ReadFixture("telegram/private_start.json"));
    update["update_id"] = ++update_id_;
    update["message"]["from"] = {{"id", user}, {"is_bot", false}, {"first_name", name}};
    if (in_group) {
      update["message"]["chat"] = {{"id", kGroup},
                                   {"title", "Club Rehab Corner"},
                                   {"type", "supergroup"},
                                   {"is_forum", true}};
      update["message"]["message_thread_id"] = kTopic;
      update["message"]["is_topic_message"] = true;
    } else {
      update["message"]["chat"] = {{"id", user}, {"first_name", name}, {"type", "private"}};
    }
    update["message"]["text"] = text;
    if (text.rfind('/', 0) == 0) {
      update["message"]["entities"] = {
          {{"offset", 0},
           {"length", text.find(' ') == std::string::npos ? text.size() : text.find(' ')},
           {"type", "bot_command"}}};
    } else {
      update["message"].erase("entities");
    }
    return update.dump();
  }
  std::string Press(long long user, const std::string& name, const std::string& data) {
    json update = json::parse(ReadFixture("telegram/callback_query.json"));
    update["update_id"] = ++update_id_;
    update["callback_query"]["id"] = "cb" + std::to_string(update_id_);
    update["callback_query"]["from"] = {{"id", user}, {"is_bot", false}, {"first_name", name}};
    update["callback_query"]["message"]["chat"] = {{"id", user}, {"type", "private"}};
    update["callback_query"]["data"] = data;
    return update.dump();
  }
  void Send(const std::string& update) { ASSERT_EQ(service_->Post(update).status, 200u) << update; }

  void Onboard(long long user, const std::string& name) {
    Send(Message(user, name, "/start"));
    for (const char* data :
         {"consent:yes", "ob:side:left", "ob:site:midportion", "ob:duration:3 to 6 months",
          "ob:weekly:30", "ob:longest:10", "ob:goal:run without pain", "ob:raises:yes",
          "ob:raisepain:2", "ob:rf_rupture:no", "ob:rf_quinolone:no", "ob:rf_infection:no",
          "ob:rf_nerve:no", "ob:rf_systemic:no", "ob:rf_steroid:no", "ob:tz:UTC", "ob:time:07:00",
          "ob:review:0"}) {
      Send(Press(user, name, data));
    }
  }

  // What `chat` was sent, in order: messages, and photos and documents with their caption as
  // the text.
  // The runners' local day (they are in UTC), as the export names its files.
  std::string Today() const {
    return dialogs::IsoDate(std::chrono::floor<std::chrono::days>(clock_.Now()));
  }

  std::vector<json> SentTo(long long chat) const {
    std::vector<json> sent;
    for (const auto& call : fake_.Calls()) {
      const bool file = call.method == "sendPhoto" || call.method == "sendDocument";
      if ((call.method != "sendMessage" && !file) || call.payload["chat_id"] != chat) continue;
      sent.push_back(call.payload);
      if (file) sent.back()["text"] = call.payload.value("caption", "");
    }
    return sent;
  }
  std::string LastTextTo(long long chat) const {
    const auto sent = SentTo(chat);
    return sent.empty() ? "" : sent.back()["text"].get<std::string>();
  }
  // Waits (for the sender's thread, on the fake's condition variable) until `chat` received
  // `count` messages containing `fragment`.
  bool WaitFor(long long chat, const std::string& fragment, std::size_t count = 1) const {
    for (int i = 0; i < 400; ++i) {
      if (CountContaining(chat, fragment) >= count) return true;
      fake_.WaitForCalls("sendMessage", fake_.CallsTo("sendMessage").size() + 1, 25ms);
    }
    return false;
  }
  std::size_t CountContaining(long long chat, const std::string& fragment) const {
    std::size_t n = 0;
    for (const auto& payload : SentTo(chat)) {
      n += payload["text"].get<std::string>().find(fragment) != std::string::npos ? 1 : 0;
    }
    return n;
  }

  std::optional<storage::Squad> SquadOfTheGroup() {
    return *service_->database().Transact<std::optional<storage::Squad>>(
        [](storage::Session& s) -> Result<std::optional<storage::Squad>> {
          return storage::SquadForChat(s, "telegram", std::to_string(kGroup));
        });
  }
  storage::Squad TheSquad() { return SquadOfTheGroup().value(); }  // throws (a failure) if none
  // Dana, an admin of the group, sets up squad Harriers there (after writing to the bot
  // privately, for her coach code and alerts).
  storage::Squad DanaSetsUpHarriers() {
    Send(Message(kDana, "Dana", "/start"));
    fake_.Script(200, R"({"ok":true,"result":{"status":"administrator"}})", "getChatMember");
    Send(Message(kDana, "Dana", "/coach Harriers", /*in_group=*/true));
    EXPECT_TRUE(WaitFor(kGroup, "is set up"));
    return TheSquad();
  }

  TempDir dir_;
  FakeBotApi fake_;
  FakeClock clock_{std::chrono::sys_days{std::chrono::November / 24 / 2026} + 8h};
  std::unique_ptr<TelegramService> service_;
  int update_id_ = 5000;
};

TEST_F(SquadTest, ACoachAndThreeRunnersJoinShareCheckInFlareAndTheCoachSeesOnlyWhatWasShared) {
  Send(Message(kDana, "Dana", "/start"));  // the coach's private chat, for details and alerts

  // Only a group admin sets a squad up (Telegram is asked: getChatMember).
  Send(Message(kAnn, "Ann", "/coach@AchillesCoachBot", /*in_group=*/true));
  ASSERT_TRUE(WaitFor(kGroup, "Only an admin"));
  fake_.Script(200, R"({"ok":true,"result":{"status":"administrator","user":{"id":700}}})",
               "getChatMember");
  Send(Message(kDana, "Dana", "/coach@AchillesCoachBot Harriers", /*in_group=*/true));
  ASSERT_TRUE(WaitFor(kGroup, "Squad Harriers is set up"));
  const storage::Squad squad = TheSquad();
  const json created = SentTo(kGroup).back();
  EXPECT_EQ(created["message_thread_id"], kTopic) << "the squad's replies stay in its topic";
  EXPECT_NE(created["text"].get<std::string>().find("https://t.me/AchillesCoachBot?start=" +
                                                    squad.join_code),
            std::string::npos);
  EXPECT_EQ(created["text"].get<std::string>().find(squad.coach_code), std::string::npos)
      << "the co-coach code is not posted in the group";
  ASSERT_TRUE(WaitFor(kDana, squad.coach_code));
  EXPECT_EQ(squad.thread_id, std::to_string(kTopic));

  // Ann by the deep link, Ben and Cat with /join; Ann and Ben share, Cat keeps it private.
  Onboard(kAnn, "Ann");
  Onboard(kBen, "Ben");
  Onboard(kCat, "Cat");
  Send(Message(kAnn, "Ann", "/start " + squad.join_code));
  ASSERT_TRUE(WaitFor(kAnn, "joining <b>Harriers</b>")) << LastTextTo(kAnn);
  Send(Message(kBen, "Ben", "/join " + dialogs::Lower(squad.join_code)));
  Send(Message(kCat, "Cat", "/join " + squad.join_code));
  ASSERT_TRUE(WaitFor(kCat, "joining <b>Harriers</b>"));
  const std::string share = "sq:share:" + std::to_string(squad.id) + ".";
  Send(Press(kAnn, "Ann", share + "yes"));
  Send(Press(kBen, "Ben", share + "yes"));
  Send(Press(kCat, "Cat", share + "no"));
  ASSERT_TRUE(WaitFor(kCat, "no longer see your check-ins"));
  // A join code typed in the group is not taken there: joining asks about sharing privately.
  Send(Message(kCat, "Cat", "/join " + squad.join_code, /*in_group=*/true));
  ASSERT_TRUE(WaitFor(kGroup, "Join in a private chat"));

  // Day 0: Ann checks in, Ben flares, Cat flares (private: nobody hears).
  Send(Message(kAnn, "Ann", "/checkin stiffness 2 pain 1 ran 5km"));
  Send(Message(kBen, "Ben", "/flare"));
  Send(Message(kCat, "Cat", "/flare"));
  ASSERT_TRUE(WaitFor(kCat, "flare"));
  // Day 1: Ben's second flare-up in 14 days, Ann's red flag, Ben asks for a consult.
  clock_.Advance(24h);
  Send(Message(kAnn, "Ann", "/checkin stiffness 2 pain 1"));
  Send(Message(kBen, "Ben", "/flare"));
  ASSERT_TRUE(WaitFor(kDana, "Second flare-up in 14 days: Ben"));
  Send(Message(kCat, "Cat", "/flare"));
  Send(Message(kAnn, "Ann", "I felt a pop at the back of my ankle on my run"));
  ASSERT_TRUE(WaitFor(kDana, "Red flag: Ann"));
  EXPECT_NE(LastTextTo(kDana).find("R1"), std::string::npos);
  Send(Press(kBen, "Ben", "book:tap"));
  ASSERT_TRUE(WaitFor(kDana, "Consult requested: Ben"));
  EXPECT_NE(LastTextTo(kDana).find("last check-in"), std::string::npos)
      << "the consult request carries the runner's recent summary";
  EXPECT_EQ(CountContaining(kDana, "Cat"), 0u) << "Cat shares nothing";
  EXPECT_EQ(CountContaining(kDana, "Second flare-up"), 1u) << "each alert once";

  // /team: coaches only; the report comes privately, without Cat.
  Send(Message(kBen, "Ben", "/team@AchillesCoachBot", /*in_group=*/true));
  ASSERT_TRUE(WaitFor(kGroup, "Only the squad's coaches"));
  Send(Message(kDana, "Dana", "/team@AchillesCoachBot", /*in_group=*/true));
  ASSERT_TRUE(WaitFor(kGroup, "Sent you the squad report privately"));
  ASSERT_TRUE(WaitFor(kDana, "(2 runners sharing)"));
  const std::string team = LastTextTo(kDana);
  EXPECT_NE(team.find("<b>Ann</b>"), std::string::npos);
  EXPECT_NE(team.find("<b>Ben</b>"), std::string::npos);
  EXPECT_EQ(team.find("Cat"), std::string::npos);
  EXPECT_NE(team.find("RED FLAG"), std::string::npos);
  EXPECT_NE(team.find("consult requested"), std::string::npos);
  // The report is the caption of the squad's chart: a PNG, to Dana only, never to the group.
  const auto photos = fake_.CallsTo("sendPhoto");
  ASSERT_EQ(photos.size(), 1u);
  EXPECT_EQ(photos[0].payload["chat_id"], kDana);
  ASSERT_EQ(photos[0].files.size(), 1u);
  EXPECT_EQ(photos[0].files[0].field, "photo");
  EXPECT_TRUE(testing::IsPng(photos[0].files[0].bytes));
  for (const auto& payload : SentTo(kGroup)) {
    const std::string text = payload["text"];
    EXPECT_EQ(text.find("RED FLAG"), std::string::npos) << "no details in the group: " << text;
    EXPECT_EQ(text.find("stiffness"), std::string::npos) << text;
  }

  // The daily digest at 18:00 (the squad's zone, UTC): counts only, in the topic. Yesterday's,
  // fourteen hours late, is skipped rather than sent with the wrong day's counts.
  ASSERT_EQ(service_->scheduler().Tick()->digest_messages, 0);
  clock_.Advance(10h);
  ASSERT_GE(service_->scheduler().Tick()->digest_messages, 1);
  ASSERT_TRUE(WaitFor(kGroup, "<b>Harriers today</b>: 1 of 2 checked in"));
  const json digest = SentTo(kGroup).back();
  EXPECT_EQ(digest["message_thread_id"], kTopic);
  EXPECT_NE(digest["text"].get<std::string>().find("1 flare-up · 1 consult request"),
            std::string::npos)
      << digest["text"];
  EXPECT_EQ(digest["text"].get<std::string>().find("Ann"), std::string::npos);
  ASSERT_EQ(service_->scheduler().Tick()->digest_messages, 0) << "once a day";

  // Withdrawal works at once: Ben stops sharing, Ann leaves.
  Send(Message(kBen, "Ben", "/squad"));
  ASSERT_TRUE(WaitFor(kBen, "your coaches see your check-in summary"));
  Send(Press(kBen, "Ben", share + "no"));
  Send(Message(kAnn, "Ann", "/leave"));
  ASSERT_TRUE(WaitFor(kAnn, "You've left Harriers"));
  Send(Message(kDana, "Dana", "/team"));
  ASSERT_TRUE(WaitFor(kDana, "Nobody shares with you yet"));
  Send(Message(kBen, "Ben", "/flare"));
  clock_.Advance(24h);
  Send(Message(kBen, "Ben", "/book"));
  ASSERT_TRUE(WaitFor(kBen, "consult"));
  EXPECT_EQ(CountContaining(kDana, "Consult requested: Ben"), 1u) << "nothing after withdrawal";
}

TEST_F(SquadTest, QuietRunnersAreFlaggedOnceAndSundaysBringTheWeeklySummary) {
  Send(Message(kDana, "Dana", "/start"));
  fake_.Script(200, R"({"ok":true,"result":{"status":"creator"}})", "getChatMember");
  Send(Message(kDana, "Dana", "/coach", /*in_group=*/true));
  ASSERT_TRUE(WaitFor(kGroup, "is set up"));
  const storage::Squad squad = TheSquad();
  EXPECT_EQ(squad.title, "Club Rehab Corner") << "the group's title when none is given";
  Onboard(kAnn, "Ann");
  Send(Message(kAnn, "Ann", "/join " + squad.join_code));
  Send(Press(kAnn, "Ann", "sq:share:" + std::to_string(squad.id) + ".yes"));
  Send(Message(kAnn, "Ann", "/checkin stiffness 2 pain 1"));
  ASSERT_TRUE(WaitFor(kAnn, "Today's session"));
  // The coach moves the digest to 07:30 Berlin; the reply says when the next one comes.
  Send(Message(kDana, "Dana", "/digest@AchillesCoachBot 07:30 Europe/Berlin", /*in_group=*/true));
  ASSERT_TRUE(WaitFor(kGroup, "now comes at 07:30 (Europe/Berlin). Next: Wed 25 Nov, 07:30"));

  // Tue 24 08:00 UTC. Digests: Wed, Thu, Fri (quiet since Tue: 3 days), Sat, Sun (weekly).
  for (int day = 0; day < 5; ++day) {
    clock_.Advance(24h);
    service_->scheduler().Tick();
  }
  ASSERT_TRUE(WaitFor(kDana, "No check-in from Ann for 3 days"));
  EXPECT_EQ(CountContaining(kDana, "No check-in from Ann"), 1u) << "once per quiet spell";
  ASSERT_TRUE(WaitFor(kDana, "Weekly summary: Club Rehab Corner"));
  ASSERT_TRUE(WaitFor(kGroup, "today</b>:", 5));
  EXPECT_EQ(CountContaining(kGroup, "today</b>:"), 5u);
}

TEST_F(SquadTest, ACoCoachJoinsWithTheCoachCodeAndAStrangerGetsNothing) {
  const storage::Squad squad = DanaSetsUpHarriers();
  Send(Message(kBen, "Ben", "/team"));
  ASSERT_TRUE(WaitFor(kBen, "Only the squad's coaches"));
  Send(Message(kBen, "Ben", "/join NOSUCHCODE"));
  ASSERT_TRUE(WaitFor(kBen, "I don't know the code NOSUCHCODE"));
  Send(Message(kBen, "Ben", "/join " + squad.coach_code));
  ASSERT_TRUE(WaitFor(kBen, "You're now a coach of <b>Harriers</b>"));
  Send(Message(kBen, "Ben", "/team"));
  ASSERT_TRUE(WaitFor(kBen, "Nobody shares with you yet"));
  // A second /coach in the same chat makes no second squad.
  Send(Message(kDana, "Dana", "/coach Other", /*in_group=*/true));
  ASSERT_TRUE(WaitFor(kGroup, "already has squad Harriers"));
}

// A squad goes on while it has a coach, and closes when the last one asks to be forgotten: its
// runners are told they are in no squad, and nobody is left to see what they shared.
TEST_F(SquadTest, ASquadClosesWhenItsLastCoachIsForgottenNotBefore) {
  const storage::Squad squad = DanaSetsUpHarriers();
  Send(Message(kBen, "Ben", "/start"));
  Send(Message(kBen, "Ben", "/join " + squad.coach_code));
  ASSERT_TRUE(WaitFor(kBen, "You're now a coach of <b>Harriers</b>"));
  Onboard(kAnn, "Ann");
  Send(Message(kAnn, "Ann", "/join " + squad.join_code));
  Send(Press(kAnn, "Ann", "sq:share:" + std::to_string(squad.id) + ".yes"));
  ASSERT_TRUE(WaitFor(kAnn, "now see your check-in summary"));
  auto forget = [&](long long user, const std::string& name) {
    Send(Message(user, name, "/forget"));
    ASSERT_TRUE(WaitFor(user, "cannot be undone"));
    Send(Press(user, name, "forget:yes"));
    ASSERT_TRUE(WaitFor(user, "everything I stored about you is deleted"));
  };
  forget(kDana, "Dana");
  Send(Message(kAnn, "Ann", "/squad"));
  ASSERT_TRUE(WaitFor(kAnn, "Harriers: your coaches see your check-in summary"))
      << "Ben still coaches it";
  forget(kBen, "Ben");
  Send(Message(kAnn, "Ann", "/squad"));
  ASSERT_TRUE(WaitFor(kAnn, "You're not in a squad"));
  EXPECT_FALSE(SquadOfTheGroup()) << "the squad closed";
}

// The contract's /export and /forget, through the server: the data goes to the runner, then all
// of it is deleted but the confirmation.
// A PNG's width and height, from its IHDR chunk.
std::pair<std::uint32_t, std::uint32_t> PngSize(const std::string& png) {
  const auto word = [&](std::size_t at) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i)
      value = value << 8 | static_cast<unsigned char>(png[at + i]);
    return value;
  };
  return {word(16), word(20)};
}

TEST_F(SquadTest, ProgressSendsTheSixWeekChartWithTheSameNumbersInWords) {
  Onboard(kAnn, "Ann");
  Send(Message(kAnn, "Ann", "/checkin stiffness 3 pain 2 ran 5km"));
  ASSERT_TRUE(WaitFor(kAnn, "Today's session", 2));
  Send(Message(kAnn, "Ann", "/progress"));
  ASSERT_TRUE(fake_.WaitForCalls("sendPhoto", 1));
  const auto photo = fake_.CallsTo("sendPhoto")[0];
  EXPECT_EQ(photo.payload["chat_id"], kAnn);
  ASSERT_EQ(photo.files.size(), 1u);
  EXPECT_EQ(photo.files[0].field, "photo");
  EXPECT_EQ(photo.files[0].media_type, "image/png");
  ASSERT_TRUE(testing::IsPng(photo.files[0].bytes));
  EXPECT_EQ(PngSize(photo.files[0].bytes), std::make_pair(1200u, 820u)) << "phone-sized";
  // The words are the caption when they fit Telegram's 1,024 characters, else the message
  // before the photo; either way the runner reads the week's numbers without the image.
  ASSERT_TRUE(WaitFor(kAnn, "Week by week"));
  EXPECT_NE(CountContaining(kAnn, "stiffness 3.0, pain 2.0, 5.0 km"), 0u);
}

TEST_F(SquadTest, ExportSendsEverythingAndForgetDeletesItAll) {
  Onboard(kAnn, "Ann");
  Send(Message(kAnn, "Ann", "/checkin stiffness 2 pain 1 ran 5km felt tight"));
  ASSERT_TRUE(WaitFor(kAnn, "Today's session", 2));
  Send(Message(kAnn, "Ann", "/export"));
  // Two documents, each named in its caption, after a message that says what is in them.
  ASSERT_TRUE(WaitFor(kAnn, "achilles-export-", 3));
  const auto documents = fake_.CallsTo("sendDocument");
  ASSERT_EQ(documents.size(), 2u);
  ASSERT_EQ(documents[0].files.size(), 1u);
  const FormFile& json_file = documents[0].files[0];
  EXPECT_EQ(json_file.field, "document");
  EXPECT_EQ(json_file.media_type, "application/json");
  EXPECT_EQ(json_file.filename, "achilles-export-" + Today() + ".json");
  EXPECT_EQ(documents[0].payload["chat_id"], kAnn);
  const json exported = json::parse(json_file.bytes);
  EXPECT_EQ(exported["check_ins"][0]["morning_stiffness"], 2) << json_file.bytes;
  EXPECT_NE(exported["check_ins"][0]["note"].get<std::string>().find("felt tight"),
            std::string::npos);
  ASSERT_EQ(documents[1].files.size(), 1u);
  const FormFile& csv = documents[1].files[0];
  EXPECT_EQ(csv.media_type, "text/csv");
  EXPECT_EQ(csv.bytes.rfind("date,morning_stiffness,", 0), 0u) << csv.bytes;
  EXPECT_NE(csv.bytes.find("\r\n" + Today() + ",2,"), std::string::npos) << csv.bytes;
  EXPECT_NE(csv.bytes.find(" felt tight\"\r\n"), std::string::npos) << csv.bytes;
  EXPECT_NE(CountContaining(kAnn, "in two files"), 0u);
  Send(Message(kAnn, "Ann", "/forget"));
  ASSERT_TRUE(WaitFor(kAnn, "cannot be undone"));
  Send(Press(kAnn, "Ann", "forget:yes"));
  ASSERT_TRUE(WaitFor(kAnn, "everything I stored about you is deleted"));
  auto runner = *service_->database().Transact<std::optional<storage::Runner>>(
      [](storage::Session& s) -> Result<std::optional<storage::Runner>> {
        return storage::FindRunner(s, "telegram", "801");
      });
  ASSERT_TRUE(runner);
  EXPECT_FALSE(runner->state.consented_at);
  EXPECT_FALSE(runner->state.onboarded_at);
  const auto left =
      *service_->database().Transact<std::string>([&](storage::Session& s) -> Result<std::string> {
        return storage::ExportRunnerData(s, runner->id);
      });
  const json data = json::parse(left);
  EXPECT_TRUE(data["check_ins"].empty());
  EXPECT_TRUE(data["coach_events"].empty());
}

}  // namespace
}  // namespace achilles::bot

namespace achilles::bot {
namespace {

// R28 and "never claim what was not done", through the webhook: a STOP holds day after day
// until the runner says they were seen; the coach hears of it only when they share, and is told
// what the runner was told.
TEST_F(SquadTest, AStopHoldsUntilSeenAndOnlyASharingRunnerIsToldTheirCoachKnows) {
  Send(Message(kDana, "Dana", "/start"));
  fake_.Script(200, R"({"ok":true,"result":{"status":"administrator","user":{"id":700}}})",
               "getChatMember");
  Send(Message(kDana, "Dana", "/coach@AchillesCoachBot Harriers", /*in_group=*/true));
  ASSERT_TRUE(WaitFor(kGroup, "Squad Harriers is set up"));
  const storage::Squad squad = TheSquad();
  Onboard(kAnn, "Ann");
  Onboard(kCat, "Cat");
  Send(Message(kAnn, "Ann", "/join " + squad.join_code));
  ASSERT_TRUE(WaitFor(kAnn, "joining <b>Harriers</b>"));
  Send(Press(kAnn, "Ann", "sq:share:" + std::to_string(squad.id) + ".yes"));
  ASSERT_TRUE(WaitFor(kAnn, "now see your check-in summary"));

  Send(Message(kAnn, "Ann", "/checkin stiffness 3 felt a pop, can't push off"));
  ASSERT_TRUE(WaitFor(kAnn, "could be an Achilles rupture"));
  EXPECT_NE(LastTextTo(kAnn).find("I've let your coach know"), std::string::npos);
  ASSERT_TRUE(WaitFor(kDana, "Red flag: Ann"));
  Send(Message(kDana, "Dana", "/team"));
  ASSERT_TRUE(WaitFor(kDana, "RED FLAG (on hold, not seen yet)"));
  Send(Message(kCat, "Cat", "/checkin stiffness 2 popped my achilles on the stairs"));
  ASSERT_TRUE(WaitFor(kCat, "could be an Achilles rupture"));
  EXPECT_EQ(LastTextTo(kCat).find("let your coach know"), std::string::npos)
      << "Cat shares with no coach: " << LastTextTo(kCat);
  EXPECT_NE(LastTextTo(kCat).find("tell your physio or coach yourself"), std::string::npos);

  clock_.Advance(24h);
  Send(Message(kAnn, "Ann", "/plan"));
  ASSERT_TRUE(WaitFor(kAnn, "Coaching is on hold"));
  EXPECT_EQ(CountContaining(kAnn, "Today's session"), 1u) << "only onboarding's, none since";
  Send(Press(kAnn, "Ann", "seen:clear"));
  ASSERT_TRUE(WaitFor(kDana, "Update on Ann"));
  EXPECT_NE(LastTextTo(kDana).find("not a rupture"), std::string::npos);
  ASSERT_TRUE(WaitFor(kAnn, "Today's session", 2));
  EXPECT_NE(LastTextTo(kAnn).find("Running today:</b> none"), std::string::npos);
  Send(Message(kDana, "Dana", "/team"));
  ASSERT_TRUE(WaitFor(kDana, "RED FLAG (seen and cleared)"));
}

}  // namespace
}  // namespace achilles::bot

namespace achilles::bot {
namespace {

// Issue 13: hostile payloads get a 4xx or an ignoring 200, never a 5xx; the service stays
// healthy and goes on answering.
TEST_F(TelegramWebhookTest, HostilePayloadsAreNeverA5xx) {
  int refused = 0;
  for (const auto& [what, body] :
       testing::HostilePayloads(ReadFixture("telegram/private_text.json"), "message.text")) {
    const auto response = service_->Post(body);
    EXPECT_LT(response.status, 500u) << what;
    EXPECT_GE(response.status, 200u) << what;
    refused += response.status >= 400 ? 1 : 0;
  }
  EXPECT_GT(refused, 5) << "malformed bodies are refused, not swallowed";
  EXPECT_EQ(HttpCall(service_->port(), "GET", "/healthz", "", {}).status, 200u);
  EXPECT_EQ(service_->Post(ReadFixture("telegram/private_start.json")).status, 200u);
  EXPECT_TRUE(fake_.WaitForText("I understand"));
}

// Issue 13: the I/O threads only do I/O. Another connection holds the database's write lock, so
// 32 webhooks wait on their writes, enough to fill every handler thread; /healthz and /metrics
// still answer within 50 ms, on their own lane and the reading connection. Then every webhook
// is stored.
TEST_F(TelegramWebhookTest, HealthAndMetricsAnswerWhileThirtyTwoWritesWait) {
  SQLite::Database blocker(path_, SQLite::OPEN_READWRITE);
  // The service may be writing at this moment (its scheduler and sender start with it): wait for
  // the lock rather than fail on "database is locked".
  blocker.setBusyTimeout(5000);
  blocker.exec("BEGIN IMMEDIATE");
  std::vector<std::future<testing::ClientResponse>> posts;
  for (int i = 0; i < 32; ++i) {
    nlohmann::json update = nlohmann::json::parse(Typed(9000 + i, "/start"));
    update["message"]["chat"]["id"] = 70000 + i;
    update["message"]["from"]["id"] = 70000 + i;
    posts.push_back(std::async(std::launch::async,
                               [this, body = update.dump()] { return service_->Post(body); }));
  }
  // Every handler thread is taken by a waiting write (ServerOptions::workers of them).
  const std::string busy = "achilles_http_requests_in_flight{route=\"telegram_webhook\"} " +
                           std::to_string(ServerOptions{}.workers);
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  while (HttpCall(service_->port(), "GET", "/metrics").body.find(busy) == std::string::npos) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the webhooks never filled the pool";
  }
  std::chrono::duration<double, std::milli> slowest{0};
  for (int i = 0; i < 20; ++i) {
    for (const char* path : {"/healthz", "/metrics"}) {
      const auto start = std::chrono::steady_clock::now();
      const auto response = HttpCall(service_->port(), "GET", path);
      slowest = std::max<std::chrono::duration<double, std::milli>>(
          slowest, std::chrono::steady_clock::now() - start);
      EXPECT_EQ(response.status, 200u) << path;
    }
  }
  for (const auto& post : posts) {
    EXPECT_NE(post.wait_for(0s), std::future_status::ready) << "a webhook did not wait";
  }
  std::cout << "[ figures  ] /healthz and /metrics with 32 webhooks waiting on writes: slowest "
            << slowest.count() << " ms of 40\n";
  EXPECT_LT(slowest.count(), 50.0);
  blocker.exec("ROLLBACK");
  for (auto& post : posts) EXPECT_EQ(post.get().status, 200u);
}

}  // namespace
}  // namespace achilles::bot
