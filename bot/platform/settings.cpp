#include "bot/platform/settings.h"

#include <cstdlib>

namespace achilles::bot {

Environment ProcessEnvironment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

bool IsHttpUrl(std::string_view url) {
  return url.starts_with("https://") || url.starts_with("http://");
}

std::string TrimTrailingSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace achilles::bot
