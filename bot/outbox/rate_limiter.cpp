#include "bot/outbox/rate_limiter.h"

#include <algorithm>

namespace achilles::bot {

RateLimiter::RateLimiter(RateLimits limits) : limits_(limits) {}

std::chrono::milliseconds RateLimiter::WaitFor(const Window& window, const RateRule& rule,
                                               TimePoint now) const {
  std::chrono::milliseconds wait{0};
  if (window.held_until > now) wait = window.held_until - now;
  if (static_cast<int>(window.sends.size()) >= rule.count) {
    // The oldest send that still counts leaves the window at front + window.
    const TimePoint frees_at =
        window.sends[window.sends.size() - static_cast<std::size_t>(rule.count)] + rule.window +
        limits_.margin;
    if (frees_at > now) wait = std::max(wait, std::chrono::milliseconds(frees_at - now));
  }
  return wait;
}

std::chrono::milliseconds RateLimiter::TryAcquire(std::string_view chat, storage::ChatScope scope,
                                                  TimePoint now) {
  Forget(now);
  const RateRule& chat_rule =
      scope == storage::ChatScope::kGroup ? limits_.per_group : limits_.per_private_chat;
  Window& chat_window = chats_[std::string(chat)];
  const auto wait =
      std::max(WaitFor(overall_, limits_.overall, now), WaitFor(chat_window, chat_rule, now));
  if (wait > std::chrono::milliseconds(0)) return wait;
  auto record = [now](Window& window, const RateRule& rule) {
    window.sends.push_back(now);
    while (static_cast<int>(window.sends.size()) > rule.count) window.sends.pop_front();
  };
  record(overall_, limits_.overall);
  record(chat_window, chat_rule);
  return std::chrono::milliseconds(0);
}

std::chrono::milliseconds RateLimiter::OverallWait(TimePoint now) const {
  return WaitFor(overall_, limits_.overall, now);
}

void RateLimiter::HoldChat(std::string_view chat, TimePoint until) {
  Window& window = chats_[std::string(chat)];
  window.held_until = std::max(window.held_until, until);
}

void RateLimiter::HoldAll(TimePoint until) {
  overall_.held_until = std::max(overall_.held_until, until);
}

void RateLimiter::Forget(TimePoint now) {
  // Drop chats whose windows and holds have all passed, at most once a minute.
  const auto longest = std::max(limits_.per_group.window, limits_.per_private_chat.window);
  if (now - last_cleanup_ < std::chrono::minutes(1)) return;
  last_cleanup_ = now;
  std::erase_if(chats_, [&](const auto& entry) {
    const Window& window = entry.second;
    return window.held_until <= now &&
           (window.sends.empty() || window.sends.back() + longest <= now);
  });
}

std::chrono::milliseconds Backoff(int attempt, std::chrono::milliseconds base,
                                  std::chrono::milliseconds cap, double unit_random) {
  const int doublings = std::clamp(attempt - 1, 0, 30);
  const auto full = std::min<std::int64_t>(cap.count(), base.count() << doublings);
  const double scale = 0.5 + 0.5 * std::clamp(unit_random, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<double>(full) * scale));
}

}  // namespace achilles::bot
