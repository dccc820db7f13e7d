// Local time in a runner's time zone, through Howard Hinnant's date/tz on the system time zone
// database (IANA). The database is read-only data, read once at first use: call
// WarmTimeZones() at start-up so no request pays for it. Thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "dialogs/time.h"

namespace achilles::dialogs {

// Reads the time zone database now. False when the system has none (install tzdata).
bool WarmTimeZones();

// The zone a runner typed, as stored: an IANA name in its canonical spelling ("europe/berlin"
// -> "Europe/Berlin"), a city the database names ("berlin", "New York" -> "America/New_York"),
// or a fixed offset ("utc+2" -> "UTC+2", "GMT-5:30" -> "UTC-5:30"). Nullopt when it is none.
std::optional<std::string> ResolveTimeZone(std::string_view typed);

// The offset of `zone` (as ResolveTimeZone returns it) at `at`. Nullopt for an unknown zone.
std::optional<std::chrono::minutes> UtcOffset(std::string_view zone, TimePoint at);

// The calendar day in `zone` at `at` (an unknown zone counts as UTC).
Day LocalDayIn(std::string_view zone, TimePoint at);

// The instant the clocks in `zone` show `time_of_day` on `day`. A time skipped by a
// spring-forward change (02:30 on the night clocks jump from 02:00 to 03:00) is the first
// instant after the gap; a time that happens twice in an autumn change is the first of the two.
TimePoint LocalTimeOn(std::string_view zone, Day day, std::chrono::minutes time_of_day);

// `at` as the clocks in `zone` show it, for a runner to read: "Tue 25 Nov, 08:00".
std::string LocalDateTimeText(std::string_view zone, TimePoint at);

// "08:00" -> 480 minutes. Nullopt unless HH:MM with HH 00-23 and MM 00-59.
std::optional<std::chrono::minutes> ParseClockTime(std::string_view hh_mm);

}  // namespace achilles::dialogs
