// What every subcommand that coaches needs first: the time zones read, the content loaded and
// the database open; and the coach's settings from the configuration.
#pragma once

#include <memory>

#include "bot/app/config.h"
#include "dialogs/coach.h"
#include "dialogs/content.h"
#include "dialogs/error.h"
#include "storage/database.h"

namespace achilles::bot {

// The content must outlive every Coach built on it.
struct Foundation {
  dialogs::Content content;
  std::unique_ptr<storage::Database> database;
};

// Reads the time zone database now (not on a runner's first message; without tzdata only
// UTC+H offsets are understood, and it says so), then the content and the database.
Result<Foundation> LoadFoundation(const Config& config);

dialogs::CoachSettings CoachSettingsOf(const Config& config);

}  // namespace achilles::bot
