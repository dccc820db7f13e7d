// The operator's side of the quarantine (storage/quarantine.h): list what failed for good, and
// replay one entry through the same parsing and handling as when it first arrived, once its
// cause is fixed. Used by `achilles-coach updates quarantined` and `updates replay ID`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bot/inbound/inbound_handler.h"
#include "bot/platform/platform.h"
#include "bot/runtime/clock.h"
#include "storage/database.h"

namespace achilles::bot {

// One line per waiting entry: id, when, platform, delivery id, source and error. "No
// quarantined updates." when there are none.
Result<std::string> ListQuarantinedText(storage::Database& database);

// Replays entry `id`: a delivery quarantined by a platform's endpoint is handed back to that
// endpoint in `endpoints` (Endpoint::Replay: parsed again and handled by `inbound`, with no
// secret or signature check: the operator is replaying what was accepted once); a runner the
// scheduler could not prompt goes back on the schedule. On success the entry is marked replayed;
// the text says what happened.
Result<std::string> ReplayQuarantined(storage::Database& database, InboundHandler& inbound,
                                      const Clock& clock,
                                      const std::vector<const Endpoint*>& endpoints,
                                      std::int64_t id);

}  // namespace achilles::bot
