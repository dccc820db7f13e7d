#include "bot/app/quarantine_desk.h"

#include <algorithm>

#include "dialogs/local_time.h"
#include "storage/quarantine.h"
#include "storage/runners.h"
#include "storage/schedule.h"

namespace achilles::bot {

Result<std::string> ListQuarantinedText(storage::Database& database) {
  auto entries = database.Transact<std::vector<storage::Quarantined>>(
      [](storage::Session& session) -> Result<std::vector<storage::Quarantined>> {
        return storage::ListQuarantined(session, /*include_replayed=*/false);
      });
  if (!entries) return Fail(entries.error());
  if (entries->empty()) return std::string("No quarantined updates.\n");
  std::string text;
  for (const auto& q : *entries) {
    text += std::to_string(q.id) + "  " + dialogs::LocalDateTimeText("UTC", q.received_at) +
            " UTC  " + q.platform + " " + q.delivery_id + "  " + q.source + "\n    " + q.error +
            "\n";
  }
  text += std::to_string(entries->size()) + " waiting. Fix the cause, then: achilles-coach " +
          "updates replay ID\n";
  return text;
}

Result<std::string> ReplayQuarantined(storage::Database& database, InboundHandler& inbound,
                                      const Clock& clock,
                                      const std::vector<const Endpoint*>& endpoints,
                                      std::int64_t id) {
  auto found = database.Transact<std::optional<storage::Quarantined>>(
      [&](storage::Session& session) -> Result<std::optional<storage::Quarantined>> {
        return storage::FindQuarantined(session, id);
      });
  if (!found) return Fail(found.error());
  if (!*found) return Fail(Error::NotFound("no quarantined update " + std::to_string(id)));
  const storage::Quarantined& entry = **found;

  Result<Delivery> handled = Delivery::kProcessed;
  auto endpoint = std::find_if(endpoints.begin(), endpoints.end(),
                               [&](const Endpoint* e) { return e->route() == entry.source; });
  if (endpoint != endpoints.end()) {
    handled = (*endpoint)->Replay(entry.payload, inbound);
  } else if (entry.source == "scheduler" && entry.delivery_id.rfind("runner:", 0) == 0) {
    // A runner the scheduler could not prompt: back on the schedule once the row reads again.
    std::int64_t runner_id = 0;
    try {
      runner_id = std::stoll(entry.delivery_id.substr(7));
    } catch (const std::exception&) {
      return Fail(Error::InvalidInput("bad scheduler entry " + entry.delivery_id));
    }
    auto back = database.Transact<bool>([&](storage::Session& session) -> Result<bool> {
      auto runner = storage::LoadRunner(session, runner_id);
      if (!runner) return Fail(Error::NotFound("runner " + std::to_string(runner_id) + " is gone"));
      storage::LoadCoachingContext(session, *runner, clock.Now());
      storage::UpdateNextDue(session, runner_id, runner->state, inbound.coach().settings().schedule,
                             clock.Now());
      return true;
    });
    if (!back) return Fail(back.error());
  } else {
    return Fail(Error::InvalidInput("cannot replay an entry from " + entry.source + " (is the " +
                                    entry.platform + " platform configured in this environment?)"));
  }
  if (!handled) return Fail(handled.error());
  auto marked = database.Transact<bool>([&](storage::Session& session) -> Result<bool> {
    storage::MarkReplayed(session, id, clock.Now());
    return true;
  });
  if (!marked) return Fail(marked.error());
  return std::string(*handled == Delivery::kDuplicate
                         ? "Replayed " + std::to_string(id) + ": it had been handled already.\n"
                         : "Replayed " + std::to_string(id) + ": handled, replies queued.\n");
}

}  // namespace achilles::bot
