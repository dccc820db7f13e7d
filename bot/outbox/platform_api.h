// The outbound side of a chat platform, as the outbox sender needs it: deliver one rendered API
// call and say how it went. Implementations: TelegramApi (cpprestsdk), and fakes in tests.
#pragma once

#include <chrono>
#include <cmath>
#include <functional>
#include <optional>
#include <string>

#include "storage/outbox.h"

namespace achilles::bot {

struct SendOutcome {
  enum class Kind {
    kSent,        // the platform accepted it
    kRetryAfter,  // rate limited: try again after `retry_after`
    kTransient,   // 5xx, timeout, connection failure: retry with backoff
    kBlocked,     // the runner blocked the bot: stop sending to them
    kRejected,    // the platform refused the call itself (4xx): retrying will not help
  };
  Kind kind = Kind::kSent;
  std::chrono::milliseconds retry_after{0};
  std::string error;    // for the operator; never contains a token
  bool global = false;  // kRetryAfter: the whole bot must wait, not just this chat
  // kSent: the chat's rate-limit bucket is spent; its next call waits this long.
  std::chrono::milliseconds chat_pause{0};
  // kSent: the platform opened a private chat with the runner (a Discord DM channel) on the way;
  // it is remembered so later messages go straight there.
  std::optional<std::string> opened_private_chat;

  // A send that did not go through: `kind`, why, and for kRetryAfter how long to wait.
  static SendOutcome Failure(Kind kind, std::string error,
                             std::chrono::milliseconds retry_after = {}) {
    SendOutcome outcome;
    outcome.kind = kind;
    outcome.error = std::move(error);
    outcome.retry_after = retry_after;
    return outcome;
  }
};

// The longest a platform's "retry after" is waited before the row is tried again (a bigger
// value, however it is written, is clamped: seconds are untrusted input).
inline constexpr std::chrono::hours kLongestRetryAfter{24};

// `seconds` from a platform's answer as a wait: negative or not a number is no wait, past
// kLongestRetryAfter is kLongestRetryAfter. Whole milliseconds, rounded up.
inline std::chrono::milliseconds RetryAfter(double seconds) {
  const double longest = std::chrono::duration<double>(kLongestRetryAfter).count();
  if (!(seconds > 0)) return std::chrono::milliseconds(0);  // also NaN
  if (seconds >= longest)
    return std::chrono::duration_cast<std::chrono::milliseconds>(kLongestRetryAfter);
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(seconds * 1000)));
}

class PlatformApi {
 public:
  virtual ~PlatformApi() = default;

  // Starts delivering `message`; calls `done` exactly once, on any thread, when it is settled.
  // Must not throw.
  virtual void Send(const storage::OutgoingMessage& message,
                    std::function<void(SendOutcome)> done) = 0;
};

}  // namespace achilles::bot
