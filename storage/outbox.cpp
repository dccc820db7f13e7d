#include "storage/outbox.h"

#include <SQLiteCpp/SQLiteCpp.h>

namespace achilles::storage {
namespace {

const char* ScopeName(ChatScope scope) { return scope == ChatScope::kGroup ? "group" : "private"; }

}  // namespace

std::int64_t Enqueue(Session& session, const OutgoingMessage& message, TimePoint now) {
  SQLite::Statement insert(session.db(),
                           "INSERT INTO outbox (platform, chat_id, chat_kind, runner_id, method, "
                           "payload, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, message.platform);
  insert.bind(2, message.chat_id);
  insert.bind(3, ScopeName(message.scope));
  if (message.runner_id) {
    insert.bind(4, *message.runner_id);
  } else {
    insert.bind(4);
  }
  insert.bind(5, message.method);
  insert.bind(6, message.payload);
  insert.bind(7, ToUnixMillis(now));
  insert.bind(8, ToUnixMillis(now));
  insert.exec();
  return session.db().getLastInsertRowid();
}

namespace {

// Reads rows selected as: id, chat_id, chat_kind, runner_id, method, payload, attempts,
// next_attempt_at.
std::vector<OutboxRow> ReadRows(SQLite::Statement& query, std::string_view platform) {
  std::vector<OutboxRow> rows;
  while (query.executeStep()) {
    OutboxRow row;
    row.id = query.getColumn(0).getInt64();
    row.message.platform = platform;
    row.message.chat_id = query.getColumn(1).getString();
    row.message.scope =
        query.getColumn(2).getString() == "group" ? ChatScope::kGroup : ChatScope::kPrivate;
    if (!query.getColumn(3).isNull()) row.message.runner_id = query.getColumn(3).getInt64();
    row.message.method = query.getColumn(4).getString();
    row.message.payload = query.getColumn(5).getString();
    row.attempts = query.getColumn(6).getInt();
    row.next_attempt_at = FromUnixMillis(query.getColumn(7).getInt64());
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

std::vector<OutboxRow> PendingForChat(Session& session, std::string_view platform,
                                      std::string_view chat_id) {
  SQLite::Statement query(session.db(), R"sql(
    SELECT id, chat_id, chat_kind, runner_id, method, payload, attempts, next_attempt_at
    FROM outbox WHERE status = 'pending' AND platform = ? AND chat_id = ? ORDER BY id)sql");
  query.bind(1, std::string(platform));
  query.bind(2, std::string(chat_id));
  return ReadRows(query, platform);
}

std::vector<OutboxRow> DueMessages(Session& session, std::string_view platform, TimePoint now,
                                   int limit) {
  SQLite::Statement query(session.db(), R"sql(
    SELECT o.id, o.chat_id, o.chat_kind, o.runner_id, o.method, o.payload, o.attempts,
           o.next_attempt_at
    FROM outbox AS o
    LEFT JOIN runners AS r ON r.id = o.runner_id
    WHERE o.status = 'pending' AND o.platform = ?1 AND o.next_attempt_at <= ?2
      AND r.unreachable_since IS NULL
      AND o.id = (SELECT min(p.id) FROM outbox AS p
                  WHERE p.status = 'pending' AND p.platform = o.platform AND p.chat_id = o.chat_id)
    ORDER BY o.next_attempt_at, o.id
    LIMIT ?3)sql");
  query.bind(1, std::string(platform));
  query.bind(2, ToUnixMillis(now));
  query.bind(3, limit);
  return ReadRows(query, platform);
}

std::optional<TimePoint> NextDueAt(Session& session, std::string_view platform) {
  SQLite::Statement query(session.db(),
                          "SELECT min(next_attempt_at) FROM outbox "
                          "WHERE status = 'pending' AND platform = ?");
  query.bind(1, std::string(platform));
  query.executeStep();
  if (query.getColumn(0).isNull()) return std::nullopt;
  return FromUnixMillis(query.getColumn(0).getInt64());
}

void MarkSent(Session& session, std::int64_t id, TimePoint now) {
  SQLite::Statement update(session.db(),
                           "UPDATE outbox SET status = 'sent', finished_at = ? WHERE id = ?");
  update.bind(1, ToUnixMillis(now));
  update.bind(2, id);
  update.exec();
}

void Reschedule(Session& session, std::int64_t id, int attempts, TimePoint next_attempt_at,
                std::string_view error) {
  SQLite::Statement update(session.db(),
                           "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? "
                           "WHERE id = ?");
  update.bind(1, attempts);
  update.bind(2, ToUnixMillis(next_attempt_at));
  update.bind(3, std::string(error));
  update.bind(4, id);
  update.exec();
}

void MarkFailed(Session& session, std::int64_t id, int attempts, std::string_view error,
                TimePoint now) {
  SQLite::Statement update(session.db(),
                           "UPDATE outbox SET status = 'failed', attempts = ?, last_error = ?, "
                           "finished_at = ? WHERE id = ?");
  update.bind(1, attempts);
  update.bind(2, std::string(error));
  update.bind(3, ToUnixMillis(now));
  update.bind(4, id);
  update.exec();
}

int FailPendingForRunner(Session& session, std::int64_t runner_id, std::string_view error,
                         TimePoint now) {
  SQLite::Statement update(session.db(),
                           "UPDATE outbox SET status = 'failed', last_error = ?, finished_at = ? "
                           "WHERE runner_id = ? AND status = 'pending'");
  update.bind(1, std::string(error));
  update.bind(2, ToUnixMillis(now));
  update.bind(3, runner_id);
  return update.exec();
}

std::int64_t PendingCount(Session& session) {
  return session.db().execAndGet("SELECT count(*) FROM outbox WHERE status = 'pending'").getInt64();
}

}  // namespace achilles::storage
