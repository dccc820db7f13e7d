#include "bot/time_zone.h"

#include <date/tz.h>

#include <charconv>
#include <string>

namespace achilles::bot {
namespace {

// "UTC", "UTC+2", "UTC-05:30" (and GMT the same).
std::optional<std::chrono::minutes> FixedOffset(std::string_view zone) {
  if (zone.size() < 3) return std::nullopt;
  const std::string prefix(zone.substr(0, 3));
  if (prefix != "UTC" && prefix != "GMT") return std::nullopt;
  zone.remove_prefix(3);
  if (zone.empty()) return std::chrono::minutes(0);
  const int sign = zone.front() == '-' ? -1 : zone.front() == '+' ? 1 : 0;
  if (sign == 0) return std::nullopt;
  zone.remove_prefix(1);
  int hours = 0;
  int minutes = 0;
  const auto colon = zone.find(':');
  const std::string_view h = zone.substr(0, colon);
  if (std::from_chars(h.data(), h.data() + h.size(), hours).ec != std::errc() || hours > 14) {
    return std::nullopt;
  }
  if (colon != std::string_view::npos) {
    const std::string_view m = zone.substr(colon + 1);
    if (std::from_chars(m.data(), m.data() + m.size(), minutes).ec != std::errc() || minutes > 59) {
      return std::nullopt;
    }
  }
  return std::chrono::minutes(sign * (hours * 60 + minutes));
}

}  // namespace

std::optional<std::chrono::minutes> UtcOffset(std::string_view zone, TimePoint now) {
  if (auto fixed = FixedOffset(zone)) return fixed;
  try {
    const date::time_zone* tz = date::locate_zone(std::string(zone));
    const auto info = tz->get_info(
        date::sys_seconds{std::chrono::floor<std::chrono::seconds>(now).time_since_epoch()});
    return std::chrono::duration_cast<std::chrono::minutes>(info.offset);
  } catch (const std::exception&) {
    return std::nullopt;  // not in the database
  }
}

}  // namespace achilles::bot
