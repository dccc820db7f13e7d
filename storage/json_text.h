// JSON as text at the serialisation edge: invalid UTF-8 (from any source) is replaced with
// U+FFFD instead of throwing, so one bad string can never wedge a runner's conversation.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace achilles::storage {

inline std::string JsonText(const nlohmann::json& value, int indent = -1) {
  return value.dump(indent, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
}

}  // namespace achilles::storage
