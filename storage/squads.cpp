#include "storage/squads.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <cctype>

#include "storage/statement.h"

namespace achilles::storage {
namespace {

constexpr char kSquadColumns[] =
    "id, platform, chat_id, thread_id, title, join_code, coach_code, time_zone, digest_time, "
    "next_digest_at";

Squad ReadSquad(SQLite::Statement& query) {
  Squad squad;
  squad.id = query.getColumn(0).getInt64();
  squad.platform = query.getColumn(1).getString();
  squad.chat_id = query.getColumn(2).getString();
  if (!query.getColumn(3).isNull()) squad.thread_id = query.getColumn(3).getString();
  squad.title = query.getColumn(4).getString();
  squad.join_code = query.getColumn(5).getString();
  squad.coach_code = query.getColumn(6).getString();
  squad.time_zone = query.getColumn(7).getString();
  squad.digest_time = query.getColumn(8).getString();
  if (!query.getColumn(9).isNull()) {
    squad.next_digest_at = FromUnixMillis(query.getColumn(9).getInt64());
  }
  return squad;
}

std::vector<Squad> ReadSquads(SQLite::Statement& query) {
  std::vector<Squad> squads;
  while (query.executeStep()) squads.push_back(ReadSquad(query));
  return squads;
}

std::string Upper(std::string_view text) {
  std::string upper(text);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return upper;
}

}  // namespace

Squad CreateSquad(Session& session, const NewSquad& squad, std::int64_t coach_id, TimePoint now) {
  Statement insert = session.Prepare(
      "INSERT INTO squads (platform, chat_id, thread_id, title, join_code, "
      "coach_code, time_zone, digest_time, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, squad.platform);
  insert.bind(2, squad.chat_id);
  if (squad.thread_id) {
    insert.bind(3, *squad.thread_id);
  } else {
    insert.bind(3);
  }
  insert.bind(4, squad.title);
  insert.bind(5, Upper(squad.join_code));
  insert.bind(6, Upper(squad.coach_code));
  insert.bind(7, squad.time_zone);
  insert.bind(8, squad.digest_time);
  insert.bind(9, ToUnixMillis(now));
  insert.exec();
  const std::int64_t id = session.db().getLastInsertRowid();
  AddCoach(session, id, coach_id);
  return *SquadById(session, id);
}

std::optional<Squad> SquadForChat(Session& session, std::string_view platform,
                                  std::string_view chat_id) {
  Statement query = session.Prepare(std::string("SELECT ") + kSquadColumns +
                                    " FROM squads WHERE platform = ? AND chat_id = ?");
  query.bind(1, std::string(platform));
  query.bind(2, std::string(chat_id));
  if (!query.executeStep()) return std::nullopt;
  return ReadSquad(query);
}

std::optional<Squad> SquadById(Session& session, std::int64_t id) {
  Statement query =
      session.Prepare(std::string("SELECT ") + kSquadColumns + " FROM squads WHERE id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return std::nullopt;
  return ReadSquad(query);
}

std::optional<CodeMatch> SquadByCode(Session& session, std::string_view platform,
                                     std::string_view code) {
  const std::string upper = Upper(code);
  Statement query =
      session.Prepare(std::string("SELECT ") + kSquadColumns +
                      " FROM squads WHERE platform = ? AND (join_code = ? OR coach_code = ?)");
  query.bind(1, std::string(platform));
  query.bind(2, upper);
  query.bind(3, upper);
  if (!query.executeStep()) return std::nullopt;
  CodeMatch match{ReadSquad(query), false};
  match.coach = match.squad.coach_code == upper;
  return match;
}

void AddCoach(Session& session, std::int64_t squad_id, std::int64_t runner_id) {
  Statement insert =
      session.Prepare("INSERT OR IGNORE INTO squad_coaches (squad_id, runner_id) VALUES (?, ?)");
  insert.bind(1, squad_id);
  insert.bind(2, runner_id);
  insert.exec();
}

bool IsCoach(Session& session, std::int64_t squad_id, std::int64_t runner_id) {
  Statement query =
      session.Prepare("SELECT 1 FROM squad_coaches WHERE squad_id = ? AND runner_id = ?");
  query.bind(1, squad_id);
  query.bind(2, runner_id);
  return query.executeStep();
}

std::vector<std::int64_t> CoachesOf(Session& session, std::int64_t squad_id) {
  Statement query =
      session.Prepare("SELECT runner_id FROM squad_coaches WHERE squad_id = ? ORDER BY runner_id");
  query.bind(1, squad_id);
  std::vector<std::int64_t> ids;
  while (query.executeStep()) ids.push_back(query.getColumn(0).getInt64());
  return ids;
}

void CloseSquad(Session& session, std::int64_t squad_id) {
  Statement close = session.Prepare("DELETE FROM squads WHERE id = ?");
  close.bind(1, squad_id);
  close.exec();
}

std::vector<Squad> SquadsCoachedBy(Session& session, std::int64_t runner_id) {
  Statement query = session.Prepare(std::string("SELECT ") + kSquadColumns +
                                    " FROM squads WHERE id IN (SELECT squad_id FROM squad_coaches "
                                    "WHERE runner_id = ?) ORDER BY id");
  query.bind(1, runner_id);
  return ReadSquads(query);
}

bool JoinSquad(Session& session, std::int64_t squad_id, std::int64_t runner_id, TimePoint now) {
  Statement insert = session.Prepare(
      "INSERT OR IGNORE INTO squad_members (squad_id, runner_id, joined_at) "
      "VALUES (?, ?, ?)");
  insert.bind(1, squad_id);
  insert.bind(2, runner_id);
  insert.bind(3, ToUnixMillis(now));
  return insert.exec() == 1;
}

bool SetSharing(Session& session, std::int64_t squad_id, std::int64_t runner_id, bool share,
                TimePoint now) {
  Statement update = session.Prepare(
      "UPDATE squad_members SET consented_at = ? WHERE squad_id = ? AND runner_id = ?");
  if (share) {
    update.bind(1, ToUnixMillis(now));
  } else {
    update.bind(1);
  }
  update.bind(2, squad_id);
  update.bind(3, runner_id);
  return update.exec() == 1;
}

bool LeaveSquad(Session& session, std::int64_t squad_id, std::int64_t runner_id) {
  Statement remove =
      session.Prepare("DELETE FROM squad_members WHERE squad_id = ? AND runner_id = ?");
  remove.bind(1, squad_id);
  remove.bind(2, runner_id);
  return remove.exec() == 1;
}

std::vector<Membership> MembershipsOf(Session& session, std::int64_t runner_id) {
  Statement query = session.Prepare(
      "SELECT squad_id, consented_at IS NOT NULL FROM squad_members "
      "WHERE runner_id = ? ORDER BY squad_id");
  query.bind(1, runner_id);
  std::vector<std::pair<std::int64_t, bool>> rows;
  while (query.executeStep()) {
    rows.emplace_back(query.getColumn(0).getInt64(), query.getColumn(1).getInt() != 0);
  }
  std::vector<Membership> memberships;
  for (const auto& [id, sharing] : rows) {
    if (auto squad = SquadById(session, id)) memberships.push_back({std::move(*squad), sharing});
  }
  return memberships;
}

std::vector<std::int64_t> MembersOf(Session& session, std::int64_t squad_id, bool sharing_only) {
  Statement query = session.Prepare(
      std::string("SELECT runner_id FROM squad_members WHERE squad_id = ?") +
      (sharing_only ? " AND consented_at IS NOT NULL" : "") + " ORDER BY joined_at, runner_id");
  query.bind(1, squad_id);
  std::vector<std::int64_t> ids;
  while (query.executeStep()) ids.push_back(query.getColumn(0).getInt64());
  return ids;
}

void SetDigest(Session& session, std::int64_t squad_id, std::string_view digest_time,
               std::string_view time_zone, std::optional<TimePoint> next_digest_at) {
  Statement update = session.Prepare(
      "UPDATE squads SET digest_time = ?, time_zone = ?, next_digest_at = ? WHERE id = ?");
  update.bind(1, std::string(digest_time));
  update.bind(2, std::string(time_zone));
  if (next_digest_at) {
    update.bind(3, ToUnixMillis(*next_digest_at));
  } else {
    update.bind(3);
  }
  update.bind(4, squad_id);
  update.exec();
}

std::vector<Squad> DueDigests(Session& session, std::string_view platform, TimePoint now) {
  Statement query =
      session.Prepare(std::string("SELECT ") + kSquadColumns +
                      " FROM squads WHERE platform = ? AND next_digest_at IS NOT NULL "
                      "AND next_digest_at <= ? ORDER BY next_digest_at");
  query.bind(1, std::string(platform));
  query.bind(2, ToUnixMillis(now));
  return ReadSquads(query);
}

bool RecordSquadAlert(Session& session, std::int64_t squad_id, std::int64_t runner_id,
                      std::string_view kind, std::string_view key, TimePoint now) {
  Statement insert = session.Prepare(
      "INSERT OR IGNORE INTO squad_alerts (squad_id, runner_id, kind, key, "
      "sent_at) VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, squad_id);
  insert.bind(2, runner_id);
  insert.bind(3, std::string(kind));
  insert.bind(4, std::string(key));
  insert.bind(5, ToUnixMillis(now));
  return insert.exec() == 1;
}

}  // namespace achilles::storage
