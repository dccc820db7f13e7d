// When each runner is prompted: at their local check-in time in their own zone, across DST
// changes, once a day, with one reminder, around pauses, red flags and downtime. Pure, with the
// time passed in.
#include "dialogs/schedule.h"

#include <gtest/gtest.h>

namespace achilles::dialogs {
namespace {

using namespace std::chrono;

TimePoint Utc(year_month_day date, int hour, int minute = 0) {
  return sys_days{date} + hours(hour) + minutes(minute);
}

RunnerState Runner(const std::string& zone, const std::string& time = "07:00") {
  RunnerState state;
  state.consented_at = Utc(2026y / November / 1, 9);
  state.onboarded_at = Utc(2026y / November / 1, 9);
  state.profile.time_zone = zone;
  state.profile.checkin_time = time;
  state.profile.review_weekday = 0;  // Sunday; 24 November 2026 is a Tuesday
  return state;
}

const ScheduleSettings kSettings{};  // reminder after 3 h, catch-up 2 h

// What was sent on `day`: nothing, or the check-in prompt at `prompted`.
SentOn Sent(Day day, std::optional<TimePoint> prompted = {}) {
  SentOn sent;
  sent.day = day;
  sent.check_in = prompted;
  return sent;
}  // reminder after 3 h, catch-up 2 h

std::vector<PromptKind> Kinds(const std::vector<DuePrompt>& due) {
  std::vector<PromptKind> kinds;
  for (const auto& prompt : due) kinds.push_back(prompt.kind);
  return kinds;
}

struct ZoneCase {
  const char* zone;
  TimePoint local_seven;  // 07:00 local on 24 November 2026 (the runner's day)
};

TEST(Schedule, ThePromptComesAtLocalTimeInEveryZone) {
  for (const ZoneCase& c : {ZoneCase{"Europe/Berlin", Utc(2026y / November / 24, 6)},
                            ZoneCase{"America/New_York", Utc(2026y / November / 24, 12)},
                            ZoneCase{"Pacific/Auckland", Utc(2026y / November / 23, 18)},
                            ZoneCase{"Asia/Kolkata", Utc(2026y / November / 24, 1, 30)}}) {
    SCOPED_TRACE(c.zone);
    const RunnerState state = Runner(c.zone);
    const TimePoint before = c.local_seven - minutes(1);
    const SentOn nothing = Sent(floor<days>(c.local_seven + hours(2)));
    EXPECT_TRUE(DuePrompts(state, nothing, kSettings, before).empty());
    EXPECT_EQ(NextDueAt(state, nothing, kSettings, before), c.local_seven);
    EXPECT_EQ(Kinds(DuePrompts(state, nothing, kSettings, c.local_seven)),
              std::vector{PromptKind::kCheckIn});
  }
}

TEST(Schedule, APromptInTheSpringForwardGapGoesWhenTheClocksJump) {
  // Berlin, Sunday 29 March 2026: 02:30 does not exist; the prompt goes at 03:00 CEST.
  RunnerState state = Runner("Europe/Berlin", "02:30");
  state.profile.review_weekday = 1;
  const SentOn nothing = Sent(sys_days{2026y / March / 29});
  EXPECT_EQ(NextDueAt(state, nothing, kSettings, Utc(2026y / March / 29, 0)),
            Utc(2026y / March / 29, 1));
  const auto due = DuePrompts(state, nothing, kSettings, Utc(2026y / March / 29, 1));
  ASSERT_EQ(Kinds(due), std::vector{PromptKind::kCheckIn});
  EXPECT_EQ(due[0].day, sys_days{2026y / March / 29});
}

TEST(Schedule, TheAutumnRepeatOfTheHourDoesNotPromptTwice) {
  // Berlin, Sunday 25 October 2026: 02:30 happens at 00:30 and again at 01:30 UTC.
  RunnerState state = Runner("Europe/Berlin", "02:30");
  state.profile.review_weekday = 1;
  const Day day = sys_days{2026y / October / 25};
  const auto first = DuePrompts(state, Sent(day), kSettings, Utc(2026y / October / 25, 0, 30));
  ASSERT_EQ(Kinds(first), std::vector{PromptKind::kCheckIn});
  const SentOn sent = Sent(day, Utc(2026y / October / 25, 0, 30));
  EXPECT_TRUE(DuePrompts(state, sent, kSettings, Utc(2026y / October / 25, 1, 30)).empty());
}

TEST(Schedule, AfterAnHourDownThePromptStillGoes) {
  const RunnerState state = Runner("Europe/Berlin");
  const TimePoint seven = Utc(2026y / November / 24, 6);
  const SentOn nothing = Sent(sys_days{2026y / November / 24});
  EXPECT_EQ(Kinds(DuePrompts(state, nothing, kSettings, seven + hours(1))),
            std::vector{PromptKind::kCheckIn});
}

TEST(Schedule, AfterFiveHoursDownThePromptIsSkippedNotSentLate) {
  const RunnerState state = Runner("Europe/Berlin");
  const TimePoint seven = Utc(2026y / November / 24, 6);
  const SentOn nothing = Sent(sys_days{2026y / November / 24});
  EXPECT_TRUE(DuePrompts(state, nothing, kSettings, seven + hours(5)).empty());
  EXPECT_EQ(NextDueAt(state, nothing, kSettings, seven + hours(5)), seven + days(1));
}

TEST(Schedule, OneReminderOnlyWhileTheCheckInIsUnanswered) {
  RunnerState state = Runner("Europe/Berlin");
  const TimePoint seven = Utc(2026y / November / 24, 6);
  const Day today = sys_days{2026y / November / 24};
  const SentOn prompted = Sent(today, seven);
  EXPECT_EQ(NextDueAt(state, prompted, kSettings, seven + minutes(1)), seven + hours(3));
  EXPECT_TRUE(DuePrompts(state, prompted, kSettings, seven + hours(2)).empty());
  EXPECT_EQ(Kinds(DuePrompts(state, prompted, kSettings, seven + hours(3))),
            std::vector{PromptKind::kReminder});

  SentOn reminded = prompted;
  reminded.reminder = true;
  EXPECT_TRUE(DuePrompts(state, reminded, kSettings, seven + hours(4)).empty());
  EXPECT_EQ(NextDueAt(state, reminded, kSettings, seven + hours(4)), seven + days(1));

  state.recent.push_back(DayRecord{today, CheckIn{}});  // answered: no reminder
  EXPECT_TRUE(DuePrompts(state, prompted, kSettings, seven + hours(3)).empty());
}

TEST(Schedule, ACheckInBeforeThePromptTimeMeansNoPrompt) {
  RunnerState state = Runner("Europe/Berlin");
  state.recent.push_back(DayRecord{sys_days{2026y / November / 24}, CheckIn{}});
  const TimePoint seven = Utc(2026y / November / 24, 6);
  EXPECT_TRUE(DuePrompts(state, Sent(sys_days{2026y / November / 24}), kSettings, seven).empty());
  EXPECT_EQ(NextDueAt(state, SentOn{}, kSettings, seven), seven + days(1));
}

TEST(Schedule, APausedRunnerHearsNothingUntilThePauseEnds) {
  RunnerState state = Runner("Europe/Berlin");
  const TimePoint seven = Utc(2026y / November / 24, 6);
  state.paused_until = sys_days{2026y / November / 26};
  EXPECT_TRUE(DuePrompts(state, SentOn{}, kSettings, seven).empty());
  EXPECT_EQ(NextDueAt(state, SentOn{}, kSettings, seven), seven + days(3));
  state.paused_until.reset();  // /resume
  EXPECT_EQ(Kinds(DuePrompts(state, SentOn{}, kSettings, seven)),
            std::vector{PromptKind::kCheckIn});
}

TEST(Schedule, WhileAStopHoldsOnlyTheDailyPromptGoesAndNoReviewOrReminder) {  // R28
  RunnerState state = Runner("Europe/Berlin");
  state.profile.review_weekday = 2;  // Tuesday 24 Nov
  state.stop = Stop{sys_days{2026y / November / 20}, "R1", false};
  const TimePoint seven = Utc(2026y / November / 24, 6);
  EXPECT_EQ(Kinds(DuePrompts(state, SentOn{}, kSettings, seven)), std::vector{PromptKind::kCheckIn})
      << "days after the STOP the runner is still asked (whether they were seen)";
  const SentOn sent = Sent(sys_days{2026y / November / 24}, seven);
  EXPECT_TRUE(DuePrompts(state, sent, kSettings, seven + hours(5)).empty()) << "no reminder";
}

TEST(Schedule, TheWeeklyReviewComesOnItsDayBeforeTheCheckInPrompt) {
  RunnerState state = Runner("Europe/Berlin");
  state.profile.review_weekday = 2;  // Tuesday
  const TimePoint seven = Utc(2026y / November / 24, 6);
  EXPECT_EQ(Kinds(DuePrompts(state, SentOn{}, kSettings, seven)),
            (std::vector{PromptKind::kWeeklyReview, PromptKind::kCheckIn}));
  SentOn sent = Sent(sys_days{2026y / November / 24}, seven);
  sent.review = true;
  EXPECT_TRUE(DuePrompts(state, sent, kSettings, seven + minutes(1)).empty());
  EXPECT_EQ(Kinds(DuePrompts(state, SentOn{}, kSettings, seven + days(1))),
            std::vector{PromptKind::kCheckIn});
}

TEST(Schedule, NobodyIsPromptedBeforeOnboardingEnds) {
  RunnerState state = Runner("Europe/Berlin");
  state.onboarded_at.reset();
  EXPECT_EQ(NextDueAt(state, SentOn{}, kSettings, Utc(2026y / November / 24, 6)), std::nullopt);
}

TEST(Schedule, TheNextPromptIsWhatTheRunnerIsTold) {
  RunnerState state = Runner("America/New_York", "06:30");
  EXPECT_EQ(NextCheckInPrompt(state, Utc(2026y / November / 24, 10)),
            Utc(2026y / November / 24, 11, 30));
  EXPECT_EQ(NextCheckInPrompt(state, Utc(2026y / November / 24, 12)),
            Utc(2026y / November / 25, 11, 30));
}

TEST(Schedule, PromptKindsHaveStableNames) {
  for (PromptKind kind : {PromptKind::kWeeklyReview, PromptKind::kCheckIn, PromptKind::kReminder}) {
    EXPECT_EQ(PromptKindFromId(PromptKindId(kind)), kind);
  }
  EXPECT_EQ(PromptKindFromId("nonsense"), std::nullopt);
}

}  // namespace
}  // namespace achilles::dialogs
