// Service configuration from the environment (the contract in ARCHITECTURE.md). Read once at
// start-up; a Config is a plain value.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "dialogs/error.h"

namespace achilles::bot {

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};

struct TelegramConfig {
  std::string token;           // empty: Telegram is off
  std::string webhook_secret;  // X-Telegram-Bot-Api-Secret-Token
  std::string api_base = "https://api.telegram.org";
  std::string bot_username;  // without '@'; empty: ask getMe at start-up

  bool enabled() const { return !token.empty(); }
};

struct DiscordConfig {
  std::string public_key;  // hex; empty: Discord off
  std::string application_id;
  std::string bot_token;  // for DMs, channel posts and registering commands
  std::string api_base = "https://discord.com/api/v10";

  bool enabled() const { return !public_key.empty(); }
};

// The plug-in channel (bot/plugin/): any chat surface that signs its events and takes signed
// replies at a callback URL.
struct PluginConfig {
  std::string secret;        // ACHILLES_PLUGIN_SECRET, 32+ characters; empty: the channel is off
  std::string callback_url;  // ACHILLES_PLUGIN_CALLBACK_URL, where replies are POSTed

  bool enabled() const { return !secret.empty(); }
};

struct Config {
  ListenAddress listen{"127.0.0.1", 8080};
  std::string database_path = "achilles-coach.db";
  std::string booking_url;
  std::chrono::seconds tick{30};             // how often the scheduler looks
  std::chrono::minutes reminder_delay{180};  // after an unanswered check-in prompt
  std::filesystem::path content_dir;  // ACHILLES_CONTENT_DIR, else the build's dialogs/content
  TelegramConfig telegram;
  DiscordConfig discord;
  PluginConfig plugin;
};

// Looks a variable up; returns nullopt when it is unset. Injected so tests need no setenv.
using Environment = std::function<std::optional<std::string>(std::string_view name)>;

Environment ProcessEnvironment();

// Reads every key of the contract. Fails with kInvalidInput and one line per problem, each
// naming the variable and what to set it to. Secrets never appear in the message.
Result<Config> LoadConfig(const Environment& env);

// "host:port", "[v6-address]:port" or ":port" (all interfaces). Port 0 asks for any free port.
Result<ListenAddress> ParseListenAddress(std::string_view text);

}  // namespace achilles::bot
