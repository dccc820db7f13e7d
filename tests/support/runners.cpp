#include "tests/support/runners.h"

#include "storage/schedule.h"

namespace achilles::testing {

storage::Runner AddPromptableRunner(storage::Session& session, std::string_view platform,
                                    const std::string& user, const dialogs::Profile& profile,
                                    const dialogs::ScheduleSettings& settings, TimePoint now) {
  storage::Runner runner = storage::LoadOrCreateRunner(session, platform, user, "Runner", now);
  storage::SetPrivateChat(session, runner.id, user);
  runner.private_chat_id = user;
  runner.state.consented_at = now;
  runner.state.onboarded_at = now;
  runner.state.profile = profile;
  storage::SaveRunnerState(session, runner.id, runner.state);
  storage::UpdateNextDue(session, runner.id, runner.state, settings, now);
  return runner;
}

}  // namespace achilles::testing
