// Coach squads at the edge: loading, storing and sending around the squad dialogs. The squad
// commands (/coach, /join, /leave, /squad, /team, /digest, the sharing buttons, and /start with
// a squad code) are decided by dialogs/squad_commands over a view loaded here; the alerts a
// runner's decision raises and the daily digest with the weekly summary and quiet alerts are
// written by dialogs/squads, and sent once each from here. Reads and writes storage inside the
// caller's transaction; every text comes from the content.
//
// Who sees what: only a squad's coaches get /team and alerts, privately (their private chat, a
// Discord DM, or an ephemeral reply); only runners who said yes to sharing appear; the squad's
// own chat gets counts only.
//
// Thread-safe: immutable after construction.
#pragma once

#include <string>
#include <vector>

#include "bot/inbound/envelope.h"
#include "bot/outbox/reply_renderer.h"
#include "dialogs/coach.h"
#include "storage/database.h"
#include "storage/runners.h"

namespace achilles::bot {

// Replies for one address.
struct Addressed {
  ReplyAddress to;
  std::vector<dialogs::Reply> replies;
};

// Before `coach_id`'s data is erased (/forget): closes each squad they coach that
// dialogs::ClosesWhenCoachForgotten says cannot go on without them.
void CloseSquadsOfForgottenCoach(storage::Session& session, std::int64_t coach_id);

class SquadDesk {
 public:
  explicit SquadDesk(const dialogs::Coach& coach);

  struct Outcome {
    bool handled = false;  // false: the coach answers the inbound too (e.g. /start CODE)
    std::vector<Addressed> messages;
  };
  // `sender` is already stored (LoadOrCreateRunner); `platform` renders for the envelope's
  // platform (whether it can open a private chat, its join link).
  Outcome Handle(storage::Session& session, const Envelope& envelope, const storage::Runner& sender,
                 const ReplyRenderer& platform, TimePoint now) const;

  // The alerts `decision` raises about `runner` (already stored with it), to each coach of each
  // squad the runner shares with (their squads are on the runner's platform, which `platform`
  // renders for). Each alert goes once.
  std::vector<Addressed> AlertsAfter(storage::Session& session, const storage::Runner& runner,
                                     const dialogs::Decision& decision,
                                     const ReplyRenderer& platform, TimePoint now) const;

  // For each squad of `platform` whose digest time has come: the counts to its chat, quiet
  // alerts to its coaches, and on Sundays the weekly summary to its coaches. Moves each squad's
  // next digest on. A digest missed by more than the schedule's catch-up (downtime) is skipped.
  // `can_open_private`: the platform can write to a coach who never wrote first.
  std::vector<Addressed> Digests(storage::Session& session, const std::string& platform,
                                 TimePoint now, bool can_open_private) const;

 private:
  const dialogs::Coach& coach_;
};

}  // namespace achilles::bot
