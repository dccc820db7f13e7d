#include "bot/app/config.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "bot/discord/discord_signature.h"
#include "bot/plugin/plugin_signature.h"
#include "dialogs/content.h"

namespace achilles::bot {
namespace {

// Telegram accepts 1-256 characters of [A-Za-z0-9_-] as a webhook secret_token.
bool IsValidWebhookSecret(std::string_view secret) {
  if (secret.empty() || secret.size() > 256) return false;
  for (char c : secret) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool IsHttpUrl(std::string_view url) {
  return url.starts_with("https://") || url.starts_with("http://");
}

std::string TrimTrailingSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

Environment ProcessEnvironment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return Fail(Error::InvalidInput("expected host:port, got \"" + std::string(text) + "\""));
  }
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return Fail(Error::InvalidInput("write an IPv6 address in brackets, like [::1]:8080"));
  }
  unsigned port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535 ||
      port_text.empty()) {
    return Fail(Error::InvalidInput("port must be a number from 0 to 65535, got \"" +
                                    std::string(port_text) + "\""));
  }
  return ListenAddress{host.empty() ? "0.0.0.0" : std::string(host),
                       static_cast<std::uint16_t>(port)};
}

Result<Config> LoadConfig(const Environment& env) {
  Config config;
  std::string problems;
  auto problem = [&](const std::string& line) {
    problems += (problems.empty() ? "" : "\n") + line;
  };
  auto get = [&](std::string_view name) { return env(name).value_or(""); };

  if (auto listen = env("ACHILLES_LISTEN"); listen && !listen->empty()) {
    auto parsed = ParseListenAddress(*listen);
    if (parsed) {
      config.listen = *parsed;
    } else {
      problem("ACHILLES_LISTEN: " + parsed.error().message);
    }
  }
  if (auto db = env("ACHILLES_DB"); db && !db->empty()) config.database_path = *db;
  config.booking_url = get("ACHILLES_BOOKING_URL");
  if (!config.booking_url.empty() && !IsHttpUrl(config.booking_url)) {
    problem("ACHILLES_BOOKING_URL: must start with https:// (it becomes a link button)");
  }
  // A whole number from `low` to `high`, or the default when unset.
  auto whole = [&](std::string_view name, int low, int high,
                   const char* unit) -> std::optional<int> {
    const auto text = env(name);
    if (!text || text->empty()) return std::nullopt;
    int value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() || value < low || value > high) {
      problem(std::string(name) + ": must be a whole number of " + unit + " from " +
              std::to_string(low) + " to " + std::to_string(high));
      return std::nullopt;
    }
    return value;
  };
  if (auto seconds = whole("ACHILLES_TICK_SECONDS", 1, 3600, "seconds")) {
    config.tick = std::chrono::seconds(*seconds);
  }
  if (auto minutes = whole("ACHILLES_REMINDER_MINUTES", 10, 720, "minutes")) {
    config.reminder_delay = std::chrono::minutes(*minutes);
  }
  const std::string content_dir = get("ACHILLES_CONTENT_DIR");
  config.content_dir =
      content_dir.empty() ? dialogs::BuiltInContentDir() : std::filesystem::path(content_dir);

  config.telegram.token = get("TELEGRAM_BOT_TOKEN");
  config.telegram.webhook_secret = get("TELEGRAM_WEBHOOK_SECRET");
  if (auto base = env("TELEGRAM_API_BASE"); base && !base->empty()) {
    config.telegram.api_base = TrimTrailingSlash(*base);
  }
  config.telegram.bot_username = get("TELEGRAM_BOT_USERNAME");
  if (!config.telegram.bot_username.empty() && config.telegram.bot_username.front() == '@') {
    config.telegram.bot_username.erase(0, 1);
  }
  if (config.telegram.enabled()) {
    if (config.telegram.webhook_secret.empty()) {
      problem(
          "TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_BOT_TOKEN is set; choose 32+ random "
          "characters of A-Z a-z 0-9 _ - (for example: openssl rand -hex 32)");
    } else if (!IsValidWebhookSecret(config.telegram.webhook_secret)) {
      problem("TELEGRAM_WEBHOOK_SECRET: use 1-256 characters of A-Z a-z 0-9 _ - only");
    }
  }

  config.discord.public_key = get("DISCORD_PUBLIC_KEY");
  config.discord.application_id = get("DISCORD_APPLICATION_ID");
  config.discord.bot_token = get("DISCORD_BOT_TOKEN");
  if (auto base = env("DISCORD_API_BASE"); base && !base->empty()) {
    config.discord.api_base = TrimTrailingSlash(*base);
  }
  if (config.discord.enabled()) {
    if (auto key = DiscordSignature::Create(config.discord.public_key); !key) {
      problem(key.error().message + " (Developer Portal > your app > General Information)");
    }
    const std::string& id = config.discord.application_id;
    if (id.empty() ||
        !std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      problem(
          "DISCORD_APPLICATION_ID: required with DISCORD_PUBLIC_KEY; the application's numeric id");
    }
    if (config.discord.bot_token.empty()) {
      problem(
          "DISCORD_BOT_TOKEN: required with DISCORD_PUBLIC_KEY, to send check-in prompts by DM "
          "(Developer Portal > your app > Bot > Reset Token)");
    }
  }

  config.plugin.secret = get("ACHILLES_PLUGIN_SECRET");
  config.plugin.callback_url = get("ACHILLES_PLUGIN_CALLBACK_URL");
  if (config.plugin.enabled() && config.plugin.secret.size() < kPluginSecretMinLength) {
    problem("ACHILLES_PLUGIN_SECRET: use at least " + std::to_string(kPluginSecretMinLength) +
            " characters (for example: openssl rand -hex 32)");
  }
  const std::string& callback = config.plugin.callback_url;
  if (config.plugin.enabled() && !IsHttpUrl(callback)) {
    problem(
        "ACHILLES_PLUGIN_CALLBACK_URL: required with ACHILLES_PLUGIN_SECRET; the http:// or "
        "https:// URL the replies are POSTed to");
  }
  if (!config.plugin.enabled() && !callback.empty()) {
    problem("ACHILLES_PLUGIN_SECRET: required with ACHILLES_PLUGIN_CALLBACK_URL, to sign events");
  }

  if (!problems.empty()) return Fail(Error::InvalidInput(problems));
  return config;
}

}  // namespace achilles::bot
