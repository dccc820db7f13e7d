// The outbox: every message the bot will send, written in the same transaction as the decision
// that produced it, and delivered later by bot/outbox/outbox_sender. Call only inside
// Database::Transact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dialogs/time.h"
#include "storage/database.h"

namespace achilles::storage {

enum class ChatScope { kPrivate, kGroup };

// A file sent with a call as a multipart part: a file's bytes, or a chart's data (JSON) that
// the sender draws into a PNG when it sends (charts are drawn off the request path).
struct Upload {
  std::string field;       // the multipart field: "photo", "document", "files[0]"
  std::string filename;    // "progress.png", "achilles-export-2026-12-03.csv"
  std::string media_type;  // "image/png", "text/csv"
  std::string content;     // the bytes; for a chart, its data until drawn
  bool chart = false;      // `content` is a chart to draw, not the file itself
  bool operator==(const Upload&) const = default;
};

// The call sent in place of one that failed for good (a chart that could not be uploaded goes
// as its text): the runner never gets nothing.
struct Fallback {
  std::string method;
  std::string payload;
  bool operator==(const Fallback&) const = default;
};

// A platform API call, already rendered: `method` (e.g. "sendMessage") with a JSON `payload`,
// and for a call with files (multipart) its `uploads`.
struct OutgoingMessage {
  std::string platform{};
  std::string chat_id{};
  ChatScope scope = ChatScope::kPrivate;
  std::optional<std::int64_t> runner_id{};  // the runner it is for; none for group posts
  std::string method{};
  std::string payload{};
  std::vector<Upload> uploads{};
  std::optional<Fallback> fallback{};
};

struct OutboxRow {
  std::int64_t id = 0;
  OutgoingMessage message;
  int attempts = 0;  // failed attempts so far
  TimePoint next_attempt_at;
};

// A pending row as the sender indexes it, without its content.
struct PendingRef {
  std::int64_t id = 0;
  std::string chat_id{};
  ChatScope scope = ChatScope::kPrivate;
  std::optional<std::int64_t> runner_id{};
  std::string method{};
  TimePoint next_attempt_at{};
  bool operator==(const PendingRef&) const = default;
};

// Queues `message` for sending now. Returns the row id: ids only grow and are never reused,
// so the rows above an id are the ones written after it.
std::int64_t Enqueue(Session& session, const OutgoingMessage& message, TimePoint now);

// Up to `limit` rows of `platform` that may be sent at `now`: for each chat only its oldest
// pending row (a chat's messages leave in order), and none to a runner who is unreachable.
// Oldest due first.
std::vector<OutboxRow> DueMessages(Session& session, std::string_view platform, TimePoint now,
                                   int limit);

// The pending rows of `platform` with an id above `after_id`, in id order (0: all of them,
// through the pending rows' index). Cheap when few rows are new: it walks the ids from
// `after_id`, whatever the number of rows pending before it.
std::vector<PendingRef> PendingAfter(Session& session, std::string_view platform,
                                     std::int64_t after_id);

// The rows among `ids` that are still pending, in id order: `sendable`, and `held` (the ids of
// rows for a runner who blocked the bot, which wait until they write again). An id in neither
// was sent, failed or deleted since it was indexed.
struct PendingRows {
  std::vector<OutboxRow> sendable;
  std::vector<std::int64_t> held;
};
PendingRows ReadPending(Session& session, std::string_view platform,
                        const std::vector<std::int64_t>& ids);

// Every pending row for one chat, oldest first, whenever due (the terminal chat prints them
// as soon as they are written).
std::vector<OutboxRow> PendingForChat(Session& session, std::string_view platform,
                                      std::string_view chat_id);

// When the next pending row of `platform` becomes due, if there is one.
std::optional<TimePoint> NextDueAt(Session& session, std::string_view platform);

void MarkSent(Session& session, std::int64_t id, TimePoint now);

// Records a failed attempt and when to try again.
void Reschedule(Session& session, std::int64_t id, int attempts, TimePoint next_attempt_at,
                std::string_view error);

// Replaces a row that failed for good with its fallback, due `now`, without uploads and with
// its attempts cleared; the error that made it fall back is kept. False when it has none.
bool UseFallback(Session& session, std::int64_t id, std::string_view error, TimePoint now);

// Gives up on a row; it stays in the table with its error for the operator.
void MarkFailed(Session& session, std::int64_t id, int attempts, std::string_view error,
                TimePoint now);

// Gives up on every pending row for `runner_id` (they blocked the bot). Returns how many.
int FailPendingForRunner(Session& session, std::int64_t runner_id, std::string_view error,
                         TimePoint now);

// Pending rows across all platforms (the /metrics outbox depth).
std::int64_t PendingCount(Session& session);

}  // namespace achilles::storage
