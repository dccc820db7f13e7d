#include "bot/runtime/metrics.h"

#include <algorithm>
#include <sstream>

namespace achilles::bot {

void Metrics::RequestStarted(std::string_view route) {
  std::lock_guard lock(mu_);
  ++in_flight_[std::string(route)];
}

void Metrics::CountRequest(std::string_view route, unsigned status,
                           std::chrono::duration<double> latency) {
  std::lock_guard lock(mu_);
  ++requests_[{std::string(route), status}];
  if (auto it = in_flight_.find(route); it != in_flight_.end() && it->second > 0) --it->second;
  const double seconds = latency.count();
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) ++latency_counts_[i];
  }
  ++latency_count_;
  latency_sum_ += seconds;
}

void Metrics::CountSend(std::string_view platform, std::string_view result) {
  std::lock_guard lock(mu_);
  ++sends_[{std::string(platform), std::string(result)}];
}

void Metrics::CountRetry(std::string_view platform, std::string_view reason) {
  std::lock_guard lock(mu_);
  ++retries_[{std::string(platform), std::string(reason)}];
}

void Metrics::CountPrompt(std::string_view kind) {
  std::lock_guard lock(mu_);
  ++prompts_[std::string(kind)];
}

void Metrics::CountTick(std::chrono::duration<double> took) {
  std::lock_guard lock(mu_);
  ++ticks_;
  tick_seconds_sum_ += took.count();
  tick_seconds_max_ = std::max(tick_seconds_max_, took.count());
}

void Metrics::CountQuarantined(std::string_view source) {
  std::lock_guard lock(mu_);
  ++quarantined_[std::string(source)];
}

std::string Metrics::Render(const DatabaseFigures& database) const {
  std::lock_guard lock(mu_);
  std::ostringstream out;
  out << "# HELP achilles_http_requests_total HTTP requests answered, by route and status.\n"
      << "# TYPE achilles_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    out << "achilles_http_requests_total{route=\"" << key.first << "\",status=\"" << key.second
        << "\"} " << count << "\n";
  }
  out << "# HELP achilles_http_requests_in_flight HTTP requests being handled, by route.\n"
      << "# TYPE achilles_http_requests_in_flight gauge\n";
  for (const auto& [route, count] : in_flight_) {
    out << "achilles_http_requests_in_flight{route=\"" << route << "\"} " << count << "\n";
  }
  out << "# HELP achilles_http_request_duration_seconds Time to answer an HTTP request.\n"
      << "# TYPE achilles_http_request_duration_seconds histogram\n";
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    out << "achilles_http_request_duration_seconds_bucket{le=\"" << kLatencyBuckets[i] << "\"} "
        << latency_counts_[i] << "\n";
  }
  out << "achilles_http_request_duration_seconds_bucket{le=\"+Inf\"} " << latency_count_ << "\n"
      << "achilles_http_request_duration_seconds_sum " << latency_sum_ << "\n"
      << "achilles_http_request_duration_seconds_count " << latency_count_ << "\n";
  out << "# HELP achilles_outbox_pending Messages waiting in the outbox.\n"
      << "# TYPE achilles_outbox_pending gauge\n"
      << "achilles_outbox_pending " << database.outbox_pending << "\n";
  out << "# HELP achilles_db_transactions_total Write transactions run.\n"
      << "# TYPE achilles_db_transactions_total counter\n"
      << "achilles_db_transactions_total " << database.transactions << "\n"
      << "# HELP achilles_db_commits_total Commits the write transactions took (group commit "
         "puts concurrent ones in one).\n"
      << "# TYPE achilles_db_commits_total counter\n"
      << "achilles_db_commits_total " << database.commits << "\n"
      << "# HELP achilles_db_writes_waiting Write transactions waiting for the writer.\n"
      << "# TYPE achilles_db_writes_waiting gauge\n"
      << "achilles_db_writes_waiting " << database.writes_waiting << "\n";
  out << "# HELP achilles_outbox_sends_total Outbox rows settled, by platform and result.\n"
      << "# TYPE achilles_outbox_sends_total counter\n";
  for (const auto& [key, count] : sends_) {
    out << "achilles_outbox_sends_total{platform=\"" << key.first << "\",result=\"" << key.second
        << "\"} " << count << "\n";
  }
  out << "# HELP achilles_outbox_retries_total Outbox sends rescheduled, by platform and reason.\n"
      << "# TYPE achilles_outbox_retries_total counter\n";
  for (const auto& [key, count] : retries_) {
    out << "achilles_outbox_retries_total{platform=\"" << key.first << "\",reason=\"" << key.second
        << "\"} " << count << "\n";
  }
  out << "# HELP achilles_prompts_total Messages the scheduler started, by kind.\n"
      << "# TYPE achilles_prompts_total counter\n";
  for (const auto& [kind, count] : prompts_) {
    out << "achilles_prompts_total{kind=\"" << kind << "\"} " << count << "\n";
  }
  out << "# HELP achilles_scheduler_tick_seconds How long the scheduler's ticks took.\n"
      << "# TYPE achilles_scheduler_tick_seconds summary\n"
      << "achilles_scheduler_tick_seconds_sum " << tick_seconds_sum_ << "\n"
      << "achilles_scheduler_tick_seconds_count " << ticks_ << "\n"
      << "# HELP achilles_scheduler_tick_seconds_max The longest tick since the start.\n"
      << "# TYPE achilles_scheduler_tick_seconds_max gauge\n"
      << "achilles_scheduler_tick_seconds_max " << tick_seconds_max_ << "\n";
  out << "# HELP achilles_quarantined_total Updates and rows that failed for good and were "
         "kept for an operator, by source.\n"
      << "# TYPE achilles_quarantined_total counter\n";
  for (const auto& [source, count] : quarantined_) {
    out << "achilles_quarantined_total{source=\"" << source << "\"} " << count << "\n";
  }
  return out.str();
}

}  // namespace achilles::bot
