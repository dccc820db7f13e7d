// Delivers the outbox of one platform: woken at once when an inbound transaction commits, it
// reads the rows committed since it last looked into its in-memory queue (send_queue.h; rebuilt
// from the database at start and every sweep), reads whole only the rows it is about to send,
// on the database's reading connection, and sends each chat's messages in order within the
// platform's rate limits, honours 429
// retry_after, retries transient failures with exponential backoff and jitter up to a limit
// (then sends the row's fallback, a chart's text, if it has one, or else keeps the row as failed
// with its error), draws charts into PNGs as it sends them, and marks runners who blocked the bot
// as unreachable. A row is marked sent as soon as the platform accepts it; rows left pending by a
// restart are sent by the next process.
//
// Threads: Start() runs one sender thread; Wake() and Stop() may be called from any thread.
// Tests may instead call Step() directly with a FakeClock and no thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bot/outbox/platform_api.h"
#include "bot/outbox/rate_limiter.h"
#include "bot/outbox/send_queue.h"
#include "bot/runtime/clock.h"
#include "bot/runtime/metrics.h"
#include "storage/database.h"

namespace achilles::bot {

struct SenderPolicy {
  int max_attempts = 8;  // transient failures before a row is kept as failed
  std::chrono::milliseconds base_backoff{1000};
  std::chrono::milliseconds max_backoff{10 * 60 * 1000};
  std::size_t max_in_flight = 8;  // concurrent API calls (different chats)
  std::size_t batch = 64;         // rows considered per step
  // Calls that do not count toward message rate limits (Telegram's answerCallbackQuery): each
  // platform says which (Platform::sender_policy).
  std::set<std::string> unmetered_methods;
};

class OutboxSender {
 public:
  // Every referenced object must outlive the sender. `metrics` may be null.
  OutboxSender(storage::Database& database, std::string platform, PlatformApi& api,
               RateLimits limits, SenderPolicy policy, const Clock& clock, Metrics* metrics,
               std::uint32_t jitter_seed = std::random_device{}());
  ~OutboxSender();
  OutboxSender(const OutboxSender&) = delete;
  OutboxSender& operator=(const OutboxSender&) = delete;

  void Start();
  // New rows were committed: look now rather than at the next planned time.
  void Wake();
  // Stops dispatching, waits for calls in flight to settle, and joins the thread.
  void Stop();

  // One round: records the sends that settled, then dispatches every row that may go now.
  // Returns when the sender next has something to do by the clock (nullopt: only when woken).
  std::optional<TimePoint> Step();

  std::size_t InFlight() const;

 private:
  struct Settled {
    storage::OutboxRow row;
    SendOutcome outcome;
  };
  void Run();
  // Writes settled sends to the outbox, then updates the queue. False when the database did not
  // take them (the queue is left as it was).
  bool Record(const std::vector<Settled>& settled, TimePoint now);
  // Brings the queue up to date: the rows committed since the last look, or every pending row
  // when a sweep is due. False when the database could not be read.
  bool Refresh(TimePoint now);
  // The rows that may go now, within the limits (each counted as sent), read whole.
  std::optional<std::vector<storage::OutboxRow>> Pick(TimePoint now, std::size_t in_flight,
                                                      std::optional<TimePoint>& next);
  void Dispatch(const storage::OutboxRow& row);
  // A row that failed for good and has a fallback (a chart's text) is replaced by it, due now.
  // False when it has none.
  bool FallBack(storage::Session& session, const storage::OutboxRow& row, const std::string& error,
                TimePoint now);

  storage::Database& database_;
  const std::string platform_;
  PlatformApi& api_;
  RateLimiter limiter_;
  const SenderPolicy policy_;
  const Clock& clock_;
  Metrics* metrics_;
  std::mt19937 jitter_;
  // The sender thread's own (or Step's caller's): not guarded.
  SendQueue queue_;
  std::optional<TimePoint> next_sweep_;
  // Set when the overall limit refused the last step: until then a new row could not go anyway
  // (unless exempt from the limit), so wakes wait for it rather than each costing a step.
  std::optional<TimePoint> quiet_until_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool woken_ = false;
  bool stopping_ = false;
  std::vector<Settled> settled_;      // guarded by mu_
  std::set<std::int64_t> in_flight_;  // guarded by mu_
  std::thread thread_;
};

}  // namespace achilles::bot
