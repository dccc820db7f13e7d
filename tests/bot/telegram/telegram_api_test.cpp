#include "bot/telegram/telegram_api.h"

#include <gtest/gtest.h>

#include <future>

#include "tests/support/fake_bot_api.h"
#include "tests/support/fixtures.h"

namespace achilles::bot {
namespace {

using achilles::testing::FakeBotApi;
using achilles::testing::ReadFixture;
using namespace std::chrono_literals;
using Kind = SendOutcome::Kind;
using storage::ChatScope;

constexpr char kToken[] = "123456:TEST-token_value";

TEST(TelegramClassify, Answers) {
  EXPECT_EQ(TelegramApi::Classify(200, R"({"ok":true,"result":{}})", ChatScope::kPrivate).kind,
            Kind::kSent);
  const auto limited =
      TelegramApi::Classify(429, ReadFixture("telegram/sendMessage_429.json"), ChatScope::kPrivate);
  EXPECT_EQ(limited.kind, Kind::kRetryAfter);
  EXPECT_EQ(limited.retry_after, 7s);
  const auto blocked = TelegramApi::Classify(
      403, ReadFixture("telegram/sendMessage_403_blocked.json"), ChatScope::kPrivate);
  EXPECT_EQ(blocked.kind, Kind::kBlocked);
  EXPECT_EQ(blocked.error, "HTTP 403: Forbidden: bot was blocked by the user");
  EXPECT_EQ(TelegramApi::Classify(403, R"({"ok":false,"description":"Forbidden: bot was kicked"})",
                                  ChatScope::kGroup)
                .kind,
            Kind::kRejected);
  EXPECT_EQ(TelegramApi::Classify(502, "<html>Bad Gateway</html>", ChatScope::kPrivate).kind,
            Kind::kTransient);
  EXPECT_EQ(TelegramApi::Classify(200, "not json", ChatScope::kPrivate).kind, Kind::kTransient);
  EXPECT_EQ(
      TelegramApi::Classify(400, R"({"ok":false,"description":"Bad Request: chat not found"})",
                            ChatScope::kPrivate)
          .kind,
      Kind::kRejected);
  EXPECT_EQ(TelegramApi::Classify(429, "{}", ChatScope::kPrivate).retry_after, 1s)
      << "a 429 without retry_after still waits";
}

SendOutcome SendAndWait(TelegramApi& api, const storage::OutgoingMessage& message) {
  std::promise<SendOutcome> promise;
  api.Send(message, [&](SendOutcome outcome) { promise.set_value(std::move(outcome)); });
  auto future = promise.get_future();
  EXPECT_EQ(future.wait_for(20s), std::future_status::ready);
  return future.get();
}

// Found by the fuzz target: an "ok" of the wrong type threw out of Classify.
TEST(TelegramClassify, AnswersOfTheWrongShapeAreTransientNotThrown) {
  for (const char* body : {R"({"ok":{"message_id":1}})", R"({"ok":"true"})", R"({"ok":1})",
                           R"([true])", R"("ok")", ""}) {
    EXPECT_EQ(TelegramApi::Classify(200, body, ChatScope::kPrivate).kind, Kind::kTransient) << body;
  }
  EXPECT_EQ(TelegramApi::Classify(429, R"({"ok":false,"parameters":{"retry_after":"3"}})",
                                  ChatScope::kPrivate)
                .retry_after,
            1s);
}

TEST(TelegramApi, PostsTheMethodWithTheTokenInThePath) {
  FakeBotApi fake;
  auto api = *TelegramApi::Create(fake.base_url(), kToken);
  const auto outcome = SendAndWait(
      *api,
      {"telegram", "5", ChatScope::kPrivate, {}, "sendMessage", R"({"chat_id":5,"text":"hi"})"});
  EXPECT_EQ(outcome.kind, Kind::kSent);
  const auto calls = fake.CallsTo("sendMessage");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].token, kToken);
  EXPECT_EQ(calls[0].payload["text"], "hi");
}

TEST(TelegramApi, ScriptedFailuresAreClassified) {
  FakeBotApi fake;
  fake.Script(429, ReadFixture("telegram/sendMessage_429.json"));
  fake.Script(403, ReadFixture("telegram/sendMessage_403_blocked.json"));
  fake.Script(500, R"({"ok":false,"error_code":500,"description":"Internal Server Error"})");
  auto api = *TelegramApi::Create(fake.base_url(), kToken);
  const storage::OutgoingMessage message{"telegram", "5",           ChatScope::kPrivate,
                                         {},         "sendMessage", "{}"};
  EXPECT_EQ(SendAndWait(*api, message).retry_after, 7s);
  EXPECT_EQ(SendAndWait(*api, message).kind, Kind::kBlocked);
  EXPECT_EQ(SendAndWait(*api, message).kind, Kind::kTransient);
}

// The fake that the burst benchmark measures against holds the sender to Telegram's limits.
TEST(TelegramApi, AGroupAdministratorIsTheCreatorOrAnAdministrator) {
  FakeBotApi fake;
  auto api = *TelegramApi::Create(fake.base_url(), kToken, 5s);
  fake.Script(200, R"({"ok":true,"result":{"status":"creator","user":{"id":7}}})", "getChatMember");
  fake.Script(200, R"({"ok":true,"result":{"status":"administrator"}})", "getChatMember");
  fake.Script(200, R"({"ok":true,"result":{"status":"member"}})", "getChatMember");
  fake.Script(200, R"({"ok":true,"result":{"status":7}})", "getChatMember");
  fake.Script(400, R"({"ok":false,"error_code":400,"description":"Bad Request: user not found"})",
              "getChatMember");
  EXPECT_EQ(api->IsChatAdmin("-100", "7"), true);
  EXPECT_EQ(api->IsChatAdmin("-100", "7"), true);
  EXPECT_EQ(api->IsChatAdmin("-100", "7"), false);
  EXPECT_EQ(api->IsChatAdmin("-100", "7"), false) << "a status of the wrong type is not admin";
  EXPECT_EQ(api->IsChatAdmin("-100", "7"), false);
  const auto calls = fake.CallsTo("getChatMember");
  ASSERT_EQ(calls.size(), 5u);
  EXPECT_EQ(calls[0].payload["chat_id"], -100);
  EXPECT_EQ(calls[0].payload["user_id"], 7);  // an Integer, as the Bot API says
}

TEST(TelegramApi, NoAnswerAboutAnAdministratorIsAnErrorNotANo) {
  FakeBotApi fake;
  auto api = *TelegramApi::Create(fake.base_url(), kToken, 5s);
  fake.Script(429, R"({"ok":false,"error_code":429,"parameters":{"retry_after":3}})",
              "getChatMember");
  fake.Script(502, "<html>Bad Gateway</html>", "getChatMember");
  EXPECT_FALSE(api->IsChatAdmin("-100", "7"));
  EXPECT_FALSE(api->IsChatAdmin("-100", "7"));
}

TEST(TelegramApi, TheFakeApiAnswers429WhenTheLimitsAreBroken) {
  FakeBotApi fake;
  fake.EnforceLimits(3, 1000ms);
  auto api = *TelegramApi::Create(fake.base_url(), kToken);
  auto send = [&](int chat) {
    const std::string id = std::to_string(chat);
    return SendAndWait(*api, {"telegram",
                              id,
                              ChatScope::kPrivate,
                              {},
                              "sendMessage",
                              R"({"chat_id":)" + id + R"(,"text":"hi"})"});
  };
  EXPECT_EQ(send(1).kind, Kind::kSent);
  const auto same_chat = send(1);
  EXPECT_EQ(same_chat.kind, Kind::kRetryAfter);
  EXPECT_EQ(same_chat.retry_after, 1s);
  EXPECT_EQ(send(2).kind, Kind::kSent);
  EXPECT_EQ(send(3).kind, Kind::kSent);
  EXPECT_EQ(send(4).kind, Kind::kRetryAfter) << "a fourth in one second overall";
  EXPECT_EQ(fake.TooManyRequests(), 2u);
}

TEST(TelegramApi, NoAnswerIsTransientAndNeverShowsTheToken) {
  // A port nothing listens on: bind one, learn its number, close it.
  std::uint16_t port = 0;
  {
    FakeBotApi closed;
    port = static_cast<std::uint16_t>(std::stoi(closed.base_url().substr(17)));
  }
  auto api = *TelegramApi::Create("http://127.0.0.1:" + std::to_string(port), kToken, 5s);
  const auto outcome =
      SendAndWait(*api, {"telegram", "5", ChatScope::kPrivate, {}, "sendMessage", "{}"});
  EXPECT_EQ(outcome.kind, Kind::kTransient);
  EXPECT_EQ(outcome.error.find(kToken), std::string::npos);
  auto call = api->Call("getMe", "{}");
  ASSERT_FALSE(call);
  EXPECT_EQ(call.error().message.find(kToken), std::string::npos);
}

TEST(TelegramApi, BotUsernameComesFromGetMe) {
  FakeBotApi fake;
  auto api = *TelegramApi::Create(fake.base_url(), kToken);
  auto username = api->BotUsername();
  ASSERT_TRUE(username) << username.error().message;
  EXPECT_EQ(*username, "AchillesCoachBot");
}

TEST(TelegramApi, ABadBaseUrlIsAConfigurationError) {
  auto api = TelegramApi::Create("not a url at all", kToken);
  ASSERT_FALSE(api);
  EXPECT_NE(api.error().message.find("TELEGRAM_API_BASE"), std::string::npos);
}

}  // namespace
}  // namespace achilles::bot

namespace achilles::bot {
namespace {

// A retry_after is untrusted input: a huge one is clamped (it used to overflow the conversion
// to milliseconds, undefined behaviour), a negative one is no wait.
TEST(TelegramClassify, AHugeOrNegativeRetryAfterIsClamped) {
  using storage::ChatScope;
  const auto huge = TelegramApi::Classify(429, R"({"ok":false,"parameters":{"retry_after":1e300}})",
                                          ChatScope::kPrivate);
  EXPECT_EQ(huge.kind, SendOutcome::Kind::kRetryAfter);
  EXPECT_EQ(huge.retry_after, kLongestRetryAfter);
  const auto big = TelegramApi::Classify(
      429, R"({"ok":false,"parameters":{"retry_after":123456789012345678901234567890}})",
      ChatScope::kPrivate);
  EXPECT_EQ(big.retry_after, kLongestRetryAfter);
  EXPECT_EQ(RetryAfter(-5), std::chrono::milliseconds(0));
  EXPECT_EQ(RetryAfter(std::nan("")), std::chrono::milliseconds(0));
  EXPECT_EQ(RetryAfter(0.25), std::chrono::milliseconds(250));
}

}  // namespace
}  // namespace achilles::bot
