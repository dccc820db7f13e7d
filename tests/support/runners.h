// Runners stored ready for the scheduler, for tests and benchmarks that need many of them.
#pragma once

#include <string>
#include <string_view>

#include "dialogs/runner_state.h"
#include "dialogs/schedule.h"
#include "storage/runners.h"

namespace achilles::testing {

// A runner on `platform` who consented and finished onboarding at `now` with `profile` (time
// zone, check-in time, review day, ...), whose private chat is their user id, and whose next
// prompt is scheduled. Call inside a transaction.
storage::Runner AddPromptableRunner(storage::Session& session, std::string_view platform,
                                    const std::string& user, const dialogs::Profile& profile,
                                    const dialogs::ScheduleSettings& settings, TimePoint now);

}  // namespace achilles::testing
