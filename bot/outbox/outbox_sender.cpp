#include "bot/outbox/outbox_sender.h"

#include <algorithm>

#include "bot/runtime/log.h"
#include "charts/chart_png.h"
#include "storage/outbox.h"
#include "storage/runners.h"

namespace achilles::bot {
namespace {

// The longest the thread sleeps without being woken: a safety sweep for rows written by
// another process (the terminal chat, an operator) sharing the database.
constexpr std::chrono::seconds kSweep{30};
// How long wakes may wait while the overall limit refuses: the most a row exempt from that
// limit (a button's answer, a Discord interaction's reply) is delayed by it.
constexpr std::chrono::milliseconds kQuietAtMost{50};

}  // namespace

OutboxSender::OutboxSender(storage::Database& database, std::string platform, PlatformApi& api,
                           RateLimits limits, SenderPolicy policy, const Clock& clock,
                           Metrics* metrics, std::uint32_t jitter_seed)
    : database_(database),
      platform_(std::move(platform)),
      api_(api),
      limiter_(limits),
      policy_(std::move(policy)),
      clock_(clock),
      metrics_(metrics),
      jitter_(jitter_seed) {}

OutboxSender::~OutboxSender() { Stop(); }

void OutboxSender::Start() {
  thread_ = std::thread([this] { Run(); });
}

void OutboxSender::Wake() {
  std::lock_guard lock(mu_);
  woken_ = true;
  wake_.notify_one();
}

void OutboxSender::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    wake_.notify_one();
  }
  if (thread_.joinable()) thread_.join();
}

std::size_t OutboxSender::InFlight() const {
  std::lock_guard lock(mu_);
  return in_flight_.size();
}

void OutboxSender::Run() {
  while (true) {
    std::optional<TimePoint> next;
    try {
      next = Step();
    } catch (const std::exception& e) {
      // The last resort of a background thread: log, and try again later; never terminate.
      LogError("outbox " + platform_ + ": step failed: " + e.what());
      next = clock_.Now() + std::chrono::seconds(1);
    }
    std::unique_lock lock(mu_);
    if (stopping_ && in_flight_.empty() && settled_.empty()) return;
    // Under a burst, commits wake the sender far more often than the overall limit lets it
    // send: while it refuses, wakes wait (a settled call still counts at once).
    const bool quiet = quiet_until_ && clock_.Now() < *quiet_until_;
    auto ready = [&] { return (woken_ && !quiet) || stopping_ || !settled_.empty(); };
    auto timeout = std::chrono::milliseconds(kSweep);
    if (quiet) next = next ? std::min(*next, *quiet_until_) : *quiet_until_;
    if (next)
      timeout = std::clamp(std::chrono::milliseconds(*next - clock_.Now()),
                           std::chrono::milliseconds(0), timeout);
    wake_.wait_for(lock, timeout, ready);
    woken_ = false;
  }
}

std::optional<TimePoint> OutboxSender::Step() {
  std::vector<Settled> settled;
  bool stopping = false;
  std::size_t in_flight = 0;
  {
    std::lock_guard lock(mu_);
    settled.swap(settled_);
    for (const auto& s : settled) in_flight_.erase(s.row.id);
    stopping = stopping_;
    in_flight = in_flight_.size();
  }
  const TimePoint now = clock_.Now();
  if (!settled.empty() && !Record(settled, now)) {
    // The platform has these messages; keep them in flight (never sent again) until recorded.
    std::lock_guard lock(mu_);
    for (auto& s : settled) in_flight_.insert(s.row.id);
    settled_.insert(settled_.begin(), settled.begin(), settled.end());
    return now + std::chrono::seconds(1);
  }
  if (stopping) return std::nullopt;
  if (!Refresh(now)) return now + std::chrono::seconds(1);

  // Rows not yet due (or put off by a limit) wake us by the clock; rows due but behind a call in
  // flight wake us when it settles; rows written by another process, at Run's next sweep.
  std::optional<TimePoint> next;
  auto picked = Pick(now, in_flight, next);
  if (!picked) return now + std::chrono::seconds(1);
  for (const auto& row : *picked) Dispatch(row);
  return next;
}

bool OutboxSender::Refresh(TimePoint now) {
  const bool sweep = !next_sweep_ || now >= *next_sweep_;
  std::vector<storage::PendingRef> rows;
  auto read = database_.Read<bool>([&](storage::Session& session) -> Result<bool> {
    rows = storage::PendingAfter(session, platform_, sweep ? 0 : queue_.last_id());
    return true;
  });
  if (!read) {
    LogError("outbox " + platform_ + ": " + read.error().message);
    return false;
  }
  if (sweep) {
    queue_.Clear();
    next_sweep_ = now + kSweep;
  }
  for (const auto& row : rows) queue_.Add(row);
  return true;
}

std::optional<std::vector<storage::OutboxRow>> OutboxSender::Pick(TimePoint now,
                                                                  std::size_t in_flight,
                                                                  std::optional<TimePoint>& next) {
  auto sooner = [&next](TimePoint t) { next = next ? std::min(*next, t) : t; };
  quiet_until_.reset();
  const std::size_t limit = policy_.batch + in_flight;
  const auto due = queue_.Due(now, limit);
  std::vector<std::int64_t> ids;
  for (const auto& ref : due) {
    {
      std::lock_guard lock(mu_);
      if (in_flight_.contains(ref.id)) continue;
      if (in_flight_.size() + ids.size() >= policy_.max_in_flight)
        break;  // a settling call wakes us
    }
    if (!policy_.unmetered_methods.contains(ref.method)) {
      // Counted at the moment of sending, not when the step began: recording the last step's
      // results may have taken a while (fsync), and the platform counts arrivals.
      const TimePoint sending = clock_.Now();
      // When the overall limit refuses, no metered row goes this step, but the exempt ones
      // behind them still do.
      if (quiet_until_) continue;
      if (const auto all = limiter_.OverallWait(sending); all > std::chrono::milliseconds(0)) {
        sooner(sending + all);
        quiet_until_ = sending + std::min<std::chrono::milliseconds>(all, kQuietAtMost);
        continue;
      }
      const auto wait = limiter_.TryAcquire(ref.chat_id, ref.scope, sending);
      if (wait > std::chrono::milliseconds(0)) {
        queue_.Defer(ref.id, sending + wait);
        continue;
      }
    }
    ids.push_back(ref.id);
  }
  // A full batch that made progress may have more behind it: look again at once. One where
  // everything was refused waits for the limiter or for calls to settle instead of spinning.
  if (due.size() == limit && !ids.empty()) sooner(now);

  storage::PendingRows found;
  auto read = database_.Read<bool>([&](storage::Session& session) -> Result<bool> {
    found = storage::ReadPending(session, platform_, ids);
    return true;
  });
  if (!read) {
    LogError("outbox " + platform_ + ": " + read.error().message);
    return std::nullopt;
  }
  // A runner who blocked the bot gets nothing until they write again (which adds a row to
  // their chat and so makes its first row due again), or until the next sweep looks.
  for (const auto id : found.held) queue_.Defer(id, next_sweep_.value_or(now + kSweep));
  std::set<std::int64_t> still(ids.begin(), ids.end());
  for (const auto& row : found.sendable) still.erase(row.id);
  for (const auto id : found.held) still.erase(id);
  for (const auto id : still) queue_.Remove(id);  // sent, failed or deleted meanwhile
  if (const auto at = queue_.NextAt(); at && *at > now) sooner(*at);
  return std::move(found.sendable);
}

void OutboxSender::Dispatch(const storage::OutboxRow& row) {
  {
    std::lock_guard lock(mu_);
    in_flight_.insert(row.id);
  }
  auto settle = [this, row](SendOutcome outcome) {
    // Notified under the lock: once it is released the sender may see the call settled, stop
    // and be destroyed, so this callback must not touch it after that.
    std::lock_guard lock(mu_);
    settled_.push_back(Settled{row, std::move(outcome)});
    wake_.notify_one();
  };
  try {
    const auto& uploads = row.message.uploads;
    if (std::none_of(uploads.begin(), uploads.end(), [](const auto& u) { return u.chart; })) {
      api_.Send(row.message, settle);
      return;
    }
    // A chart is drawn here, on the sender's thread, never on the request path.
    storage::OutgoingMessage message = row.message;
    for (auto& upload : message.uploads) {
      if (!upload.chart) continue;
      auto chart = charts::ChartFromJson(upload.content);
      if (!chart) {
        settle(SendOutcome::Failure(SendOutcome::Kind::kRejected, chart.error().message));
        return;
      }
      auto png = charts::DrawPng(*chart);
      if (!png) {
        settle(SendOutcome::Failure(SendOutcome::Kind::kRejected, png.error().message));
        return;
      }
      upload.content = std::move(*png);
      upload.chart = false;
    }
    api_.Send(message, settle);
  } catch (const std::exception& e) {
    // A client that throws instead of answering (a row it cannot read): the row settles as
    // rejected rather than staying in flight forever.
    settle(SendOutcome::Failure(SendOutcome::Kind::kRejected,
                                std::string("could not be sent: ") + e.what()));
  }
}

bool OutboxSender::FallBack(storage::Session& session, const storage::OutboxRow& row,
                            const std::string& error, TimePoint now) {
  if (!row.message.fallback || !storage::UseFallback(session, row.id, error, now)) return false;
  LogWarning(platform_ + " outbox row " + std::to_string(row.id) +
             " failed for good, sending its text instead: " + error);
  if (metrics_) metrics_->CountRetry(platform_, "fallback");
  return true;
}

bool OutboxSender::Record(const std::vector<Settled>& settled, TimePoint now) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  // What each settled send does to the queue, applied once the transaction has committed.
  std::vector<std::pair<std::int64_t, std::optional<TimePoint>>> again;  // due again, or gone
  std::vector<std::int64_t> blocked;                                     // runners
  auto written = database_.Transact<bool>([&](storage::Session& session) -> Result<bool> {
    again.clear();
    blocked.clear();
    for (const auto& [row, outcome] : settled) {
      const std::string where = platform_ + " outbox row " + std::to_string(row.id);
      switch (outcome.kind) {
        case SendOutcome::Kind::kSent:
          storage::MarkSent(session, row.id, now);
          again.emplace_back(row.id, std::nullopt);
          if (outcome.chat_pause > std::chrono::milliseconds(0)) {
            limiter_.HoldChat(row.message.chat_id, now + outcome.chat_pause);
          }
          if (outcome.opened_private_chat && row.message.runner_id) {
            storage::SetPrivateChat(session, *row.message.runner_id, *outcome.opened_private_chat);
          }
          if (metrics_) metrics_->CountSend(platform_, "sent");
          break;
        case SendOutcome::Kind::kRetryAfter:
          // Not the message's fault: the attempt is not counted against it.
          if (outcome.global) {
            limiter_.HoldAll(now + outcome.retry_after);
          } else {
            limiter_.HoldChat(row.message.chat_id, now + outcome.retry_after);
          }
          storage::Reschedule(session, row.id, row.attempts, now + outcome.retry_after,
                              outcome.error);
          again.emplace_back(row.id, now + outcome.retry_after);
          if (metrics_) metrics_->CountRetry(platform_, "rate_limited");
          break;
        case SendOutcome::Kind::kTransient: {
          const int attempts = row.attempts + 1;
          if (attempts >= policy_.max_attempts) {
            if (FallBack(session, row, outcome.error, now)) {
              again.emplace_back(row.id, now);
              break;
            }
            storage::MarkFailed(session, row.id, attempts, outcome.error, now);
            again.emplace_back(row.id, std::nullopt);
            LogWarning(where + " failed after " + std::to_string(attempts) +
                       " attempts: " + outcome.error);
            if (metrics_) metrics_->CountSend(platform_, "failed");
          } else {
            const auto delay =
                Backoff(attempts, policy_.base_backoff, policy_.max_backoff, unit(jitter_));
            storage::Reschedule(session, row.id, attempts, now + delay, outcome.error);
            again.emplace_back(row.id, now + delay);
            if (metrics_) metrics_->CountRetry(platform_, "transient");
          }
          break;
        }
        case SendOutcome::Kind::kBlocked:
          storage::MarkFailed(session, row.id, row.attempts + 1, outcome.error, now);
          again.emplace_back(row.id, std::nullopt);
          if (row.message.runner_id) {
            blocked.push_back(*row.message.runner_id);
            storage::MarkUnreachable(session, *row.message.runner_id, now);
            storage::FailPendingForRunner(session, *row.message.runner_id, "runner blocked the bot",
                                          now);
          }
          LogInfo(where + ": recipient blocked the bot; marked unreachable");
          if (metrics_) metrics_->CountSend(platform_, "blocked");
          break;
        case SendOutcome::Kind::kRejected:
          if (FallBack(session, row, outcome.error, now)) {
            again.emplace_back(row.id, now);
            break;
          }
          storage::MarkFailed(session, row.id, row.attempts + 1, outcome.error, now);
          again.emplace_back(row.id, std::nullopt);
          LogWarning(where + " rejected: " + outcome.error);
          if (metrics_) metrics_->CountSend(platform_, "failed");
          break;
      }
    }
    return true;
  });
  if (!written) {
    LogError("outbox " + platform_ + ": could not record " + std::to_string(settled.size()) +
             " settled sends, will retry: " + written.error().message);
    return false;
  }
  for (const auto& [id, due] : again) {
    if (due) {
      queue_.Reschedule(id, *due);
    } else {
      queue_.Remove(id);
    }
  }
  for (const auto runner : blocked) queue_.RemoveRunner(runner);
  return true;
}

}  // namespace achilles::bot
