#include "bot/app.h"

#include <gtest/gtest.h>

#include "tests/support/fake_bot_api.h"

namespace achilles::bot {
namespace {

using achilles::testing::FakeBotApi;

Config TelegramConfigFor(const FakeBotApi& fake) {
  Config config;
  config.telegram.token = "7000000001:FAKE-token";
  config.telegram.webhook_secret = "hook-secret_1";
  config.telegram.api_base = fake.base_url();
  return config;
}

TEST(SetWebhook, SendsTheSecretAndTheUpdateTypesTheBotHandles) {
  FakeBotApi fake;
  EXPECT_EQ(
      RunTelegramSetWebhook(TelegramConfigFor(fake), "https://coach.example.org/telegram/webhook",
                            /*drop_pending=*/true),
      0);
  const auto calls = fake.CallsTo("setWebhook");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].payload["url"], "https://coach.example.org/telegram/webhook");
  EXPECT_EQ(calls[0].payload["secret_token"], "hook-secret_1");
  EXPECT_EQ(calls[0].payload["allowed_updates"],
            (nlohmann::json{"message", "edited_message", "callback_query", "my_chat_member"}));
  EXPECT_EQ(calls[0].payload["drop_pending_updates"], true);
}

TEST(SetWebhook, TelegramSayingNoIsAFailure) {
  FakeBotApi fake;
  fake.Script(400, R"({"ok":false,"error_code":400,"description":"Bad Request: bad webhook"})",
              "setWebhook");
  EXPECT_EQ(RunTelegramSetWebhook(TelegramConfigFor(fake), "https://coach.example.org/hook", false),
            1);
}

TEST(SetWebhook, RefusesPlainHttpAndMissingTokensWithoutCallingTelegram) {
  FakeBotApi fake;
  EXPECT_EQ(RunTelegramSetWebhook(TelegramConfigFor(fake), "http://coach.example.org/hook", false),
            1);
  Config no_token = TelegramConfigFor(fake);
  no_token.telegram.token.clear();
  EXPECT_EQ(RunTelegramSetWebhook(no_token, "https://coach.example.org/hook", false), 1);
  EXPECT_TRUE(fake.Calls().empty());
}

}  // namespace
}  // namespace achilles::bot
