#include "bot/outbox/send_queue.h"

#include <algorithm>

namespace achilles::bot {

SendQueue::HeadKey SendQueue::KeyOf(const Row& row) {
  return {std::max(row.ref.next_attempt_at, row.deferred_until), row.ref.id};
}

void SendQueue::UnindexHead(const std::string& chat_id) {
  const auto chat = chats_.find(chat_id);
  if (chat == chats_.end() || chat->second.empty()) return;
  heads_.erase(KeyOf(rows_.at(*chat->second.begin())));
}

void SendQueue::IndexHead(const std::string& chat_id) {
  const auto chat = chats_.find(chat_id);
  if (chat == chats_.end()) return;
  if (chat->second.empty()) {
    chats_.erase(chat);
    return;
  }
  heads_.insert(KeyOf(rows_.at(*chat->second.begin())));
}

void SendQueue::Add(const storage::PendingRef& ref) {
  last_id_ = std::max(last_id_, ref.id);
  UnindexHead(ref.chat_id);
  if (const auto known = rows_.find(ref.id); known != rows_.end()) {
    known->second.ref.next_attempt_at = ref.next_attempt_at;
  } else {
    rows_.emplace(ref.id, Row{ref});
    chats_[ref.chat_id].insert(ref.id);
  }
  auto& ids = chats_[ref.chat_id];
  rows_.at(*ids.begin()).deferred_until = {};
  IndexHead(ref.chat_id);
}

std::vector<storage::PendingRef> SendQueue::Due(TimePoint now, std::size_t limit) const {
  std::vector<storage::PendingRef> due;
  for (const auto& [at, id] : heads_) {
    if (at > now || due.size() >= limit) break;
    due.push_back(rows_.at(id).ref);
  }
  return due;
}

std::optional<TimePoint> SendQueue::NextAt() const {
  if (heads_.empty()) return std::nullopt;
  return heads_.begin()->first;
}

void SendQueue::Remove(std::int64_t id) {
  const auto row = rows_.find(id);
  if (row == rows_.end()) return;
  const std::string chat_id = row->second.ref.chat_id;
  UnindexHead(chat_id);
  chats_[chat_id].erase(id);
  rows_.erase(row);
  IndexHead(chat_id);
}

void SendQueue::RemoveRunner(std::int64_t runner_id) {
  std::vector<std::int64_t> ids;
  for (const auto& [id, row] : rows_) {
    if (row.ref.runner_id == runner_id) ids.push_back(id);
  }
  for (const auto id : ids) Remove(id);
}

void SendQueue::Reschedule(std::int64_t id, TimePoint due) {
  const auto row = rows_.find(id);
  if (row == rows_.end()) return;
  UnindexHead(row->second.ref.chat_id);
  row->second.ref.next_attempt_at = due;
  row->second.deferred_until = {};
  IndexHead(row->second.ref.chat_id);
}

void SendQueue::Defer(std::int64_t id, TimePoint until) {
  const auto row = rows_.find(id);
  if (row == rows_.end()) return;
  UnindexHead(row->second.ref.chat_id);
  row->second.deferred_until = until;
  IndexHead(row->second.ref.chat_id);
}

void SendQueue::Clear() {
  rows_.clear();
  chats_.clear();
  heads_.clear();
  last_id_ = 0;
}

}  // namespace achilles::bot
