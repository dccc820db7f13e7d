#include "bot/app/foundation.h"

#include "bot/runtime/log.h"
#include "dialogs/local_time.h"

namespace achilles::bot {

Result<Foundation> LoadFoundation(const Config& config) {
  if (!dialogs::WarmTimeZones()) {
    LogWarning("no time zone database (install tzdata): only UTC+H offsets will be understood");
  }
  auto content = dialogs::LoadContent(config.content_dir);
  if (!content) return Fail(content.error());
  auto database = storage::Database::Open(config.database_path);
  if (!database) return Fail(database.error());
  return Foundation{std::move(*content), std::move(*database)};
}

dialogs::CoachSettings CoachSettingsOf(const Config& config) {
  dialogs::CoachSettings settings;
  settings.booking_url = config.booking_url;
  settings.schedule.reminder_delay = config.reminder_delay;
  return settings;
}

}  // namespace achilles::bot
