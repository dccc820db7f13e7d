#include "bot/app/config.h"

#include <gtest/gtest.h>

#include <map>

#include "bot/discord/discord_platform.h"
#include "bot/telegram/telegram_platform.h"
#include "tests/support/environment.h"

namespace achilles::bot {
namespace {

using achilles::testing::Env;

TEST(Config, DefaultsFollowTheContract) {
  auto config = LoadConfig(Env({}));
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->listen.host, "127.0.0.1");
  EXPECT_EQ(config->listen.port, 8080);
  EXPECT_EQ(config->database_path, "achilles-coach.db");
  EXPECT_EQ(config->tick, std::chrono::seconds(30));
  EXPECT_EQ(config->platforms.Get<TelegramConfig>().api_base, "https://api.telegram.org");
  EXPECT_FALSE(config->platforms.Get<TelegramConfig>().enabled());
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
  EXPECT_TRUE(config->platforms.Get<TelegramConfig>().enabled());
  EXPECT_EQ(config->platforms.Get<TelegramConfig>().api_base, "http://127.0.0.1:9");
  EXPECT_EQ(config->platforms.Get<TelegramConfig>().bot_username, "AchillesCoachBot");
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

TEST(Config, DiscordIsOnWithAKeyAnIdAndABotToken) {
  EXPECT_FALSE(LoadConfig(Env({}))->platforms.Get<DiscordConfig>().enabled());
  EXPECT_EQ(LoadConfig(Env({}))->platforms.Get<DiscordConfig>().api_base,
            "https://discord.com/api/v10");
  auto config = LoadConfig(Env(
      {{"DISCORD_PUBLIC_KEY", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"},
       {"DISCORD_APPLICATION_ID", "1300000000000000001"},
       {"DISCORD_BOT_TOKEN", "MTI5.secret"},
       {"DISCORD_API_BASE", "http://127.0.0.1:9/api/v10/"}}));
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_TRUE(config->platforms.Get<DiscordConfig>().enabled());
  EXPECT_EQ(config->platforms.Get<DiscordConfig>().application_id, "1300000000000000001");
  EXPECT_EQ(config->platforms.Get<DiscordConfig>().api_base, "http://127.0.0.1:9/api/v10");
}

TEST(Config, DiscordProblemsSayWhatToSetAndNeverShowTheToken) {
  auto config =
      LoadConfig(Env({{"DISCORD_PUBLIC_KEY", "not-hex"}, {"DISCORD_APPLICATION_ID", "my app"}}));
  ASSERT_FALSE(config);
  const std::string& message = config.error().message;
  EXPECT_NE(message.find("DISCORD_PUBLIC_KEY: must be the 64 hex digits"), std::string::npos);
  EXPECT_NE(message.find("DISCORD_APPLICATION_ID"), std::string::npos);
  EXPECT_NE(message.find("DISCORD_BOT_TOKEN: required"), std::string::npos);
  config = LoadConfig(Env({{"DISCORD_PUBLIC_KEY", std::string(64, 'a')},
                           {"DISCORD_APPLICATION_ID", "1"},
                           {"DISCORD_BOT_TOKEN", "MTI5.very-secret"}}));
  ASSERT_TRUE(config) << config.error().message;
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
