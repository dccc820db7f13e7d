// Issue 5: the scheduler's tick with 100,000 stored runners (target: under 200 ms), against a
// baseline measured in the same run: the same due query without the index (a scan of every
// runner). Prints each figure, the ratios and the process's peak memory.
//
//   build/bench/achilles_bench_scheduler [--benchmark_min_time=...]
#include <SQLiteCpp/SQLiteCpp.h>
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <memory>

#include "bench/peak_memory.h"
#include "bot/schedule/scheduler.h"
#include "bot/telegram/telegram_render.h"
#include "bot/telegram/telegram_update.h"
#include "storage/runners.h"
#include "storage/schedule.h"
#include "tests/support/fixtures.h"
#include "tests/support/runners.h"

namespace achilles::bench {
namespace {

using namespace std::chrono;

constexpr int kRunners = 100'000;
constexpr int kClustered = 1'000;  // all at 07:00 Europe/Berlin: one tick's worth at once

// Tuesday 24 November 2026, 05:00 UTC.
const TimePoint kStart = sys_days{2026y / November / 24} + hours(5);
const TimePoint kBerlinSeven = sys_days{2026y / November / 24} + hours(6);

// 100,000 onboarded runners in a database file: check-in times spread over the day in eight
// zones, and a cluster of 1,000 at the same minute.
class World {
 public:
  static World& Get() {
    static World world;
    return world;
  }

  storage::Database& db() { return *db_; }
  bot::FakeClock& clock() { return clock_; }
  bot::Scheduler& scheduler() { return scheduler_; }
  const std::vector<std::int64_t>& cluster() const { return cluster_; }

 private:
  World() {
    std::printf("populating %d runners...\n", kRunners);
    const auto started = steady_clock::now();
    const char* zones[] = {
        "Europe/Berlin", "America/New_York",    "Pacific/Auckland", "Asia/Kolkata",
        "Europe/London", "America/Los_Angeles", "Australia/Sydney", "UTC+2"};
    auto populated = db_->Transact<bool>([&](storage::Session& s) -> Result<bool> {
      for (int i = 0; i < kRunners; ++i) {
        dialogs::Profile profile;
        profile.site = dialogs::PainSite::kMidportion;
        profile.review_weekday = static_cast<unsigned>(i % 7);
        if (i < kClustered) {
          profile.time_zone = "Europe/Berlin";
          profile.checkin_time = "07:00";
        } else {
          const int minute = (i * 7) % 1440;
          char time[8];
          std::snprintf(time, sizeof time, "%02d:%02d", minute / 60, minute % 60);
          profile.time_zone = zones[i % 8];
          profile.checkin_time = time;
        }
        const auto runner =
            testing::AddPromptableRunner(s, bot::kTelegram, std::to_string(100000000 + i), profile,
                                         coach_.settings().schedule, clock_.Now());
        if (i < kClustered) cluster_.push_back(runner.id);
      }
      return true;
    });
    if (!populated) throw std::runtime_error(populated.error().message);
    std::printf("populated in %.1f s\n", duration<double>(steady_clock::now() - started).count());
  }

  testing::TempDir dir_;
  std::unique_ptr<storage::Database> db_ =
      *storage::Database::Open((dir_.path() / "bench.db").string());
  bot::FakeClock clock_{kStart};
  dialogs::Coach coach_{testing::ShippedContent()};
  bot::TelegramRenderer renderer_;
  bot::Scheduler scheduler_{*db_, coach_, clock_, {{bot::kTelegram, &renderer_}}, nullptr, nullptr};
  std::vector<std::int64_t> cluster_;
};

void Report(benchmark::State& state, int prompts) {
  state.counters["prompts_per_tick"] =
      benchmark::Counter(prompts, benchmark::Counter::kAvgIterations);
  state.counters["peak_MiB"] = PeakMemoryMiB();
}

// A tick with nothing due: the index probe alone.
void BM_TickNothingDue(benchmark::State& state) {
  World& world = World::Get();
  world.clock().Set(kStart);
  (void)world.scheduler().Tick();  // whatever was due goes now
  int prompts = 0;
  for (auto _ : state) prompts += world.scheduler().Tick()->prompts;
  Report(state, prompts);
}

// Ticks 30 seconds apart through the morning: the prompts and reminders of that half minute.
void BM_TickEvery30Seconds(benchmark::State& state) {
  World& world = World::Get();
  world.clock().Set(kStart);
  (void)world.scheduler().Tick();
  int prompts = 0;
  for (auto _ : state) {
    world.clock().Advance(seconds(30));
    prompts += world.scheduler().Tick()->prompts;
  }
  Report(state, prompts);
}

// 1,000 runners due in the same tick (a popular check-in time), plus the others due then.
void BM_TickWithAThousandDue(benchmark::State& state) {
  World& world = World::Get();
  int prompts = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto reset = world.db().Transact<bool>([&](storage::Session& s) -> Result<bool> {
      s.db().exec("DELETE FROM outbox");
      SQLite::Statement forget(s.db(), "DELETE FROM prompts WHERE runner_id = ?");
      SQLite::Statement due(s.db(), "UPDATE runners SET next_due_at = ? WHERE id = ?");
      for (const auto id : world.cluster()) {
        forget.bind(1, id);
        forget.exec();
        forget.reset();
        due.bind(1, ToUnixMillis(kBerlinSeven));
        due.bind(2, id);
        due.exec();
        due.reset();
      }
      return true;
    });
    if (!reset) state.SkipWithError(reset.error().message.c_str());
    world.clock().Set(kBerlinSeven);
    state.ResumeTiming();
    prompts += world.scheduler().Tick()->prompts;
  }
  Report(state, prompts);
}

// The due query as the scheduler runs it (on the index) and the baseline without the index.
void DueQuery(benchmark::State& state, bool indexed) {
  World& world = World::Get();
  // An hour and more past the ticks above: thousands due; the query reads a batch of 500.
  const TimePoint now = kStart + hours(3);
  std::size_t found = 0;
  for (auto _ : state) {
    auto ids = world.db().Transact<std::size_t>([&](storage::Session& s) -> Result<std::size_t> {
      if (indexed) return storage::DueRunners(s, bot::kTelegram, now, 500).size();
      SQLite::Statement scan(s.db(),
                             "SELECT id FROM runners NOT INDEXED WHERE next_due_at IS NOT NULL "
                             "AND unreachable_since IS NULL AND platform = ? AND next_due_at <= ? "
                             "ORDER BY next_due_at LIMIT 500");
      scan.bind(1, bot::kTelegram);
      scan.bind(2, ToUnixMillis(now));
      std::size_t n = 0;
      while (scan.executeStep()) ++n;
      return n;
    });
    found = *ids;
  }
  state.counters["due_runners"] = static_cast<double>(found);
}
void BM_DueQueryIndexed(benchmark::State& state) { DueQuery(state, true); }
void BM_DueQueryFullScanBaseline(benchmark::State& state) { DueQuery(state, false); }

BENCHMARK(BM_TickNothingDue)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TickEvery30Seconds)->Unit(benchmark::kMillisecond)->Iterations(200);
BENCHMARK(BM_TickWithAThousandDue)->Unit(benchmark::kMillisecond)->Iterations(10);
BENCHMARK(BM_DueQueryIndexed)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DueQueryFullScanBaseline)->Unit(benchmark::kMillisecond);

// Keeps each benchmark's mean time so the ratios can be printed after the run.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& run : runs) {
      if (run.iterations > 0) {
        millis_[run.benchmark_name()] = run.GetAdjustedRealTime();  // in the run's unit (ms)
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }
  double Millis(const std::string& name) const {
    auto it = millis_.find(name);
    return it == millis_.end() ? 0 : it->second;
  }

 private:
  std::map<std::string, double> millis_;
};

}  // namespace
}  // namespace achilles::bench

int main(int argc, char** argv) {
  using achilles::bench::RatioReporter;
  benchmark::Initialize(&argc, argv);
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  const double baseline = reporter.Millis("BM_DueQueryFullScanBaseline");
  std::printf("\nrunners stored: %d\n", achilles::bench::kRunners);
  for (const char* name : {"BM_TickNothingDue", "BM_TickEvery30Seconds/iterations:200",
                           "BM_TickWithAThousandDue/iterations:10", "BM_DueQueryIndexed"}) {
    const double ms = reporter.Millis(name);
    std::printf("%-40s %9.3f ms  (%.3fx the full-scan due query, %.3f ms)\n", name, ms,
                baseline > 0 ? ms / baseline : 0.0, baseline);
  }
  std::printf("peak memory of the process: %.1f MiB\n", achilles::bench::PeakMemoryMiB());
  benchmark::Shutdown();
  return 0;
}
