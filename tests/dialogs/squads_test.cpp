// What a coach sees and hears about a squad: pure functions over runners' states.
#include "dialogs/squads.h"

#include <gtest/gtest.h>

#include "tests/support/fixtures.h"

namespace achilles::dialogs {
namespace {

using achilles::testing::ShippedContent;
using std::chrono::days;
using std::chrono::hours;

const TimePoint kNow = std::chrono::sys_days{std::chrono::November / 24 / 2026} + hours(19);
const Day kToday = std::chrono::floor<days>(kNow);

SquadMember Member(const std::string& name) {
  SquadMember member;
  member.name = name;
  member.state.consented_at = kNow - days(30);
  member.state.onboarded_at = kNow - days(30);
  member.state.profile.time_zone = "UTC";
  return member;
}

void AddCheckIn(SquadMember& member, int days_ago, int stiffness, int pain) {
  dialogs::CheckIn c;
  c.morning_stiffness = stiffness;
  c.rehab_pain = pain;
  c.did_session = true;
  member.state.recent.push_back({kToday - days(days_ago), c});
}

TEST(Squads, ATeamLineShowsTheWeekAtAGlance) {
  SquadMember ann = Member("Ann");
  for (int back = 6; back >= 0; --back) AddCheckIn(ann, back, back <= 2 ? 5 : 1, 2);
  const std::string line = TeamLine(ShippedContent(), ann, kNow);
  EXPECT_NE(line.find("**Ann**: last check-in today"), std::string::npos) << line;
  EXPECT_NE(line.find("stiffness ▁▁▁▁▄▄▄↗"), std::string::npos) << line;
  EXPECT_NE(line.find("pain ▂▂▂▂▂▂▂→"), std::string::npos) << line;
  EXPECT_NE(line.find("sessions this week 7/7"), std::string::npos) << line;
  EXPECT_EQ(line.find("Open:"), std::string::npos);
}

TEST(Squads, OpenFlagsComeFromRecentEventsAndSilence) {
  SquadMember ben = Member("Ben");
  AddCheckIn(ben, 3, 2, 2);
  ben.events.push_back({{CoachEvent::Kind::kRedFlag, "R1: pop"}, kNow - days(2)});
  ben.events.push_back({{CoachEvent::Kind::kFlareUp, "said so"}, kNow - days(20)});  // too old
  ben.events.push_back({{CoachEvent::Kind::kConsultRequested, "asked"}, kNow - hours(1)});
  EXPECT_EQ(OpenFlags(ben, kNow),
            (std::vector<std::string>{"RED FLAG", "consult requested", "no check-in 3+ days"}));
}

TEST(Squads, AReportListsFlaggedRunnersFirst) {
  SquadMember ann = Member("Ann");
  AddCheckIn(ann, 0, 1, 1);
  SquadMember ben = Member("Ben");
  AddCheckIn(ben, 0, 1, 1);
  ben.events.push_back({{CoachEvent::Kind::kFlareUp, "said so"}, kNow - hours(3)});
  const std::string report = TeamReport(ShippedContent(), "Harriers", {ann, ben}, kNow);
  EXPECT_EQ(report.rfind("**Harriers** (2 runners sharing)", 0), 0u);
  EXPECT_LT(report.find("**Ben**"), report.find("**Ann**"));
}

TEST(Squads, OnlyASecondFlareUpWithinTheWindowAlerts) {
  SquadMember ben = Member("Ben");
  AddCheckIn(ben, 1, 2, 2);
  Decision decision;
  decision.events.push_back({CoachEvent::Kind::kFlareUp, "the runner reported a flare-up"});
  ben.state.progress.flare_days = {kToday};
  EXPECT_TRUE(AlertsFor(ShippedContent(), ben, decision, kNow).empty()) << "the first one";
  ben.state.progress.flare_days = {kToday - days(15), kToday};
  EXPECT_TRUE(AlertsFor(ShippedContent(), ben, decision, kNow).empty()) << "outside 14 days";
  ben.state.progress.flare_days = {kToday - days(13), kToday};
  const auto alerts = AlertsFor(ShippedContent(), ben, decision, kNow);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].kind, "second_flare");
  EXPECT_EQ(alerts[0].key, "2026-11-24");
  EXPECT_NE(alerts[0].text.find("**Ben**: last check-in yesterday"), std::string::npos)
      << "with the recent summary";
}

TEST(Squads, RedFlagsAndConsultRequestsAlertWithWhatToExpect) {
  SquadMember ann = Member("Ann");
  Decision decision;
  decision.events = {{CoachEvent::Kind::kRedFlag, "R1: I felt a pop"},
                     {CoachEvent::Kind::kConsultRequested, "the runner asked to book a consult"},
                     {CoachEvent::Kind::kBarrier, "time"}};
  const auto alerts = AlertsFor(ShippedContent(), ann, decision, kNow);
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].kind, "red_flag");
  EXPECT_NE(alerts[0].text.find("(R1)"), std::string::npos);
  EXPECT_NE(alerts[0].text.find("urgent care"), std::string::npos);
  EXPECT_EQ(alerts[1].kind, "consult");
  EXPECT_NE(alerts[1].text.find("The runner asked to book a consult."), std::string::npos);
}

TEST(Squads, QuietAfterThreeDaysOncePerSpellAndNotWhilePaused) {
  SquadMember cat = Member("Cat");
  AddCheckIn(cat, 2, 1, 1);
  EXPECT_FALSE(QuietAlert(ShippedContent(), cat, kNow));
  cat.state.recent.clear();
  AddCheckIn(cat, 3, 1, 1);
  const auto quiet = QuietAlert(ShippedContent(), cat, kNow);
  ASSERT_TRUE(quiet);
  EXPECT_EQ(quiet->key, "2026-11-21");
  EXPECT_NE(quiet->text.find("No check-in from Cat for 3 days"), std::string::npos);
  EXPECT_EQ(QuietAlert(ShippedContent(), cat, kNow + days(1))->key, quiet->key)
      << "the same spell, the same key: sent once";
  cat.state.paused_until = kToday + days(2);
  EXPECT_FALSE(QuietAlert(ShippedContent(), cat, kNow));
}

TEST(Squads, TheDigestCountsTodayWithoutNames) {
  SquadMember ann = Member("Ann");
  AddCheckIn(ann, 0, 1, 1);
  SquadMember ben = Member("Ben");
  ben.events.push_back({{CoachEvent::Kind::kFlareUp, "x"}, kNow - hours(2)});
  ben.events.push_back({{CoachEvent::Kind::kFlareUp, "x"}, kNow - hours(20)});  // yesterday
  ben.events.push_back({{CoachEvent::Kind::kConsultRequested, "x"}, kNow - hours(1)});
  const auto counts = CountToday({ann, ben}, kNow);
  EXPECT_EQ(counts.members, 2);
  EXPECT_EQ(counts.checked_in, 1);
  EXPECT_EQ(counts.flare_ups, 1);
  EXPECT_EQ(counts.consults, 1);
  const std::string text = DigestText(ShippedContent(), "Harriers", counts);
  EXPECT_NE(text.find("1 of 2 checked in · 1 flare-up · 1 consult request."), std::string::npos)
      << text;
  EXPECT_EQ(text.find("Ann"), std::string::npos);
}

TEST(Squads, OnlyTheSquadsARunnerSharesWithHearAboutThem) {
  SquadCard harriers;
  harriers.id = 7;
  SquadCard striders;
  striders.id = 8;
  const auto hear = SquadsThatHear({{harriers, true}, {striders, false}});
  ASSERT_EQ(hear.size(), 1u);
  EXPECT_EQ(hear[0].id, 7);
  EXPECT_TRUE(SquadsThatHear({{striders, false}}).empty()) << "a member who said no";
}

TEST(Squads, ADigestMissedByDowntimeIsSkippedNotSentLate) {
  const TimePoint due = kNow;
  EXPECT_FALSE(DigestMissed(due, due + std::chrono::minutes(120), std::chrono::minutes(120)));
  EXPECT_TRUE(DigestMissed(due, due + std::chrono::minutes(121), std::chrono::minutes(120)));
  EXPECT_FALSE(DigestMissed(due, due - std::chrono::minutes(5), std::chrono::minutes(120)));
}

TEST(Squads, ASquadClosesOnlyWhenItsLastCoachIsForgotten) {
  EXPECT_TRUE(ClosesWhenCoachForgotten(1)) << "nobody would see its runners or hear alerts";
  EXPECT_FALSE(ClosesWhenCoachForgotten(2)) << "the co-coach carries on";
  EXPECT_FALSE(ClosesWhenCoachForgotten(5));
}

TEST(Squads, DigestTimesFollowTheZoneAcrossDst) {
  // Berlin leaves summer time on Sun 25 Oct 2026: 18:00 local is 16:00 UTC before, 17:00 after.
  const TimePoint saturday = std::chrono::sys_days{std::chrono::October / 24 / 2026} + hours(17);
  const TimePoint next = NextDigestAt("Europe/Berlin", std::chrono::minutes(18 * 60), saturday);
  EXPECT_EQ(next, std::chrono::sys_days{std::chrono::October / 25 / 2026} + hours(17));
  EXPECT_TRUE(WeeklySummaryDay("Europe/Berlin", next));
  EXPECT_FALSE(WeeklySummaryDay("Europe/Berlin", saturday));
  const TimePoint six_pm = std::chrono::sys_days{std::chrono::November / 24 / 2026} + hours(18);
  EXPECT_EQ(NextDigestAt("UTC", std::chrono::minutes(18 * 60), six_pm - hours(1)), six_pm);
  EXPECT_EQ(NextDigestAt("UTC", std::chrono::minutes(18 * 60), six_pm), six_pm + days(1))
      << "strictly after now";
}

}  // namespace
}  // namespace achilles::dialogs
