// Time as a value. The coaching core never reads a clock: callers pass "now" in.
#pragma once

#include <chrono>
#include <cstdint>

namespace achilles {

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

inline std::int64_t ToUnixMillis(TimePoint t) { return t.time_since_epoch().count(); }
inline TimePoint FromUnixMillis(std::int64_t ms) {
  return TimePoint{std::chrono::milliseconds{ms}};
}

}  // namespace achilles
