#include "bot/telegram/chat_admin_cache.h"

#include <algorithm>

#include "bot/runtime/log.h"

namespace achilles::bot {

ChatAdminCache::ChatAdminCache(Lookup lookup, const Clock& clock, std::chrono::milliseconds ttl,
                               std::size_t capacity)
    : lookup_(std::move(lookup)),
      clock_(clock),
      ttl_(ttl),
      capacity_(std::max<std::size_t>(1, capacity)) {}

bool ChatAdminCache::IsAdmin(const std::string& chat, const std::string& user) {
  const auto key = std::make_pair(chat, user);
  {
    std::lock_guard lock(mu_);
    if (auto it = answers_.find(key); it != answers_.end()) {
      if (clock_.Now() < it->second.until) return it->second.admin;
      answers_.erase(it);
    }
  }
  auto asked = lookup_(chat, user);  // outside the lock: it may take seconds
  if (!asked) {
    LogWarning("could not ask whether " + user + " administers " + chat + ": " +
               asked.error().message);
    return false;
  }
  std::lock_guard lock(mu_);
  const TimePoint now = clock_.Now();
  if (answers_.size() >= capacity_) {
    std::erase_if(answers_, [&](const auto& entry) { return entry.second.until <= now; });
    if (answers_.size() >= capacity_) answers_.clear();  // all fresh: start again
  }
  answers_[key] = Answer{*asked, now + ttl_};
  return *asked;
}

}  // namespace achilles::bot
