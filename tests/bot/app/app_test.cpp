#include "bot/app/app.h"

#include <gtest/gtest.h>

#include "bot/runtime/clock.h"
#include "bot/telegram/telegram_platform.h"
#include "dialogs/content.h"
#include "storage/checkins.h"
#include "storage/runners.h"
#include "tests/support/fake_bot_api.h"
#include "tests/support/fixtures.h"
#include "tests/support/transaction.h"

namespace achilles::bot {
namespace {

using achilles::testing::FakeBotApi;

TelegramConfig TelegramConfigFor(const FakeBotApi& fake) {
  TelegramConfig config;
  config.token = "7000000001:FAKE-token";
  config.webhook_secret = "hook-secret_1";
  config.api_base = fake.base_url();
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
  TelegramConfig no_token = TelegramConfigFor(fake);
  no_token.token.clear();
  EXPECT_EQ(RunTelegramSetWebhook(no_token, "https://coach.example.org/hook", false), 1);
  EXPECT_TRUE(fake.Calls().empty());
}

TEST(KbReview, ReadsTheKeptQuestionsOfTheDaysAskedFromTheDatabase) {
  using Kind = dialogs::CoachEvent::Kind;
  achilles::testing::TempDir dir;
  Config config;
  config.database_path = (dir.path() / "coach.db").string();
  config.content_dir = dialogs::BuiltInContentDir();
  {
    auto db = *storage::Database::Open(config.database_path);
    const TimePoint now = SystemClock().Now();
    achilles::testing::InTransaction<bool>(*db, [&](storage::Session& s) {
      const auto id = storage::LoadOrCreateRunner(s, "telegram", "1", "Maya", now).id;
      storage::RecordEvent(s, id, {Kind::kQuestionUnsure, "ice,heat: is icing it ok"},
                           now - std::chrono::days(2));
      storage::RecordEvent(s, id, {Kind::kQuestionOutOfScope, "asked long ago"},
                           now - std::chrono::days(20));
      return true;
    });
  }
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(RunKbReview(config, 7), 0);
  const std::string week = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(week.find("Questions in the last 7 days: 1 from 1 runner."), std::string::npos) << week;
  EXPECT_NE(week.find("    is icing it ok\n"), std::string::npos) << week;
  EXPECT_EQ(week.find("asked long ago"), std::string::npos) << week;
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(RunKbReview(config, 30), 0);
  const std::string month = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(month.find("    asked long ago\n"), std::string::npos) << month;
}

}  // namespace
}  // namespace achilles::bot
