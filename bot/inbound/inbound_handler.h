// Processes one inbound message in one database transaction: records the delivery id (a repeat
// is dropped), loads the runner, lets the squad desk answer squad commands and the coach decide
// the rest, stores the runner's next state, every rendered reply and every coach alert in the
// outbox, then commits and wakes the outbox sender.
//
// Thread-safe: the database serialises transactions; the coach and renderers are immutable.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "bot/inbound/envelope.h"
#include "bot/inbound/squad_desk.h"
#include "bot/outbox/reply_renderer.h"
#include "bot/runtime/clock.h"
#include "dialogs/coach.h"
#include "storage/database.h"

namespace achilles::bot {

enum class Delivery { kProcessed, kDuplicate };

class InboundHandler {
 public:
  // Every referenced object must outlive the handler. `renderers` maps a platform name to its
  // renderer. `on_commit(platform)` runs after each commit that queued messages for it.
  // `squads`, when given, answers the squad commands and alerts coaches (it may be null).
  InboundHandler(storage::Database& database, const dialogs::Coach& coach, const Clock& clock,
                 std::map<std::string, const ReplyRenderer*> renderers,
                 std::function<void(const std::string& platform)> on_commit,
                 const SquadDesk* squads = nullptr);

  // Fails with kUnavailable when the database did not commit (nothing was stored: the platform
  // should retry), or kInvalidInput for a platform without a renderer.
  Result<Delivery> Handle(const Envelope& envelope);

  // True when `envelope` was handled before (a platform's retry): work done only for it, such
  // as asking the platform who the sender is, can be skipped. Read-only; Handle() still decides.
  bool AlreadyHandled(const Envelope& envelope);

  // `envelope` (received as `payload` by `source`) failed for good with `error`: keeps it in
  // quarantine for an operator, and tells the runner in plain words that something went wrong
  // (in a private chat; not for a Discord interaction, whose HTTP response says it). Fails only
  // when even that could not be stored (kUnavailable: the platform should retry).
  Result<bool> Quarantine(const Envelope& envelope, const std::string& source,
                          const std::string& payload, const Error& error);

  const dialogs::Coach& coach() const { return coach_; }

  // A text of the coaching content ("something_went_wrong").
  const std::string& Text(std::string_view key) const { return coach_.content().texts.Get(key); }

  // The runner blocked (true) or unblocked (false) the bot. Blocking stops all sends to them.
  Result<Delivery> HandleMembership(const std::string& platform, const std::string& delivery_id,
                                    const std::string& user_id, bool blocked);

 private:
  storage::Database& database_;
  const dialogs::Coach& coach_;
  const Clock& clock_;
  std::map<std::string, const ReplyRenderer*> renderers_;
  std::function<void(const std::string&)> on_commit_;
  const SquadDesk* squads_;
};

}  // namespace achilles::bot
