// Runners: one row per person per platform, with the coaching state dialogs/ works on.
// Call only inside Database::Transact; the functions throw SQLite exceptions, which Transact
// translates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dialogs/decision.h"
#include "dialogs/runner_state.h"
#include "dialogs/time.h"
#include "storage/database.h"

namespace achilles::storage {

struct Runner {
  std::int64_t id = 0;
  std::string platform;
  std::string platform_user_id;
  std::string display_name;
  std::optional<std::string> private_chat_id;  // where messages the bot starts are sent
  std::optional<TimePoint> unreachable_since;  // set when the runner blocked the bot
  dialogs::RunnerState state;
};

// The runner known by (platform, platform_user_id), created on first contact. Keeps the
// display name current.
Runner LoadOrCreateRunner(Session& session, std::string_view platform,
                          std::string_view platform_user_id, std::string_view display_name,
                          TimePoint now);

std::optional<Runner> FindRunner(Session& session, std::string_view platform,
                                 std::string_view platform_user_id);

std::optional<Runner> LoadRunner(Session& session, std::int64_t runner_id);

void SaveRunnerState(Session& session, std::int64_t runner_id, const dialogs::RunnerState& state);
// The runner's next due time (nullopt: off the schedule) with `state` in one row update, the
// state only when it differs from `stored` (what the row holds now).
void SaveRunnerState(Session& session, std::int64_t runner_id, const dialogs::RunnerState& stored,
                     const dialogs::RunnerState& state, std::optional<TimePoint> next_due);

void SetPrivateChat(Session& session, std::int64_t runner_id, std::string_view chat_id);

// Blocked runners get nothing until they write again (MarkReachable).
void MarkUnreachable(Session& session, std::int64_t runner_id, TimePoint now);
void MarkReachable(Session& session, std::int64_t runner_id);

// Loads what the coach decides with besides the stored state: the runner's UTC offset now (an
// unknown zone counts as UTC), the check-ins of the last six weeks and every questionnaire
// result. (The coaches an alert reaches: ReachableCoaches.)
void LoadCoachingContext(Session& session, Runner& runner, TimePoint now);

// How many coaches an alert about `runner_id` reaches: the coaches of the squads the runner
// shares with who have not blocked the bot and can be written to privately: they have a private
// chat with it, or `platform_opens_private_chats` (the squad's platform opens one on the way).
int ReachableCoaches(Session& session, std::int64_t runner_id, bool platform_opens_private_chats);

// Stores what a decision changed: the state with the runner's next due time (one row update),
// the check-in, the questionnaire result and the coach events. `runner` holds the state the
// decision started from.
void StoreDecision(Session& session, const Runner& runner, const dialogs::Decision& decision,
                   TimePoint now, std::optional<TimePoint> next_due);
// What a decision recorded besides the state: the check-in, the questionnaire result and the
// coach events (for a caller that saves the state once, after several decisions).
void StoreDecisionRecords(Session& session, std::int64_t runner_id,
                          const dialogs::Decision& decision, TimePoint now);

}  // namespace achilles::storage
