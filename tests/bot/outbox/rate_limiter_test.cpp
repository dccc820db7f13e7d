#include "bot/outbox/rate_limiter.h"

#include <gtest/gtest.h>

namespace achilles::bot {
namespace {

using namespace std::chrono_literals;
using storage::ChatScope;

const TimePoint kT0 = FromUnixMillis(1764000000000);

// Telegram's windows exactly, without the margin the sender keeps (tested on its own below).
RateLimits Exact() {
  RateLimits limits;
  limits.margin = 0ms;
  return limits;
}

TEST(RateLimiter, TheMarginHoldsEachWindowALittleLonger) {
  RateLimiter limiter{RateLimits{}};
  EXPECT_EQ(limiter.TryAcquire("A", ChatScope::kPrivate, kT0), 0ms);
  EXPECT_EQ(limiter.TryAcquire("A", ChatScope::kPrivate, kT0 + 1000ms), RateLimits{}.margin);
  EXPECT_EQ(limiter.TryAcquire("A", ChatScope::kPrivate, kT0 + 1000ms + RateLimits{}.margin), 0ms);
}

TEST(RateLimiter, OneMessageASecondPerPrivateChat) {
  RateLimiter limiter{Exact()};
  EXPECT_EQ(limiter.TryAcquire("A", ChatScope::kPrivate, kT0), 0ms);
  EXPECT_EQ(limiter.TryAcquire("A", ChatScope::kPrivate, kT0 + 400ms), 600ms);
  EXPECT_EQ(limiter.TryAcquire("B", ChatScope::kPrivate, kT0 + 400ms), 0ms);
  EXPECT_EQ(limiter.TryAcquire("A", ChatScope::kPrivate, kT0 + 1000ms), 0ms);
}

TEST(RateLimiter, TwentyAMinutePerGroup) {
  RateLimiter limiter{Exact()};
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(limiter.TryAcquire("G", ChatScope::kGroup, kT0 + i * 100ms), 0ms) << i;
  }
  EXPECT_EQ(limiter.TryAcquire("G", ChatScope::kGroup, kT0 + 2s), 58s);
  EXPECT_EQ(limiter.TryAcquire("G", ChatScope::kGroup, kT0 + 60s), 0ms);
}

TEST(RateLimiter, ThirtyASecondOverall) {
  RateLimiter limiter{Exact()};
  for (int i = 0; i < 30; ++i) {
    EXPECT_EQ(limiter.TryAcquire("chat" + std::to_string(i), ChatScope::kPrivate, kT0), 0ms);
  }
  EXPECT_EQ(limiter.TryAcquire("chat30", ChatScope::kPrivate, kT0 + 10ms), 990ms);
  EXPECT_EQ(limiter.TryAcquire("chat30", ChatScope::kPrivate, kT0 + 1000ms), 0ms);
}

TEST(RateLimiter, ARefusalIsNotCounted) {
  RateLimiter limiter{RateLimits{{2, 1000ms}, {1, 1000ms}, {20, 60000ms}, 0ms}};
  EXPECT_EQ(limiter.TryAcquire("A", ChatScope::kPrivate, kT0), 0ms);
  EXPECT_GT(limiter.TryAcquire("A", ChatScope::kPrivate, kT0), 0ms);
  EXPECT_EQ(limiter.TryAcquire("B", ChatScope::kPrivate, kT0), 0ms)
      << "A's refused try must not use up the overall window";
}

TEST(RateLimiter, HeldChatWaitsOutItsRetryAfter) {
  RateLimiter limiter{Exact()};
  limiter.HoldChat("A", kT0 + 7s);
  EXPECT_EQ(limiter.TryAcquire("A", ChatScope::kPrivate, kT0), 7s);
  EXPECT_EQ(limiter.TryAcquire("B", ChatScope::kPrivate, kT0), 0ms);
  EXPECT_EQ(limiter.TryAcquire("A", ChatScope::kPrivate, kT0 + 7s), 0ms);
}

TEST(RateLimiter, ForgettingIdleChatsKeepsLimitsIntact) {
  RateLimiter limiter{Exact()};
  EXPECT_EQ(limiter.TryAcquire("A", ChatScope::kPrivate, kT0), 0ms);
  EXPECT_EQ(limiter.TryAcquire("B", ChatScope::kPrivate, kT0 + 2min), 0ms);  // triggers cleanup
  EXPECT_EQ(limiter.TryAcquire("B", ChatScope::kPrivate, kT0 + 2min + 1ms), 999ms);
}

TEST(Backoff, DoublesUpToTheCapWithJitterInTheUpperHalf) {
  EXPECT_EQ(Backoff(1, 1s, 60s, 1.0), 1s);
  EXPECT_EQ(Backoff(1, 1s, 60s, 0.0), 500ms);
  EXPECT_EQ(Backoff(4, 1s, 60s, 1.0), 8s);
  EXPECT_EQ(Backoff(20, 1s, 60s, 1.0), 60s);
  EXPECT_EQ(Backoff(200, 1s, 60s, 0.0), 30s);
}

}  // namespace
}  // namespace achilles::bot
