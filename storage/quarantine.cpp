#include "storage/quarantine.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/statement.h"

namespace achilles::storage {
namespace {

Quarantined Read(SQLite::Statement& query) {
  Quarantined q;
  q.id = query.getColumn(0).getInt64();
  q.platform = query.getColumn(1).getString();
  q.delivery_id = query.getColumn(2).getString();
  q.source = query.getColumn(3).getString();
  q.payload = query.getColumn(4).getString();
  q.error = query.getColumn(5).getString();
  q.received_at = FromUnixMillis(query.getColumn(6).getInt64());
  if (!query.getColumn(7).isNull()) q.replayed_at = FromUnixMillis(query.getColumn(7).getInt64());
  return q;
}

constexpr char kColumns[] =
    "SELECT id, platform, delivery_id, source, payload, error, received_at, replayed_at "
    "FROM quarantine";

}  // namespace

std::int64_t Quarantine(Session& session, const Quarantined& entry) {
  Statement upsert = session.Prepare(R"sql(
    INSERT INTO quarantine (platform, delivery_id, source, payload, error, received_at)
    VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (platform, delivery_id) DO UPDATE SET
      error = excluded.error, payload = excluded.payload, replayed_at = NULL
    RETURNING id)sql");
  upsert.bind(1, entry.platform);
  upsert.bind(2, entry.delivery_id);
  upsert.bind(3, entry.source);
  upsert.bind(4, entry.payload);
  upsert.bind(5, entry.error);
  upsert.bind(6, ToUnixMillis(entry.received_at));
  upsert.executeStep();
  return upsert.getColumn(0).getInt64();
}

std::vector<Quarantined> ListQuarantined(Session& session, bool include_replayed) {
  Statement query =
      session.Prepare(std::string(kColumns) +
                      (include_replayed ? "" : " WHERE replayed_at IS NULL") + " ORDER BY id");
  std::vector<Quarantined> entries;
  while (query.executeStep()) entries.push_back(Read(query));
  return entries;
}

std::optional<Quarantined> FindQuarantined(Session& session, std::int64_t id) {
  Statement query = session.Prepare(std::string(kColumns) + " WHERE id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return std::nullopt;
  return Read(query);
}

void MarkReplayed(Session& session, std::int64_t id, TimePoint now) {
  Statement update = session.Prepare("UPDATE quarantine SET replayed_at = ? WHERE id = ?");
  update.bind(1, ToUnixMillis(now));
  update.bind(2, id);
  update.exec();
}

std::int64_t QuarantinedCount(Session& session) {
  return session.db()
      .execAndGet("SELECT COUNT(*) FROM quarantine WHERE replayed_at IS NULL")
      .getInt64();
}

}  // namespace achilles::storage
