#include "bot/http/routes.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bot/telegram/telegram_platform.h"
#include "bot/telegram/telegram_render.h"
#include "bot/telegram/telegram_update.h"
#include "storage/outbox.h"
#include "storage/runners.h"
#include "tests/support/fixtures.h"

namespace achilles::bot {
namespace {

using achilles::testing::ReadFixture;
using achilles::testing::ShippedContent;

constexpr char kSecret[] = "webhook-secret_123";

class RoutesTest : public ::testing::Test {
 protected:
  HttpResponse Post(const std::string& body, const std::string& secret = kSecret,
                    const std::string& path = "/telegram/webhook") {
    HttpRequest request{"POST", path, {}, body};
    if (!secret.empty()) request.headers["x-telegram-bot-api-secret-token"] = secret;
    return routes_(request);
  }
  HttpResponse Get(const std::string& path) { return routes_(HttpRequest{"GET", path, {}, ""}); }
  std::int64_t Pending() {
    return *db_->Transact<std::int64_t>(
        [](storage::Session& s) -> Result<std::int64_t> { return storage::PendingCount(s); });
  }
  bool KnowsRunner(const std::string& id) {
    return *db_->Transact<bool>([&](storage::Session& s) -> Result<bool> {
      return storage::FindRunner(s, "telegram", id).has_value();
    });
  }

  std::unique_ptr<storage::Database> db_ = *storage::Database::Open(":memory:");
  FakeClock clock_{FromUnixMillis(1764000000000)};
  dialogs::Coach coach_{ShippedContent()};
  TelegramRenderer renderer_;
  int commits_ = 0;
  InboundHandler inbound_{
      *db_, coach_, clock_, {{kTelegram, &renderer_}}, [this](const std::string&) { ++commits_; }};
  Metrics metrics_;
  TelegramWebhook webhook_{TelegramWebhookSettings{kSecret, "AchillesCoachBot", {}}};
  Routes routes_{*db_, inbound_, metrics_, {&webhook_}};
};

TEST_F(RoutesTest, AValidUpdateIsStoredBeforeTheOk) {
  const auto response = Post(ReadFixture("telegram/private_start.json"));
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(Pending(), 1);
  EXPECT_TRUE(KnowsRunner("508123456"));
  EXPECT_EQ(commits_, 1) << "the sender is woken after the commit";
}

TEST_F(RoutesTest, MissingOrWrongSecretIs401AndStoresNothing) {
  EXPECT_EQ(Post(ReadFixture("telegram/private_start.json"), "").status, 401u);
  EXPECT_EQ(Post(ReadFixture("telegram/private_start.json"), "wrong").status, 401u);
  EXPECT_EQ(Post("{garbage", "wrong").status, 401u) << "authenticated before parsing";
  EXPECT_EQ(Pending(), 0);
  EXPECT_FALSE(KnowsRunner("508123456"));
}

TEST_F(RoutesTest, MalformedBodyIs400) {
  EXPECT_EQ(Post("{garbage").status, 400u);
  EXPECT_EQ(Post(R"({"message":{"text":"no update id"}})").status, 400u);
  EXPECT_EQ(Pending(), 0);
}

TEST_F(RoutesTest, TheSameUpdateTwiceIsAnsweredOnce) {
  EXPECT_EQ(Post(ReadFixture("telegram/private_start.json")).status, 200u);
  EXPECT_EQ(Post(ReadFixture("telegram/private_start.json")).status, 200u);
  EXPECT_EQ(Pending(), 1);
}

// getChatMember is asked for /coach in a group, once: a retry of the same update does not wait
// for Telegram again.
TEST_F(RoutesTest, AGroupCoachIsCheckedOnceNotOnARetry) {
  int asked = 0;
  const TelegramWebhook webhook{TelegramWebhookSettings{
      kSecret, "AchillesCoachBot", [&](const std::string& chat, const std::string& user) {
        ++asked;
        EXPECT_EQ(chat, "-1001987654321");
        EXPECT_FALSE(user.empty());
        return true;
      }}};
  Routes routes{*db_, inbound_, metrics_, {&webhook}};
  auto update = nlohmann::json::parse(ReadFixture("telegram/group_command.json"));
  update["message"]["text"] = "/coach@AchillesCoachBot";
  HttpRequest request{"POST", "/telegram/webhook", {}, update.dump()};
  request.headers["x-telegram-bot-api-secret-token"] = kSecret;
  EXPECT_EQ(routes(request).status, 200u);
  EXPECT_EQ(routes(request).status, 200u);
  EXPECT_EQ(asked, 1);
  update["message"]["text"] = "/team@AchillesCoachBot";
  update["update_id"] = update["update_id"].get<std::int64_t>() + 1;
  request.body = update.dump();
  EXPECT_EQ(routes(request).status, 200u);
  EXPECT_EQ(asked, 1) << "only /coach asks";
}

TEST_F(RoutesTest, IgnoredUpdatesAreAcknowledged) {
  EXPECT_EQ(Post(ReadFixture("telegram/edited_message.json")).status, 200u);
  EXPECT_EQ(Pending(), 0);
}

TEST_F(RoutesTest, ButtonPressesAreAnsweredThenReplied) {
  ASSERT_EQ(Post(ReadFixture("telegram/callback_query.json")).status, 200u);
  auto rows = *db_->Transact<std::vector<storage::OutboxRow>>(
      [](storage::Session& s) -> Result<std::vector<storage::OutboxRow>> {
        return storage::PendingForChat(s, "telegram", "508123456");
      });
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0].message.method, "answerCallbackQuery");
  EXPECT_EQ(rows[1].message.method, "sendMessage");
}

TEST_F(RoutesTest, UnknownPathsAndWrongMethods) {
  EXPECT_EQ(Get("/nope").status, 404u);
  EXPECT_EQ(Get("/telegram/webhook").status, 405u);
  EXPECT_EQ(Post("{}", kSecret, "/healthz").status, 405u);
}

TEST_F(RoutesTest, TelegramOffMeansNoWebhook) {
  Routes off(*db_, inbound_, metrics_, {});
  HttpRequest request{"POST", "/telegram/webhook", {}, ReadFixture("telegram/private_start.json")};
  EXPECT_EQ(off(request).status, 404u);
}

TEST_F(RoutesTest, HealthzSaysTheDatabaseAnswers) {
  const auto response = Get("/healthz");
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(nlohmann::json::parse(response.body)["status"], "ok");
}

TEST_F(RoutesTest, HealthzIs503WhenTheDatabaseDoesNotAnswer) {
  HttpResponse response;
  ASSERT_TRUE(db_->Transact<bool>([&](storage::Session&) -> Result<bool> {
    std::thread([&] { response = Get("/healthz"); }).join();
    return true;
  }));
  EXPECT_EQ(response.status, 503u);
  EXPECT_EQ(nlohmann::json::parse(response.body)["status"], "unavailable");
}

TEST_F(RoutesTest, MetricsCountRequestsAndShowTheOutbox) {
  Post(ReadFixture("telegram/private_start.json"));
  Post("{garbage");
  const auto response = Get("/metrics");
  EXPECT_EQ(response.status, 200u);
  EXPECT_NE(response.body.find(
                "achilles_http_requests_total{route=\"telegram_webhook\",status=\"200\"} 1"),
            std::string::npos);
  EXPECT_NE(response.body.find(
                "achilles_http_requests_total{route=\"telegram_webhook\",status=\"400\"} 1"),
            std::string::npos);
  EXPECT_NE(response.body.find("achilles_outbox_pending 1"), std::string::npos);
  EXPECT_NE(response.body.find("achilles_http_request_duration_seconds_count 2"),
            std::string::npos);
  EXPECT_NE(response.body.find("achilles_db_writes_waiting 0"), std::string::npos);
  const auto counter = [&](const std::string& name) {
    const auto at = response.body.find("\n" + name + " ");
    EXPECT_NE(at, std::string::npos) << name;
    return at == std::string::npos ? 0 : std::stoull(response.body.substr(at + name.size() + 2));
  };
  EXPECT_GE(counter("achilles_db_transactions_total"), 1u) << "the stored update";
  EXPECT_GE(counter("achilles_db_commits_total"), 1u);
  EXPECT_LE(counter("achilles_db_commits_total"), counter("achilles_db_transactions_total"));
}

TEST_F(RoutesTest, BlockingMarksTheRunnerAndWritingAgainUndoesIt) {
  Post(ReadFixture("telegram/private_start.json"));
  EXPECT_EQ(Post(ReadFixture("telegram/my_chat_member_blocked.json")).status, 200u);
  auto unreachable = [&] {
    return *db_->Transact<bool>([](storage::Session& s) -> Result<bool> {
      return storage::FindRunner(s, "telegram", "508123456")->unreachable_since.has_value();
    });
  };
  EXPECT_TRUE(unreachable());
  EXPECT_EQ(Pending(), 0) << "the pending welcome is dropped";
  Post(ReadFixture("telegram/private_text.json"));
  EXPECT_FALSE(unreachable());
  EXPECT_EQ(Pending(), 1);
}

}  // namespace
}  // namespace achilles::bot
