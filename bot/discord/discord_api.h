// The Discord REST API over HTTPS (cpprestsdk http_client), for the outbox methods DiscordRenderer
// writes: channel messages, DMs (opening the DM channel first), and interaction webhook edits and
// follow-ups; plus plain calls for the operator (registering commands).
// Thread-safe. Tokens (the bot's and interactions') are removed from every error message.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "bot/outbox/platform_api.h"
#include "dialogs/error.h"

namespace web::http::client {
class http_client;
}

namespace achilles::bot {

struct DiscordAnswer {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased
};

class DiscordApi final : public PlatformApi {
 public:
  // Fails with kInvalidInput when `api_base` is not a URL.
  static Result<std::unique_ptr<DiscordApi>> Create(
      const std::string& api_base, const std::string& bot_token,
      std::chrono::seconds timeout = std::chrono::seconds(30));
  ~DiscordApi() override;

  void Send(const storage::OutgoingMessage& message,
            std::function<void(SendOutcome)> done) override;

  // Calls `method` `path` (under the API base) with the bot token and a JSON `body`, and waits.
  // Fails with kUnavailable when no answer came.
  Result<DiscordAnswer> Call(std::string_view method, std::string_view path, std::string_view body);

  // How an answer reads: 2xx sent (with a pause when the X-RateLimit bucket is spent); 429 retry
  // after retry_after seconds (a float), for the whole bot when `global`; 403 with 50007 or 50278
  // in a private chat: the runner cannot be reached; 404 Unknown Webhook (10015): transient (an
  // interaction's deferred response may not have reached Discord yet); 5xx transient; other 4xx
  // rejected.
  static SendOutcome Classify(const DiscordAnswer& answer, storage::ChatScope scope);

 private:
  DiscordApi(std::unique_ptr<web::http::client::http_client> client, std::string bot_token);

  std::unique_ptr<web::http::client::http_client> client_;
  std::string bot_token_;
};

}  // namespace achilles::bot
