// Time as a value. The coaching core never reads a clock: callers pass "now" in.
#pragma once

#include <chrono>
#include <cstdint>

namespace achilles {

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

// A calendar date in the runner's own time zone (the caller converts; the core only counts days).
using Day = std::chrono::sys_days;

inline std::int64_t ToUnixMillis(TimePoint t) { return t.time_since_epoch().count(); }
inline TimePoint FromUnixMillis(std::int64_t ms) {
  return TimePoint{std::chrono::milliseconds{ms}};
}

}  // namespace achilles
