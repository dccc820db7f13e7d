// What the outbox sender knows of its pending rows without reading them: each chat's row ids in
// order and when each is due, and the chats' first rows ordered by when they may go. The
// sender keeps it in memory, fed by the rows committed since it last looked (ids only grow:
// the outbox's ids are never reused) and rebuilt from the database at start and at each sweep,
// so a step's cost depends on what it sends, not on how long the queue is.
//
// Not thread-safe: owned by the sender's thread. Time is passed in.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dialogs/time.h"
#include "storage/outbox.h"

namespace achilles::bot {

class SendQueue {
 public:
  // Adds a pending row. A chat's rows leave in id order whatever order they were added in. A
  // row already known only has its due time updated. New rows in a chat whose first row was
  // put off (Defer) make it due again: the chat's state may have changed (a runner who blocked
  // the bot wrote again).
  void Add(const storage::PendingRef& row);

  // Up to `limit` chats' first rows that may go at `now`, soonest first.
  std::vector<storage::PendingRef> Due(TimePoint now, std::size_t limit) const;

  // When the soonest first row may go; none when nothing is queued.
  std::optional<TimePoint> NextAt() const;

  // The row left the queue: sent, failed for good, or gone from the database.
  void Remove(std::int64_t id);
  // Every row for `runner_id` left the queue (they blocked the bot).
  void RemoveRunner(std::int64_t runner_id);
  // The row failed and is due again at `due` (stored).
  void Reschedule(std::int64_t id, TimePoint due);
  // The row may not go before `until` (a rate limit, an unreachable runner), though it is due:
  // kept in memory only.
  void Defer(std::int64_t id, TimePoint until);

  void Clear();
  std::size_t size() const { return rows_.size(); }
  // The highest row id added since the last Clear (0 when none): rows above it are new.
  std::int64_t last_id() const { return last_id_; }

 private:
  struct Row {
    storage::PendingRef ref;
    TimePoint deferred_until{};
  };
  // The time the chat's first row may go, and its id: the order of `heads_`.
  using HeadKey = std::pair<TimePoint, std::int64_t>;
  static HeadKey KeyOf(const Row& row);
  // Makes the chat's first row (if any) its head in `heads_`.
  void IndexHead(const std::string& chat_id);
  void UnindexHead(const std::string& chat_id);

  std::unordered_map<std::int64_t, Row> rows_;                     // by id
  std::unordered_map<std::string, std::set<std::int64_t>> chats_;  // each chat's ids, in order
  std::set<HeadKey> heads_;
  std::int64_t last_id_ = 0;
};

}  // namespace achilles::bot
