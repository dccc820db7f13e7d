#include "bot/discord/discord_api.h"

#include <gtest/gtest.h>

#include <future>
#include <nlohmann/json.hpp>

#include "bot/discord/discord_render.h"
#include "tests/support/fake_discord_api.h"

namespace achilles::bot {
namespace {

using achilles::testing::FakeDiscordApi;
using Kind = SendOutcome::Kind;
using namespace std::chrono_literals;

constexpr char kBotToken[] = "MTI5.fake.bot-token";

SendOutcome Classify(int status, std::string body, std::map<std::string, std::string> headers = {},
                     storage::ChatScope scope = storage::ChatScope::kPrivate) {
  return DiscordApi::Classify(DiscordAnswer{status, std::move(body), std::move(headers)}, scope);
}

TEST(DiscordClassify, SentAndASpentBucketPausesTheChat) {
  EXPECT_EQ(Classify(200, "{}").kind, Kind::kSent);
  EXPECT_EQ(Classify(204, "").kind, Kind::kSent);
  const auto spent =
      Classify(200, "{}", {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset-after", "1.25"}});
  EXPECT_EQ(spent.kind, Kind::kSent);
  EXPECT_EQ(spent.chat_pause, 1250ms);
  EXPECT_EQ(Classify(200, "{}", {{"x-ratelimit-remaining", "3"}}).chat_pause, 0ms);
}

TEST(DiscordClassify, TooManyRequestsWaitsItsFloatRetryAfterAndKnowsGlobal) {
  const auto local = Classify(
      429, R"({"message":"You are being rate limited.","retry_after":0.347,"global":false})");
  EXPECT_EQ(local.kind, Kind::kRetryAfter);
  EXPECT_EQ(local.retry_after, 347ms);
  EXPECT_FALSE(local.global);
  const auto global = Classify(429, R"({"message":"limited","retry_after":2.5,"global":true})");
  EXPECT_EQ(global.retry_after, 2500ms);
  EXPECT_TRUE(global.global);
  const auto by_header = Classify(429, "", {{"retry-after", "3"}, {"x-ratelimit-global", "true"}});
  EXPECT_EQ(by_header.retry_after, 3000ms);
  EXPECT_TRUE(by_header.global);
}

TEST(DiscordClassify, ClosedDmsAreUnreachableOtherRefusalsAreNot) {
  const auto closed =
      Classify(403, R"({"message":"Cannot send messages to this user","code":50007})");
  EXPECT_EQ(closed.kind, Kind::kBlocked);
  EXPECT_NE(closed.error.find("50007"), std::string::npos);
  EXPECT_EQ(Classify(403, R"({"message":"no mutual guilds","code":50278})").kind, Kind::kBlocked);
  EXPECT_EQ(Classify(403, R"({"code":50007})", {}, storage::ChatScope::kGroup).kind,
            Kind::kRejected);
  EXPECT_EQ(Classify(403, R"({"message":"Missing Permissions","code":50013})").kind,
            Kind::kRejected);
  EXPECT_EQ(Classify(400, R"({"message":"Invalid Form Body","code":50035})").kind, Kind::kRejected);
}

TEST(DiscordClassify, UnknownWebhookAndServerErrorsAreTransient) {
  EXPECT_EQ(Classify(404, R"({"message":"Unknown Webhook","code":10015})").kind, Kind::kTransient);
  EXPECT_EQ(Classify(404, R"({"message":"Unknown Channel","code":10003})").kind, Kind::kRejected);
  EXPECT_EQ(Classify(502, "<html>bad gateway</html>").kind, Kind::kTransient);
}

class DiscordApiTest : public ::testing::Test {
 protected:
  SendOutcome SendAndWait(const std::vector<storage::OutgoingMessage>& calls) {
    std::promise<SendOutcome> promise;
    api_->Send(calls.at(0), [&](SendOutcome outcome) { promise.set_value(std::move(outcome)); });
    return promise.get_future().get();
  }

  FakeDiscordApi fake_;
  std::unique_ptr<DiscordApi> api_ = *DiscordApi::Create(fake_.base_url(), kBotToken, 5s);
};

TEST_F(DiscordApiTest, ADmOpensTheChannelFirstAndReportsIt) {
  ReplyAddress to = ReplyAddress::Chat("", storage::ChatScope::kPrivate, 7);
  to.user_id = "1290000000000000042";
  const auto outcome = SendAndWait(DiscordRenderer().Render({{"Time to check in", {}}}, to));
  EXPECT_EQ(outcome.kind, Kind::kSent);
  EXPECT_EQ(outcome.opened_private_chat, "dm-1290000000000000042");
  const auto calls = fake_.Calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].path, "/users/@me/channels");
  EXPECT_EQ(calls[0].body["recipient_id"], "1290000000000000042");
  EXPECT_EQ(calls[0].authorization, std::string("Bot ") + kBotToken);
  EXPECT_EQ(calls[1].path, "/channels/dm-1290000000000000042/messages");
  EXPECT_EQ(calls[1].body["content"], "Time to check in");
}

TEST_F(DiscordApiTest, AClosedDmIsReportedAsUnreachable) {
  fake_.Script("POST /channels", 403,
               R"({"message":"Cannot send messages to this user","code":50007})");
  const auto outcome = SendAndWait(DiscordRenderer().Render(
      {{"hi", {}}}, ReplyAddress::Chat("dm-1", storage::ChatScope::kPrivate, 7)));
  EXPECT_EQ(outcome.kind, Kind::kBlocked);
}

TEST_F(DiscordApiTest, InteractionRepliesUseTheWebhookWithoutTheBotToken) {
  ReplyAddress to = ReplyAddress::Chat("c", storage::ChatScope::kPrivate, 7);
  to.interaction = InteractionReply{"1300000000000000001", "interaction-token", true, "1400"};
  const auto calls = DiscordRenderer().Render({{"first", {{{"A", "a", ""}}}}, {"second", {}}}, to);
  EXPECT_EQ(SendAndWait({calls[0]}).kind, Kind::kSent);
  EXPECT_EQ(SendAndWait({calls[1]}).kind, Kind::kSent);
  const auto sent = fake_.Calls();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].route, "PATCH /webhooks");
  EXPECT_EQ(sent[0].path, "/webhooks/1300000000000000001/interaction-token/messages/@original");
  EXPECT_EQ(sent[0].authorization, "");
  EXPECT_EQ(sent[1].route, "POST /webhooks");
  EXPECT_EQ(sent[1].path, "/webhooks/1300000000000000001/interaction-token");
}

TEST_F(DiscordApiTest, NoAnswerIsTransientAndNeverShowsATokenOrRowsThatAreNotMessages) {
  auto dead = *DiscordApi::Create("http://127.0.0.1:1/api/v10", kBotToken, 2s);
  std::promise<SendOutcome> promise;
  dead->Send(DiscordRenderer().Render({{"hi", {}}},
                                      ReplyAddress::Chat("c", storage::ChatScope::kPrivate))[0],
             [&](SendOutcome o) { promise.set_value(std::move(o)); });
  const auto outcome = promise.get_future().get();
  EXPECT_EQ(outcome.kind, Kind::kTransient);
  EXPECT_EQ(outcome.error.find(kBotToken), std::string::npos);
  storage::OutgoingMessage junk{"discord",       "c", storage::ChatScope::kPrivate, {},
                                "createMessage", "[]"};
  EXPECT_EQ(SendAndWait({junk}).kind, Kind::kRejected);
}

// A row spoiled on disk (a field of the wrong type) is rejected, never thrown on or sent
// somewhere half-addressed.
TEST_F(DiscordApiTest, ARowWithFieldsOfTheWrongTypeIsRejected) {
  for (const auto& [method, payload] : std::vector<std::pair<std::string, std::string>>{
           {"createMessage", R"({"channel_id":7,"message":{"content":"hi"}})"},
           {"followUp", R"({"application_id":"1","token":5,"message":{"content":"hi"}})"},
           {"dm", R"({"recipient_id":[1],"message":{"content":"hi"}})"}}) {
    storage::OutgoingMessage row{"discord", "c", storage::ChatScope::kPrivate, {}, method, payload};
    const auto outcome = SendAndWait({row});
    EXPECT_EQ(outcome.kind, Kind::kRejected) << method;
    EXPECT_NE(outcome.error.find("lacks where"), std::string::npos) << outcome.error;
  }
  EXPECT_TRUE(fake_.Calls().empty());
}

}  // namespace
}  // namespace achilles::bot

namespace achilles::bot {
namespace {

TEST(DiscordClassify, AHugeRetryAfterIsClamped) {
  const auto outcome = DiscordApi::Classify(
      DiscordAnswer{429, R"({"retry_after": 1e308, "global": false})", {{"retry-after", "9e99"}}},
      storage::ChatScope::kPrivate);
  EXPECT_EQ(outcome.kind, SendOutcome::Kind::kRetryAfter);
  EXPECT_EQ(outcome.retry_after, kLongestRetryAfter);
}

}  // namespace
}  // namespace achilles::bot
