#include <algorithm>

#include "dialogs/summary.h"
#include "dialogs/text.h"

namespace achilles::dialogs {
namespace {

using std::chrono::days;

std::string BandLabel(Phase phase, int hsr_week) {
  switch (phase) {
    case Phase::kSettle:
      return "Settle";
    case Phase::kFloor:
      return "Floor raises";
    case Phase::kHeavySlow:
      return hsr_week > 0 ? "HSR wk " + std::to_string(hsr_week) : "Heavy slow";
    case Phase::kPlyometric:
      return "Hops";
    case Phase::kWalkRun:
      return "Walk-run";
    case Phase::kFullRunning:
      return "Running";
  }
  return "";
}

std::string MeanText(int total, int count) {
  return count == 0 ? std::string("-") : OneDecimal(static_cast<double>(total) / count);
}

std::string DayList(const std::vector<Day>& list) {
  if (list.empty()) return "none";
  std::string text;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i > 0) text += ", ";
    text += ShortDate(list[i]);
  }
  return text;
}

}  // namespace

std::string ChartInWords(const RunnerChart& chart) {
  std::string text =
      "**Week by week** (mean morning stiffness and session pain out of 10, km, sessions done)";
  // From the week of the first day with anything to show: a runner in their second week reads
  // two lines, not four of "no check-ins" before them.
  const auto first_shown = std::find_if(
      chart.days.begin(), chart.days.end(),
      [](const ChartDay& d) { return d.stiffness || d.pain || d.session_done || d.km > 0; });
  std::size_t first_week = chart.days.size();
  if (first_shown == chart.days.end()) {
    text += "\nNo check-ins in these weeks.";
  } else {
    first_week = static_cast<std::size_t>(first_shown - chart.days.begin()) / 7 * 7;
  }
  for (std::size_t start = first_week; start < chart.days.size(); start += 7) {
    const std::size_t end = std::min(chart.days.size(), start + 7);
    int stiffness = 0, stiffness_days = 0, pain = 0, pain_days = 0, reported = 0, done = 0;
    double km = 0;
    for (std::size_t i = start; i < end; ++i) {
      const ChartDay& day = chart.days[i];
      if (day.stiffness) {
        stiffness += *day.stiffness;
        ++stiffness_days;
      }
      if (day.pain) {
        pain += *day.pain;
        ++pain_days;
      }
      if (day.session_done) {
        ++reported;
        done += *day.session_done ? 1 : 0;
      }
      km += day.km;
    }
    text += '\n';
    text += ShortDate(chart.days[start].day);
    text += '-';
    text += ShortDate(chart.days[end - 1].day);
    text += ": ";
    if (stiffness_days + pain_days + reported == 0 && km == 0) {
      text += "no check-ins";
      continue;
    }
    text += "stiffness " + MeanText(stiffness, stiffness_days) + ", pain " +
            MeanText(pain, pain_days) + ", " + OneDecimal(km) + " km, sessions " +
            std::to_string(done) + "/" + std::to_string(reported);
  }
  std::vector<Day> flares;
  std::vector<Day> red_flags;
  for (const auto& day : chart.days) {
    if (day.flare) flares.push_back(day.day);
    if (day.red_flag) red_flags.push_back(day.day);
  }
  text += "\nFlare-ups: " + DayList(flares) + ". Red flags: " + DayList(red_flags) + ".";
  if (!chart.heel_raises.empty()) {
    const HeelRaiseCount& last = chart.heel_raises.back();
    text += "\nHeel raises (" + ShortDate(last.day) + "):";
    if (last.left) text += " left " + std::to_string(*last.left);
    if (last.left && last.right) text += ",";
    if (last.right) text += " right " + std::to_string(*last.right);
    text += ".";
  }
  return text;
}

std::vector<ChartDay> ChartDays(const RunnerState& state, Day first, Day last) {
  std::vector<ChartDay> chart;
  for (Day day = first; day <= last; day += days(1)) {
    ChartDay shown{.day = day};
    if (const DayRecord* record = RecordOn(state.recent, day)) {
      const CheckIn& c = record->check_in;
      shown.stiffness = c.morning_stiffness;
      shown.pain = WorstPain(c);
      shown.km = std::max(0.0, c.run_km.value_or(0));
      shown.session_done = c.did_session;
    }
    shown.flare = IsFlareDay(state.progress, day);
    shown.red_flag = std::find(state.red_flag_days.begin(), state.red_flag_days.end(), day) !=
                         state.red_flag_days.end() ||
                     (state.stop && state.stop->since == day);
    chart.push_back(std::move(shown));
  }
  return chart;
}

RunnerChart ProgressChart(const RunnerState& state, std::span<const Questionnaire> questionnaires,
                          Day today) {
  RunnerChart chart;
  chart.title = "Your last " + std::to_string(kRunnerChartDays / 7) + " weeks";
  const Day first = today - days(kRunnerChartDays - 1);
  chart.days = ChartDays(state, first, today);

  // Bands: each check-in's stored position starts or continues one; the days after the last
  // check-in are the current position.
  std::optional<ProgrammePosition> at;
  int hsr_week = 0;
  auto extend = [&chart](Day day, Phase phase, int week) {
    const std::string label = BandLabel(phase, phase == Phase::kHeavySlow ? week : 0);
    if (!chart.bands.empty() && chart.bands.back().label == label &&
        chart.bands.back().last + days(1) == day) {
      chart.bands.back().last = day;
    } else {
      chart.bands.push_back(ChartBand{day, day, label, phase});
    }
  };
  for (Day day = first; day <= today; day += days(1)) {
    if (const DayRecord* record = RecordOn(state.recent, day); record && record->at) {
      at = record->at;
      hsr_week = record->hsr_week;
    }
    if (day == today && state.onboarded_at) {
      at = state.progress.at;  // today is where they are now
      hsr_week = state.progress.hsr_week;
    }
    if (at) extend(day, at->phase, hsr_week);
  }

  for (const auto& questionnaire : questionnaires) {
    for (const auto& result : state.results) {
      if (result.questionnaire != questionnaire.id || result.day < first || result.day > today) {
        continue;
      }
      HeelRaiseCount count{.day = result.day};
      for (const auto& item : questionnaire.items) {
        const auto answer = result.answers.find(item.question.id);
        if (answer == result.answers.end() || item.side.empty()) continue;
        (item.side == "left" ? count.left : count.right) = answer->second;
      }
      if (count.left || count.right) chart.heel_raises.push_back(count);
    }
  }
  std::sort(chart.heel_raises.begin(), chart.heel_raises.end(),
            [](const HeelRaiseCount& a, const HeelRaiseCount& b) { return a.day < b.day; });
  return chart;
}

}  // namespace achilles::dialogs
