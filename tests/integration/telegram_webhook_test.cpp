// The whole service on loopback: the Beast server on 127.0.0.1:0, the real Telegram client and
// outbox sender, and a fake Bot API. Fixtures are the shapes Telegram really sends.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bot/http_server.h"
#include "bot/inbound_handler.h"
#include "bot/outbox_sender.h"
#include "bot/routes.h"
#include "bot/scheduler.h"
#include "bot/telegram_api.h"
#include "bot/telegram_render.h"
#include "bot/telegram_update.h"
#include "storage/outbox.h"
#include "storage/runners.h"
#include "tests/support/fake_bot_api.h"
#include "tests/support/fixtures.h"
#include "tests/support/http_client.h"

namespace achilles::bot {
namespace {

using achilles::testing::FakeBotApi;
using achilles::testing::HttpCall;
using achilles::testing::ReadFixture;
using achilles::testing::ShippedContent;
using achilles::testing::TempDir;
using namespace std::chrono_literals;

constexpr char kSecret[] = "it-secret_0123456789";
constexpr char kToken[] = "7000000001:FAKE-token";

// One running service. Without a sender it stores replies but sends nothing (a crash before the
// sender ran, for the restart test). With `clock`, time is injected (the scheduler's tests);
// otherwise it is the system's.
class Service {
 public:
  Service(const std::string& db_path, const std::string& api_base, bool with_sender = true,
          const Clock* clock = nullptr)
      : clock_(clock != nullptr ? *clock : system_clock_),
        database_(*storage::Database::Open(db_path)),
        coach_(ShippedContent()),
        api_(*TelegramApi::Create(api_base, kToken, 5s)),
        inbound_(*database_, coach_, clock_, {{kTelegram, &renderer_}},
                 [this](const std::string&) {
                   if (sender_) sender_->Wake();
                 }),
        scheduler_(
            *database_, coach_, clock_, {{kTelegram, &renderer_}},
            [this](const std::string&) {
              if (sender_) sender_->Wake();
            },
            &metrics_),
        routes_(*database_, inbound_, metrics_,
                TelegramWebhookSettings{kSecret, "AchillesCoachBot"}),
        server_(ServerOptions{.threads = 2}, [this](const HttpRequest& r) { return routes_(r); }) {
    SenderPolicy policy;
    policy.base_backoff = 50ms;
    if (with_sender) {
      // One chat gets many replies in these tests; the limits themselves are unit-tested.
      RateLimits limits;
      limits.per_private_chat = {50, 1000ms};
      sender_ = std::make_unique<OutboxSender>(*database_, kTelegram, *api_, limits, policy, clock_,
                                               &metrics_);
      sender_->Start();
    }
    port_ = *server_.Listen("127.0.0.1", 0);
    server_.Start();
  }
  ~Service() {
    server_.Stop();
    server_.Wait();
    if (sender_) sender_->Stop();
  }

  testing::ClientResponse Post(const std::string& body, const std::string& secret = kSecret) {
    std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
    if (!secret.empty()) headers["X-Telegram-Bot-Api-Secret-Token"] = secret;
    return HttpCall(port_, "POST", "/telegram/webhook", body, headers);
  }
  std::uint16_t port() const { return port_; }
  storage::Database& database() { return *database_; }
  Scheduler& scheduler() { return scheduler_; }

 private:
  SystemClock system_clock_;
  const Clock& clock_;
  Metrics metrics_;
  std::unique_ptr<storage::Database> database_;
  dialogs::Coach coach_;
  TelegramRenderer renderer_;
  std::unique_ptr<TelegramApi> api_;
  std::unique_ptr<OutboxSender> sender_;
  InboundHandler inbound_;
  Scheduler scheduler_;
  Routes routes_;
  HttpServer server_;
  std::uint16_t port_ = 0;
};

class TelegramWebhookTest : public ::testing::Test {
 protected:
  void SetUp() override { service_ = std::make_unique<Service>(path_, fake_.base_url()); }

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
  std::unique_ptr<Service> service_;
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
  ASSERT_TRUE(fake_.WaitForCalls("sendMessage", 2));
  const auto answers = fake_.CallsTo("answerCallbackQuery");
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].payload["callback_query_id"], "4382bfdwdsb323b2d9");
  EXPECT_NE(TextsTo(508123456)[0].find("Thanks, Maya"), std::string::npos);
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
  // The consent press queues three calls for Maya: the button answer, the thanks, the help.
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
        << "the help text behind the refused message is dropped, not sent later";
  }
  EXPECT_EQ(fake_.CallsTo("sendMessage").size(), 1u);

  // Writing again undoes the block.
  service_ = std::make_unique<Service>(path_, fake_.base_url());
  EXPECT_EQ(service_->Post(ReadFixture("telegram/private_text.json")).status, 200u);
  ASSERT_TRUE(fake_.WaitForCalls("sendMessage", 3));
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

TEST_F(TelegramWebhookTest, UnsentRepliesGoOutAfterARestartAndNeverTwice) {
  service_.reset();
  {
    Service crashed(path_, fake_.base_url(), /*with_sender=*/false);
    EXPECT_EQ(crashed.Post(ReadFixture("telegram/private_start.json")).status, 200u);
  }
  EXPECT_TRUE(fake_.CallsTo("sendMessage").empty());
  {
    Service restarted(path_, fake_.base_url());
    ASSERT_TRUE(fake_.WaitForCalls("sendMessage", 1));
  }
  {
    Service again(path_, fake_.base_url());
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
TEST(TelegramSchedulerTest, ARunnerSetToAMinuteAheadIsPromptedWithinOneTick) {
  TempDir dir;
  FakeBotApi fake;
  FakeClock clock(std::chrono::sys_days{std::chrono::November / 24 / 2026} + 6h);
  Service service((dir.path() / "it.db").string(), fake.base_url(), true, &clock);
  int update_id = 900;
  ASSERT_EQ(service.Post(ReadFixture("telegram/private_start.json")).status, 200u);
  for (const char* data :
       {"consent:yes", "ob:side:right", "ob:site:midportion", "ob:duration:under 6 weeks",
        "ob:weekly:20", "ob:longest:8", "ob:goal:run without pain", "ob:raises:yes",
        "ob:raisepain:1", "ob:rf_rupture:no", "ob:rf_quinolone:no", "ob:rf_infection:no",
        "ob:rf_nerve:no", "ob:rf_systemic:no", "ob:rf_steroid:no", "ob:tz:UTC", "ob:time:09:00",
        "ob:review:0", "set:time:"}) {
    ASSERT_EQ(service.Post(Press(++update_id, data)).status, 200u) << data;
  }
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
