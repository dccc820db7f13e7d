// Idempotency keys: the platform delivery ids already processed (Telegram update_id, Discord
// interaction id). Call only inside Database::Transact.
#pragma once

#include <string_view>

#include "dialogs/time.h"
#include "storage/database.h"

namespace achilles::storage {

// Records that `delivery_id` arrived from `platform`. Returns false when it had been recorded
// before: the caller acknowledges the repeat and does nothing else.
bool RecordDelivery(Session& session, std::string_view platform, std::string_view delivery_id,
                    TimePoint now);

// Whether `delivery_id` from `platform` was recorded before (read-only: for work worth skipping
// on a repeat, before the transaction that records it).
bool DeliverySeen(Session& session, std::string_view platform, std::string_view delivery_id);

// Forgets delivery ids received before `before` (platforms stop retrying after a day), and
// outbox rows that finished before it. Returns how many rows went.
int PruneHistory(Session& session, TimePoint before);

}  // namespace achilles::storage
