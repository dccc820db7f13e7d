// What the scheduler stores: each runner's next due time (indexed) and the prompts sent on
// their local days. Call only inside Database::Transact.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "dialogs/schedule.h"
#include "storage/database.h"

namespace achilles::storage {

// Reachable runners on `platform` whose next due time is `now` or earlier, soonest first, at
// most `limit`. Reads the runners_next_due index: the cost follows the number due, not the
// number of runners.
std::vector<std::int64_t> DueRunners(Session& session, std::string_view platform, TimePoint now,
                                     std::size_t limit);

// Nullopt takes the runner off the schedule until something sets it again.
void SetNextDue(Session& session, std::int64_t runner_id, std::optional<TimePoint> at);

// What was sent to the runner on their local `day`.
dialogs::SentOn PromptsSentOn(Session& session, std::int64_t runner_id, Day day);

// The runner's next due time from their state after a change (a check-in, a new time or zone, a
// pause) and what was already sent today.
std::optional<TimePoint> NextDue(Session& session, std::int64_t runner_id,
                                 const dialogs::RunnerState& state,
                                 const dialogs::ScheduleSettings& settings, TimePoint now);

// Sets it.
void UpdateNextDue(Session& session, std::int64_t runner_id, const dialogs::RunnerState& state,
                   const dialogs::ScheduleSettings& settings, TimePoint now);

// Records that `kind` went out for `day`. False when it already had (the unique key holds, so a
// second scheduler or a retried tick never sends it twice).
bool RecordPrompt(Session& session, std::int64_t runner_id, Day day, dialogs::PromptKind kind,
                  TimePoint now);

}  // namespace achilles::storage
