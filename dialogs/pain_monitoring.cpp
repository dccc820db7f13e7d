#include "dialogs/pain_monitoring.h"

#include <algorithm>

namespace achilles::dialogs {
namespace {

using std::chrono::days;

int DaysBetween(Day from, Day to) { return static_cast<int>((to - from).count()); }

std::string Score(int value) { return std::to_string(value) + "/10"; }

// Session pain for R7-R9: the worse of rehab and running pain, when either was reported.
std::optional<int> SessionPain(const CheckIn& c) {
  if (c.rehab_pain && c.run_pain) return std::max(*c.rehab_pain, *c.run_pain);
  return c.rehab_pain ? c.rehab_pain : c.run_pain;
}

}  // namespace

bool IsFlareDay(const Progress& progress, Day day) {
  return std::find(progress.flare_days.begin(), progress.flare_days.end(), day) !=
         progress.flare_days.end();
}

std::optional<double> MorningBaseline(const Thresholds& t, std::span<const DayRecord> history,
                                      Day day, const Progress& progress) {
  if (progress.episode) return progress.episode->baseline;
  std::vector<std::pair<Day, int>> mornings;
  for (const auto& record : history) {
    const int age = DaysBetween(record.day, day);
    if (age >= 1 && age <= 14 && record.check_in.morning_stiffness &&
        !IsFlareDay(progress, record.day)) {
      mornings.emplace_back(record.day, *record.check_in.morning_stiffness);
    }
  }
  if (mornings.empty()) return std::nullopt;
  std::sort(mornings.begin(), mornings.end(), [](auto& a, auto& b) { return a.first > b.first; });
  if (mornings.size() > static_cast<std::size_t>(t.baseline_mornings)) {
    mornings.resize(static_cast<std::size_t>(t.baseline_mornings));
  }
  std::vector<int> values;
  for (const auto& [d, value] : mornings) values.push_back(value);
  std::sort(values.begin(), values.end());
  const std::size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2.0;
}

namespace {

bool Above(const CheckIn& c, std::optional<double> baseline, int by) {
  return c.morning_stiffness && baseline && *c.morning_stiffness >= *baseline + by;
}

// R9: a morning 2 points above the baseline, or 1 point above it two mornings running.
bool WorseMorning(const Thresholds& t, const CheckIn& today, Day day,
                  std::span<const DayRecord> history, std::optional<double> baseline) {
  if (Above(today, baseline, t.stiffness_rise)) return true;
  const DayRecord* yesterday = RecordOn(history, day - days(1));
  return Above(today, baseline, t.stiffness_rise_repeated) && yesterday != nullptr &&
         Above(yesterday->check_in, baseline, t.stiffness_rise_repeated);
}

// Consecutive days, ending with `day` (whose check-in is `today`), whose check-in `counts`.
template <typename Counts>
int DaysInARow(const CheckIn& today, Day day, std::span<const DayRecord> history, Counts counts) {
  if (!counts(today)) return 0;
  int streak = 1;
  for (Day d = day - days(1);; d -= days(1)) {
    const DayRecord* record = RecordOn(history, d);
    if (record == nullptr || !counts(record->check_in)) return streak;
    ++streak;
  }
}

// Mean morning stiffness over the 7 days ending `end`, when at least 3 were reported.
std::optional<double> WeekMean(const CheckIn& today, Day day, std::span<const DayRecord> history,
                               Day end) {
  double sum = 0;
  int count = 0;
  auto add = [&](const CheckIn& c, Day d) {
    const int age = DaysBetween(d, end);
    if (age >= 0 && age < 7 && c.morning_stiffness) {
      sum += *c.morning_stiffness;
      ++count;
    }
  };
  add(today, day);
  for (const auto& record : history) add(record.check_in, record.day);
  if (count < 3) return std::nullopt;
  return sum / count;
}

bool FlaredWithin(const Progress& progress, Day day, int window_days) {
  return std::any_of(progress.flare_days.begin(), progress.flare_days.end(), [&](Day d) {
    const int age = DaysBetween(d, day);
    return age >= 0 && age < window_days;
  });
}

// Share of reported sessions done in the 7 days ending `day`; nullopt under 3 reports.
std::optional<double> Adherence(const CheckIn& today, Day day, std::span<const DayRecord> history) {
  int reported = 0;
  int done = 0;
  auto add = [&](const CheckIn& c) {
    if (!c.did_session) return;
    ++reported;
    done += *c.did_session ? 1 : 0;
  };
  add(today);
  for (const auto& record : history) {
    const int age = DaysBetween(record.day, day);
    if (age >= 1 && age < 7) add(record.check_in);
  }
  if (reported < 3) return std::nullopt;
  return static_cast<double>(done) / reported;
}

bool HopsPass(const Thresholds& t, const GateTests& tests) {
  return tests.hop_pain && *tests.hop_pain <= t.hop_pain_max;
}

// R16: heel raises at the target AND near the other side (when it was tested), hops settled,
// walking pain-free.
bool ReadyToRun(const Thresholds& t, const GateTests& tests) {
  if (!tests.heel_raises_sore || *tests.heel_raises_sore < t.heel_raise_target) return false;
  const bool near_other = !tests.heel_raises_other || *tests.heel_raises_other <= 0 ||
                          *tests.heel_raises_sore >= t.heel_raise_ratio * *tests.heel_raises_other;
  return near_other && HopsPass(t, tests) && tests.walking_pain_free.value_or(false);
}

bool Fresh(const GateTests& tests, Day day) {
  return tests.tested_on && DaysBetween(*tests.tested_on, day) < 7;
}

}  // namespace

const DayRecord* RecordOn(std::span<const DayRecord> records, Day day) {
  for (const auto& record : records) {
    if (record.day == day) return &record;
  }
  return nullptr;
}

namespace {

// R18: the running the runner logged, by day: distance, or time where only time was logged.
struct Logged {
  double km = 0;
  int minutes = 0;
};

Logged LoggedBetween(const CheckIn& today, Day day, std::span<const DayRecord> history, int from,
                     int to) {
  Logged logged;
  auto add = [&](const CheckIn& c, Day d) {
    const int age = DaysBetween(d, day);
    if (age < from || age > to) return;
    if (c.run_km) logged.km += *c.run_km;
    if (!c.run_km && c.run_minutes) logged.minutes += *c.run_minutes;
  };
  add(today, day);
  for (const auto& record : history) add(record.check_in, record.day);
  return logged;
}

}  // namespace

bool RunningPaused(const Progress& progress, Day day) {
  return progress.episode.has_value() || IsFlareDay(progress, day);
}

Judgement Judge(const Thresholds& t, const CheckIn& today, Day day,
                std::span<const DayRecord> history, const Progress& progress,
                std::optional<double> longest_recent_run_km) {
  Judgement j;
  const auto pain = SessionPain(today);
  const auto baseline = MorningBaseline(t, history, day, progress);
  j.baseline = baseline;
  const bool episode_open = progress.episode.has_value() && progress.episode->since < day;
  const bool worse = WorseMorning(t, today, day, history, baseline);
  // An open episode ends on a morning back at its baseline (or, with none known, a settled one).
  j.settled = today.morning_stiffness &&
              (baseline ? *today.morning_stiffness <= *baseline : !worse) &&
              !(pain && *pain > t.pain_acceptable);

  if ((pain && *pain > t.pain_acceptable) || (worse && !episode_open)) {
    // R9: too much pain, or a morning that has not settled: step back, no running today. In an
    // open episode the mornings alone do not step back again: it is the same flare-up.
    j.verdict = Verdict::kStepBack;
    j.flare = true;
    j.because = pain && *pain > t.pain_acceptable
                    ? "Session pain was " + Score(*pain) + ", above " + Score(t.pain_acceptable) +
                          ", so today steps back to a lighter load."
                    : "This morning's stiffness (" + Score(*today.morning_stiffness) +
                          ") is above your usual, so the tendon has not settled: today steps back.";
  } else if (episode_open && !j.settled) {
    j.verdict = Verdict::kHold;
    j.because =
        "Your mornings are not back to your usual yet, so today repeats the lighter load "
        "and running waits.";
  } else if (!pain) {
    j.verdict = Verdict::kHold;
    j.because = "No session pain to go on, so today repeats the current session.";
  } else if (*pain > t.pain_safe) {
    // R8: acceptable pain, settled morning: hold the load (our conservative choice, not the
    // model's: Silbernagel accepts up to 5/10 when settled by the next morning).
    j.verdict = Verdict::kHold;
    j.because = "Session pain was " + Score(*pain) +
                ": acceptable, and this morning is no worse, so today repeats the same load.";
  } else {
    // R7: safe pain, settled morning: progress where the phase allows.
    j.verdict = Verdict::kProgress;
    j.because = "Session pain was " + Score(*pain) +
                " and this morning is no worse, so the plan moves on where it can.";
  }
  if (j.verdict == Verdict::kProgress && today.did_session == false) {
    j.verdict = Verdict::kHold;
    j.because = "You skipped the last session, so today repeats it.";
  }
  if (today.painkillers == true) {
    // R25: painkillers mask pain; the day's scores cannot move the plan on.
    j.confounded = true;
    if (j.verdict == Verdict::kProgress) {
      j.verdict = Verdict::kHold;
      j.because =
          "You took painkillers, which mask pain, so today's scores can't move the plan on.";
    }
  }
  j.in_episode = j.flare || (progress.episode.has_value() && !(episode_open && j.settled));

  // R10, once per episode: mornings above the baseline several days running, or a weekly mean
  // rising two weeks running.
  const auto this_week = WeekMean(today, day, history, day);
  const auto last_week = WeekMean(today, day, history, day - days(7));
  const auto week_before = WeekMean(today, day, history, day - days(14));
  const bool rising =
      this_week && last_week && week_before && *this_week > *last_week && *last_week > *week_before;
  const bool consulted = progress.episode && progress.episode->consulted;
  const bool streak = DaysInARow(today, day, history, [&](const CheckIn& c) {
                        return Above(c, baseline, 1);
                      }) >= t.flare_streak_days;
  // A weekly rise counts even on a morning the (moving) median calls usual, at most once a week.
  const bool rising_anew = rising && !FlaredWithin(progress, day - days(1), 7);
  if (((streak && !j.settled) || rising_anew) && !consulted) {
    j.verdict = Verdict::kStepBack;
    j.flare = true;
    j.in_episode = true;
    j.drop_phase = true;
    j.consult = true;
    j.because = rising ? "Your mornings have been getting stiffer week on week, so the plan drops "
                         "back a phase and it is time a clinician had a look."
                       : "Your mornings have been stiffer than usual " +
                             std::to_string(t.flare_streak_days) +
                             " days running, so the plan drops back a phase and it is time a "
                             "clinician had a look.";
  }
  const bool new_episode = j.flare && !progress.episode;
  if (new_episode && FlaredWithin(progress, day - days(1), t.repeat_flare_days - 1)) {
    j.consult = true;  // a repeat flare-up within the window
  }

  // R15: running only outside a flare-up episode, with running pain at or below the limit; R17
  // and R18: a rest day between runs in the walk-run and the first weeks of full running, and
  // never too many running days in a row after that.
  const bool full = progress.at.phase == Phase::kFullRunning;
  const bool alternate =
      progress.at.phase == Phase::kWalkRun ||
      (full && DaysBetween(progress.step_since, day) < t.alternate_days_full_running);
  const bool rest_day =
      (alternate && today.Ran()) || (full && DaysInARow(today, day, history, [](const CheckIn& c) {
                                               return c.Ran();
                                             }) >= t.max_running_days_in_a_row);
  j.running_allowed = !j.in_episode && !IsFlareDay(progress, day) &&
                      !(today.run_pain && *today.run_pain > t.run_pain_max) && !rest_day;

  // R18: no single run longer than the spike factor times the longest logged in the last 30
  // days (km, or minutes where only time was logged), and no week over the factor times the
  // week before.
  std::optional<double> longest_km;
  std::optional<int> longest_minutes;
  auto consider = [&](const CheckIn& c, Day d) {
    if (DaysBetween(d, day) >= 30) return;
    if (c.run_km) longest_km = std::max(longest_km.value_or(0), *c.run_km);
    if (!c.run_km && c.run_minutes)
      longest_minutes = std::max(longest_minutes.value_or(0), *c.run_minutes);
  };
  consider(today, day);
  for (const auto& record : history) consider(record.check_in, record.day);
  if (!longest_km && !longest_minutes) longest_km = longest_recent_run_km;
  // The week so far is today and the 5 days before (today's run is still to come).
  const Logged ran_week_before = LoggedBetween(today, day, history, 7, 13);
  const Logged ran_this_week = LoggedBetween(today, day, history, 0, 5);
  if (longest_km && *longest_km > 0) {
    j.run_cap_km = *longest_km * t.run_spike_factor;
    if (ran_week_before.km > 0) {
      const double left = ran_week_before.km * t.run_spike_factor - ran_this_week.km;
      j.run_cap_km = std::max(0.0, std::min(*j.run_cap_km, left));
    }
  } else if (longest_minutes && *longest_minutes > 0) {
    j.run_cap_minutes = static_cast<int>(*longest_minutes * t.run_spike_factor);
    if (ran_week_before.minutes > 0) {
      const int left =
          static_cast<int>(ran_week_before.minutes * t.run_spike_factor) - ran_this_week.minutes;
      j.run_cap_minutes = std::max(0, std::min(*j.run_cap_minutes, left));
    }
  }
  if (j.run_cap_km && *j.run_cap_km < 0.5) j.running_allowed = false;  // the week is used up
  if (j.run_cap_minutes && *j.run_cap_minutes < 5) j.running_allowed = false;

  // R22.
  const auto adherence = Adherence(today, day, history);
  j.low_adherence = adherence && *adherence < t.adherence_low;
  return j;
}

std::optional<GateTest> PendingTest(const Programme& programme, const Progress& progress, Day day) {
  const Thresholds& t = programme.thresholds;
  const GateTests& tests = progress.tests;
  const bool fresh = Fresh(tests, day);
  // R19: asked on the last day of the weeks that must be completed first.
  const int days_at_step = DaysBetween(progress.step_since, day);
  if (progress.at.phase == Phase::kHeavySlow &&
      (progress.at.step > t.hsr_weeks_before_plyometrics ||
       (progress.at.step == t.hsr_weeks_before_plyometrics && days_at_step >= 6)) &&
      (!tests.hop_pain || !fresh)) {
    return GateTest::kHops;
  }
  if (progress.at.phase == Phase::kPlyometric &&
      progress.at.step == programme.StepsIn(Phase::kPlyometric)) {
    // R16.
    if (!tests.heel_raises_sore || !fresh) return GateTest::kHeelRaises;
    if (!tests.hop_pain || !fresh) return GateTest::kHops;
    if (!tests.walking_pain_free || !fresh) return GateTest::kWalking;
  }
  return std::nullopt;
}

std::optional<double> PlannedRunKm(const Session& session, const Judgement& judgement) {
  if (!judgement.running_allowed) return std::nullopt;
  if (session.walk_run) {
    // R18: ADJUST, cap the stage at the spike limit.
    return judgement.run_cap_km ? std::min(session.walk_run->total_km, *judgement.run_cap_km)
                                : session.walk_run->total_km;
  }
  // Never on a heavy strength day (R15).
  if (session.at.phase == Phase::kFullRunning && session.day != DayKind::kHeavy) {
    return judgement.run_cap_km;
  }
  return std::nullopt;
}

DayKind DayKindOn(const Progress& progress, Day day) {
  const Phase phase = progress.at.phase;
  if (phase < Phase::kHeavySlow) return DayKind::kHeavy;
  if (!progress.last_heavy_day || *progress.last_heavy_day == day) return DayKind::kHeavy;
  const int gap = DaysBetween(*progress.last_heavy_day, day);
  const int cycle = phase == Phase::kHeavySlow ? 2 : 3;
  if (gap >= cycle || gap < 0) return DayKind::kHeavy;
  if (phase == Phase::kHeavySlow) return DayKind::kEasy;
  return gap == 1 ? DayKind::kLoad : DayKind::kEasy;
}

bool IsHeavyDay(const Progress& progress, Day day) {
  return progress.at.phase >= Phase::kHeavySlow && DayKindOn(progress, day) == DayKind::kHeavy;
}

Progress TrackEpisode(Progress progress, const Judgement& judgement, Day day) {
  if (judgement.flare && !IsFlareDay(progress, day)) progress.flare_days.push_back(day);
  // R9/R10 episodes: one opens with a flare-up, with the baseline fixed as it was; it ends on a
  // settled morning after its first day.
  if (judgement.flare && !progress.episode) {
    progress.episode = Episode{day, judgement.baseline, false};
  } else if (progress.episode && progress.episode->since < day && judgement.settled &&
             !judgement.flare) {
    progress.episode.reset();
  }
  if (judgement.consult && judgement.drop_phase && progress.episode) {
    progress.episode->consulted = true;  // R10 once per episode
  }
  return progress;
}

Progress Advance(const Programme& programme, Progress progress, const Judgement& judgement,
                 const CheckIn& today, Day day, std::span<const DayRecord> history) {
  const Thresholds& t = programme.thresholds;
  const ProgrammePosition before = progress.at;
  const int days_at_step = DaysBetween(progress.step_since, day);
  if (progress.at.phase == Phase::kHeavySlow && progress.hsr_week != progress.at.step) {
    progress.hsr_week = progress.at.step;  // the heavy slow phase counts the weeks in its steps
    progress.hsr_week_since = progress.step_since;
  }

  progress = TrackEpisode(std::move(progress), judgement, day);
  // Keep only what the rules look back on.
  std::erase_if(progress.flare_days, [&](Day d) { return DaysBetween(d, day) > 60; });

  if (progress.at.phase == Phase::kWalkRun && today.Ran()) {
    // R17: yesterday's run counts once this morning shows no flare.
    progress.clean_runs_at_stage = judgement.flare ? 0 : progress.clean_runs_at_stage + 1;
  }

  if (judgement.verdict == Verdict::kStepBack) {
    // R9 steps back one step; R10 drops to the phase before.
    progress.at = StepBack(programme, progress.at);
    if (judgement.drop_phase) {
      while (progress.at.phase == before.phase && progress.at.phase != Phase::kSettle) {
        progress.at = StepBack(programme, progress.at);
      }
    }
    if (progress.at.phase == Phase::kHeavySlow && before.phase != Phase::kHeavySlow) {
      // Back from the hops: to the heavy slow week the runner was on, not the last one.
      progress.at.step = std::clamp(progress.hsr_week, 1, programme.HsrWeeks());
    }
  } else if (judgement.verdict == Verdict::kProgress) {
    const bool quiet_week = !FlaredWithin(progress, day, 7);
    switch (progress.at.phase) {
      case Phase::kSettle:
        if (days_at_step >= t.settle_min_days) progress.at = StepForward(programme, progress.at);
        break;
      case Phase::kFloor:
        // R12, R13: a week of the floor programme with no morning flare.
        if (days_at_step >= t.floor_min_days && quiet_week) {
          progress.at = StepForward(programme, progress.at);
        }
        break;
      case Phase::kHeavySlow: {
        // R19: plyometrics once the hops are settled, after enough completed heavy weeks.
        const bool weeks_done =
            progress.at.step > t.hsr_weeks_before_plyometrics ||
            (progress.at.step == t.hsr_weeks_before_plyometrics && days_at_step >= 7);
        if (weeks_done && HopsPass(t, progress.tests) && Fresh(progress.tests, day) && quiet_week) {
          progress.at = {Phase::kPlyometric, 1};
          break;
        }
        // R14: a new week after 7 days, with 2 of 3 sessions done and no R9 in it.
        const auto adherence = Adherence(today, day, history);
        if (days_at_step >= 7 && quiet_week && adherence.value_or(1.0) >= t.hsr_week_adherence &&
            progress.at.step < programme.StepsIn(Phase::kHeavySlow)) {
          progress.at = StepForward(programme, progress.at);
        }
        break;
      }
      case Phase::kPlyometric:
        if (days_at_step < t.plyo_level_days || !quiet_week) break;
        if (progress.at.step < programme.StepsIn(Phase::kPlyometric)) {
          progress.at = StepForward(programme, progress.at);  // R19: 60, then 80 contacts
        } else if (ReadyToRun(t, progress.tests) && Fresh(progress.tests, day)) {
          progress.at = {Phase::kWalkRun, 1};  // R16
        }
        break;
      case Phase::kWalkRun:
        if (progress.clean_runs_at_stage >= t.walk_run_repeats) {
          progress.at = StepForward(programme, progress.at);  // R17
        }
        break;
      case Phase::kFullRunning:
        break;
    }
  }

  if (progress.at != before) {
    progress.step_since = day;
    progress.clean_runs_at_stage = 0;
    if (judgement.verdict == Verdict::kProgress) progress.load_raised_on = day;
  }
  if (progress.at.phase == Phase::kHeavySlow) {
    if (progress.hsr_week != progress.at.step) progress.hsr_week_since = day;
    progress.hsr_week = progress.at.step;
  } else if (progress.at.phase > Phase::kHeavySlow && judgement.verdict == Verdict::kProgress &&
             progress.load_raised_on != day && progress.hsr_week < programme.HsrWeeks() &&
             DaysBetween(progress.hsr_week_since, day) >= 7 && !FlaredWithin(progress, day, 7) &&
             Adherence(today, day, history).value_or(1.0) >= t.hsr_week_adherence) {
    // R14: Beyer's weeks go on after the heavy slow phase, on a day no other load went up.
    progress.hsr_week = std::max(progress.hsr_week, 1) + 1;
    progress.hsr_week_since = day;
    progress.load_raised_on = day;
  }
  if (IsHeavyDay(progress, day)) progress.last_heavy_day = day;
  return progress;
}

}  // namespace achilles::dialogs
