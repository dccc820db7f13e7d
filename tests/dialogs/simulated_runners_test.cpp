// Simulated runners lived day by day through the engine with injected days, twelve weeks and
// more: the phase path each takes, and the invariants no session may break (R11, R18).
#include <gtest/gtest.h>

#include <functional>
#include <iostream>

#include "dialogs/pain_monitoring.h"
#include "dialogs/red_flags.h"
#include "tests/support/fixtures.h"

namespace achilles::dialogs {
namespace {

using std::chrono::days;

const Programme& Shipped() { return achilles::testing::ShippedContent().programme; }
const Day kStart = std::chrono::sys_days{std::chrono::January / 5 / 2026};

std::string Name(ProgrammePosition at) {
  return std::string(PhaseId(at.phase)) + " " + std::to_string(at.step);
}

// How a simulated runner answers, day by day.
struct Behaviour {
  std::function<CheckIn(int day_index)> morning;  // the check-in, before any run is added
  GateTests answers;                              // what they answer when a gate test is asked
  int run_pain = 1;
};

struct Life {
  std::vector<std::string> path;  // "day 0: settle 1", one entry per change of position
  std::vector<Judgement> judgements;
  int step_backs = 0;
  int consults = 0;
  int run_days = 0;
  std::optional<int> stopped_on;  // the day a STOP red flag ended coaching
  std::vector<std::string> days;  // "day 40: plyometric 1, heavy slow week 6, heavy"
  int heavy_days = 0;             // heavy slow sessions prescribed
};

Life Live(const Behaviour& behaviour, PainSite site, int days_to_live,
          std::optional<double> longest_recent_run_km = 10.0) {
  static const RedFlagScanner scanner(achilles::testing::ShippedContent().red_flags);
  Life life;
  Progress progress;
  progress.step_since = kStart;
  std::vector<DayRecord> history;
  std::optional<double> planned_run;  // yesterday's plan
  life.path.push_back("day 0: " + Name(progress.at));

  for (int i = 0; i < days_to_live; ++i) {
    const Day day = kStart + days(i);
    CheckIn c = behaviour.morning(i);
    if (planned_run) {  // yesterday's run, reported this morning
      c.run_km = *planned_run;
      c.run_pain = behaviour.run_pain;
      ++life.run_days;
    }
    const auto flags = scanner.Scan(c.note);
    if (!flags.empty() && IsStop(flags.front())) {
      life.stopped_on = i;
      break;
    }
    if (PendingTest(Shipped(), progress, day)) {
      progress.tests = behaviour.answers;
      progress.tests.tested_on = day;
    }
    const Judgement j =
        Judge(Shipped().thresholds, c, day, history, progress, longest_recent_run_km);
    const ProgrammePosition before = progress.at;
    const int hsr_before = progress.hsr_week;
    progress = Advance(Shipped(), progress, j, c, day, history);
    // R14: never two load increases on one day.
    const bool moved_on = j.verdict == Verdict::kProgress && progress.at != before;
    // (In the heavy slow phase the week is the step itself: one increase.)
    const bool heavier = progress.hsr_week > hsr_before && before.phase > Phase::kHeavySlow;
    EXPECT_FALSE(moved_on && heavier) << "day " << i << ": two load increases";
    history.push_back({day, c});
    life.judgements.push_back(j);
    life.step_backs += j.verdict == Verdict::kStepBack ? 1 : 0;
    life.consults += j.consult ? 1 : 0;
    if (progress.at != before)
      life.path.push_back("day " + std::to_string(i) + ": " + Name(progress.at));

    const Session session =
        Prescribe(Shipped(), progress.at, site, DayKindOn(progress, day), progress.hsr_week);
    life.days.push_back("day " + std::to_string(i) + ": " + Name(progress.at) +
                        ", heavy slow week " + std::to_string(progress.hsr_week) + ", " +
                        (session.day == DayKind::kHeavy  ? "heavy"
                         : session.day == DayKind::kLoad ? "load"
                                                         : "easy"));
    if (session.day == DayKind::kHeavy && progress.at.phase >= Phase::kHeavySlow) ++life.heavy_days;
    if (session.walk_run) {
      EXPECT_NE(session.day, DayKind::kHeavy) << "day " << i << ": a run on a heavy day";
    }
    for (const auto& e : session.exercises) {
      // R11: never below the floor for an insertional runner.
      EXPECT_FALSE(site == PainSite::kInsertional && e.below_floor)
          << "day " << i << ": " << e.name;
    }
    planned_run = PlannedRunKm(session, j);
    // R18: no planned run longer than the cap.
    if (planned_run && j.run_cap_km) {
      EXPECT_LE(*planned_run, *j.run_cap_km + 1e-9) << "day " << i;
    }
  }
  return life;
}

bool Reached(const Life& life, Phase phase) {
  const std::string id(PhaseId(phase));
  return std::any_of(life.path.begin(), life.path.end(), [&](const std::string& entry) {
    return entry.find(": " + id) != std::string::npos;
  });
}

CheckIn Good(int) {
  CheckIn c;
  c.morning_stiffness = 2;
  c.rehab_pain = 2;
  c.did_session = true;
  return c;
}

const GateTests kStrong{1, 27, 30, true, {}};

TEST(SimulatedRunners, AGoodResponderKeepsBeyersTwelveWeeksThroughHopsAndTheWalkRun) {
  const Life life = Live({Good, kStrong}, PainSite::kMidportion, 98);
  std::cout << "Good responder, 14 weeks (phase, heavy slow week, day):\n";
  for (const auto& entry : life.days) std::cout << "  " << entry << "\n";
  EXPECT_TRUE(Reached(life, Phase::kHeavySlow));
  EXPECT_TRUE(Reached(life, Phase::kPlyometric));
  EXPECT_TRUE(Reached(life, Phase::kWalkRun));
  EXPECT_EQ(life.step_backs, 0);
  EXPECT_EQ(life.consults, 0);
  EXPECT_GT(life.run_days, 6);
  // Beyer's 12 weeks are all reached: the 8RM and the 6RM weeks too.
  const auto reached_week = [&](int week) {
    const std::string mark = "heavy slow week " + std::to_string(week) + ",";
    return std::any_of(life.days.begin(), life.days.end(),
                       [&](const std::string& d) { return d.find(mark) != std::string::npos; });
  };
  for (int week : {6, 9, 12}) EXPECT_TRUE(reached_week(week)) << "week " << week;
  EXPECT_GE(life.heavy_days, 2 * 98 / 7) << "heavy slow at least twice a week throughout";
}

TEST(SimulatedRunners, MorningsThatRiseFromTwoToFourStepBackOnceAndPromptOneConsult) {
  const auto rising = [](int i) {
    CheckIn c = Good(i);
    if (i >= 30) c.morning_stiffness = 4;  // a sustained rise from 2 to 4
    return c;
  };
  const Life life = Live({rising, kStrong}, PainSite::kMidportion, 45);
  std::cout << "Mornings from 2 to 4 on day 30:\n";
  for (const auto& entry : life.path) std::cout << "  " << entry << "\n";
  EXPECT_EQ(life.consults, 1) << "R10 once per episode";
  EXPECT_LE(life.step_backs, 2) << "R9 once, R10 once; the fixed baseline does not fire again";
  EXPECT_EQ(life.run_days, 0);
}

TEST(SimulatedRunners, AFlareProneRunnerStepsBackAndIsOfferedConsults) {
  const auto flare_prone = [](int i) {
    CheckIn c = Good(i);
    if (i % 9 == 5) c.rehab_pain = 7;                   // R9 every ninth day
    if (i >= 40 && i % 9 < 3) c.morning_stiffness = 5;  // later, runs of stiff mornings (R10)
    return c;
  };
  const Life life = Live({flare_prone, kStrong}, PainSite::kMidportion, 98);
  std::cout << "Flare-prone runner, 14 weeks:\n";
  for (const auto& entry : life.path) std::cout << "  " << entry << "\n";
  EXPECT_GE(life.step_backs, 8);
  EXPECT_GE(life.consults, 1);
  EXPECT_FALSE(Reached(life, Phase::kWalkRun)) << "no return to running while flaring";
}

TEST(SimulatedRunners, AnInsertionalRunnerProgressesWithoutEverDroppingBelowTheFloor) {
  const Life life = Live({Good, kStrong}, PainSite::kInsertional, 91);  // R11 checked daily in Live
  EXPECT_TRUE(Reached(life, Phase::kPlyometric));
}

TEST(SimulatedRunners, ARunnerWhoFeelsAPopInWeekFiveIsStopped) {
  const auto pop = [](int i) {
    CheckIn c = Good(i);
    if (i == 30) c.note = "felt a pop in my heel on the stairs";
    return c;
  };
  const Life life = Live({pop, kStrong}, PainSite::kMidportion, 84);
  ASSERT_TRUE(life.stopped_on);
  EXPECT_EQ(*life.stopped_on / 7 + 1, 5);
}

TEST(SimulatedRunners, R18CapsTheWalkRunWhenNoLongerRunIsOnRecord) {
  const Life life = Live({Good, kStrong}, PainSite::kMidportion, 84, std::nullopt);
  EXPECT_TRUE(Reached(life, Phase::kWalkRun));  // R18 checked daily in Live
}

TEST(SimulatedRunners, WeakHopsHoldTheRunnerInStrengthWork) {
  const Life life = Live({Good, GateTests{6, 15, 30, false, {}}}, PainSite::kMidportion, 84);
  EXPECT_TRUE(Reached(life, Phase::kHeavySlow));
  EXPECT_FALSE(Reached(life, Phase::kPlyometric));
}

}  // namespace
}  // namespace achilles::dialogs
