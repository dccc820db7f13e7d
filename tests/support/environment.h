// An Environment (bot/platform/settings.h) from a map, so configuration tests need no setenv.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "bot/platform/settings.h"

namespace achilles::testing {

inline bot::Environment Env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace achilles::testing
