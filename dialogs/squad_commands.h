// The squad commands as a dialog: /coach, /join, /leave, /squad, /team, /digest, the sharing
// and leave buttons, and /start with a squad code. Who may set up a squad (an admin, in a group,
// one per chat), join it (in private; a co-coach by the coach code), share with its coaches
// (only by saying yes), leave it, see /team (only its coaches, privately) and set its digest,
// and what each is told. Pure: it decides over a SquadView the caller loaded and returns what to
// store and what to say; bot/inbound/squad_desk loads, stores and sends. What /team shows and
// what alerts and digests say: squads.h.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dialogs/content.h"
#include "dialogs/inbound.h"
#include "dialogs/reply.h"
#include "dialogs/squads.h"
#include "dialogs/time.h"

namespace achilles::dialogs {

// Squad buttons: sq:share:<id>.yes|no, sq:leave:<id>.
inline constexpr char kSquadPayload[] = "sq";
// A new squad's digest, in its coach's zone.
inline constexpr std::chrono::minutes kDefaultDigestTime{18 * 60};

// Whether `inbound` may be the squad dialog's: a squad command, a squad button, or /start with
// a word after it (which may be a squad code).
bool IsSquadInbound(const Inbound& inbound);

// The squad code `inbound` names, if it names one: /join CODE, /start CODE (empty otherwise).
std::string SquadCodeIn(const Inbound& inbound);

// The squad a squad button names.
std::optional<std::int64_t> SquadIdIn(const Inbound& inbound);

// What the dialog decides over, loaded by the caller for one inbound.
struct SquadView {
  // Where the inbound came from.
  bool in_group = false;
  // In a group, what is said here only the sender sees (a Discord interaction's ephemeral
  // reply): as private as a private chat, so a public announcement goes to the chat instead.
  bool ephemeral_here = false;
  // The sender can be written to privately: they have a private chat with the bot, or the
  // platform opens one.
  bool sender_reachable_privately = false;
  bool sender_is_admin = false;  // administers the group (only an admin sets a squad up)
  std::string chat_title;        // the group's name, when the platform gives it
  std::string sender_time_zone;  // the sender's profile zone, as they gave it (may be empty)

  // The squad SquadCodeIn names, and whether by its coach code.
  std::optional<SquadCard> named;
  bool named_by_coach_code = false;
  std::optional<SquadCard> pressed;  // the squad SquadIdIn names
  std::optional<SquadCard> here;     // the squad of this group chat
  bool sender_coaches_here = false;
  std::vector<SquadMembership> memberships;  // the sender's
  std::vector<SquadCard> coached;            // the squads the sender coaches
  // For /team: the runners who share with each squad the sender may see, by squad id.
  std::map<std::int64_t, std::vector<SquadMember>> sharing;

  // For /coach: the codes a new squad gets (fresh), and the link that opens the bot with the
  // join code (empty where the platform has none).
  std::string new_join_code;
  std::string new_coach_code;
  std::string new_join_link;
};

// What the caller stores. `squad` is a SquadCard id (unset for kCreate).
struct SquadChange {
  enum class Kind {
    kCreate,      // `card` (its title, codes, zone and digest time), the sender its first coach
    kAddCoach,    // the sender becomes a coach of `squad`
    kJoin,        // the sender joins `squad`, not sharing yet
    kSetSharing,  // the sender shares (`share`) or stops
    kLeave,       // the sender leaves `squad`
    kSetDigest,   // `squad`'s digest at `card.digest_time` in `card.time_zone`, next at `next`
  };
  Kind kind = Kind::kJoin;
  std::int64_t squad = 0;
  bool share = false;
  SquadCard card;
  TimePoint next{};  // kCreate and kSetDigest: the next digest
};

// Something said, and to whom.
struct SquadSaid {
  enum class To {
    kHere,             // back where the inbound came from
    kSenderPrivately,  // the sender's private chat (only when sender_reachable_privately)
    kChat,             // the group chat itself, seen by everyone (after an ephemeral reply)
  };
  To to = To::kHere;
  Reply reply;
};

struct SquadTurn {
  // False: not the dialog's, or the coach answers it too (/start CODE: the welcome as usual,
  // then the squad).
  bool handled = false;
  std::vector<SquadChange> changes;
  std::vector<SquadSaid> said;
};

SquadTurn DecideSquad(const Content& content, const Inbound& inbound, const SquadView& view,
                      TimePoint now);

}  // namespace achilles::dialogs
