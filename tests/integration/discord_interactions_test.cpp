// The whole service on loopback for Discord: the Beast server verifying signed interactions, the
// real Discord client and outbox sender, and a fake Discord REST API. Interactions are signed
// with the RFC 8032 test key whose public half signed tests/fixtures/discord/.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "bot/app/app.h"
#include "bot/app/service.h"
#include "bot/discord/discord_api.h"
#include "bot/discord/discord_interaction.h"
#include "bot/discord/discord_limits.h"
#include "bot/discord/discord_platform.h"
#include "bot/discord/discord_render.h"
#include "bot/http/http_server.h"
#include "bot/http/routes.h"
#include "bot/inbound/inbound_handler.h"
#include "bot/outbox/outbox_sender.h"
#include "bot/schedule/scheduler.h"
#include "dialogs/text.h"
#include "storage/outbox.h"
#include "storage/runners.h"
#include "storage/schedule.h"
#include "storage/squads.h"
#include "tests/support/discord_signer.h"
#include "tests/support/fake_discord_api.h"
#include "tests/support/fixtures.h"
#include "tests/support/hostile_payloads.h"
#include "tests/support/http_client.h"
#include "tests/support/multipart.h"
#include "tests/support/payload_log.h"
#include "tests/support/runners.h"
#include "tests/support/service.h"

namespace achilles::bot {
namespace {

using achilles::testing::FakeDiscordApi;
using achilles::testing::HttpCall;
using achilles::testing::ReadFixture;
using achilles::testing::ShippedContent;
using achilles::testing::SignDiscord;
using achilles::testing::TempDir;
using nlohmann::json;
using namespace std::chrono_literals;

constexpr char kBotToken[] = "MTI5.fake.bot-token";
constexpr char kUser[] = "1290000000000000042";
constexpr char kDmChannel[] = "1311111111111110001";
// The fixtures were signed at this second.
const TimePoint kSigned = FromUnixMillis(1764000000000);

// What the outbox sender records on its own thread after a send settles: polled until true or
// 5 seconds pass (the wait is for another thread, not for time to pass; the clock is fake).
template <typename Predicate>
bool Eventually(Predicate predicate) {
  for (int i = 0; i < 1000; ++i) {
    if (predicate()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return predicate();
}

class DiscordService {
 public:
  DiscordService(const std::string& db_path, const std::string& api_base, FakeClock& clock)
      : clock_(clock) {
    Config config = testing::ServiceConfig(db_path);
    DiscordConfig& discord = config.platforms.Get<DiscordConfig>();
    discord.public_key = testing::kDiscordTestPublicKey;
    discord.application_id = "1300000000000000001";
    discord.bot_token = kBotToken;
    discord.api_base = api_base;
    ServiceOptions options = testing::TestServiceOptions();
    options.clock = &clock;
    RateLimits limits = DiscordRateLimits();
    limits.per_private_chat = {50, 1000ms};  // the limits themselves are unit-tested
    options.limits[kDiscord] = limits;
    service_ = testing::StartedService(config, options);
  }

  // POSTs `body` signed at the clock's current second (or with the given headers).
  testing::ClientResponse Post(const std::string& body) {
    const std::string timestamp = std::to_string(ToUnixMillis(clock_.Now()) / 1000);
    return PostSigned(body, timestamp, SignDiscord(timestamp, body));
  }
  testing::ClientResponse PostSigned(const std::string& body, const std::string& timestamp,
                                     const std::string& signature) {
    std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
    if (!timestamp.empty()) headers["X-Signature-Timestamp"] = timestamp;
    if (!signature.empty()) headers["X-Signature-Ed25519"] = signature;
    auto response = HttpCall(port(), "POST", "/discord/interactions", body, headers);
    if (response.status == 200) {
      testing::LogPayload("discord", "interaction response",
                          nlohmann::json::parse(response.body, nullptr, false));
    }
    return response;
  }

  std::optional<storage::Runner> Runner(const std::string& user = kUser) {
    return *database().Transact<std::optional<storage::Runner>>(
        [&](storage::Session& s) -> Result<std::optional<storage::Runner>> {
          return storage::FindRunner(s, kDiscord, user);
        });
  }
  std::uint16_t port() const { return service_->port(); }
  storage::Database& database() { return service_->database(); }
  Scheduler& scheduler() { return service_->scheduler(); }
  const dialogs::Coach& coach() const { return service_->coach(); }

 private:
  FakeClock& clock_;
  std::unique_ptr<Service> service_;
};

class DiscordInteractionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    service_ = std::make_unique<DiscordService>(path_, fake_.base_url(), clock_);
  }

  // Interactions in the runner's DM, each with a new id.
  std::string Command(const std::string& name, json options = json::array()) {
    json body = json::parse(ReadFixture("discord/command_checkin_dm.json"));
    body["id"] = std::to_string(++id_);
    body["data"]["name"] = name;
    body["data"]["options"] = std::move(options);
    return body.dump();
  }
  std::string Press(const std::string& custom_id, const std::string& message = "A question") {
    json body = json::parse(ReadFixture("discord/component_button.json"));
    body["id"] = std::to_string(++id_);
    body["data"]["custom_id"] = custom_id;
    body["message"]["content"] = message;
    return body.dump();
  }
  std::string Typed(const std::string& answer) {
    json body = json::parse(ReadFixture("discord/modal_submit.json"));
    body["id"] = std::to_string(++id_);
    body["data"] = {
        {"custom_id", kTypedAnswerForm},
        {"components",
         {{{"type", 1},
           {"components", {{{"type", 4}, {"custom_id", "answer"}, {"value", answer}}}}}}}};
    return body.dump();
  }

  // Every message content the bot sent, on any route, in order.
  std::vector<std::string> AllContents() const {
    std::vector<std::string> contents;
    for (const auto& call : fake_.Calls()) {
      if (call.body.is_object() && call.body.contains("content")) {
        contents.push_back(call.body["content"]);
      }
    }
    return contents;
  }

  TempDir dir_;
  std::string path_ = (dir_.path() / "discord.db").string();
  FakeDiscordApi fake_;
  FakeClock clock_{kSigned};
  std::unique_ptr<DiscordService> service_;
  std::int64_t id_ = 1312000000000000000;
};

TEST_F(DiscordInteractionsTest, PingGetsPongAsJson) {
  const auto index = json::parse(ReadFixture("discord/signatures.json"));
  const auto& ping = index["signed"][0];
  ASSERT_EQ(ping["file"], "ping.json");
  const auto response =
      service_->PostSigned(ReadFixture("discord/ping.json"), ping["timestamp"], ping["signature"]);
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(json::parse(response.body), json({{"type", 1}}));
}

TEST_F(DiscordInteractionsTest, EveryBadOrStaleSignatureIs401AndChangesNothing) {
  const auto index = json::parse(ReadFixture("discord/signatures.json"));
  for (const auto& entry : index["signed"]) {
    std::string body = ReadFixture("discord/" + entry["file"].get<std::string>());
    body[body.size() / 2] = static_cast<char>(body[body.size() / 2] ^ 0x20);
    EXPECT_EQ(service_->PostSigned(body, entry["timestamp"], entry["signature"]).status, 401u)
        << entry["file"];
  }
  const std::string ping = ReadFixture("discord/ping.json");
  const std::string signature = index["signed"][0]["signature"];
  EXPECT_EQ(service_->PostSigned(ping, "1764000000", "").status, 401u);
  EXPECT_EQ(service_->PostSigned(ping, "", signature).status, 401u);
  EXPECT_EQ(service_->PostSigned(ping, "1764000000", std::string(128, '0')).status, 401u);
  // A genuine signature replayed six minutes later.
  clock_.Advance(6min);
  EXPECT_EQ(service_->PostSigned(ping, "1764000000", signature).status, 401u);
  // Signed but not an interaction: 400; the wrong method: 405.
  EXPECT_EQ(service_->Post("{not json").status, 400u);
  EXPECT_EQ(service_->Post(R"({"type":2})").status, 400u);
  EXPECT_EQ(HttpCall(service_->port(), "GET", "/discord/interactions").status, 405u);
  EXPECT_FALSE(service_->Runner()) << "nothing reached the coach";
  EXPECT_TRUE(fake_.Calls().empty());
}

TEST_F(DiscordInteractionsTest, ACommandIsDeferredThenFilledInThenFollowedUp) {
  const auto response = service_->Post(Command("start"));
  ASSERT_EQ(response.status, 200u);
  EXPECT_EQ(json::parse(response.body), json({{"type", 5}})) << "not ephemeral in the DM";
  ASSERT_TRUE(fake_.WaitForCalls("PATCH /webhooks", 1));
  const auto edit = fake_.CallsTo("PATCH /webhooks")[0];
  EXPECT_EQ(edit.path,
            "/webhooks/1300000000000000001/aW50ZXJhY3Rpb246MTMxMTExMTExMTExMTExMTExMjpjaGVja2lu/"
            "messages/@original");
  EXPECT_NE(edit.body["content"].get<std::string>().find("Hi Maya!"), std::string::npos);
  EXPECT_EQ(edit.body["components"][0]["components"][0]["custom_id"], "consent:yes");
  EXPECT_EQ(edit.body["allowed_mentions"], json({{"parse", json::array()}}));
  // The DM channel the interaction came from is where prompts will go.
  EXPECT_EQ(service_->Runner()->private_chat_id, kDmChannel);
}

TEST_F(DiscordInteractionsTest, ARaceWithTheDeferredResponseIsRetried) {
  fake_.Script("PATCH /webhooks", 404, R"({"message":"Unknown Webhook","code":10015})");
  ASSERT_EQ(service_->Post(Command("help")).status, 200u);
  ASSERT_TRUE(fake_.WaitForCalls("PATCH /webhooks", 1));
  // Rescheduled after a short backoff (by the fake clock), then sent again.
  ASSERT_TRUE(Eventually([&] {
    return service_->database()
               .Transact<int>([&](storage::Session& s) -> Result<int> {
                 const auto rows = storage::DueMessages(s, kDiscord, kSigned + 1s, 10);
                 return rows.empty() ? 0 : rows[0].attempts;
               })
               .value() == 1;
  }));
  clock_.Advance(1s);
  ASSERT_TRUE(fake_.WaitForCalls("PATCH /webhooks", 2));
  EXPECT_EQ(fake_.CallsTo("PATCH /webhooks")[0].body, fake_.CallsTo("PATCH /webhooks")[1].body);
}

TEST_F(DiscordInteractionsTest, TheSameInteractionTwiceIsHandledOnce) {
  const std::string body = Command("help");
  ASSERT_EQ(service_->Post(body).status, 200u);
  ASSERT_EQ(service_->Post(body).status, 200u);
  ASSERT_EQ(service_->Post(Command("resume")).status, 200u);
  ASSERT_TRUE(fake_.WaitForCalls("PATCH /webhooks", 2));
  const auto edits = fake_.CallsTo("PATCH /webhooks");
  ASSERT_EQ(edits.size(), 2u) << "help once, and resume";
  // Two interactions are ordered independently (a retry of one never holds up the other), so
  // their edits may arrive in either order: help's is there exactly once.
  const auto helps = std::count_if(edits.begin(), edits.end(), [](const auto& edit) {
    return edit.body["content"].template get<std::string>().find("What I can do") !=
           std::string::npos;
  });
  EXPECT_EQ(helps, 1);
}

TEST_F(DiscordInteractionsTest, AskInAServerIsAnsweredOnlyToTheAsker) {
  const auto index = json::parse(ReadFixture("discord/signatures.json"));
  const auto& ask = index["signed"][2];
  ASSERT_EQ(ask["file"], "command_ask_guild.json");
  const auto response = service_->PostSigned(ReadFixture("discord/command_ask_guild.json"),
                                             ask["timestamp"], ask["signature"]);
  ASSERT_EQ(response.status, 200u);
  EXPECT_EQ(json::parse(response.body), json({{"type", 5}, {"data", {{"flags", 64}}}}));
  ASSERT_TRUE(fake_.WaitForCalls("PATCH /webhooks", 1));
  // "How heavy should my calf raises be?" is near three topics (the dose, the progression, why
  // strength): the calibrated gate asks which one, with the dose among the buttons.
  const auto reply = fake_.CallsTo("PATCH /webhooks")[0].body;
  const std::string answer = reply.value("content", "");
  const std::string buttons = reply.value("components", json::array()).dump();
  EXPECT_TRUE(answer.find("**How heavy and how many (HSR)**") != std::string::npos ||
              buttons.find("How heavy and how many (HSR)") != std::string::npos)
      << answer << buttons;
  // A personal command in the server is refused there, also only to the asker.
  ASSERT_EQ(service_
                ->Post([&] {
                  json body = json::parse(ReadFixture("discord/command_ask_guild.json"));
                  body["id"] = "1312999999999999999";
                  body["data"] = {{"name", "progress"}, {"type", 1}};
                  return body.dump();
                }())
                .status,
            200u);
  ASSERT_TRUE(fake_.WaitForText("personal"));
}

TEST_F(DiscordInteractionsTest, OnboardCheckInGetTheNextSessionThroughButtonsFormsAndOptions) {
  ASSERT_EQ(service_->Post(Command("start")).status, 200u);
  // A button press updates its own message: the choice shown, the buttons gone.
  auto pressed = service_->Post(Press("consent:yes", "Before we start"));
  ASSERT_EQ(pressed.status, 200u);
  EXPECT_EQ(json::parse(pressed.body)["type"], 7);
  EXPECT_EQ(json::parse(pressed.body)["data"]["components"], json::array());
  for (const char* data :
       {"ob:side:left", "ob:site:midportion", "ob:duration:3 to 6 months", "ob:weekly:30",
        "ob:longest:10", "ob:goal:run without pain", "ob:raises:yes", "ob:raisepain:2",
        "ob:rf_rupture:no", "ob:rf_quinolone:no", "ob:rf_infection:no", "ob:rf_nerve:no",
        "ob:rf_systemic:no", "ob:rf_steroid:no"}) {
    ASSERT_EQ(service_->Post(Press(data)).status, 200u) << data;
  }
  // The time zone question can be typed: its message carries "Type your answer", which opens a
  // form; what is typed there is the answer.
  ASSERT_TRUE(fake_.WaitForText("time zone"));
  const auto asked = fake_.CallsTo("POST /webhooks").back().body;
  bool offers_typing = false;
  for (const auto& row : asked["components"]) {
    for (const auto& button : row["components"]) {
      offers_typing |= button.value("custom_id", "") == kTypeAnswerButton;
    }
  }
  EXPECT_TRUE(offers_typing) << asked.dump();
  const auto form = service_->Post(Press(kTypeAnswerButton));
  EXPECT_EQ(json::parse(form.body)["type"], 9);
  ASSERT_EQ(service_->Post(Typed("Europe/Berlin")).status, 200u);
  ASSERT_TRUE(fake_.WaitForText("check-in"));
  ASSERT_EQ(service_->Post(Typed("07:00")).status, 200u);
  ASSERT_EQ(service_->Post(Press("ob:review:0")).status, 200u);
  ASSERT_TRUE(fake_.WaitForText("Heavy slow resistance, week 1"));

  // /checkin with options: stored, and the next session comes back.
  ASSERT_EQ(
      service_
          ->Post(Command("checkin", {{{"name", "stiffness"}, {"type", 4}, {"value", 2}},
                                     {{"name", "rehab_pain"}, {"type", 4}, {"value", 3}},
                                     {{"name", "run_km"}, {"type", 10}, {"value", 0}},
                                     {{"name", "did_session"}, {"type", 5}, {"value", true}}}))
          .status,
      200u);
  ASSERT_TRUE(fake_.WaitForText("Session pain was 3/10"));
  ASSERT_TRUE(fake_.WaitForText("**Today's session**", 2));
  auto runner = service_->Runner();
  ASSERT_TRUE(runner);
  EXPECT_EQ(runner->state.profile.time_zone, "Europe/Berlin");
  EXPECT_EQ(runner->state.profile.checkin_time, "07:00");
  EXPECT_EQ(runner->state.progress.at.phase, dialogs::Phase::kHeavySlow);
  ASSERT_TRUE(service_->database().Transact<bool>([&](storage::Session& s) -> Result<bool> {
    storage::LoadCoachingContext(s, *runner, clock_.Now());
    return true;
  }));
  ASSERT_EQ(runner->state.recent.size(), 1u);
  EXPECT_EQ(runner->state.recent.back().check_in.morning_stiffness, 2);
  EXPECT_EQ(runner->state.recent.back().check_in.rehab_pain, 3);
  EXPECT_TRUE(runner->state.recent.back().check_in.no_run);
  EXPECT_EQ(runner->state.recent.back().check_in.did_session, true);
  // /checkin alone opens the check-in form; the form submitted amends today's check-in.
  EXPECT_EQ(json::parse(service_->Post(Command("checkin")).body)["data"]["custom_id"], "ci:form");
  json check_in_form = json::parse(ReadFixture("discord/modal_submit.json"));
  check_in_form["id"] = std::to_string(++id_);
  ASSERT_EQ(service_->Post(check_in_form.dump()).status, 200u);
  ASSERT_TRUE(fake_.WaitForText("Updated today's check-in"));

  // Every other command, end to end: each fills in its deferred response.
  const std::vector<std::pair<std::string, std::string>> commands = {
      {"plan", "**Today's session**"},       {"progress", "**Your last 14 days**"},
      {"settings", "**Your settings**"},     {"book", "contact your coach"},
      {"flare", "Noted: a flare-up today."}, {"resume", "not paused"},
      {"help", "**What I can do**"}};
  for (const auto& [name, expected] : commands) {
    const std::size_t before = fake_.CallsTo("PATCH /webhooks").size();
    ASSERT_EQ(json::parse(service_->Post(Command(name)).body)["type"], 5) << name;
    ASSERT_TRUE(fake_.WaitForCalls("PATCH /webhooks", before + 1)) << name;
    EXPECT_NE(
        fake_.CallsTo("PATCH /webhooks")[before].body["content"].get<std::string>().find(expected),
        std::string::npos)
        << name << ": " << fake_.CallsTo("PATCH /webhooks")[before].body["content"];
  }
  // /progress's chart went with its words: the deferred response, multipart, a PNG as files[0].
  const auto edits = fake_.CallsTo("PATCH /webhooks");
  const auto progress = std::find_if(edits.begin(), edits.end(), [](const auto& edit) {
    return edit.body.value("content", "").find("**Week by week**") != std::string::npos;
  });
  ASSERT_NE(progress, edits.end());
  ASSERT_EQ(progress->files.size(), 1u);
  EXPECT_TRUE(testing::IsPng(progress->files[0].bytes));
  EXPECT_EQ(progress->files[0].media_type, "image/png");
  EXPECT_EQ(progress->body["attachments"][0]["filename"], progress->files[0].filename);

  // /export: a line saying what is in them, and the two files as attachments.
  ASSERT_EQ(json::parse(service_->Post(Command("export")).body)["type"], 5);
  ASSERT_TRUE(fake_.WaitForText("in two files"));
  std::vector<testing::FormFile> exported;
  ASSERT_TRUE(Eventually([&] {
    exported.clear();
    for (const auto& call : fake_.Calls()) {
      for (const auto& file : call.files) {
        if (file.filename.rfind("achilles-export-", 0) == 0) exported.push_back(file);
      }
    }
    return exported.size() == 2;
  }));
  EXPECT_EQ(exported[0].media_type, "application/json");
  EXPECT_EQ(json::parse(exported[0].bytes)["check_ins"][0]["morning_stiffness"], 3)
      << "as the form amended it";
  EXPECT_EQ(exported[1].media_type, "text/csv");
  EXPECT_EQ(exported[1].bytes.rfind("date,morning_stiffness,", 0), 0u) << exported[1].bytes;

  ASSERT_EQ(
      service_->Post(Command("pause", {{{"name", "days"}, {"type", 4}, {"value", 3}}})).status,
      200u);
  ASSERT_TRUE(fake_.WaitForText("Paused until 2025-11-26"));
}

TEST_F(DiscordInteractionsTest, PromptsGoByDmOpeningTheChannelOnceAndRememberingIt) {
  dialogs::Profile profile;
  profile.time_zone = "UTC";
  profile.checkin_time = "16:00";
  ASSERT_TRUE(service_->database().Transact<bool>([&](storage::Session& s) -> Result<bool> {
    const auto runner = testing::AddPromptableRunner(
        s, kDiscord, kUser, profile, service_->coach().settings().schedule, kSigned);
    s.db().exec("UPDATE runners SET private_chat_id = NULL WHERE id = " +
                std::to_string(runner.id));
    return true;
  }));
  ASSERT_EQ(service_->scheduler().Tick()->prompts, 1);
  ASSERT_TRUE(fake_.WaitForCalls("POST /channels", 1));
  ASSERT_EQ(fake_.CallsTo("POST /users").size(), 1u);
  EXPECT_EQ(fake_.CallsTo("POST /users")[0].body["recipient_id"], kUser);
  EXPECT_EQ(fake_.CallsTo("POST /channels")[0].path,
            std::string("/channels/dm-") + kUser + "/messages");
  EXPECT_NE(fake_.Contents("POST /channels")[0].find("stiff"), std::string::npos);
  // Remembered: the reminder three hours later goes straight to the channel.
  EXPECT_TRUE(Eventually(
      [&] { return service_->Runner()->private_chat_id == "dm-" + std::string(kUser); }));
  clock_.Advance(3h);
  ASSERT_EQ(service_->scheduler().Tick()->prompts, 1);
  ASSERT_TRUE(fake_.WaitForCalls("POST /channels", 2));
  EXPECT_EQ(fake_.CallsTo("POST /users").size(), 1u) << "the DM channel was opened once";
}

TEST_F(DiscordInteractionsTest, RateLimitedDmsWaitRetryAfterAndClosedDmsStopTheRunner) {
  dialogs::Profile profile;
  profile.time_zone = "UTC";
  profile.checkin_time = "16:00";
  ASSERT_TRUE(service_->database().Transact<bool>([&](storage::Session& s) -> Result<bool> {
    testing::AddPromptableRunner(s, kDiscord, "501", profile, service_->coach().settings().schedule,
                                 kSigned);
    testing::AddPromptableRunner(s, kDiscord, "502", profile, service_->coach().settings().schedule,
                                 kSigned);
    return true;
  }));
  fake_.Script("POST /channels", 429,
               R"({"message":"You are being rate limited.","retry_after":0.25,"global":false})",
               {{"Retry-After", "1"}, {"X-RateLimit-Scope", "user"}});
  fake_.Script("POST /channels", 403,
               R"({"message":"Cannot send messages to this user","code":50007})");
  ASSERT_EQ(service_->scheduler().Tick()->prompts, 2);
  ASSERT_TRUE(fake_.WaitForCalls("POST /channels", 2));
  const std::string limited = fake_.CallsTo("POST /channels")[0].path;
  const std::string refused = limited == "/channels/501/messages" ? "502" : "501";
  // The limited message waits the body's retry_after (0.25 s, not the header's 1 s), by the clock.
  auto due_at = [&](std::chrono::milliseconds after) {
    return service_->database()
        .Transact<std::size_t>([&](storage::Session& s) -> Result<std::size_t> {
          return storage::DueMessages(s, kDiscord, kSigned + after, 10).size();
        })
        .value();
  };
  EXPECT_TRUE(Eventually([&] { return due_at(249ms) == 0 && due_at(250ms) == 1; }));
  clock_.Advance(250ms);
  ASSERT_TRUE(fake_.WaitForCalls("POST /channels", 3));
  EXPECT_EQ(fake_.CallsTo("POST /channels")[2].path, limited);
  std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> by_chat;
  for (const auto& call : fake_.CallsTo("POST /channels")) by_chat[call.path].push_back(call.at);
  EXPECT_TRUE(Eventually([&] { return service_->Runner(refused)->unreachable_since.has_value(); }))
      << "50007: unreachable";
  clock_.Advance(3h);
  service_->scheduler().Tick();
  EXPECT_TRUE(fake_.WaitForCalls("POST /channels", 4));
  for (const auto& call : fake_.CallsTo("POST /channels")) {
    if (call.path.find(refused) != std::string::npos) {
      EXPECT_EQ(call.at, by_chat["/channels/" + refused + "/messages"][0]) << "never again";
    }
  }
}

TEST(DiscordRegisterCommands, BulkOverwritesTheGuildsCommands) {
  FakeDiscordApi fake;
  DiscordConfig config;
  config.application_id = "1300000000000000001";
  config.bot_token = kBotToken;
  config.api_base = fake.base_url();
  EXPECT_EQ(RunDiscordRegisterCommands(config, "1280000000000000007"), 0);
  EXPECT_EQ(RunDiscordRegisterCommands(config, ""), 0);
  const auto calls = fake.CallsTo("PUT /applications");
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].path, "/applications/1300000000000000001/guilds/1280000000000000007/commands");
  EXPECT_EQ(calls[1].path, "/applications/1300000000000000001/commands");
  EXPECT_EQ(calls[0].authorization, std::string("Bot ") + kBotToken);
  std::set<std::string> names;
  for (const auto& command : calls[0].body) {
    names.insert(command["name"]);
    EXPECT_FALSE(command.contains("contexts")) << "a server's commands cannot name contexts";
  }
  for (const auto& command : calls[1].body) {
    EXPECT_EQ(command["contexts"], json({0, 1, 2})) << "global: usable in DMs too";
  }
  for (const char* name :
       {"start", "checkin", "plan", "ask", "flare", "book", "progress", "settings", "pause",
        "resume", "help", "join", "squad", "leave", "coach", "team", "digest"}) {
    EXPECT_TRUE(names.contains(name)) << name;
  }
  fake.Script("PUT /applications", 401, R"({"message":"401: Unauthorized","code":0})");
  EXPECT_EQ(RunDiscordRegisterCommands(config, ""), 1);
}

}  // namespace
}  // namespace achilles::bot

namespace achilles::bot {
namespace {

// Issue 7 on Discord: a squad in a server channel. Replies in the server are ephemeral; the set-up
// notice and the digest are channel posts; alerts reach the coach by DM.
TEST_F(DiscordInteractionsTest, ASquadInAServerChannel) {
  constexpr char kCoach[] = "1290000000000000077";
  constexpr char kChannel[] = "1280000000000000100";
  auto in_server = [&](const std::string& user, const char* permissions, const std::string& name,
                       json options = json::array()) {
    json body = json::parse(ReadFixture("discord/command_ask_guild.json"));
    body["id"] = std::to_string(++id_);
    body["member"]["user"]["id"] = user;
    body["member"]["user"]["global_name"] = user == kCoach ? "Dana" : "Maya";
    body["member"]["permissions"] = permissions;
    body["data"] = {{"name", name}, {"type", 1}, {"options", std::move(options)}};
    return body.dump();
  };

  // A member without Administrator, Manage Server or Manage Channels cannot set one up.
  ASSERT_EQ(service_->Post(in_server(kUser, "2248473465835073", "coach")).status, 200u);
  ASSERT_TRUE(fake_.WaitForText("Only an admin"));
  const auto created = service_->Post(
      in_server(kCoach, "8", "coach", {{{"name", "name"}, {"type", 3}, {"value", "Harriers"}}}));
  EXPECT_EQ(json::parse(created.body), json({{"type", 5}, {"data", {{"flags", 64}}}}));
  ASSERT_TRUE(fake_.WaitForCalls("POST /channels", 1));
  EXPECT_EQ(fake_.CallsTo("POST /channels")[0].path,
            std::string("/channels/") + kChannel + "/messages");
  EXPECT_NE(fake_.Contents("POST /channels")[0].find("Squad Harriers is set up"),
            std::string::npos);
  EXPECT_FALSE(fake_.CallsTo("POST /channels")[0].body.contains("flags")) << "a public post";
  const auto squad = *service_->database().Transact<std::optional<storage::Squad>>(
      [&](storage::Session& s) -> Result<std::optional<storage::Squad>> {
        return storage::SquadForChat(s, kDiscord, kChannel);
      });
  ASSERT_TRUE(squad);
  ASSERT_TRUE(fake_.WaitForText(squad->coach_code)) << "the co-coach code only to the coach";

  // A runner joins in the DM and shares; a red flag in a question alerts the coach by DM.
  ASSERT_EQ(
      service_
          ->Post(Command("join", {{{"name", "code"}, {"type", 3}, {"value", squad->join_code}}}))
          .status,
      200u);
  ASSERT_TRUE(fake_.WaitForText("joining **Harriers**"));
  ASSERT_EQ(service_->Post(Press("sq:share:" + std::to_string(squad->id) + ".yes")).status, 200u);
  ASSERT_TRUE(fake_.WaitForText("now see your check-in summary"));
  ASSERT_EQ(service_->Post(Command("start")).status, 200u);
  ASSERT_EQ(service_->Post(Press("consent:yes")).status, 200u);
  ASSERT_EQ(service_
                ->Post(Command("ask", {{{"name", "question"},
                                        {"type", 3},
                                        {"value", "I felt a pop in my heel, can I run?"}}}))
                .status,
            200u);
  ASSERT_TRUE(fake_.WaitForText("Red flag: Maya"));
  ASSERT_EQ(fake_.CallsTo("POST /users").size(), 1u);
  EXPECT_EQ(fake_.CallsTo("POST /users")[0].body["recipient_id"], kCoach);

  // /team in the server: only the coach, only to them.
  ASSERT_EQ(service_->Post(in_server(kUser, "0", "team")).status, 200u);
  ASSERT_TRUE(fake_.WaitForText("Only the squad's coaches"));
  ASSERT_EQ(service_->Post(in_server(kCoach, "8", "team")).status, 200u);
  ASSERT_TRUE(fake_.WaitForText("(1 runner sharing)"));
  const auto team = fake_.CallsTo("PATCH /webhooks").back();
  EXPECT_NE(team.body["content"].get<std::string>().find("RED FLAG"), std::string::npos);
  // Its panels go with it, to the coach alone (the deferred ephemeral response), never to the
  // channel.
  ASSERT_EQ(team.files.size(), 1u);
  EXPECT_TRUE(testing::IsPng(team.files[0].bytes));
  for (const auto& post : fake_.CallsTo("POST /channels")) EXPECT_TRUE(post.files.empty());

  // The digest is a channel post at 18:00 UTC, counts only.
  clock_.Set(std::chrono::sys_days{std::chrono::November / 24 / 2025} + std::chrono::hours(18));
  ASSERT_GE(service_->scheduler().Tick()->digest_messages, 1);
  ASSERT_TRUE(fake_.WaitForText("**Harriers today**: 0 of 1 checked in"));
  const auto posts = fake_.CallsTo("POST /channels");
  EXPECT_EQ(posts.back().path, std::string("/channels/") + kChannel + "/messages");
  EXPECT_EQ(posts.back().body["content"].get<std::string>().find("Maya"), std::string::npos);
}

}  // namespace
}  // namespace achilles::bot

namespace achilles::bot {
namespace {

// Issue 13: signed but hostile interactions get a 4xx or an ignoring 200, never a 5xx.
TEST_F(DiscordInteractionsTest, SignedHostilePayloadsAreNeverA5xx) {
  for (const auto& [what, body] : testing::HostilePayloads(
           ReadFixture("discord/command_checkin_dm.json"), "data.options.0.value")) {
    const auto response = service_->Post(body);
    EXPECT_LT(response.status, 500u) << what;
    EXPECT_GE(response.status, 200u) << what;
  }
  EXPECT_EQ(HttpCall(service_->port(), "GET", "/healthz", "", {}).status, 200u);
  EXPECT_EQ(service_->Post(ReadFixture("discord/ping.json")).status, 200u);
}

}  // namespace
}  // namespace achilles::bot
