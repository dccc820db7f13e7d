#include "dialogs/local_time.h"

#include <date/tz.h>

#include <charconv>
#include <cstdio>
#include <map>

#include "dialogs/text.h"

namespace achilles::dialogs {
namespace {

using std::chrono::minutes;

std::optional<int> Digits(std::string_view text, int max) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() || text.size() > 2 ||
      value > max) {
    return std::nullopt;
  }
  return value;
}

// "UTC", "UTC+2", "UTC-05:30" (GMT the same): the offset, and the canonical spelling.
std::optional<std::pair<minutes, std::string>> FixedOffset(std::string_view zone) {
  if (zone.size() < 3) return std::nullopt;
  const std::string prefix = Lower(zone.substr(0, 3));
  if (prefix != "utc" && prefix != "gmt") return std::nullopt;
  zone.remove_prefix(3);
  if (zone.empty()) return std::pair(minutes(0), std::string("UTC"));
  const int sign = zone.front() == '-' ? -1 : zone.front() == '+' ? 1 : 0;
  if (sign == 0) return std::nullopt;
  const std::string spelled = "UTC" + std::string(zone);
  zone.remove_prefix(1);
  const auto colon = zone.find(':');
  const auto hours = Digits(zone.substr(0, colon), 14);
  const auto mins =
      colon == std::string_view::npos ? std::optional(0) : Digits(zone.substr(colon + 1), 59);
  if (!hours || !mins) return std::nullopt;
  return std::pair(minutes(sign * (*hours * 60 + *mins)), spelled);
}

const date::time_zone* Locate(std::string_view zone) {
  try {
    return date::locate_zone(std::string(zone));
  } catch (const std::exception&) {
    return nullptr;  // not in the database
  }
}

// Lower-cased names people type -> the database's name: every zone and link by its full name
// and by its last part with spaces ("europe/berlin", "berlin", "new york").
const std::map<std::string, std::string>& TypedNames() {
  static const std::map<std::string, std::string> names = [] {
    std::map<std::string, std::string> map;
    auto add = [&map](const std::string& name, const std::string& target) {
      map.emplace(Lower(name), target);
      const auto slash = name.rfind('/');
      if (slash != std::string::npos) {
        map.emplace(Lower(ReplaceAll(name.substr(slash + 1), "_", " ")), target);
      }
    };
    try {
      const date::tzdb& db = date::get_tzdb();
      for (const auto& zone : db.zones) add(zone.name(), zone.name());
#if !USE_OS_TZDB
      for (const auto& link : db.links) add(link.name(), link.target());
#endif
    } catch (const std::exception&) {
      // No database: only fixed offsets resolve.
    }
    return map;
  }();
  return names;
}

}  // namespace

bool WarmTimeZones() { return !TypedNames().empty(); }

std::optional<std::string> ResolveTimeZone(std::string_view typed) {
  const std::string text = Trimmed(typed);
  if (auto fixed = FixedOffset(text)) return fixed->second;
  const auto& names = TypedNames();
  auto found = names.find(Lower(ReplaceAll(text, "_", " ")));
  if (found == names.end()) found = names.find(Lower(text));
  if (found == names.end()) return std::nullopt;
  return found->second;
}

std::optional<minutes> UtcOffset(std::string_view zone, TimePoint at) {
  if (auto fixed = FixedOffset(zone)) return fixed->first;
  const date::time_zone* tz = Locate(zone);
  if (tz == nullptr) return std::nullopt;
  const auto info = tz->get_info(std::chrono::floor<std::chrono::seconds>(at));
  return std::chrono::duration_cast<minutes>(info.offset);
}

Day LocalDayIn(std::string_view zone, TimePoint at) {
  return std::chrono::floor<std::chrono::days>(at + UtcOffset(zone, at).value_or(minutes(0)));
}

TimePoint LocalTimeOn(std::string_view zone, Day day, minutes time_of_day) {
  if (auto fixed = FixedOffset(zone)) return day + time_of_day - fixed->first;
  const date::time_zone* tz = Locate(zone);
  if (tz == nullptr) return day + time_of_day;  // unknown: UTC
  const date::local_time<minutes> local{(day + time_of_day).time_since_epoch()};
  return std::chrono::time_point_cast<std::chrono::milliseconds>(
      tz->to_sys(local, date::choose::earliest));
}

std::string LocalDateTimeText(std::string_view zone, TimePoint at) {
  static const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  const auto local = at + UtcOffset(zone, at).value_or(minutes(0));
  const Day day = std::chrono::floor<std::chrono::days>(local);
  const auto clock = std::chrono::duration_cast<minutes>(local - day).count();
  char time[16];
  std::snprintf(time, sizeof time, ", %02d:%02d", static_cast<int>(clock / 60),
                static_cast<int>(clock % 60));
  std::string text = kWeekdays[std::chrono::weekday(day).c_encoding()];
  text += ' ';
  text += ShortDate(day);
  text += time;
  return text;
}

std::optional<minutes> ParseClockTime(std::string_view hh_mm) {
  if (hh_mm.size() != 5 || hh_mm[2] != ':') return std::nullopt;
  const auto hours = Digits(hh_mm.substr(0, 2), 23);
  const auto mins = Digits(hh_mm.substr(3, 2), 59);
  if (!hours || !mins) return std::nullopt;
  return minutes(*hours * 60 + *mins);
}

}  // namespace achilles::dialogs
