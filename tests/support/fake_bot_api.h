// A fake Telegram Bot API on loopback, built on the service's own HttpServer. It records every
// call and answers from a script (200 {"ok":true} when the script is empty).
// Thread-safe: the server's threads record calls while the test thread reads them.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/http/http_server.h"
#include "tests/support/multipart.h"

namespace achilles::testing {

class FakeBotApi {
 public:
  struct Call {
    std::string token;
    std::string method;
    // The JSON body, or a multipart form's fields (reply_markup parsed back from its JSON text).
    nlohmann::json payload;
    std::vector<FormFile> files;  // a multipart call's files (sendPhoto, sendDocument)
    bool malformed_form = false;  // said multipart, but did not follow the format
    std::chrono::steady_clock::time_point at;
  };

  FakeBotApi();
  ~FakeBotApi();

  // "http://127.0.0.1:<port>", for TELEGRAM_API_BASE.
  std::string base_url() const;

  // From now on, send* calls are held to Telegram's limits as the real API holds them:
  // beyond `per_second` sends in any second overall, or a second send to one chat within
  // `per_chat`, the answer is 429 with retry_after. TooManyRequests() counts those answers.
  void EnforceLimits(int per_second = 30,
                     std::chrono::milliseconds per_chat = std::chrono::milliseconds(1000));
  std::size_t TooManyRequests() const;

  // The next call to `method` is answered `status` with `body` (answers queue per method).
  void Script(unsigned status, std::string body, const std::string& method = "sendMessage");

  std::vector<Call> Calls() const;
  std::vector<Call> CallsTo(const std::string& method) const;

  // Waits (on a condition variable, not a sleep) until at least `count` calls to `method`
  // arrived. False on timeout.
  bool WaitForCalls(const std::string& method, std::size_t count,
                    std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

  // Waits until `count` sendMessage texts (or sendPhoto and sendDocument captions) contain
  // `fragment`. False on timeout.
  bool WaitForText(const std::string& fragment, std::size_t count = 1,
                   std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

 private:
  bot::HttpResponse Answer(const bot::HttpRequest& request);
  // Whether `call` breaks the limits; if not, it is counted against them. Holds mu_.
  bool OverLimit(const Call& call);

  mutable std::mutex mu_;
  mutable std::condition_variable arrived_;
  std::vector<Call> calls_;
  std::map<std::string, std::deque<std::pair<unsigned, std::string>>> script_;
  bool enforce_limits_ = false;
  int per_second_ = 30;
  std::chrono::milliseconds per_chat_{1000};
  std::deque<std::chrono::steady_clock::time_point> accepted_;  // the last second's sends
  std::map<std::string, std::chrono::steady_clock::time_point> last_to_chat_;
  std::size_t too_many_requests_ = 0;
  bot::HttpServer server_;
  std::uint16_t port_ = 0;
};

}  // namespace achilles::testing
