// Check-ins summed over a stretch of days: what /progress, the weekly review and (later) a
// coach's squad view show. Pure.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "dialogs/pain_monitoring.h"

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

}  // namespace achilles::dialogs
