// Reading the environment, and the settings each platform reads from it (kept by type, so the
// shared Config never names a platform).
#pragma once

#include <any>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <typeindex>

namespace achilles::bot {

// Looks a variable up; returns nullopt when it is unset. Injected so tests need no setenv.
using Environment = std::function<std::optional<std::string>(std::string_view name)>;

Environment ProcessEnvironment();

// Each platform's own settings (TelegramConfig, DiscordConfig, ...): at most one of each type.
// A plain value, copied with the Config that holds it.
class PlatformConfigs {
 public:
  // The settings of type T, default-constructed on first use (a platform left unset is off).
  template <class T>
  T& Get() {
    std::any& slot = by_type_[std::type_index(typeid(T))];
    if (!slot.has_value()) slot = T{};
    return std::any_cast<T&>(slot);
  }
  // The settings of type T, or T's defaults when none were set.
  template <class T>
  const T& Get() const {
    static const T defaults{};
    auto it = by_type_.find(std::type_index(typeid(T)));
    return it == by_type_.end() ? defaults : std::any_cast<const T&>(it->second);
  }

 private:
  std::map<std::type_index, std::any> by_type_;
};

// Whether `url` is an http:// or https:// URL (a link button, a callback).
bool IsHttpUrl(std::string_view url);

// `url` without trailing slashes (an API base a path is appended to).
std::string TrimTrailingSlash(std::string url);

}  // namespace achilles::bot
