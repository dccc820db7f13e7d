// Squads: a coach's group chat or channel bound to a join code, its coaches, its members and
// whether each shares their summary, the daily digest's time, and alerts already sent. Call only
// inside Database::Transact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dialogs/time.h"
#include "storage/database.h"

namespace achilles::storage {

struct Squad {
  std::int64_t id = 0;
  std::string platform;
  std::string chat_id;
  std::optional<std::string> thread_id;  // a Telegram forum topic the squad lives in
  std::string title;
  std::string join_code;   // runners join with it (and the Telegram deep link)
  std::string coach_code;  // co-coaches join with it; shown to coaches only
  std::string time_zone;   // the digest's
  std::string digest_time;
  std::optional<TimePoint> next_digest_at;
};

struct NewSquad {
  std::string platform;
  std::string chat_id;
  std::optional<std::string> thread_id;
  std::string title;
  std::string join_code;
  std::string coach_code;
  std::string time_zone = "UTC";
  std::string digest_time = "18:00";
};

// Creates the squad with its first coach. Fails (throws SQLite::Exception, rolling the
// transaction back) when the chat already has one or a code is taken.
Squad CreateSquad(Session& session, const NewSquad& squad, std::int64_t coach_id, TimePoint now);

std::optional<Squad> SquadForChat(Session& session, std::string_view platform,
                                  std::string_view chat_id);
std::optional<Squad> SquadById(Session& session, std::int64_t id);

// The squad a code belongs to on `platform` (codes compare case-insensitively), and whether it
// was the coach code.
struct CodeMatch {
  Squad squad;
  bool coach = false;
};
std::optional<CodeMatch> SquadByCode(Session& session, std::string_view platform,
                                     std::string_view code);

void AddCoach(Session& session, std::int64_t squad_id, std::int64_t runner_id);
bool IsCoach(Session& session, std::int64_t squad_id, std::int64_t runner_id);
std::vector<std::int64_t> CoachesOf(Session& session, std::int64_t squad_id);
std::vector<Squad> SquadsCoachedBy(Session& session, std::int64_t runner_id);
// Deletes the squad with its coaches, memberships and alerts (ON DELETE CASCADE).
void CloseSquad(Session& session, std::int64_t squad_id);

// Adds the runner (not sharing yet); joining again keeps their sharing choice. False when they
// were already a member.
bool JoinSquad(Session& session, std::int64_t squad_id, std::int64_t runner_id, TimePoint now);
// Shares (or stops sharing) at once. False when the runner is not a member.
bool SetSharing(Session& session, std::int64_t squad_id, std::int64_t runner_id, bool share,
                TimePoint now);
bool LeaveSquad(Session& session, std::int64_t squad_id, std::int64_t runner_id);

struct Membership {
  Squad squad;
  bool sharing = false;
};
std::vector<Membership> MembershipsOf(Session& session, std::int64_t runner_id);

// The squad's members: all of them, or only those who share.
std::vector<std::int64_t> MembersOf(Session& session, std::int64_t squad_id, bool sharing_only);

void SetDigest(Session& session, std::int64_t squad_id, std::string_view digest_time,
               std::string_view time_zone, std::optional<TimePoint> next_digest_at);
// Squads of `platform` whose digest time has come.
std::vector<Squad> DueDigests(Session& session, std::string_view platform, TimePoint now);

// Records that an alert went; false when this one (squad, runner, kind, key) went before.
bool RecordSquadAlert(Session& session, std::int64_t squad_id, std::int64_t runner_id,
                      std::string_view kind, std::string_view key, TimePoint now);

}  // namespace achilles::storage
