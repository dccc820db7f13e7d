// Whether a user administers a group, as the platform says (Telegram's getChatMember), asked
// only when a squad is set up (/coach in a group) and remembered for a while: a second /coach
// in the same group does not wait for the platform again. Failures are not remembered.
//
// The lookup runs on the calling (worker) thread, never under a database lock, and outside this
// cache's own lock. Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "bot/runtime/clock.h"
#include "dialogs/error.h"

namespace achilles::bot {

class ChatAdminCache {
 public:
  // Asks the platform; an error when it could not say (a timeout, a 5xx).
  using Lookup = std::function<Result<bool>(const std::string& chat, const std::string& user)>;

  // `clock` must outlive the cache. At most `capacity` answers are kept (the oldest expire).
  ChatAdminCache(Lookup lookup, const Clock& clock,
                 std::chrono::milliseconds ttl = std::chrono::minutes(10),
                 std::size_t capacity = 10000);

  // True when `user` administers `chat`; false when not, or when the platform could not say.
  bool IsAdmin(const std::string& chat, const std::string& user);

 private:
  struct Answer {
    bool admin = false;
    TimePoint until;
  };

  Lookup lookup_;
  const Clock& clock_;
  std::chrono::milliseconds ttl_;
  std::size_t capacity_;
  std::mutex mu_;
  std::map<std::pair<std::string, std::string>, Answer> answers_;
};

}  // namespace achilles::bot
