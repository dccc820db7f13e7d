// A fake plug-in gateway on loopback: the callback URL the service POSTs replies to. It checks
// every request's signature with its own HMAC (not the service's code), records the replies and
// answers from a script (200 when the script is empty). Also signs events the way a gateway
// must, for tests to POST to /plugin/v1/events.
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

namespace achilles::testing {

// "v1=" + hex(HMAC-SHA256(secret, timestamp + "." + body)), computed here independently.
std::string GatewaySignature(const std::string& secret, const std::string& timestamp,
                             const std::string& body);

class FakePluginGateway {
 public:
  struct Reply {
    nlohmann::json body;
    bool signed_right = false;  // the signature matched the secret, timestamp and raw body
    std::string timestamp;
    std::chrono::steady_clock::time_point at;
  };

  explicit FakePluginGateway(std::string secret);
  ~FakePluginGateway();

  // "http://127.0.0.1:<port>/replies", for ACHILLES_PLUGIN_CALLBACK_URL.
  std::string callback_url() const;

  // The next reply is answered `status` (with Retry-After: `retry_after` when not empty).
  void Script(unsigned status, std::string retry_after = "");

  std::vector<Reply> Replies() const;
  // The texts of the replies the gateway accepted (2xx) to `chat`, in order of arrival.
  std::vector<std::string> TextsTo(const std::string& chat) const;
  // Waits until `count` accepted replies contain `fragment`. False on timeout.
  bool WaitForText(const std::string& fragment, std::size_t count = 1,
                   std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  // Waits until at least `count` requests arrived (accepted or not). False on timeout.
  bool WaitForRequests(std::size_t count,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

 private:
  bot::HttpResponse Answer(const bot::HttpRequest& request);

  const std::string secret_;
  mutable std::mutex mu_;
  mutable std::condition_variable arrived_;
  std::vector<Reply> replies_;   // every request
  std::vector<Reply> accepted_;  // those answered 2xx
  std::deque<std::pair<unsigned, std::string>> script_;
  bot::HttpServer server_;
  std::uint16_t port_ = 0;
};

}  // namespace achilles::testing
