// Service configuration from the environment (the contract in ARCHITECTURE.md). Read once at
// start-up; a Config is a plain value.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "bot/platform/settings.h"
#include "dialogs/error.h"

namespace achilles::bot {

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};

struct Config {
  ListenAddress listen{"127.0.0.1", 8080};
  std::string database_path = "achilles-coach.db";
  std::string booking_url;
  std::chrono::seconds tick{30};             // how often the scheduler looks
  std::chrono::minutes reminder_delay{180};  // after an unanswered check-in prompt
  std::filesystem::path content_dir;  // ACHILLES_CONTENT_DIR, else the build's dialogs/content
  // Each platform's own settings, read by its module (bot/app/platforms.h): for example
  // platforms.Get<TelegramConfig>() (bot/telegram/telegram_platform.h).
  PlatformConfigs platforms;
};

// Reads every key of the contract. Fails with kInvalidInput and one line per problem, each
// naming the variable and what to set it to. Secrets never appear in the message.
Result<Config> LoadConfig(const Environment& env);

// "host:port", "[v6-address]:port" or ":port" (all interfaces). Port 0 asks for any free port.
Result<ListenAddress> ParseListenAddress(std::string_view text);

}  // namespace achilles::bot
