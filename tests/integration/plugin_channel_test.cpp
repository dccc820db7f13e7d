// The plug-in channel end to end: the real service on loopback with ACHILLES_PLUGIN_SECRET and a
// callback URL, events POSTed to /plugin/v1/events signed as a gateway signs them, and replies
// received by a fake gateway that checks their signatures with its own HMAC.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bot/app/service.h"
#include "bot/plugin/plugin_event.h"
#include "bot/plugin/plugin_platform.h"
#include "bot/runtime/clock.h"
#include "storage/outbox.h"
#include "storage/runners.h"
#include "tests/support/fake_plugin_gateway.h"
#include "tests/support/fixtures.h"
#include "tests/support/http_client.h"
#include "tests/support/service.h"

namespace achilles::bot {
namespace {

using achilles::testing::FakePluginGateway;
using achilles::testing::GatewaySignature;
using achilles::testing::HttpCall;
using achilles::testing::TempDir;
using namespace std::chrono_literals;
using nlohmann::json;

const std::string kSecret = "plugin-secret-0123456789abcdef-0123456789";
constexpr char kUser[] = "web-user-17";
constexpr char kChat[] = "web-chat-17";

// Maya's event in her private web chat: `text`, or a button press when `button` is set.
std::string Event(const std::string& event_id, const std::string& text, bool button = false) {
  json event = {{"event_id", event_id},
                {"user", {{"id", kUser}, {"name", "Maya"}, {"language", "en"}}},
                {"chat", {{"id", kChat}, {"kind", "private"}}}};
  event[button ? "button" : "text"] = text;
  return event.dump();
}

class PluginService {
 public:
  // With `clock`, time is injected (events are signed at its time); otherwise the system's.
  PluginService(const std::string& db_path, const std::string& callback_url,
                const Clock* clock = nullptr)
      : clock_(clock != nullptr ? clock : &system_clock_) {
    Config config = testing::ServiceConfig(db_path);
    PluginConfig& plugin = config.platforms.Get<PluginConfig>();
    plugin.secret = kSecret;
    plugin.callback_url = callback_url;
    ServiceOptions options = testing::TestServiceOptions();
    options.clock = clock;
    // One chat gets many replies in these tests; the limits themselves are unit-tested.
    RateLimits limits;
    limits.per_private_chat = {50, 1000ms};
    limits.overall = {1000, 1000ms};
    options.limits[kPlugin] = limits;
    service_ = testing::StartedService(config, options);
  }

  std::string Now() const { return std::to_string(ToUnixMillis(clock_->Now()) / 1000); }

  // POSTs `body` signed with `secret` at `timestamp` (now when empty); no signature when
  // `secret` is empty.
  testing::ClientResponse Post(const std::string& body, const std::string& secret = kSecret,
                               std::string timestamp = "") {
    if (timestamp.empty()) timestamp = Now();
    std::map<std::string, std::string> headers{{"Content-Type", "application/json"},
                                               {"X-Achilles-Timestamp", timestamp}};
    if (!secret.empty())
      headers["X-Achilles-Signature"] = GatewaySignature(secret, timestamp, body);
    return HttpCall(service_->port(), "POST", "/plugin/v1/events", body, headers);
  }
  std::uint16_t port() const { return service_->port(); }
  storage::Database& database() { return service_->database(); }
  Scheduler& scheduler() { return service_->scheduler(); }

 private:
  SystemClock system_clock_;
  const Clock* clock_;
  std::unique_ptr<Service> service_;
};

std::optional<storage::Runner> Maya(storage::Database& database) {
  return *database.Transact<std::optional<storage::Runner>>(
      [](storage::Session& s) -> Result<std::optional<storage::Runner>> {
        return storage::FindRunner(s, "plugin", kUser);
      });
}

class PluginChannelTest : public ::testing::Test {
 protected:
  TempDir dir_;
  std::string path_ = (dir_.path() / "plugin.db").string();
  FakePluginGateway gateway_{kSecret};
  std::unique_ptr<PluginService> service_ =
      std::make_unique<PluginService>(path_, gateway_.callback_url());
};

TEST_F(PluginChannelTest, OnlyAFreshRightlySignedWellFormedEventIsTaken) {
  const std::string start = Event("e1", "/start");
  EXPECT_EQ(service_->Post(start, "").status, 401u) << "no signature";
  EXPECT_EQ(service_->Post(start, "another-secret-0123456789abcdef-0123").status, 401u);
  const std::int64_t now = std::stoll(service_->Now());
  EXPECT_EQ(service_->Post(start, kSecret, std::to_string(now - 301)).status, 401u) << "stale";
  EXPECT_EQ(service_->Post(start, kSecret, std::to_string(now + 301)).status, 401u);
  EXPECT_EQ(service_->Post(start, kSecret, "soon").status, 401u);
  {
    // Signed over other bytes than those sent.
    const std::string timestamp = service_->Now();
    const auto answer =
        HttpCall(service_->port(), "POST", "/plugin/v1/events", start + " ",
                 {{"X-Achilles-Timestamp", timestamp},
                  {"X-Achilles-Signature", GatewaySignature(kSecret, timestamp, start)}});
    EXPECT_EQ(answer.status, 401u);
  }
  // Signed rightly but not an event: each is refused saying what is wrong.
  const std::string user = R"("user": {"id": "u"})";
  const std::string chat = R"("chat": {"id": "c", "kind": "private"})";
  const std::vector<std::string> malformed_events = {
      "not json",
      R"({"event_id": "e9", )" + chat + R"(, "text": "hi"})",
      R"({"event_id": "e9", )" + user + R"(, "chat": {"id": "c", "kind": "dm"}, "text": "hi"})",
      R"({"event_id": "e9", )" + user + ", " + chat + "}",
      R"({"event_id": 9, )" + user + ", " + chat + R"(, "text": "hi"})",
  };
  for (const std::string& malformed : malformed_events) {
    const auto answer = service_->Post(malformed);
    EXPECT_EQ(answer.status, 400u) << malformed;
    EXPECT_NE(answer.body.find("\"ok\":false"), std::string::npos) << answer.body;
  }
  EXPECT_TRUE(gateway_.Replies().empty()) << "nothing refused is answered";

  const auto taken = service_->Post(start);
  EXPECT_EQ(taken.status, 200u);
  EXPECT_EQ(json::parse(taken.body), json({{"ok", true}}));
  EXPECT_EQ(service_->Post(start).status, 200u) << "the same event again";
  ASSERT_TRUE(gateway_.WaitForText("Achilles Coach"));
  const auto replies = gateway_.Replies();
  ASSERT_EQ(replies.size(), 1u) << "one reply for the event delivered twice";
  const json& welcome = replies[0].body;
  EXPECT_TRUE(replies[0].signed_right);
  EXPECT_EQ(welcome["chat_id"], kChat);
  EXPECT_EQ(welcome["user_id"], kUser);
  EXPECT_EQ(welcome["reply_to"], "e1");
  EXPECT_EQ(welcome["message_id"].get<std::string>().size(), 32u);
  EXPECT_NE(welcome["text"].get<std::string>().find("**Achilles Coach**"), std::string::npos)
      << "the coach's own **bold**, for the gateway to render";
  EXPECT_EQ(welcome["buttons"][0][0]["payload"], "consent:yes");
}

// The onboarding presses the Telegram suite makes, here as plug-in button events.
constexpr const char* kOnboarding[] = {
    "consent:yes",    "ob:side:left",      "ob:site:midportion",       "ob:duration:3 to 6 months",
    "ob:weekly:30",   "ob:longest:10",     "ob:goal:run without pain", "ob:raises:yes",
    "ob:raisepain:2", "ob:rf_rupture:no",  "ob:rf_quinolone:no",       "ob:rf_infection:no",
    "ob:rf_nerve:no", "ob:rf_systemic:no", "ob:rf_steroid:no",         "ob:tz:UTC",
    "ob:time:09:00",  "ob:review:0"};

TEST_F(PluginChannelTest, FromStartThroughOnboardingAndAButtonCheckInToTheNextSession) {
  int event = 0;
  auto next = [&event] { return "ev" + std::to_string(++event); };
  ASSERT_EQ(service_->Post(Event(next(), "/start")).status, 200u);
  for (const char* payload : kOnboarding) {
    ASSERT_EQ(service_->Post(Event(next(), payload, /*button=*/true)).status, 200u) << payload;
  }
  ASSERT_TRUE(gateway_.WaitForText("Heavy slow resistance, week 1"));
  for (const char* payload :
       {"ci:stiff:2", "ci:ran:0", "ci:session:yes", "ci:rehabpain:3", "ci:meds:no", "ci:note:"}) {
    ASSERT_EQ(service_->Post(Event(next(), payload, true)).status, 200u) << payload;
  }
  ASSERT_TRUE(gateway_.WaitForText("Session pain was 3/10 and this morning is no worse"));
  ASSERT_TRUE(gateway_.WaitForText("**Today's session**", 2));
  for (const auto& reply : gateway_.Replies()) {
    EXPECT_TRUE(reply.signed_right);
    EXPECT_TRUE(reply.body["reply_to"].is_string()) << "every reply here answers an event";
  }
  const auto runner = Maya(service_->database());
  ASSERT_TRUE(runner);
  EXPECT_EQ(runner->state.progress.at.phase, dialogs::Phase::kHeavySlow);
  EXPECT_EQ(runner->private_chat_id, kChat) << "prompts go to the chat the gateway named";
}

TEST(PluginSchedulerTest, ARunnerIsPromptedInTheirChatAtTheirTime) {
  TempDir dir;
  FakePluginGateway gateway(kSecret);
  FakeClock clock(std::chrono::sys_days{std::chrono::November / 24 / 2026} + 6h);
  PluginService service((dir.path() / "plugin.db").string(), gateway.callback_url(), &clock);
  int event = 0;
  auto next = [&event] { return "ev" + std::to_string(++event); };
  ASSERT_EQ(service.Post(Event(next(), "/start")).status, 200u);
  for (const char* payload : kOnboarding) {
    ASSERT_EQ(service.Post(Event(next(), payload, true)).status, 200u) << payload;
  }
  ASSERT_EQ(service.Post(Event(next(), "set:time:", true)).status, 200u);
  ASSERT_EQ(service.Post(Event(next(), "06:01")).status, 200u) << "typed, as a web chat can";
  ASSERT_TRUE(gateway.WaitForText("Next check-in prompt: Tue 24 Nov, 06:01 (UTC)."));

  ASSERT_EQ(service.scheduler().Tick()->prompts, 0);
  clock.Advance(std::chrono::minutes(1));
  ASSERT_EQ(service.scheduler().Tick()->prompts, 1);
  ASSERT_TRUE(gateway.WaitForText("Good morning"));
  const auto replies = gateway.Replies();
  const auto prompt = std::find_if(replies.begin(), replies.end(), [](const auto& reply) {
    return reply.body["text"].template get<std::string>().find("Good morning") != std::string::npos;
  });
  ASSERT_NE(prompt, replies.end());
  EXPECT_EQ(prompt->body["chat_id"], kChat);
  EXPECT_EQ(prompt->body["user_id"], kUser);
  EXPECT_TRUE(prompt->body["reply_to"].is_null()) << "the bot wrote first";
  EXPECT_TRUE(prompt->signed_right);
  EXPECT_EQ(prompt->timestamp, std::to_string(ToUnixMillis(clock.Now()) / 1000))
      << "signed at the sender's time";
}

TEST_F(PluginChannelTest, TooManyRequestsWaitsRetryAfterAndSendsTheSameMessageAgain) {
  gateway_.Script(429, "1");
  const auto sent = std::chrono::steady_clock::now();
  ASSERT_EQ(service_->Post(Event("e1", "/start")).status, 200u);
  ASSERT_TRUE(gateway_.WaitForText("Achilles Coach"));
  const auto replies = gateway_.Replies();
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0].body["message_id"], replies[1].body["message_id"])
      << "a retry carries the same id, so the gateway can drop a repeat";
  EXPECT_GE(replies[1].at - sent, 900ms) << "Retry-After: 1 was waited";
}

TEST_F(PluginChannelTest, GoneMarksTheRunnerUnreachableUntilTheyWriteAgain) {
  ASSERT_EQ(service_->Post(Event("e1", "/start")).status, 200u);
  ASSERT_TRUE(gateway_.WaitForText("Achilles Coach"));
  gateway_.Script(410);
  ASSERT_EQ(service_->Post(Event("e2", "consent:yes", true)).status, 200u);
  ASSERT_TRUE(gateway_.WaitForRequests(2));
  service_.reset();  // Stop() records every call in flight before it returns
  {
    auto db = *storage::Database::Open(path_);
    const auto runner = Maya(*db);
    ASSERT_TRUE(runner);
    EXPECT_TRUE(runner->unreachable_since);
    EXPECT_EQ(*db->Transact<std::int64_t>([](storage::Session& s) -> Result<std::int64_t> {
      return storage::PendingCount(s);
    }),
              0)
        << "what followed the refused message is dropped, not sent later";
  }
  EXPECT_EQ(gateway_.Replies().size(), 2u);

  service_ = std::make_unique<PluginService>(path_, gateway_.callback_url());
  // Her text is taken as an answer to the first onboarding question; it is not one, so she is
  // asked again which side hurts.
  ASSERT_EQ(service_->Post(Event("e3", "stiff for about 20 min this morning, pain 3 on my 6k run"))
                .status,
            200u);
  ASSERT_TRUE(gateway_.WaitForText("Which Achilles hurts?"));
  EXPECT_FALSE(Maya(service_->database())->unreachable_since);
}

TEST_F(PluginChannelTest, InAGroupOnlyCommandsAreAnswered) {
  json chatter = json::parse(Event("g1", "lovely run today"));
  chatter["chat"] = {{"id", "web-group-1"}, {"kind", "group"}, {"title", "Tuesday squad"}};
  EXPECT_EQ(service_->Post(chatter.dump()).status, 200u);
  json ask = chatter;
  ask["event_id"] = "g2";
  ask["text"] = "/ask can I use ice";
  EXPECT_EQ(service_->Post(ask.dump()).status, 200u);
  ASSERT_TRUE(gateway_.WaitForRequests(1));
  const auto replies = gateway_.Replies();
  ASSERT_GE(replies.size(), 1u);
  EXPECT_EQ(replies[0].body["chat_id"], "web-group-1");
  EXPECT_EQ(replies[0].body["reply_to"], "g2") << "the chatter got nothing";
  EXPECT_EQ(replies[0].body["user_id"], kUser) << "who asked";
}

}  // namespace
}  // namespace achilles::bot
