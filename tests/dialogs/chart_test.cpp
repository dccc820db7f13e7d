// What the charts show, as data (pure): the runner's six weeks for /progress and the weekly
// review, the words that carry the same numbers, and a coach's panels for /team.
#include <gtest/gtest.h>

#include "dialogs/squads.h"
#include "dialogs/summary.h"
#include "dialogs/text.h"
#include "tests/dialogs/chat.h"

namespace achilles::dialogs {
namespace {

using achilles::testing::ShippedContent;
using std::chrono::days;

const Day kFirst = kToday - days(kRunnerChartDays - 1);

DayRecord Record(Day day, int stiffness, std::optional<int> run_pain, std::optional<int> rehab,
                 double km, std::optional<ProgrammePosition> at = {}, int hsr_week = 0) {
  CheckIn c;
  c.morning_stiffness = stiffness;
  c.run_pain = run_pain;
  c.rehab_pain = rehab;
  c.run_km = km;
  if (rehab) c.did_session = true;  // a rehab pain means the session was done
  return DayRecord{day, c, at, hsr_week};
}

// A runner who joined 20 days ago: settle, then heavy slow weeks 1 and 2; a flare-up, a red
// flag, a weekly check.
RunnerState TwentyDays() {
  RunnerState state;
  state.onboarded_at = std::chrono::sys_days{kToday - days(20)};
  state.profile.time_zone = "UTC";
  const ProgrammePosition settle{Phase::kSettle, 1};
  const ProgrammePosition heavy{Phase::kHeavySlow, 1};
  state.recent = {
      Record(kToday - days(19), 4, {}, 3, 0, settle), Record(kToday - days(18), 4, 2, 5, 3, settle),
      Record(kToday - days(12), 3, {}, 2, 0, heavy, 1),
      // A check-in stored before positions were kept: the band goes on.
      Record(kToday - days(10), 3, 1, {}, 4), Record(kToday - days(5), 2, {}, 2, 0, heavy, 2),
      Record(kToday - days(1), 1, 1, 1, 5.5, heavy, 2)};
  state.progress.flare_days = {kToday - days(18)};
  state.red_flag_days = {kToday - days(10)};
  state.progress.at = heavy;
  state.progress.hsr_week = 3;
  state.results = {{"weekly", kToday - days(5), {{"raises_l", 14}, {"raises_r", 25}}},
                   {"weekly", kToday - days(12), {{"raises_l", 11}}}};
  return state;
}

TEST(ProgressChart, SixWeeksByDayFromWhatWasStored) {
  const RunnerChart chart = ProgressChart(TwentyDays(), ShippedContent().questionnaires, kToday);
  EXPECT_EQ(chart.title, "Your last 6 weeks");
  ASSERT_EQ(chart.days.size(), static_cast<std::size_t>(kRunnerChartDays));
  EXPECT_EQ(chart.days.front().day, kFirst);
  EXPECT_EQ(chart.days.back().day, kToday);
  const auto on = [&](int days_ago) { return chart.days[kRunnerChartDays - 1 - days_ago]; };
  EXPECT_EQ(on(30), (ChartDay{.day = kToday - days(30)})) << "before they joined: nothing";
  EXPECT_EQ(on(18).stiffness, 4);
  EXPECT_EQ(on(18).pain, 5) << "the worse of run and rehab pain";
  EXPECT_EQ(on(18).km, 3.0);
  EXPECT_EQ(on(18).session_done, true);
  EXPECT_TRUE(on(18).flare);
  EXPECT_FALSE(on(19).flare);
  EXPECT_TRUE(on(10).red_flag);
  EXPECT_EQ(on(10).session_done, std::nullopt) << "not reported is not 'not done'";
  EXPECT_EQ(on(1).km, 5.5);
  EXPECT_FALSE(on(2).stiffness) << "a day without a check-in has no scores";

  // Bands: each check-in's position; days between continue it; today is where they are now.
  ASSERT_EQ(chart.bands.size(), 4u);
  EXPECT_EQ(chart.bands[0],
            (ChartBand{kToday - days(19), kToday - days(13), "Settle", Phase::kSettle}));
  EXPECT_EQ(chart.bands[1],
            (ChartBand{kToday - days(12), kToday - days(6), "HSR wk 1", Phase::kHeavySlow}));
  EXPECT_EQ(chart.bands[2],
            (ChartBand{kToday - days(5), kToday - days(1), "HSR wk 2", Phase::kHeavySlow}));
  EXPECT_EQ(chart.bands[3], (ChartBand{kToday, kToday, "HSR wk 3", Phase::kHeavySlow}));

  // The weekly check's heel raises, oldest first, each side as answered.
  ASSERT_EQ(chart.heel_raises.size(), 2u);
  EXPECT_EQ(chart.heel_raises[0], (HeelRaiseCount{kToday - days(12), 11, {}}));
  EXPECT_EQ(chart.heel_raises[1], (HeelRaiseCount{kToday - days(5), 14, 25}));
}

TEST(ProgressChart, TheWordsCarryTheSameNumbersFromTheFirstWeekWithACheckIn) {
  const RunnerChart chart = ProgressChart(TwentyDays(), ShippedContent().questionnaires, kToday);
  const std::string words = ChartInWords(chart);
  // 42 days in weeks from the chart's first day; check-ins begin in the fourth week.
  const auto week = [&](int index) {
    return ShortDate(kFirst + days(7 * index)) + "-" + ShortDate(kFirst + days(7 * index + 6)) +
           ": ";
  };
  EXPECT_FALSE(Has(words, week(2))) << words;
  EXPECT_TRUE(Has(words, week(3) + "stiffness 4.0, pain 4.0, 3.0 km, sessions 2/2")) << words;
  EXPECT_TRUE(Has(words, week(4) + "stiffness 3.0, pain 1.5, 4.0 km, sessions 1/1")) << words;
  EXPECT_TRUE(Has(words, week(5) + "stiffness 1.5, pain 1.5, 5.5 km, sessions 2/2")) << words;
  EXPECT_TRUE(Has(words, "Flare-ups: " + ShortDate(kToday - days(18)) +
                             ". Red flags: " + ShortDate(kToday - days(10)) + "."))
      << words;
  EXPECT_TRUE(Has(words, "Heel raises (" + ShortDate(kToday - days(5)) + "): left 14, right 25."))
      << words;

  const std::string nothing =
      ChartInWords(ProgressChart(RunnerState{}, ShippedContent().questionnaires, kToday));
  EXPECT_TRUE(Has(nothing, "No check-ins in these weeks.")) << nothing;
  EXPECT_TRUE(Has(nothing, "Flare-ups: none. Red flags: none.")) << nothing;
}

TEST(ProgressChart, ProgressAndTheWeeklyReviewAttachTheChartAndSayItInWords) {
  Chat chat;
  chat.Onboard();
  chat.Command("checkin", "stiffness 3 rehab 2 session yes ran 4km pain 1");
  const Decision progress = chat.Command("progress");
  ASSERT_EQ(progress.replies.size(), 1u);
  const Reply& reply = progress.replies[0];
  ASSERT_TRUE(reply.chart);
  ASSERT_TRUE(reply.chart->runner);
  EXPECT_EQ(reply.chart->runner->days.back(),
            (ChartDay{.day = kToday, .stiffness = 3, .pain = 2, .km = 4, .session_done = true}));
  EXPECT_TRUE(Has(reply.text, "**Week by week**"));
  EXPECT_TRUE(Has(reply.text, ": stiffness 3.0, pain 2.0, 4.0 km, sessions 1/1")) << reply.text;
  EXPECT_EQ(reply.chart->runner->bands.back().label, "HSR wk 1");

  chat.now = kNow + days(1);  // the review of the week that ended yesterday
  const Decision review = chat.Prompt(PromptKind::kWeeklyReview);
  const auto charted = std::find_if(review.replies.begin(), review.replies.end(),
                                    [](const Reply& r) { return r.chart.has_value(); });
  ASSERT_NE(charted, review.replies.end()) << Chat::AllText(review);
  EXPECT_TRUE(Has(charted->text, "**Week by week**"));

  // A week without a check-in: the review says so, with no empty chart.
  Chat quiet;
  quiet.Onboard();
  for (const auto& r : quiet.Prompt(PromptKind::kWeeklyReview).replies) EXPECT_FALSE(r.chart);
}

SquadMember Sharing(const std::string& name, int stiffness) {
  SquadMember member;
  member.name = name;
  member.state.onboarded_at = kNow - days(30);
  member.state.profile.time_zone = "UTC";
  for (int back = 20; back >= 0; --back) {
    member.state.recent.push_back(Record(kToday - days(back), stiffness, {}, 1, 0));
  }
  return member;
}

TEST(TeamCharts, APanelPerSharingRunnerFlaggedFirstTwelveToAnImage) {
  std::vector<SquadMember> members;
  for (int i = 0; i < 13; ++i) members.push_back(Sharing("Runner " + std::to_string(10 + i), 2));
  members[5].state.progress.flare_days = {kToday - days(1)};
  members[5].events.push_back({CoachEvent{CoachEvent::Kind::kFlareUp, "R9"}, kNow - days(1)});
  const auto charts = TeamCharts("Harriers", members, kNow);
  ASSERT_EQ(charts.size(), 2u);
  EXPECT_EQ(charts[0].title, "Harriers: the last 14 days (1 of 2)");
  EXPECT_EQ(charts[1].title, "Harriers: the last 14 days (2 of 2)");
  ASSERT_EQ(charts[0].panels.size(), kPanelsPerChart);
  ASSERT_EQ(charts[1].panels.size(), 1u);
  EXPECT_EQ(charts[0].panels[0].name, "Runner 15") << "the flagged runner first, as /team";
  EXPECT_EQ(charts[0].panels[0].flags, std::vector<std::string>{"flare-up"});
  EXPECT_EQ(charts[0].panels[1].name, "Runner 10");
  ASSERT_EQ(charts[0].panels[1].days.size(), static_cast<std::size_t>(kPanelDays));
  EXPECT_EQ(charts[0].panels[1].days.back().day, kToday);
  EXPECT_EQ(charts[0].panels[1].days.back().stiffness, 2);
  EXPECT_TRUE(charts[0].panels[0].days[12].flare);

  EXPECT_EQ(TeamCharts("Harriers", {Sharing("Ann", 1)}, kNow)[0].title,
            "Harriers: the last 14 days")
      << "one image: no count";
  EXPECT_TRUE(TeamCharts("Harriers", {}, kNow).empty()) << "nobody shares: no picture";
}

}  // namespace
}  // namespace achilles::dialogs
