// Time zones as runners type them, and local times across DST changes, on the system tz database.
#include "dialogs/local_time.h"

#include <gtest/gtest.h>

namespace achilles::dialogs {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::sys_days;
using namespace std::chrono;

TimePoint Utc(year_month_day date, int hour, int minute = 0) {
  return sys_days{date} + hours(hour) + minutes(minute);
}

TEST(ResolveTimeZone, NamesCitiesAndOffsetsAsRunnersTypeThem) {
  EXPECT_EQ(ResolveTimeZone("Europe/Berlin"), "Europe/Berlin");
  EXPECT_EQ(ResolveTimeZone("europe/berlin"), "Europe/Berlin");
  EXPECT_EQ(ResolveTimeZone("  Berlin "), "Europe/Berlin");
  EXPECT_EQ(ResolveTimeZone("new york"), "America/New_York");
  EXPECT_EQ(ResolveTimeZone("New_York"), "America/New_York");
  EXPECT_EQ(ResolveTimeZone("Kolkata"), "Asia/Kolkata");
  EXPECT_EQ(ResolveTimeZone("auckland"), "Pacific/Auckland");
  EXPECT_EQ(ResolveTimeZone("utc"), "UTC");
  EXPECT_EQ(ResolveTimeZone("utc+2"), "UTC+2");
  EXPECT_EQ(ResolveTimeZone("GMT-5:30"), "UTC-5:30");
}

TEST(ResolveTimeZone, RefusesWhatIsNoZone) {
  for (const char* typed :
       {"", "Mars/Olympus", "UTC+15", "UTC+2:75", "UTC2", "Atlantis", "Europe/", "08:00"}) {
    EXPECT_EQ(ResolveTimeZone(typed), std::nullopt) << typed;
  }
}

TEST(UtcOffset, FollowsDaylightSavingTime) {
  EXPECT_EQ(UtcOffset("Europe/Berlin", Utc(2026y / January / 10, 12)), minutes(60));
  EXPECT_EQ(UtcOffset("Europe/Berlin", Utc(2026y / July / 10, 12)), minutes(120));
  EXPECT_EQ(UtcOffset("Asia/Kolkata", Utc(2026y / July / 10, 12)), minutes(330));
  EXPECT_EQ(UtcOffset("UTC-5:30", Utc(2026y / July / 10, 12)), minutes(-330));
  EXPECT_EQ(UtcOffset("Nowhere/Land", Utc(2026y / July / 10, 12)), std::nullopt);
}

TEST(LocalTimeOn, IsTheInstantTheLocalClockShowsTheTime) {
  const Day day = sys_days{2026y / November / 24};
  EXPECT_EQ(LocalTimeOn("Europe/Berlin", day, hours(7)), Utc(2026y / November / 24, 6));
  EXPECT_EQ(LocalTimeOn("America/New_York", day, hours(7)), Utc(2026y / November / 24, 12));
  EXPECT_EQ(LocalTimeOn("Pacific/Auckland", day, hours(7)), Utc(2026y / November / 23, 18));
  EXPECT_EQ(LocalTimeOn("Asia/Kolkata", day, hours(7)), Utc(2026y / November / 24, 1, 30));
  EXPECT_EQ(LocalTimeOn("UTC+2", day, hours(7)), Utc(2026y / November / 24, 5));
}

TEST(LocalTimeOn, ATimeInTheSpringForwardGapIsTheEndOfTheGap) {
  // Berlin, 29 March 2026: clocks jump from 02:00 to 03:00; 02:30 never happens.
  EXPECT_EQ(LocalTimeOn("Europe/Berlin", sys_days{2026y / March / 29}, hours(2) + minutes(30)),
            Utc(2026y / March / 29, 1));
}

TEST(LocalTimeOn, ATimeThatHappensTwiceInAutumnIsTheFirst) {
  // Berlin, 25 October 2026: 02:00-03:00 happens twice (CEST, then CET).
  EXPECT_EQ(LocalTimeOn("Europe/Berlin", sys_days{2026y / October / 25}, hours(2) + minutes(30)),
            Utc(2026y / October / 25, 0, 30));
}

TEST(LocalDayIn, IsTheCalendarDayWhereTheRunnerIs) {
  const TimePoint t = Utc(2026y / November / 24, 20);
  EXPECT_EQ(LocalDayIn("Europe/Berlin", t), sys_days{2026y / November / 24});
  EXPECT_EQ(LocalDayIn("Pacific/Auckland", t), sys_days{2026y / November / 25});
}

TEST(LocalDateTimeText, ReadsAsTheLocalClock) {
  EXPECT_EQ(LocalDateTimeText("Europe/Berlin", Utc(2026y / November / 24, 6)), "Tue 24 Nov, 07:00");
  EXPECT_EQ(LocalDateTimeText("Asia/Kolkata", Utc(2026y / November / 24, 1, 30)),
            "Tue 24 Nov, 07:00");
}

TEST(ParseClockTime, TakesHoursAndMinutesOnly) {
  EXPECT_EQ(ParseClockTime("07:30"), minutes(450));
  EXPECT_EQ(ParseClockTime("00:00"), minutes(0));
  for (const char* bad : {"24:00", "7:30", "07:60", "0730", "", "ab:cd"}) {
    EXPECT_EQ(ParseClockTime(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace achilles::dialogs
