#include "bot/config.h"

#include <gtest/gtest.h>

#include <map>

namespace achilles::bot {
namespace {

Environment Env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(Config, DefaultsFollowTheContract) {
  auto config = LoadConfig(Env({}));
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->listen.host, "127.0.0.1");
  EXPECT_EQ(config->listen.port, 8080);
  EXPECT_EQ(config->database_path, "achilles-coach.db");
  EXPECT_EQ(config->tick, std::chrono::seconds(30));
  EXPECT_EQ(config->telegram.api_base, "https://api.telegram.org");
  EXPECT_FALSE(config->telegram.enabled());
  EXPECT_FALSE(config->content_dir.empty());
}

TEST(Config, ReadsEveryKey) {
  auto config = LoadConfig(Env({{"ACHILLES_LISTEN", "0.0.0.0:9000"},
                                {"ACHILLES_DB", "/var/lib/achilles/coach.db"},
                                {"ACHILLES_BOOKING_URL", "https://cal.example/dana"},
                                {"ACHILLES_TICK_SECONDS", "5"},
                                {"ACHILLES_REMINDER_MINUTES", "90"},
                                {"ACHILLES_CONTENT_DIR", "/usr/share/achilles-coach/content"},
                                {"TELEGRAM_BOT_TOKEN", "123:abc"},
                                {"TELEGRAM_WEBHOOK_SECRET", "s3cret_-X"},
                                {"TELEGRAM_API_BASE", "http://127.0.0.1:9/"},
                                {"TELEGRAM_BOT_USERNAME", "@AchillesCoachBot"}}));
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->listen.host, "0.0.0.0");
  EXPECT_EQ(config->listen.port, 9000);
  EXPECT_EQ(config->database_path, "/var/lib/achilles/coach.db");
  EXPECT_EQ(config->booking_url, "https://cal.example/dana");
  EXPECT_EQ(config->reminder_delay, std::chrono::minutes(90));
  EXPECT_EQ(config->tick, std::chrono::seconds(5));
  EXPECT_EQ(config->content_dir, "/usr/share/achilles-coach/content");
  EXPECT_TRUE(config->telegram.enabled());
  EXPECT_EQ(config->telegram.api_base, "http://127.0.0.1:9");
  EXPECT_EQ(config->telegram.bot_username, "AchillesCoachBot");
}

TEST(Config, ATokenWithoutASecretStopsStartUpAndSaysWhatToDo) {
  auto config = LoadConfig(Env({{"TELEGRAM_BOT_TOKEN", "123:very-secret-token"}}));
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("TELEGRAM_WEBHOOK_SECRET"), std::string::npos);
  EXPECT_NE(config.error().message.find("openssl rand"), std::string::npos);
  EXPECT_EQ(config.error().message.find("very-secret-token"), std::string::npos)
      << "tokens never appear in messages";
}

TEST(Config, SecretWithCharactersTelegramRefusesIsRejected) {
  auto config =
      LoadConfig(Env({{"TELEGRAM_BOT_TOKEN", "1:a"}, {"TELEGRAM_WEBHOOK_SECRET", "a b"}}));
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("A-Z a-z 0-9 _ -"), std::string::npos);
}

TEST(Config, EveryProblemIsReportedAtOnce) {
  auto config = LoadConfig(Env({{"ACHILLES_LISTEN", "localhost"},
                                {"ACHILLES_TICK_SECONDS", "0"},
                                {"ACHILLES_REMINDER_MINUTES", "3h"},
                                {"ACHILLES_BOOKING_URL", "cal.example"}}));
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("ACHILLES_LISTEN"), std::string::npos);
  EXPECT_NE(config.error().message.find("ACHILLES_TICK_SECONDS"), std::string::npos);
  EXPECT_NE(config.error().message.find("ACHILLES_REMINDER_MINUTES: must be a whole number of "
                                        "minutes from 10 to 720"),
            std::string::npos);
  EXPECT_NE(config.error().message.find("ACHILLES_BOOKING_URL"), std::string::npos);
}

TEST(ListenAddress, Forms) {
  EXPECT_EQ(ParseListenAddress("127.0.0.1:0")->port, 0);
  EXPECT_EQ(ParseListenAddress("[::1]:8443")->host, "::1");
  EXPECT_EQ(ParseListenAddress(":8080")->host, "0.0.0.0");
  EXPECT_FALSE(ParseListenAddress("127.0.0.1"));
  EXPECT_FALSE(ParseListenAddress("127.0.0.1:"));
  EXPECT_FALSE(ParseListenAddress("127.0.0.1:65536"));
  EXPECT_FALSE(ParseListenAddress("127.0.0.1:80x"));
  EXPECT_FALSE(ParseListenAddress("::1:8080"));
}

}  // namespace
}  // namespace achilles::bot
