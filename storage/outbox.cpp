#include "storage/outbox.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "storage/json_text.h"
#include "storage/statement.h"

namespace achilles::storage {
namespace {

using nlohmann::json;

const char* ScopeName(ChatScope scope) { return scope == ChatScope::kGroup ? "group" : "private"; }

std::string UploadsText(const std::vector<Upload>& uploads) {
  json list = json::array();
  for (const auto& upload : uploads) {
    list.push_back({{"field", upload.field},
                    {"filename", upload.filename},
                    {"media_type", upload.media_type},
                    {"content", upload.content},
                    {"chart", upload.chart}});
  }
  return JsonText(list);
}

// Uploads as stored, read by type: a spoiled entry reads as an upload the platform will refuse
// (the row then falls back or fails), never as a throw.
std::vector<Upload> UploadsFrom(const std::string& text) {
  std::vector<Upload> uploads;
  const json list = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!list.is_array()) return {Upload{}};
  for (const auto& entry : list) {
    Upload upload;
    if (entry.is_object()) {
      auto text_of = [&entry](const char* key) {
        const auto it = entry.find(key);
        return it != entry.end() && it->is_string() ? it->get<std::string>() : std::string();
      };
      upload.field = text_of("field");
      upload.filename = text_of("filename");
      upload.media_type = text_of("media_type");
      upload.content = text_of("content");
      const auto chart = entry.find("chart");
      upload.chart = chart != entry.end() && chart->is_boolean() && chart->get<bool>();
    }
    uploads.push_back(std::move(upload));
  }
  return uploads;
}

}  // namespace

std::int64_t Enqueue(Session& session, const OutgoingMessage& message, TimePoint now) {
  Statement insert = session.Prepare(
      "INSERT INTO outbox (platform, chat_id, chat_kind, runner_id, method, "
      "payload, next_attempt_at, created_at, uploads, fallback_method, "
      "fallback_payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
  if (message.uploads.empty()) {
    insert.bind(9);
  } else {
    insert.bind(9, UploadsText(message.uploads));
  }
  if (message.fallback) {
    insert.bind(10, message.fallback->method);
    insert.bind(11, message.fallback->payload);
  } else {
    insert.bind(10);
    insert.bind(11);
  }
  insert.exec();
  return session.db().getLastInsertRowid();
}

namespace {

// The columns ReadRows reads, of an outbox row named `o`.
constexpr std::string_view kRowColumns =
    "SELECT o.id, o.chat_id, o.chat_kind, o.runner_id, o.method, o.payload, o.attempts, "
    "o.next_attempt_at, o.uploads, o.fallback_method, o.fallback_payload ";

// Reads rows selected as kRowColumns (and perhaps more columns), keeping those `keep` accepts.
std::vector<OutboxRow> ReadRows(
    SQLite::Statement& query, std::string_view platform,
    const std::function<bool(SQLite::Statement&, OutboxRow&)>& keep = nullptr) {
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
    if (!query.getColumn(8).isNull())
      row.message.uploads = UploadsFrom(query.getColumn(8).getString());
    if (!query.getColumn(9).isNull()) {
      row.message.fallback =
          Fallback{query.getColumn(9).getString(), query.getColumn(10).getString()};
    }
    if (keep && !keep(query, row)) continue;
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

std::vector<OutboxRow> PendingForChat(Session& session, std::string_view platform,
                                      std::string_view chat_id) {
  Statement query = session.Prepare(std::string(kRowColumns) + R"sql(
    FROM outbox AS o WHERE status = 'pending' AND platform = ? AND chat_id = ? ORDER BY id)sql");
  query.bind(1, std::string(platform));
  query.bind(2, std::string(chat_id));
  return ReadRows(query, platform);
}

std::vector<OutboxRow> DueMessages(Session& session, std::string_view platform, TimePoint now,
                                   int limit) {
  Statement query = session.Prepare(std::string(kRowColumns) + R"sql(
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

std::vector<PendingRef> PendingAfter(Session& session, std::string_view platform,
                                     std::int64_t after_id) {
  // NOT INDEXED keeps SQLite from scanning the pending index for the platform when only the
  // rows past `after_id` are wanted: the rowid range is still used.
  constexpr std::string_view kColumns =
      "SELECT id, chat_id, chat_kind, runner_id, method, next_attempt_at FROM outbox ";
  Statement query =
      session.Prepare(std::string(kColumns) +
                      (after_id > 0 ? "NOT INDEXED WHERE id > ?1 AND " : "WHERE id > ?1 AND ") +
                      "status = 'pending' AND platform = ?2 ORDER BY id");
  query.bind(1, after_id);
  query.bind(2, std::string(platform));
  std::vector<PendingRef> refs;
  while (query.executeStep()) {
    PendingRef ref;
    ref.id = query.getColumn(0).getInt64();
    ref.chat_id = query.getColumn(1).getString();
    ref.scope = query.getColumn(2).getString() == "group" ? ChatScope::kGroup : ChatScope::kPrivate;
    if (!query.getColumn(3).isNull()) ref.runner_id = query.getColumn(3).getInt64();
    ref.method = query.getColumn(4).getString();
    ref.next_attempt_at = FromUnixMillis(query.getColumn(5).getInt64());
    refs.push_back(std::move(ref));
  }
  return refs;
}

PendingRows ReadPending(Session& session, std::string_view platform,
                        const std::vector<std::int64_t>& ids) {
  PendingRows found;
  if (ids.empty()) return found;
  // The ids as a JSON array, so one prepared text serves any number of them.
  Statement query = session.Prepare(std::string(kRowColumns) + R"sql(,
           r.unreachable_since IS NOT NULL
    FROM outbox AS o LEFT JOIN runners AS r ON r.id = o.runner_id
    WHERE o.id IN (SELECT value FROM json_each(?1)) AND o.status = 'pending' AND o.platform = ?2
    ORDER BY o.id)sql");
  query.bind(1, JsonText(json(ids)));
  query.bind(2, std::string(platform));
  for (auto& row : ReadRows(query, platform, [&found](SQLite::Statement&q, OutboxRow&row) {
         if (q.getColumn(11).getInt() != 0) {
           found.held.push_back(row.id);
           return false;
         }
         return true;
       })) {
    found.sendable.push_back(std::move(row));
  }
  return found;
}

std::optional<TimePoint> NextDueAt(Session& session, std::string_view platform) {
  Statement query = session.Prepare(
      "SELECT min(next_attempt_at) FROM outbox "
      "WHERE status = 'pending' AND platform = ?");
  query.bind(1, std::string(platform));
  query.executeStep();
  if (query.getColumn(0).isNull()) return std::nullopt;
  return FromUnixMillis(query.getColumn(0).getInt64());
}

void MarkSent(Session& session, std::int64_t id, TimePoint now) {
  Statement update =
      session.Prepare("UPDATE outbox SET status = 'sent', finished_at = ? WHERE id = ?");
  update.bind(1, ToUnixMillis(now));
  update.bind(2, id);
  update.exec();
}

void Reschedule(Session& session, std::int64_t id, int attempts, TimePoint next_attempt_at,
                std::string_view error) {
  Statement update = session.Prepare(
      "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? "
      "WHERE id = ?");
  update.bind(1, attempts);
  update.bind(2, ToUnixMillis(next_attempt_at));
  update.bind(3, std::string(error));
  update.bind(4, id);
  update.exec();
}

bool UseFallback(Session& session, std::int64_t id, std::string_view error, TimePoint now) {
  Statement update = session.Prepare(R"sql(
    UPDATE outbox SET method = fallback_method, payload = fallback_payload, uploads = NULL,
                      fallback_method = NULL, fallback_payload = NULL, attempts = 0,
                      next_attempt_at = ?, last_error = ?
    WHERE id = ? AND status = 'pending' AND fallback_method IS NOT NULL)sql");
  update.bind(1, ToUnixMillis(now));
  update.bind(2, "fell back to text: " + std::string(error));
  update.bind(3, id);
  return update.exec() == 1;
}

void MarkFailed(Session& session, std::int64_t id, int attempts, std::string_view error,
                TimePoint now) {
  Statement update = session.Prepare(
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
  Statement update = session.Prepare(
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
