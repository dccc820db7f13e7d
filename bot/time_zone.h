// The offset from UTC of a runner's time zone at a moment, through Howard Hinnant's date/tz on
// the system time zone database. Thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "dialogs/time.h"

namespace achilles::bot {

// The offset of `zone` at `now`: an IANA name ("Europe/Berlin", DST included) or a fixed
// offset ("UTC", "UTC+2", "UTC-05:30"). Nullopt for a zone the database does not know.
std::optional<std::chrono::minutes> UtcOffset(std::string_view zone, TimePoint now);

}  // namespace achilles::bot
