#include "bot/app/config.h"

#include <charconv>

#include "bot/app/platforms.h"
#include "dialogs/content.h"

namespace achilles::bot {
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

  for (const PlatformModule* module : PlatformModules()) {
    module->configure(env, config.platforms, problem);
  }

  if (!problems.empty()) return Fail(Error::InvalidInput(problems));
  return config;
}

}  // namespace achilles::bot
