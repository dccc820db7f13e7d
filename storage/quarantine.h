// Quarantine: the inbound updates (and background rows) that failed for good. Each is kept with
// its raw payload and the error, once per platform delivery, so an operator can list it, fix the
// cause and replay it (`achilles-coach updates quarantined` / `updates replay ID`) instead of the
// platform redelivering it forever. Call only inside Database::Transact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dialogs/time.h"
#include "storage/database.h"

namespace achilles::storage {

struct Quarantined {
  std::int64_t id = 0;
  std::string platform;     // "telegram", "discord"
  std::string delivery_id;  // the platform's id for the update; unique per platform
  std::string source;       // "telegram_webhook", "discord_interactions", "scheduler", ...
  std::string payload;      // the raw body as received
  std::string error;
  TimePoint received_at;
  std::optional<TimePoint> replayed_at;
};

// Keeps `entry` (its id and replayed_at are ignored). A second failure of the same delivery
// updates the error rather than adding a row. Returns the row id.
std::int64_t Quarantine(Session& session, const Quarantined& entry);

// Every quarantined entry, oldest first; replayed ones too when `include_replayed`.
std::vector<Quarantined> ListQuarantined(Session& session, bool include_replayed);

std::optional<Quarantined> FindQuarantined(Session& session, std::int64_t id);

void MarkReplayed(Session& session, std::int64_t id, TimePoint now);

// How many entries wait to be looked at (not replayed): for /metrics.
std::int64_t QuarantinedCount(Session& session);

}  // namespace achilles::storage
