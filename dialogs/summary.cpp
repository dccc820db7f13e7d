#include "dialogs/summary.h"

#include <algorithm>

namespace achilles::dialogs {

std::optional<int> WorstPain(const CheckIn& check_in) {
  std::optional<int> worst = check_in.rehab_pain;
  if (check_in.run_pain) worst = std::max(worst.value_or(0), *check_in.run_pain);
  return worst;
}

Summary Summarise(std::span<const DayRecord> records, Day first, Day last) {
  Summary summary;
  summary.days = static_cast<int>((last - first).count()) + 1;
  int stiffness_days = 0;
  int pain_days = 0;
  double stiffness = 0;
  double pain = 0;
  for (const auto& record : records) {
    if (record.day < first || record.day > last) continue;
    const CheckIn& c = record.check_in;
    ++summary.check_ins;
    if (c.did_session) {
      ++summary.sessions_reported;
      summary.sessions_done += *c.did_session ? 1 : 0;
    }
    summary.km += c.run_km.value_or(0);
    if (c.morning_stiffness) {
      stiffness += *c.morning_stiffness;
      ++stiffness_days;
    }
    if (const auto worst = WorstPain(c)) {
      pain += *worst;
      ++pain_days;
    }
  }
  if (stiffness_days > 0) summary.mean_stiffness = stiffness / stiffness_days;
  if (pain_days > 0) summary.mean_pain = pain / pain_days;
  return summary;
}

int Streak(std::span<const DayRecord> records, Day today) {
  Day day = RecordOn(records, today) != nullptr ? today : today - std::chrono::days(1);
  int streak = 0;
  while (RecordOn(records, day) != nullptr) {
    ++streak;
    day -= std::chrono::days(1);
  }
  return streak;
}

std::string Sparkline(std::span<const std::optional<int>> values) {
  static const char* kBars[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  std::string line;
  for (const auto& value : values) {
    line += value ? kBars[std::clamp(*value * 7 / 10, 0, 7)] : "·";
  }
  return line;
}

}  // namespace achilles::dialogs
