// Delivering plug-in replies: each outbox row's body is POSTed to ACHILLES_PLUGIN_CALLBACK_URL,
// signed (plugin_signature.h) at the moment it is sent. How an answer reads:
//   2xx delivered; 429 wait Retry-After seconds (1 s when absent or not a number);
//   410 Gone in a private chat: the runner is unreachable until they write again;
//   408, 5xx, timeouts and refused connections: retried with backoff; any other 4xx: rejected.
// Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "bot/outbox/outbox_sender.h"
#include "bot/outbox/platform_api.h"
#include "bot/outbox/rate_limiter.h"
#include "bot/runtime/clock.h"
#include "dialogs/error.h"

namespace web::http::client {
class http_client;
}

namespace achilles::bot {

class PluginApi final : public PlatformApi {
 public:
  // Fails with kInvalidInput when `callback_url` is not an http(s) URL. `clock` stamps each
  // request and must outlive the client.
  static Result<std::unique_ptr<PluginApi>> Create(
      const std::string& callback_url, std::string secret, const Clock& clock,
      std::chrono::seconds timeout = std::chrono::seconds(10));
  ~PluginApi() override;

  void Send(const storage::OutgoingMessage& message,
            std::function<void(SendOutcome)> done) override;

  // How the gateway's answer reads (above). `retry_after` is the Retry-After header, if any.
  static SendOutcome Classify(int status, std::optional<std::string_view> retry_after,
                              storage::ChatScope scope);

 private:
  PluginApi(std::unique_ptr<web::http::client::http_client> client, std::string secret,
            const Clock& clock);

  std::unique_ptr<web::http::client::http_client> client_;
  const std::string secret_;
  const Clock& clock_;
};

// The gateway is the operator's own service, not a public platform with published limits: up to
// 50 messages a second overall, and per chat the pace a person can read (3 a second in a
// private chat, 20 a minute in a group, as Telegram holds groups). A 429 tightens them.
RateLimits PluginRateLimits();
SenderPolicy PluginSenderPolicy();

}  // namespace achilles::bot
