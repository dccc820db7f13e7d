// Check-ins summed over a stretch of days, in numbers and as chart data: what /progress, the
// weekly review and a coach's /team show. Pure.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "dialogs/chart.h"
#include "dialogs/pain_monitoring.h"
#include "dialogs/questionnaire.h"
#include "dialogs/runner_state.h"

namespace achilles::dialogs {

struct Summary {
  int days = 0;       // days in the stretch
  int check_ins = 0;  // days with a check-in
  int sessions_reported = 0;
  int sessions_done = 0;
  double km = 0;
  std::optional<double> mean_stiffness;  // morning stiffness 0-10
  std::optional<double> mean_pain;       // the worse of run and rehab pain, 0-10
};

// The check-ins in `records` (any order) from `first` to `last`, both included.
Summary Summarise(std::span<const DayRecord> records, Day first, Day last);

// Days in a row with a check-in, ending `today` (or yesterday, while today's is not in yet).
// Counts only as far back as `records` go.
int Streak(std::span<const DayRecord> records, Day today);

// The worse of the day's run and rehab pain.
std::optional<int> WorstPain(const CheckIn& check_in);

// ▁▂▃▄▅▆▇█ for scores 0-10, · for a day without one.
std::string Sparkline(std::span<const std::optional<int>> values);

// The days from `first` to `last` of the runner: scores from the check-ins in `state.recent`,
// flare days from the progress, red flags from `state.red_flag_days`.
std::vector<ChartDay> ChartDays(const RunnerState& state, Day first, Day last);

// The runner's last kRunnerChartDays days up to `today`: their days, the phase bands from the
// position stored with each check-in (a day without one continues the band before it), and the
// heel raises of the `questionnaires`' items that have a side.
RunnerChart ProgressChart(const RunnerState& state, std::span<const Questionnaire> questionnaires,
                          Day today);

// What `chart` shows, in words, for the text that goes with it: a line a week (mean stiffness
// and pain, km, sessions), the flare-up and red-flag days, the last heel-raise counts.
std::string ChartInWords(const RunnerChart& chart);

}  // namespace achilles::dialogs
