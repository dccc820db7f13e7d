// Service metrics in the Prometheus text format (no Debian package offers a C++ client).
// Thread-safe: every method may be called from any thread.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace achilles::bot {

// What the database reports when /metrics is scraped (read by the caller then).
struct DatabaseFigures {
  std::int64_t outbox_pending = -1;  // -1 when it could not be read
  std::uint64_t transactions = 0;
  std::uint64_t commits = 0;
  std::uint64_t writes_waiting = 0;
};

class Metrics {
 public:
  // An HTTP request on `route` is being handled; CountRequest ends it.
  void RequestStarted(std::string_view route);

  // One HTTP request answered on `route` (a fixed name, not the raw path) with `status`.
  void CountRequest(std::string_view route, unsigned status, std::chrono::duration<double> latency);

  // One outbox row settled on `platform` with `result` ("sent", "failed", "blocked").
  void CountSend(std::string_view platform, std::string_view result);

  // One outbox row rescheduled on `platform` for `reason` ("rate_limited", "transient").
  void CountRetry(std::string_view platform, std::string_view reason);

  // One prompt the scheduler queued, by kind ("checkin", "reminder", "review").
  void CountPrompt(std::string_view kind);

  // One scheduler tick ended (done or failed) after `took`.
  void CountTick(std::chrono::duration<double> took);

  // One update or row quarantined (failed for good), by where it failed ("telegram_webhook").
  void CountQuarantined(std::string_view source);

  // The exposition text, with the database's figures as the caller read them.
  std::string Render(const DatabaseFigures& database) const;

 private:
  static constexpr std::array<double, 11> kLatencyBuckets = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};

  mutable std::mutex mu_;
  std::map<std::pair<std::string, unsigned>, std::uint64_t> requests_;
  std::map<std::string, std::int64_t, std::less<>> in_flight_;
  std::array<std::uint64_t, kLatencyBuckets.size()> latency_counts_{};
  std::uint64_t latency_count_ = 0;
  double latency_sum_ = 0;
  std::map<std::pair<std::string, std::string>, std::uint64_t> sends_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> retries_;
  std::map<std::string, std::uint64_t> prompts_;
  std::uint64_t ticks_ = 0;
  double tick_seconds_sum_ = 0;
  double tick_seconds_max_ = 0;
  std::map<std::string, std::uint64_t> quarantined_;
};

}  // namespace achilles::bot
