// The plug-in channel's parts, each without a server: the signature, reading events, rendering
// replies and reading the gateway's answers.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bot/app/config.h"
#include "bot/plugin/plugin_api.h"
#include "bot/plugin/plugin_event.h"
#include "bot/plugin/plugin_platform.h"
#include "bot/plugin/plugin_render.h"
#include "bot/plugin/plugin_signature.h"
#include "tests/support/environment.h"

namespace achilles::bot {
namespace {

using achilles::testing::Env;
using nlohmann::json;
using namespace std::chrono_literals;

const std::string kSecret = "plugin-secret-0123456789abcdef-0123456789";
const TimePoint kNow = FromUnixMillis(1764000000000);

TEST(PluginSignature, IsHmacSha256OfTimestampDotBodyInHex) {
  // From `printf '%s' '1764000000.{"event_id":"e1"}' | openssl dgst -sha256 -hmac SECRET`.
  EXPECT_EQ(PluginSignature(kSecret, "1764000000", R"({"event_id":"e1"})"),
            "v1=5c8b2c76144457685d2b123842b0858f744b499d0f922974d7d71268887d9563");
}

TEST(PluginSignature, OnlyTheRightSignatureOfAFreshTimestampIsAuthentic) {
  const std::string body = R"({"event_id":"e1"})";
  const std::string right = PluginSignature(kSecret, "1764000000", body);
  EXPECT_TRUE(PluginRequestAuthentic(kSecret, "1764000000", body, right, kNow));
  std::string upper = right;
  for (std::size_t i = 3; i < upper.size(); ++i)
    upper[i] = static_cast<char>(std::toupper(upper[i]));
  EXPECT_TRUE(PluginRequestAuthentic(kSecret, "1764000000", body, "v1=" + upper.substr(3), kNow))
      << "hex in capitals is the same signature";
  EXPECT_FALSE(PluginRequestAuthentic(kSecret, "1764000000", body + " ", right, kNow));
  EXPECT_FALSE(PluginRequestAuthentic(kSecret, "1764000001", body, right, kNow));
  EXPECT_FALSE(PluginRequestAuthentic(kSecret, "1764000000", body, right.substr(3), kNow))
      << "without its v1= version";
  EXPECT_FALSE(PluginRequestAuthentic(kSecret, "1764000000", body, "", kNow));
  EXPECT_FALSE(
      PluginRequestAuthentic("", "1764000000", body, PluginSignature("", "1764000000", body), kNow))
      << "no secret, no channel";
  const std::string old = PluginSignature(kSecret, "1763999699", body);
  EXPECT_FALSE(PluginRequestAuthentic(kSecret, "1763999699", body, old, kNow)) << "a replay";
}

TEST(PluginEvent, TextCommandsAndButtonsBecomeEnvelopes) {
  auto text =
      ParsePluginEvent(R"({"event_id":"e1","user":{"id":"u1","name":"  Maya  ","language":"en"},)"
                       R"("chat":{"id":"c1","kind":"private"},"text":"  stiff 3, ran 0km  "})");
  ASSERT_TRUE(text) << text.error().message;
  ASSERT_TRUE(*text);
  const Envelope& envelope = **text;
  EXPECT_EQ(envelope.platform, "plugin");
  EXPECT_EQ(envelope.delivery_id, "e1");
  EXPECT_EQ(envelope.user_id, "u1");
  EXPECT_EQ(envelope.chat_id, "c1");
  EXPECT_EQ(envelope.inbound.sender_name, "Maya");
  EXPECT_EQ(envelope.inbound.kind, dialogs::InboundKind::kText);
  EXPECT_EQ(envelope.inbound.text, "stiff 3, ran 0km");

  auto command = ParsePluginEvent(
      R"({"event_id":"e2","user":{"id":"u1","admin":true},)"
      R"("chat":{"id":"g1","kind":"group","title":"Squad"},"text":"/Coach@Anything now"})");
  ASSERT_TRUE(command && *command);
  EXPECT_EQ((*command)->inbound.kind, dialogs::InboundKind::kCommand);
  EXPECT_EQ((*command)->inbound.command, "coach");
  EXPECT_EQ((*command)->inbound.text, "now");
  EXPECT_EQ((*command)->inbound.chat, dialogs::ChatKind::kGroup);
  EXPECT_TRUE((*command)->sender_is_admin);
  EXPECT_EQ((*command)->chat_title, "Squad");

  auto button = ParsePluginEvent(
      R"({"event_id":"e3","user":{"id":"u1"},"chat":{"id":"c1","kind":"private"},"button":"ci:stiff:2"})");
  ASSERT_TRUE(button && *button);
  EXPECT_EQ((*button)->inbound.kind, dialogs::InboundKind::kButton);
  EXPECT_EQ((*button)->inbound.button, "ci:stiff:2");
  EXPECT_FALSE((*button)->sender_is_admin);

  auto chatter = ParsePluginEvent(
      R"({"event_id":"e4","user":{"id":"u1"},"chat":{"id":"g1","kind":"group"},"text":"hi all"})");
  ASSERT_TRUE(chatter);
  EXPECT_FALSE(*chatter) << "in a group, only commands are for the bot";
}

TEST(PluginEvent, WhatIsMalformedIsRefusedSayingWhat) {
  const std::string user = R"("user":{"id":"u1"})";
  const std::string chat = R"("chat":{"id":"c1","kind":"private"})";
  for (const auto& [body, says] : std::vector<std::pair<std::string, std::string>>{
           {"", "not a JSON object"},
           {"[]", "not a JSON object"},
           {"{" + user + "," + chat + R"(,"text":"hi"})", "event_id"},
           {R"({"event_id":"","user":{"id":"u1"},)" + chat + R"(,"text":"hi"})", "event_id"},
           {R"({"event_id":")" + std::string(129, 'e') + R"(",)" + user + "," + chat +
                R"(,"text":"hi"})",
            "longer than 128"},
           {R"({"event_id":"e","user":{"id":7},)" + chat + R"(,"text":"hi"})", "user.id"},
           {R"({"event_id":"e","user":"u1",)" + chat + R"(,"text":"hi"})", "user must"},
           {R"({"event_id":"e",)" + user + R"(,"chat":{"id":"c1"},"text":"hi"})", "chat.kind"},
           {R"({"event_id":"e",)" + user + "," + chat + "}", "either text or button"},
           {R"({"event_id":"e",)" + user + "," + chat + R"(,"text":"hi","button":"b"})",
            "either text or button"},
           {R"({"event_id":"e",)" + user + "," + chat + R"(,"text":7})", "text must"},
           {R"({"event_id":"e","user":{"id":"u1","admin":"yes"},)" + chat + R"(,"text":"hi"})",
            "user.admin"},
           {R"({"event_id":"e","user":{"id":"u1","name":5},)" + chat + R"(,"text":"hi"})",
            "user.name"},
       }) {
    auto parsed = ParsePluginEvent(body);
    ASSERT_FALSE(parsed) << body;
    EXPECT_EQ(parsed.error().code, Error::Code::kInvalidInput);
    EXPECT_NE(parsed.error().message.find(says), std::string::npos)
        << body << " -> " << parsed.error().message;
  }
}

TEST(PluginRender, EachReplyIsOneMessageWithItsButtonsAndWhereItGoes) {
  ReplyAddress to = ReplyAddress::Chat("c1", storage::ChatScope::kPrivate, 42);
  to.user_id = "u1";
  to.reply_to = "e7";
  const std::vector<dialogs::Reply> replies = {
      {"**Today's session**\nHeel raises",
       {{{"Done", "ci:done", ""}, {"Book", "", "https://x"}}},
       false},
      {std::string(5000, 'a'), {}, false}};
  const auto calls = PluginRenderer().Render(replies, to);
  ASSERT_EQ(calls.size(), 2u) << "no split: the gateway takes any length";
  const json first = json::parse(calls[0].payload);
  EXPECT_EQ(calls[0].platform, "plugin");
  EXPECT_EQ(calls[0].method, kPluginPost);
  EXPECT_EQ(calls[0].chat_id, "c1");
  EXPECT_EQ(calls[0].runner_id, 42);
  EXPECT_EQ(first["text"], "**Today's session**\nHeel raises");
  EXPECT_EQ(first["chat_id"], "c1");
  EXPECT_EQ(first["user_id"], "u1");
  EXPECT_EQ(first["reply_to"], "e7");
  EXPECT_EQ(first["buttons"], json::parse(R"([[{"label":"Done","payload":"ci:done"},)"
                                          R"({"label":"Book","url":"https://x"}]])"));
  const json second = json::parse(calls[1].payload);
  EXPECT_EQ(second["buttons"], json::array());
  EXPECT_NE(first["message_id"], second["message_id"]);
  EXPECT_EQ(second["message_id"].get<std::string>().size(), 32u);

  const auto prompt = PluginRenderer().Render({{"Good morning", {}, false}},
                                              ReplyAddress::Chat("g", storage::ChatScope::kGroup));
  const json posted = json::parse(prompt[0].payload);
  EXPECT_TRUE(posted["user_id"].is_null());
  EXPECT_TRUE(posted["reply_to"].is_null());
  EXPECT_FALSE(PluginRenderer().Acknowledge(Envelope{}, to));
}

TEST(PluginApi, AnswersReadAsTheContractSays) {
  using Kind = SendOutcome::Kind;
  const auto private_chat = storage::ChatScope::kPrivate;
  EXPECT_EQ(PluginApi::Classify(200, std::nullopt, private_chat).kind, Kind::kSent);
  EXPECT_EQ(PluginApi::Classify(204, std::nullopt, private_chat).kind, Kind::kSent);
  const auto limited = PluginApi::Classify(429, "2.5", private_chat);
  EXPECT_EQ(limited.kind, Kind::kRetryAfter);
  EXPECT_EQ(limited.retry_after, 2500ms);
  EXPECT_EQ(PluginApi::Classify(429, std::nullopt, private_chat).retry_after, 1000ms);
  EXPECT_EQ(PluginApi::Classify(429, "Wed, 21 Oct 2026 07:28:00 GMT", private_chat).retry_after,
            1000ms);
  EXPECT_EQ(PluginApi::Classify(429, "1e300", private_chat).retry_after,
            std::chrono::duration_cast<std::chrono::milliseconds>(kLongestRetryAfter));
  EXPECT_EQ(PluginApi::Classify(410, std::nullopt, private_chat).kind, Kind::kBlocked);
  EXPECT_EQ(PluginApi::Classify(410, std::nullopt, storage::ChatScope::kGroup).kind,
            Kind::kRejected)
      << "a group that is gone blocks no runner";
  EXPECT_EQ(PluginApi::Classify(500, std::nullopt, private_chat).kind, Kind::kTransient);
  EXPECT_EQ(PluginApi::Classify(503, std::nullopt, private_chat).kind, Kind::kTransient);
  EXPECT_EQ(PluginApi::Classify(408, std::nullopt, private_chat).kind, Kind::kTransient);
  EXPECT_EQ(PluginApi::Classify(400, std::nullopt, private_chat).kind, Kind::kRejected);
  EXPECT_EQ(PluginApi::Classify(401, std::nullopt, private_chat).kind, Kind::kRejected);
}

TEST(PluginApi, OnlyAnHttpUrlIsACallback) {
  SystemClock clock;
  EXPECT_FALSE(PluginApi::Create("ftp://example.org", kSecret, clock));
  EXPECT_FALSE(PluginApi::Create("example.org/replies", kSecret, clock));
  EXPECT_TRUE(PluginApi::Create("http://127.0.0.1:9/replies", kSecret, clock));
}

TEST(PluginConfig, NeedsALongSecretAndACallbackUrlAndNeverShowsTheSecret) {
  EXPECT_FALSE(LoadConfig(Env({}))->platforms.Get<PluginConfig>().enabled());
  const std::string secret(32, 'k');
  auto config = LoadConfig(Env({{"ACHILLES_PLUGIN_SECRET", secret},
                                {"ACHILLES_PLUGIN_CALLBACK_URL", "https://chat.example/replies"}}));
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_TRUE(config->platforms.Get<PluginConfig>().enabled());
  EXPECT_EQ(config->platforms.Get<PluginConfig>().callback_url, "https://chat.example/replies");

  config = LoadConfig(Env({{"ACHILLES_PLUGIN_SECRET", "short-secret-31-characters-long"},
                           {"ACHILLES_PLUGIN_CALLBACK_URL", "ftp://chat.example"}}));
  ASSERT_FALSE(config);
  const std::string& message = config.error().message;
  EXPECT_NE(message.find("ACHILLES_PLUGIN_SECRET: use at least 32 characters"), std::string::npos);
  EXPECT_NE(message.find("ACHILLES_PLUGIN_CALLBACK_URL: required"), std::string::npos);
  EXPECT_EQ(message.find("short-secret"), std::string::npos) << "the secret is never shown";
  config = LoadConfig(Env({{"ACHILLES_PLUGIN_CALLBACK_URL", "https://chat.example/replies"}}));
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("ACHILLES_PLUGIN_SECRET: required"), std::string::npos);
}

}  // namespace
}  // namespace achilles::bot
