#include "dialogs/programme.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "dialogs/text.h"

namespace achilles::dialogs {
namespace {

constexpr std::array<std::string_view, kPhaseCount> kPhaseIds = {
    "settle", "floor", "heavy_slow", "plyometric", "walk_run", "full_running"};

// R11: an insertional runner's heel never goes below the floor.
Exercise ForSite(Exercise exercise, PainSite site) {
  if (site != PainSite::kInsertional || !exercise.below_floor) return exercise;
  exercise.name = exercise.floor_variant->name;
  exercise.how = exercise.floor_variant->how;
  exercise.below_floor = false;
  exercise.floor_variant.reset();
  return exercise;
}

}  // namespace

std::string_view PhaseId(Phase phase) { return kPhaseIds[static_cast<std::size_t>(phase)]; }

std::optional<Phase> PhaseFromId(std::string_view id) {
  for (std::size_t i = 0; i < kPhaseIds.size(); ++i) {
    if (kPhaseIds[i] == id) return static_cast<Phase>(i);
  }
  return std::nullopt;
}

int Programme::StepsIn(Phase phase) const {
  switch (phase) {
    case Phase::kHeavySlow:
      return HsrWeeks();
    case Phase::kPlyometric:
      return static_cast<int>(plyometric_levels.size());
    case Phase::kWalkRun:
      return static_cast<int>(walk_run_stages.size());
    default:
      return 1;
  }
}

ProgrammePosition StepForward(const Programme& programme, ProgrammePosition at) {
  if (at.step < programme.StepsIn(at.phase)) return {at.phase, at.step + 1};
  if (at.phase == Phase::kFullRunning) return at;
  return {static_cast<Phase>(static_cast<int>(at.phase) + 1), 1};
}

ProgrammePosition StepBack(const Programme& programme, ProgrammePosition at) {
  if (at.step > 1) return {at.phase, at.step - 1};
  if (at.phase == Phase::kSettle) return at;
  const auto previous = static_cast<Phase>(static_cast<int>(at.phase) - 1);
  return {previous, programme.StepsIn(previous)};
}

namespace {

// The heavy slow exercises (straight- and bent-knee raises, Beyer 2015) at `week`'s sets and RM.
void AddHeavySlow(const Programme& programme, int week, PainSite site, Session& session) {
  week = std::clamp(week, 1, programme.HsrWeeks());
  const auto found = std::find_if(programme.hsr_weeks.begin(), programme.hsr_weeks.end(),
                                  [&](const HsrWeek& w) { return week >= w.from && week <= w.to; });
  const HsrWeek dose = found == programme.hsr_weeks.end() ? HsrWeek{} : *found;
  for (Exercise exercise : programme.Plan(Phase::kHeavySlow).exercises) {
    exercise.sets = dose.sets;
    exercise.reps = std::to_string(dose.reps);
    exercise.load = ReplaceAll(exercise.load, "{reps}", exercise.reps);
    session.exercises.push_back(ForSite(std::move(exercise), site));
  }
  session.hsr_week = week;
}

// A heavy strength day inside the hops or the walk-run: the title says which heavy slow week.
void AddHeavyDay(const Programme& programme, int week, PainSite site, Session& session) {
  AddHeavySlow(programme, week, site, session);
  session.title +=
      ": heavy strength day (heavy slow week " + std::to_string(session.hsr_week) + ")";
}

}  // namespace

Session Prescribe(const Programme& programme, ProgrammePosition at, PainSite site, DayKind day,
                  int hsr_week) {
  const PhasePlan& plan = programme.Plan(at.phase);
  Session session;
  session.at = at;
  session.title = plan.name;
  session.goal = plan.goal;
  session.day = day;
  if (at.phase == Phase::kHeavySlow) hsr_week = at.step;
  // The easy day between heavy days; in full running the other days are running days.
  const bool easy_day_phase = at.phase >= Phase::kHeavySlow && at.phase <= Phase::kWalkRun;
  if (easy_day_phase && day == DayKind::kEasy) {
    session.exercises.push_back(programme.light_day);
  }
  switch (at.phase) {
    case Phase::kHeavySlow:
      session.title += ", week " + std::to_string(at.step);
      if (day != DayKind::kEasy) AddHeavySlow(programme, hsr_week, site, session);
      break;
    case Phase::kPlyometric: {
      const auto& level = programme.plyometric_levels[static_cast<std::size_t>(at.step - 1)];
      session.title += ", " + std::to_string(level.contacts) + " foot contacts";
      if (day == DayKind::kHeavy) {
        AddHeavyDay(programme, hsr_week, site, session);
      } else if (day == DayKind::kLoad) {
        for (const auto& exercise : level.exercises)
          session.exercises.push_back(ForSite(exercise, site));
      }
      break;
    }
    case Phase::kWalkRun:
      session.title += ", stage " + std::to_string(at.step);
      if (day == DayKind::kHeavy) {
        AddHeavyDay(programme, hsr_week, site, session);
      } else if (day == DayKind::kLoad) {
        session.walk_run = programme.walk_run_stages[static_cast<std::size_t>(at.step - 1)];
      }
      break;
    case Phase::kFullRunning:
      if (day == DayKind::kHeavy) {
        session.title += ": heavy strength day";
        AddHeavySlow(programme, hsr_week, site, session);
      } else {
        for (const auto& exercise : plan.exercises)
          session.exercises.push_back(ForSite(exercise, site));
      }
      break;
    default:
      for (const auto& exercise : plan.exercises)
        session.exercises.push_back(ForSite(exercise, site));
  }
  return session;
}

std::string DescribeSession(const Session& session) {
  std::string text = "**" + session.title + "**\n" + session.goal;
  if (session.walk_run) {
    const WalkRunStage& stage = *session.walk_run;
    text += "\n\n**Walk-run:** ";
    if (stage.walk_min == 0 && stage.run_min == 0) {
      text += "run continuously, easy pace, " + OneDecimal(stage.total_km) + " km in all.";
    } else {
      text += "walk " + std::to_string(stage.walk_min) + " min, run " +
              std::to_string(stage.run_min) + " min, repeat until " + OneDecimal(stage.total_km) +
              " km in all. Easy pace; a rest day before the next run.";
    }
  }
  for (const auto& e : session.exercises) {
    text += "\n\n**" + e.name + "**";
    if (e.sets > 0) text += ": " + std::to_string(e.sets) + " x " + e.reps;
    if (!e.tempo.empty()) text += ", " + e.tempo;
    if (!e.load.empty()) text += "\nLoad: " + e.load;
    if (!e.rest.empty()) text += ". Rest " + e.rest + ".";
    if (!e.how.empty()) text += "\n" + e.how;
  }
  return text;
}

}  // namespace achilles::dialogs
