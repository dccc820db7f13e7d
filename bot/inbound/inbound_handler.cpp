#include "bot/inbound/inbound_handler.h"

#include "bot/runtime/log.h"
#include "dialogs/text.h"
#include "storage/deliveries.h"
#include "storage/outbox.h"
#include "storage/personal_data.h"
#include "storage/quarantine.h"
#include "storage/runners.h"
#include "storage/schedule.h"

namespace achilles::bot {
namespace {

// The runner's /export: their record as two files, named for their local day.
dialogs::Reply ExportReply(storage::Session& session, const storage::Runner& runner,
                           TimePoint now) {
  const std::string stem =
      "achilles-export-" + dialogs::IsoDate(dialogs::LocalDay(runner.state, now));
  dialogs::Reply reply;
  reply.text = stem + ".json and " + stem + ".csv";
  reply.files = {
      {stem + ".json", "application/json", storage::ExportRunnerData(session, runner.id)},
      {stem + ".csv", "text/csv", storage::ExportCheckInsCsv(session, runner.id)}};
  return reply;
}

}  // namespace

InboundHandler::InboundHandler(storage::Database& database, const dialogs::Coach& coach,
                               const Clock& clock,
                               std::map<std::string, const ReplyRenderer*> renderers,
                               std::function<void(const std::string&)> on_commit,
                               const SquadDesk* squads)
    : database_(database),
      coach_(coach),
      clock_(clock),
      renderers_(std::move(renderers)),
      on_commit_(std::move(on_commit)),
      squads_(squads) {}

bool InboundHandler::AlreadyHandled(const Envelope& envelope) {
  if (envelope.delivery_id.empty()) return false;
  auto seen = database_.Read<bool>([&](storage::Session& session) -> Result<bool> {
    return storage::DeliverySeen(session, envelope.platform, envelope.delivery_id);
  });
  return seen && *seen;
}

Result<Delivery> InboundHandler::Handle(const Envelope& envelope) {
  auto renderer = renderers_.find(envelope.platform);
  if (renderer == renderers_.end()) {
    return Fail(Error::InvalidInput("no renderer for platform " + envelope.platform));
  }
  const TimePoint now = clock_.Now();
  bool queued = false;
  auto result = database_.Transact<Delivery>([&](storage::Session& session) -> Result<Delivery> {
    if (!envelope.delivery_id.empty() &&
        !storage::RecordDelivery(session, envelope.platform, envelope.delivery_id, now)) {
      return Delivery::kDuplicate;
    }
    storage::Runner runner = storage::LoadOrCreateRunner(
        session, envelope.platform, envelope.user_id, envelope.inbound.sender_name, now);
    const bool is_private = envelope.inbound.chat == dialogs::ChatKind::kPrivate;
    if (is_private) {
      // Writing to the bot again undoes a block, and tells us where to reach them.
      if (runner.unreachable_since) storage::MarkReachable(session, runner.id);
      if (runner.private_chat_id != envelope.chat_id) {
        storage::SetPrivateChat(session, runner.id, envelope.chat_id);
      }
    }

    storage::LoadCoachingContext(session, runner, now);
    runner.state.coaches =
        storage::ReachableCoaches(session, runner.id, renderer->second->CanOpenPrivateChat());
    const ReplyAddress to = AddressOf(envelope, runner.id);
    // Everything said back where the inbound came from, first; then messages elsewhere (a
    // coach's private chat).
    std::vector<Addressed> outgoing{{to, {}}};
    SquadDesk::Outcome squad;
    if (squads_ != nullptr)
      squad = squads_->Handle(session, envelope, runner, *renderer->second, now);
    if (!squad.handled) {
      const dialogs::Decision decision = coach_.Decide(runner.state, envelope.inbound, now);
      // A check-in, a new time or zone, a pause: when the scheduler next looks at them.
      storage::StoreDecision(
          session, runner, decision, now,
          storage::NextDue(session, runner.id, decision.state, coach_.settings().schedule, now));
      outgoing.front().replies = decision.replies;
      if (decision.data == dialogs::DataRequest::kExport) {
        outgoing.front().replies.push_back(ExportReply(session, runner, now));
      } else if (decision.data == dialogs::DataRequest::kErase) {
        // Before the reply is queued, so the confirmation itself is all that remains.
        CloseSquadsOfForgottenCoach(session, runner.id);
        storage::EraseRunnerData(session, runner.id);
      }
      if (squads_ != nullptr) {
        for (auto& alert :
             squads_->AlertsAfter(session, runner, decision, *renderer->second, now)) {
          outgoing.push_back(std::move(alert));
        }
      }
    }
    for (auto& message : squad.messages) {
      const bool same_place = message.to.chat_id == to.chat_id && message.to.scope == to.scope &&
                              message.to.interaction.has_value() == to.interaction.has_value();
      if (!same_place) outgoing.push_back({message.to, {}});
      auto& replies = same_place ? outgoing.front().replies : outgoing.back().replies;
      replies.insert(replies.end(), message.replies.begin(), message.replies.end());
    }

    if (auto ack = renderer->second->Acknowledge(envelope, to)) {
      storage::Enqueue(session, *ack, now);
      queued = true;
    }
    for (const auto& [address, replies] : outgoing) {
      for (const auto& message : renderer->second->Render(replies, address)) {
        storage::Enqueue(session, message, now);
        queued = true;
      }
    }
    return Delivery::kProcessed;
  });
  if (result && queued && on_commit_) on_commit_(envelope.platform);
  return result;
}

Result<bool> InboundHandler::Quarantine(const Envelope& envelope, const std::string& source,
                                        const std::string& payload, const Error& error) {
  const TimePoint now = clock_.Now();
  auto renderer = renderers_.find(envelope.platform);
  bool queued = false;
  auto kept = database_.Transact<bool>([&](storage::Session& session) -> Result<bool> {
    storage::Quarantine(session, {.platform = envelope.platform,
                                  .delivery_id = envelope.delivery_id,
                                  .source = source,
                                  .payload = payload,
                                  .error = error.message,
                                  .received_at = now,
                                  .replayed_at = std::nullopt});
    const bool answerable = envelope.inbound.chat == dialogs::ChatKind::kPrivate &&
                            !envelope.interaction && renderer != renderers_.end();
    if (answerable) {
      // No runner row is touched: it may be the row that fails. The reply goes to the chat.
      const dialogs::Reply sorry{coach_.content().texts.Get("something_went_wrong"), {}, false};
      ReplyAddress to = AddressOf(envelope, 0);
      to.runner_id.reset();
      for (const auto& message : renderer->second->Render({sorry}, to)) {
        storage::Enqueue(session, message, now);
        queued = true;
      }
    }
    return true;
  });
  if (kept && queued && on_commit_) on_commit_(envelope.platform);
  return kept;
}

Result<Delivery> InboundHandler::HandleMembership(const std::string& platform,
                                                  const std::string& delivery_id,
                                                  const std::string& user_id, bool blocked) {
  const TimePoint now = clock_.Now();
  return database_.Transact<Delivery>([&](storage::Session& session) -> Result<Delivery> {
    if (!storage::RecordDelivery(session, platform, delivery_id, now)) return Delivery::kDuplicate;
    auto runner = storage::FindRunner(session, platform, user_id);
    if (!runner) return Delivery::kProcessed;  // never talked to us: nothing to change
    if (blocked) {
      storage::MarkUnreachable(session, runner->id, now);
      storage::FailPendingForRunner(session, runner->id, "runner blocked the bot", now);
    } else {
      storage::MarkReachable(session, runner->id);
    }
    return Delivery::kProcessed;
  });
}

}  // namespace achilles::bot
