// Issue 18: the cost of drawing a chart as the outbox sender does (the row's JSON read back,
// then drawn to PNG bytes), target p99 under 50 ms per chart, and the memory it takes. A
// runner's six weeks with every mark and a full squad image of 12 panels are each drawn
// `rounds` times one by one; the text of the same runner chart (ChartInWords, what the reply
// carries anyway) is the baseline measured in the same run.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

#include "bench/peak_memory.h"
#include "charts/chart_png.h"
#include "dialogs/summary.h"

namespace achilles::bench {
namespace {

using dialogs::ChartDay;
using std::chrono::days;

const Day kFirst = std::chrono::sys_days{std::chrono::year{2026} / 10 / 19};

// Every day checked in with varying scores, runs every other day, a flare-up, a red flag, five
// bands and six weekly checks: the most a runner chart ever draws.
std::vector<ChartDay> Days(int count, int seed) {
  std::vector<ChartDay> days_shown;
  for (int i = 0; i < count; ++i) {
    ChartDay day{
        .day = kFirst + days(i), .stiffness = (i * 7 + seed) % 8, .pain = (i * 5 + seed) % 6};
    day.km = i % 2 == 0 ? 3.0 + (i % 9) : 0.0;
    day.session_done = i % 5 != 0;
    day.flare = i % 17 == 3;
    day.red_flag = i == 30;
    days_shown.push_back(day);
  }
  return days_shown;
}

dialogs::Chart RunnerChart() {
  dialogs::RunnerChart chart{.title = "Your last 6 weeks",
                             .days = Days(dialogs::kRunnerChartDays, 1)};
  const char* labels[] = {"Settle", "HSR wk 1", "HSR wk 2", "HSR wk 3", "Floor raises", "Hops"};
  for (int band = 0; band < 6; ++band) {
    chart.bands.push_back({kFirst + days(band * 7), kFirst + days(band * 7 + 6), labels[band],
                           dialogs::Phase::kHeavySlow});
    chart.heel_raises.push_back({kFirst + days(band * 7 + 6), 12 + band * 3, 25 + band});
  }
  return dialogs::Chart{.runner = std::move(chart)};
}

dialogs::Chart SquadChart() {
  dialogs::SquadChart chart{.title = "Harriers: the last 14 days (1 of 2)"};
  for (int i = 0; i < static_cast<int>(dialogs::kPanelsPerChart); ++i) {
    chart.panels.push_back(
        {.name = "Runner " + std::to_string(i + 1),
         .days = Days(dialogs::kPanelDays, i),
         .flags = i % 4 == 0 ? std::vector<std::string>{"flare-up"} : std::vector<std::string>{}});
  }
  return dialogs::Chart{.squad = std::move(chart)};
}

struct Figures {
  double p50_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

Figures Time(int rounds, const std::function<void()>& work) {
  std::vector<double> ms;
  ms.reserve(static_cast<std::size_t>(rounds));
  for (int i = 0; i < rounds; ++i) {
    const auto start = std::chrono::steady_clock::now();
    work();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[ms.size() * 99 / 100], ms.back()};
}

// What the sender does with a chart row: read its JSON, draw it.
std::size_t Draw(const std::string& stored) {
  const auto chart = charts::ChartFromJson(stored);
  if (!chart) std::abort();
  return charts::DrawPng(*chart).value().size();
}

}  // namespace
}  // namespace achilles::bench

int main(int argc, char** argv) {
  using namespace achilles::bench;
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 300;
  const std::string runner = achilles::charts::ChartJson(RunnerChart());
  const std::string squad = achilles::charts::ChartJson(SquadChart());
  const std::size_t runner_bytes = Draw(runner);  // warm: fontconfig's first lookup
  const std::size_t squad_bytes = Draw(squad);
  const double memory_before = PeakMemoryMiB();

  std::size_t sink = 0;
  const Figures words =
      Time(rounds, [&] { sink += achilles::dialogs::ChartInWords(*RunnerChart().runner).size(); });
  const Figures runner_png = Time(rounds, [&] { sink += Draw(runner); });
  const Figures squad_png = Time(rounds, [&] { sink += Draw(squad); });
  const double memory_after = PeakMemoryMiB();

  std::printf("%d rounds each, one chart at a time\n", rounds);
  std::printf("runner chart, in words (baseline): p50 %.3f ms, p99 %.3f ms\n", words.p50_ms,
              words.p99_ms);
  std::printf(
      "runner chart, 42 days, PNG of %zu bytes: p50 %.2f ms, p99 %.2f ms, max %.2f ms "
      "(target p99 < 50 ms; %.0fx the words)\n",
      runner_bytes, runner_png.p50_ms, runner_png.p99_ms, runner_png.max_ms,
      runner_png.p99_ms / words.p99_ms);
  std::printf(
      "squad chart, 12 panels, PNG of %zu bytes: p50 %.2f ms, p99 %.2f ms, max %.2f ms "
      "(target p99 < 50 ms)\n",
      squad_bytes, squad_png.p50_ms, squad_png.p99_ms, squad_png.max_ms);
  std::printf("peak memory: %.1f MiB after the first of each, %.1f MiB after all (%zu)\n",
              memory_before, memory_after, sink % 10);
  return 0;
}
