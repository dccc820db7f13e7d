// Time as a dependency. Production code asks a Clock; tests pass a FakeClock they move by hand.
// SystemClock is thread-safe; FakeClock is too (its time is atomic).
#pragma once

#include <atomic>
#include <chrono>

#include "dialogs/time.h"

namespace achilles::bot {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override {
    return std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
  }
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : now_ms_(ToUnixMillis(start)) {}
  TimePoint Now() const override { return FromUnixMillis(now_ms_.load()); }
  void Advance(std::chrono::milliseconds by) { now_ms_ += by.count(); }
  void Set(TimePoint t) { now_ms_ = ToUnixMillis(t); }

 private:
  std::atomic<std::int64_t> now_ms_;
};

}  // namespace achilles::bot
