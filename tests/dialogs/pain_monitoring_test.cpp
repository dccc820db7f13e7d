// The pain-monitoring rules of CLINICAL.md, one test (or table) per rule.
#include "dialogs/pain_monitoring.h"

#include <gtest/gtest.h>

#include "tests/support/fixtures.h"

namespace achilles::dialogs {
namespace {

using std::chrono::days;
using namespace std::chrono_literals;

const Programme& Shipped() { return achilles::testing::ShippedContent().programme; }
const Thresholds& T() { return Shipped().thresholds; }
const Day kToday = std::chrono::sys_days{std::chrono::November / 24 / 2026};

CheckIn Day0(std::optional<int> stiffness, std::optional<int> rehab, std::optional<int> run = {}) {
  CheckIn c;
  c.morning_stiffness = stiffness;
  c.rehab_pain = rehab;
  c.run_pain = run;
  c.did_session = true;
  return c;
}

// `n` settled days before today, morning stiffness `stiffness`.
std::vector<DayRecord> SettledWeek(int stiffness = 2, int n = 7) {
  std::vector<DayRecord> history;
  for (int i = n; i >= 1; --i) history.push_back({kToday - days(i), Day0(stiffness, 2)});
  return history;
}

Progress At(Phase phase, int step = 1, int days_at_step = 10) {
  Progress p;
  p.at = {phase, step};
  p.step_since = kToday - days(days_at_step);
  return p;
}

Judgement J(const CheckIn& c, const std::vector<DayRecord>& history = SettledWeek(),
            const Progress& p = At(Phase::kHeavySlow, 3)) {
  return Judge(T(), c, kToday, history, p, std::nullopt);
}

struct PainCase {
  const char* rule;
  std::optional<int> stiffness;
  std::optional<int> rehab;
  std::optional<int> run;
  Verdict verdict;
  bool flare;
};

void PrintTo(const PainCase& c, std::ostream* out) { *out << c.rule; }

class PainMonitoringModel : public ::testing::TestWithParam<PainCase> {};

TEST_P(PainMonitoringModel, DecidesProgressHoldOrStepBack) {
  const auto& c = GetParam();
  const Judgement j = J(Day0(c.stiffness, c.rehab, c.run));
  EXPECT_EQ(j.verdict, c.verdict) << j.because;
  EXPECT_EQ(j.flare, c.flare) << j.because;
  EXPECT_FALSE(j.because.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Rules, PainMonitoringModel,
    ::testing::Values(
        PainCase{
            "R7: pain 3 and a settled morning progresses", 2, 3, {}, Verdict::kProgress, false},
        PainCase{"R7: no pain at all progresses", 2, 0, 0, Verdict::kProgress, false},
        PainCase{"R8: pain 4 holds", 2, 4, {}, Verdict::kHold, false},
        PainCase{"R8: pain 5 holds", 2, 5, {}, Verdict::kHold, false},
        PainCase{"R9: pain 6 steps back", 2, 6, {}, Verdict::kStepBack, true},
        PainCase{"R9: running pain 7 steps back", 2, 1, 7, Verdict::kStepBack, true},
        PainCase{"R9: a stiffer morning steps back even with low pain",
                 4,
                 1,
                 {},
                 Verdict::kStepBack,
                 true},
        PainCase{"no session pain reported holds", 2, {}, {}, Verdict::kHold, false}),
    [](const auto& param_info) { return "case" + std::to_string(param_info.index); });

TEST(PainMonitoring, TheReasonIsOnePlainSentenceWithTheScore) {
  EXPECT_EQ(
      J(Day0(2, 3)).because,
      "Session pain was 3/10 and this morning is no worse, so the plan moves on where it can.");
  EXPECT_EQ(J(Day0(2, 6)).because,
            "Session pain was 6/10, above 5/10, so today steps back to a lighter load.");
}

TEST(PainMonitoring, FirstCheckInHasNoBaselineSoAStiffMorningIsNotAFlare) {
  EXPECT_EQ(J(Day0(5, 2), {}).verdict, Verdict::kProgress);
}

TEST(PainMonitoring, SkippingTheSessionHoldsInsteadOfProgressing) {
  CheckIn c = Day0(2, 2);
  c.did_session = false;
  EXPECT_EQ(J(c).verdict, Verdict::kHold);
}

TEST(PainMonitoring, R25PainkillersConfoundTheScoresAndBlockProgress) {
  CheckIn c = Day0(2, 1);
  c.painkillers = true;
  const Judgement j = J(c);
  EXPECT_TRUE(j.confounded);
  EXPECT_EQ(j.verdict, Verdict::kHold);
  EXPECT_NE(j.because.find("painkillers"), std::string::npos);
  CheckIn hurt = Day0(2, 7);
  hurt.painkillers = true;
  EXPECT_EQ(J(hurt).verdict, Verdict::kStepBack) << "a step back is never blocked";
}

TEST(PainMonitoring, R10ThreeStifferMorningsInARowDropAPhaseAndPromptAConsult) {
  auto history = SettledWeek(2, 7);
  history.push_back({kToday - days(2), Day0(4, 2)});
  history.push_back({kToday - days(1), Day0(4, 2)});
  std::erase_if(history, [](const DayRecord& r) {
    return r.day >= kToday - days(2) && r.check_in.morning_stiffness == 2;
  });
  const Judgement j = J(Day0(4, 2), history);
  EXPECT_TRUE(j.drop_phase);
  EXPECT_TRUE(j.consult);
  EXPECT_EQ(j.verdict, Verdict::kStepBack);
}

TEST(PainMonitoring, R10WeeklyMorningsRisingTwoWeeksRunningPromptAConsult) {
  std::vector<DayRecord> history;
  for (int i = 20; i >= 1; --i) {
    // Three weeks at 1, 2, then 3: each week stiffer than the last, never a single jump.
    const int stiffness = i >= 14 ? 1 : (i >= 7 ? 2 : 3);
    history.push_back({kToday - days(i), Day0(stiffness, 2)});
  }
  const Judgement j = J(Day0(3, 2), history);
  EXPECT_TRUE(j.consult);
  EXPECT_TRUE(j.drop_phase);
  EXPECT_NE(j.because.find("week on week"), std::string::npos);
}

TEST(PainMonitoring, ASecondFlareWithinTwoWeeksPromptsAConsult) {
  Progress p = At(Phase::kHeavySlow, 3);
  p.flare_days.push_back(kToday - days(10));
  EXPECT_TRUE(Judge(T(), Day0(2, 7), kToday, SettledWeek(), p, std::nullopt).consult);
  p.flare_days = {kToday - days(20)};
  EXPECT_FALSE(Judge(T(), Day0(2, 7), kToday, SettledWeek(), p, std::nullopt).consult);
}

TEST(PainMonitoring, R15RunningOnlyWithSettledMorningsAndLowRunningPain) {
  EXPECT_TRUE(J(Day0(2, 2, 3)).running_allowed);
  EXPECT_FALSE(J(Day0(2, 2, 4)).running_allowed) << "conservative limit: 3/10";
  EXPECT_FALSE(J(Day0(4, 1, 1)).running_allowed) << "a stiffer morning: no run today";
}

TEST(PainMonitoring, R17WalkRunNeedsARestDayBetweenRuns) {
  CheckIn ran = Day0(2, 1, 1);
  ran.run_km = 1.6;
  EXPECT_FALSE(J(ran, SettledWeek(), At(Phase::kWalkRun, 1)).running_allowed);
  EXPECT_TRUE(J(Day0(2, 1), SettledWeek(), At(Phase::kWalkRun, 1)).running_allowed);
}

TEST(PainMonitoring, R18NoRunLongerThanATenthMoreThanTheLongestOfTheLast30Days) {
  auto history = SettledWeek();
  history[2].check_in.run_km = 8.0;
  history.push_back({kToday - days(40), Day0(2, 2)});
  history.back().check_in.run_km = 20.0;  // older than 30 days: does not count
  const Judgement j = J(Day0(2, 2), history);
  ASSERT_TRUE(j.run_cap_km);
  EXPECT_DOUBLE_EQ(*j.run_cap_km, 8.8);
  EXPECT_DOUBLE_EQ(
      *Judge(T(), Day0(2, 2), kToday, SettledWeek(), At(Phase::kWalkRun), 12.0).run_cap_km, 13.2)
      << "with no run on record, the onboarding answer sets the cap";
  EXPECT_FALSE(J(Day0(2, 2)).run_cap_km);
}

TEST(PainMonitoring, R22FewerThanHalfTheSessionsDoneIsLowAdherence) {
  auto history = SettledWeek();
  for (auto& record : history) record.check_in.did_session = false;
  EXPECT_TRUE(J(Day0(2, 2), history).low_adherence);
  EXPECT_FALSE(J(Day0(2, 2)).low_adherence);
}

// Advance: the gates.

Progress AdvanceWith(Progress p, const CheckIn& c,
                     const std::vector<DayRecord>& history = SettledWeek()) {
  const Judgement j = Judge(T(), c, kToday, history, p, std::nullopt);
  return Advance(Shipped(), p, j, c, kToday, history);
}

TEST(ProgrammeGates, SettleMovesToTheFloorAfterItsMinimumDays) {
  EXPECT_EQ(AdvanceWith(At(Phase::kSettle, 1, 3), Day0(2, 2)).at.phase, Phase::kFloor);
  EXPECT_EQ(AdvanceWith(At(Phase::kSettle, 1, 2), Day0(2, 2)).at.phase, Phase::kSettle);
}

TEST(ProgrammeGates, R12R13TheFloorNeedsAQuietWeek) {
  EXPECT_EQ(AdvanceWith(At(Phase::kFloor, 1, 7), Day0(2, 2)).at.phase, Phase::kHeavySlow);
  Progress flared = At(Phase::kFloor, 1, 9);
  flared.flare_days = {kToday - days(3)};
  EXPECT_EQ(AdvanceWith(flared, Day0(2, 2)).at.phase, Phase::kFloor);
}

TEST(ProgrammeGates, R14AHeavyWeekAdvancesOnlyWithTwoThirdsOfSessionsDone) {
  EXPECT_EQ(AdvanceWith(At(Phase::kHeavySlow, 2, 7), Day0(2, 2)).at,
            (ProgrammePosition{Phase::kHeavySlow, 3}));
  EXPECT_EQ(AdvanceWith(At(Phase::kHeavySlow, 2, 6), Day0(2, 2)).at.step, 2) << "not before 7 days";
  auto skipped = SettledWeek();
  for (std::size_t i = 0; i < skipped.size(); i += 2) skipped[i].check_in.did_session = false;
  skipped[1].check_in.did_session = false;
  EXPECT_EQ(AdvanceWith(At(Phase::kHeavySlow, 2, 7), Day0(2, 2), skipped).at.step, 2);
}

TEST(ProgrammeGates, R9StepsBackOneStep) {
  EXPECT_EQ(AdvanceWith(At(Phase::kHeavySlow, 5), Day0(2, 7)).at,
            (ProgrammePosition{Phase::kHeavySlow, 4}));
  EXPECT_EQ(AdvanceWith(At(Phase::kHeavySlow, 1), Day0(2, 7)).at.phase, Phase::kFloor);
  const Progress back = AdvanceWith(At(Phase::kWalkRun, 3), Day0(2, 7));
  EXPECT_EQ(back.at, (ProgrammePosition{Phase::kWalkRun, 2}));
  EXPECT_EQ(back.step_since, kToday);
  EXPECT_EQ(back.flare_days, std::vector<Day>{kToday});
}

TEST(ProgrammeGates, R19PlyometricsWaitForSettledHopsAfterFourCompletedHeavyWeeks) {
  Progress early = At(Phase::kHeavySlow, 4, 0);  // the first day of week 4
  early.tests = GateTests{1, std::nullopt, std::nullopt, std::nullopt, kToday};
  EXPECT_EQ(PendingTest(Shipped(), At(Phase::kHeavySlow, 4, 0), kToday), std::nullopt)
      << "week 4 has only begun";
  EXPECT_EQ(AdvanceWith(early, Day0(2, 2)).at, (ProgrammePosition{Phase::kHeavySlow, 4}))
      << "hops wait for week 4 to be done";
  Progress p = At(Phase::kHeavySlow, 4, 7);
  EXPECT_EQ(PendingTest(Shipped(), p, kToday), GateTest::kHops);
  p.tests.hop_pain = 2;
  p.tests.tested_on = kToday;
  EXPECT_EQ(PendingTest(Shipped(), p, kToday), std::nullopt);
  EXPECT_EQ(AdvanceWith(p, Day0(2, 2)).at, (ProgrammePosition{Phase::kPlyometric, 1}));
  p.tests.hop_pain = 5;
  EXPECT_EQ(AdvanceWith(p, Day0(2, 2)).at.phase, Phase::kHeavySlow);
  EXPECT_EQ(PendingTest(Shipped(), p, kToday + days(8)), GateTest::kHops)
      << "asked again a week on";
}

TEST(ProgrammeGates, R19SixtyContactsThenEighty) {
  EXPECT_EQ(AdvanceWith(At(Phase::kPlyometric, 1, 7), Day0(2, 2)).at,
            (ProgrammePosition{Phase::kPlyometric, 2}));
  EXPECT_EQ(AdvanceWith(At(Phase::kPlyometric, 1, 6), Day0(2, 2)).at.step, 1);
}

TEST(ProgrammeGates, R16WalkRunNeedsHeelRaisesHopsAndPainFreeWalking) {
  Progress p = At(Phase::kPlyometric, 2, 7);
  EXPECT_EQ(PendingTest(Shipped(), p, kToday), GateTest::kHeelRaises);
  p.tests = GateTests{2, 22, 30, true, kToday};  // 22 is under 25 and under 90% of 30
  EXPECT_EQ(AdvanceWith(p, Day0(2, 2)).at.phase, Phase::kPlyometric);
  p.tests.heel_raises_sore = 27;
  EXPECT_EQ(AdvanceWith(p, Day0(2, 2)).at, (ProgrammePosition{Phase::kWalkRun, 1}))
      << "27 reaches 25 and 90% of 30";
  p.tests = GateTests{2, 8, 8, true, kToday};  // equal sides, but far below 25
  EXPECT_EQ(AdvanceWith(p, Day0(2, 2)).at.phase, Phase::kPlyometric) << "R16 is AND, not OR";
  p.tests = GateTests{2, 26, 40, true, kToday};  // 25 reached, but under 90% of the other side
  EXPECT_EQ(AdvanceWith(p, Day0(2, 2)).at.phase, Phase::kPlyometric);
  p.tests = GateTests{2, 26, 28, true, kToday};
  EXPECT_EQ(AdvanceWith(p, Day0(2, 2)).at.phase, Phase::kWalkRun);
  p.tests.walking_pain_free = false;
  EXPECT_EQ(AdvanceWith(p, Day0(2, 2)).at.phase, Phase::kPlyometric);
}

TEST(ProgrammeGates, R17EachWalkRunStageTwiceWithNoNextDayFlare) {
  CheckIn ran = Day0(2, 1, 1);
  ran.run_km = 1.6;
  Progress p = AdvanceWith(At(Phase::kWalkRun, 1), ran);
  EXPECT_EQ(p.clean_runs_at_stage, 1);
  EXPECT_EQ(p.at.step, 1);
  p = AdvanceWith(p, ran);
  EXPECT_EQ(p.at, (ProgrammePosition{Phase::kWalkRun, 2}));
  EXPECT_EQ(p.clean_runs_at_stage, 0);
}

TEST(ProgrammeGates, HeavyDaysAlternate) {
  Progress p = At(Phase::kHeavySlow, 1);
  EXPECT_TRUE(IsHeavyDay(p, kToday));
  p.last_heavy_day = kToday - days(1);
  EXPECT_FALSE(IsHeavyDay(p, kToday));
  EXPECT_TRUE(IsHeavyDay(p, kToday + days(1)));
  EXPECT_FALSE(IsHeavyDay(At(Phase::kFloor), kToday));
}

}  // namespace
}  // namespace achilles::dialogs

namespace achilles::dialogs {
namespace {

TEST(PlannedRun, R18CapsAWalkRunStageLongerThanTheSpikeLimit) {
  Judgement j;
  j.running_allowed = true;
  j.run_cap_km = 1.76;  // longest of the last 30 days: 1.6 km
  const Session stage2 =
      Prescribe(Shipped(), {Phase::kWalkRun, 2}, PainSite::kMidportion, DayKind::kLoad);
  EXPECT_DOUBLE_EQ(*PlannedRunKm(stage2, j), 1.76);
  j.run_cap_km = 10;
  EXPECT_DOUBLE_EQ(*PlannedRunKm(stage2, j), 2.4);
  j.running_allowed = false;
  EXPECT_FALSE(PlannedRunKm(stage2, j));
}

TEST(PlannedRun, FullRunningIsCappedAndStrengthPhasesPlanNoRun) {
  Judgement j;
  j.running_allowed = true;
  j.run_cap_km = 13.2;
  EXPECT_DOUBLE_EQ(
      *PlannedRunKm(
          Prescribe(Shipped(), {Phase::kFullRunning, 1}, PainSite::kMidportion, DayKind::kLoad), j),
      13.2);
  EXPECT_FALSE(PlannedRunKm(
      Prescribe(Shipped(), {Phase::kFullRunning, 1}, PainSite::kMidportion, DayKind::kHeavy), j))
      << "never on a heavy strength day";
  EXPECT_FALSE(PlannedRunKm(
      Prescribe(Shipped(), {Phase::kHeavySlow, 2}, PainSite::kMidportion, DayKind::kHeavy), j));
}

}  // namespace
}  // namespace achilles::dialogs

namespace achilles::dialogs {
namespace {

// R9, calibrated: against a fixed baseline (the median of the settled mornings before), a rise
// of 2 points, or of 1 point on 2 mornings in a row, is a worse morning; 1 point once is noise.
struct MorningCase {
  const char* reads;
  int yesterday;  // this morning's and yesterday's stiffness, a settled week of 2s before them
  int today;
  bool flare;
};

void PrintTo(const MorningCase& c, std::ostream* out) { *out << c.reads; }

class R9Mornings : public ::testing::TestWithParam<MorningCase> {};

TEST_P(R9Mornings, ARiseCountsWhenItIsTwoPointsOrOnePointTwice) {
  std::vector<DayRecord> history = SettledWeek(2, 8);
  history.erase(history.end() - 1);  // yesterday is the case's
  history.push_back({kToday - days(1), Day0(GetParam().yesterday, 2)});
  EXPECT_EQ(J(Day0(GetParam().today, 2), history).flare, GetParam().flare);
}

INSTANTIATE_TEST_SUITE_P(
    Calibrated, R9Mornings,
    ::testing::Values(MorningCase{"usual: 2 then 2", 2, 2, false},
                      MorningCase{"one point once: noise", 2, 3, false},
                      MorningCase{"two points once: a flare", 2, 4, true},
                      MorningCase{"one point two mornings running: a flare", 3, 3, true},
                      MorningCase{"back down after one point: settled", 3, 2, false}));

TEST(R9Baseline, IsFixedWhileAnEpisodeLastsSoASustainedRiseIsNotAbsorbed) {
  Progress p = At(Phase::kHeavySlow, 3);
  p.episode = Episode{kToday - days(4), 2.0, false};
  std::vector<DayRecord> history;
  for (int i = 7; i >= 1; --i) history.push_back({kToday - days(i), Day0(4, 2)});
  const Judgement j = Judge(T(), Day0(4, 2), kToday, history, p, std::nullopt);
  EXPECT_EQ(j.baseline, 2.0) << "the median of the last week would be 4";
  EXPECT_FALSE(j.settled);
  EXPECT_FALSE(j.running_allowed) << "no running while the episode lasts";
  EXPECT_TRUE(J(Day0(2, 2), history, p).settled) << "back at the fixed baseline: it ends";
}

TEST(R10, FiresOncePerEpisode) {
  Progress p = At(Phase::kHeavySlow, 3);
  p.episode = Episode{kToday - days(3), 2.0, false};
  std::vector<DayRecord> history = SettledWeek(2, 8);
  for (int i = 3; i >= 1; --i) {
    std::erase_if(history, [&](const DayRecord& r) { return r.day == kToday - days(i); });
    history.push_back({kToday - days(i), Day0(4, 2)});
  }
  const Judgement first = Judge(T(), Day0(4, 2), kToday, history, p, std::nullopt);
  EXPECT_TRUE(first.consult);
  EXPECT_TRUE(first.drop_phase);
  p = Advance(Shipped(), p, first, Day0(4, 2), kToday, history);
  ASSERT_TRUE(p.episode);
  EXPECT_TRUE(p.episode->consulted);
  history.push_back({kToday, Day0(4, 2)});
  const Judgement next = Judge(T(), Day0(4, 2), kToday + days(1), history, p, std::nullopt);
  EXPECT_FALSE(next.consult) << "the same episode does not prompt twice";
  EXPECT_FALSE(next.drop_phase);
}

// R18: the cap uses runs logged in the last 30 days (minutes too), never a stale figure, and no
// week goes over 1.1 x the one before.
TEST(R18, TheCapUsesOnlyRunsOfTheLastThirtyDays) {
  std::vector<DayRecord> history = SettledWeek();
  CheckIn old = Day0(2, 2);
  old.run_km = 20;
  history.push_back({kToday - days(31), old});
  Progress p = At(Phase::kFullRunning, 1, 30);
  EXPECT_FALSE(Judge(T(), Day0(2, 2), kToday, history, p, std::nullopt).run_cap_km)
      << "a 20 km run 31 days ago does not count";
  CheckIn recent = Day0(2, 2);
  recent.run_km = 8;
  history.push_back({kToday - days(3), recent});
  EXPECT_NEAR(*Judge(T(), Day0(2, 2), kToday, history, p, std::nullopt).run_cap_km, 8.8, 1e-9);
}

TEST(R18, RunsLoggedInMinutesCount) {
  std::vector<DayRecord> history = SettledWeek();
  CheckIn timed = Day0(2, 2);
  timed.run_minutes = 40;
  history.push_back({kToday - days(3), timed});
  const Judgement j = Judge(T(), Day0(2, 2), kToday, history, At(Phase::kFullRunning, 1, 30), {});
  EXPECT_FALSE(j.run_cap_km);
  EXPECT_EQ(j.run_cap_minutes, 44);
}

TEST(R18, NoWeekOverOnePointOneTimesTheWeekBefore) {
  std::vector<DayRecord> history;
  auto ran = [&](int days_ago, double km) {
    CheckIn c = Day0(2, 2);
    c.run_km = km;
    history.push_back({kToday - days(days_ago), c});
  };
  for (int d : {13, 11, 9}) ran(d, 5);  // the week before: 15 km
  for (int d : {5, 3}) ran(d, 6);       // this week so far: 12 km
  const Judgement j = Judge(T(), Day0(2, 2), kToday, history, At(Phase::kFullRunning, 1, 30), {});
  ASSERT_TRUE(j.run_cap_km);
  EXPECT_NEAR(*j.run_cap_km, 15 * 1.1 - 12, 1e-9) << "not 6.6, the single-run cap";
}

TEST(R18, RestDaysBetweenRunsInTheFirstTwoWeeksOfFullRunning) {
  CheckIn ran = Day0(2, 2);
  ran.run_km = 5;
  ran.run_pain = 1;
  EXPECT_FALSE(J(ran, SettledWeek(), At(Phase::kFullRunning, 1, 5)).running_allowed);
  EXPECT_TRUE(J(ran, SettledWeek(), At(Phase::kFullRunning, 1, 20)).running_allowed);
  std::vector<DayRecord> six;
  for (int i = 5; i >= 1; --i) {
    CheckIn c = ran;
    six.push_back({kToday - days(i), c});
  }
  EXPECT_FALSE(J(ran, six, At(Phase::kFullRunning, 1, 30)).running_allowed)
      << "a rest day after six running days in a row";
}

}  // namespace
}  // namespace achilles::dialogs
