// Sliding-window send limits: one window over all sends, and one per chat (different for
// private chats and groups). Each platform gives its own (Platform::limits); the defaults are
// the strictest any of them publishes (Telegram's: 30 messages a second overall, 1 a second per
// chat, 20 a minute per group).
//
// Not thread-safe: owned and called by the outbox sender's thread. Time is passed in.
#pragma once

#include <chrono>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

#include "dialogs/time.h"
#include "storage/outbox.h"

namespace achilles::bot {

struct RateRule {
  int count = 1;
  std::chrono::milliseconds window{1000};
};

struct RateLimits {
  RateRule overall{30, std::chrono::milliseconds(1000)};
  RateRule per_private_chat{1, std::chrono::milliseconds(1000)};
  RateRule per_group{20, std::chrono::milliseconds(60000)};
  // A platform counts sends when they arrive, and the time from our count to their arrival
  // varies from call to call, so every window is held this much longer (measured on Telegram's).
  // bench/burst_bench.cpp against a fake that counts arrivals: with no margin a burst drew 429s;
  // with 50 ms none on an idle machine but some while the machine was busy compiling; 100 ms costs
  // 4% of the rate.
  std::chrono::milliseconds margin{100};
};

class RateLimiter {
 public:
  explicit RateLimiter(RateLimits limits);

  // Zero when a message to `chat` may be sent at `now` (and counts it); otherwise how long until
  // one may, and nothing is counted.
  std::chrono::milliseconds TryAcquire(std::string_view chat, storage::ChatScope scope,
                                       TimePoint now);

  // How long until any message may be sent, by the overall window and holds alone (zero: now).
  std::chrono::milliseconds OverallWait(TimePoint now) const;

  // Holds every send to `chat` until `until` (a 429 retry_after for that chat).
  void HoldChat(std::string_view chat, TimePoint until);

  // Holds every send until `until` (a 429 that says the whole bot is limited: Discord's global).
  void HoldAll(TimePoint until);

 private:
  struct Window {
    std::deque<TimePoint> sends;
    TimePoint held_until{};
  };
  std::chrono::milliseconds WaitFor(const Window& window, const RateRule& rule,
                                    TimePoint now) const;
  void Forget(TimePoint now);

  RateLimits limits_;
  Window overall_;
  std::unordered_map<std::string, Window> chats_;
  TimePoint last_cleanup_{};
};

// Exponential backoff with jitter for the `attempt`-th retry (1-based): base * 2^(attempt-1),
// capped at `cap`, then scaled into [50%, 100%] by `unit_random` in [0, 1).
std::chrono::milliseconds Backoff(int attempt, std::chrono::milliseconds base,
                                  std::chrono::milliseconds cap, double unit_random);

}  // namespace achilles::bot
