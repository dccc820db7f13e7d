// A fake Discord REST API on loopback, built on the service's own HttpServer. It records every
// call and answers like Discord: a DM channel "dm-<user>" for POST /users/@me/channels, a
// message for channel posts and interaction webhooks. Scripted answers (status, body, headers)
// go first, per route.
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

class FakeDiscordApi {
 public:
  struct Call {
    std::string route;  // "POST /channels", "PATCH /webhooks", "POST /users", "PUT /applications"
    std::string path;   // the path under the API base
    std::string authorization;
    nlohmann::json body;          // the JSON body, or a multipart call's payload_json
    std::vector<FormFile> files;  // a multipart call's files[n]
    std::chrono::steady_clock::time_point at;
  };

  FakeDiscordApi();
  ~FakeDiscordApi();

  // "http://127.0.0.1:<port>/api/v10", for DISCORD_API_BASE.
  std::string base_url() const;

  // The next call on `route` is answered `status` with `body` and `headers`.
  void Script(const std::string& route, unsigned status, std::string body,
              std::map<std::string, std::string> headers = {});

  std::vector<Call> Calls() const;
  std::vector<Call> CallsTo(const std::string& route) const;
  // The message contents sent on `route`, in order.
  std::vector<std::string> Contents(const std::string& route) const;

  // Waits (on a condition variable) until at least `count` calls arrived on `route`.
  bool WaitForCalls(const std::string& route, std::size_t count,
                    std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  // Waits until `count` messages (any route) contain `fragment`.
  bool WaitForText(const std::string& fragment, std::size_t count = 1,
                   std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

 private:
  bot::HttpResponse Answer(const bot::HttpRequest& request);
  std::size_t CountText(const std::string& fragment) const;  // holds mu_

  mutable std::mutex mu_;
  mutable std::condition_variable arrived_;
  std::vector<Call> calls_;
  std::map<std::string, std::deque<bot::HttpResponse>> script_;
  bot::HttpServer server_;
  std::uint16_t port_ = 0;
};

}  // namespace achilles::testing
