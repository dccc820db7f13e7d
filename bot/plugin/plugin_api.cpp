#include "bot/plugin/plugin_api.h"

// cpprestsdk pulls in Boost.Asio: <utility> first (see bot/http/asio.h).
#include <utility>
// clang-format off
#include <cpprest/http_client.h>
// clang-format on
#include <charconv>

#include "bot/plugin/plugin_render.h"
#include "bot/plugin/plugin_signature.h"

namespace achilles::bot {
namespace {

using web::http::client::http_client;

// Retry-After as seconds: a non-negative number; anything else (an HTTP date, junk) is 1 s.
double RetryAfterSeconds(std::optional<std::string_view> header) {
  if (!header) return 1;
  double seconds = 0;
  const char* const end = header->data() + header->size();
  const auto [stop, ec] = std::from_chars(header->data(), end, seconds);
  if (ec != std::errc() || stop != end || header->empty()) return 1;
  return seconds;
}

}  // namespace

PluginApi::PluginApi(std::unique_ptr<http_client> client, std::string secret, const Clock& clock)
    : client_(std::move(client)), secret_(std::move(secret)), clock_(clock) {}

PluginApi::~PluginApi() = default;

Result<std::unique_ptr<PluginApi>> PluginApi::Create(const std::string& callback_url,
                                                     std::string secret, const Clock& clock,
                                                     std::chrono::seconds timeout) {
  if (!callback_url.starts_with("http://") && !callback_url.starts_with("https://")) {
    return Fail(
        Error::InvalidInput("ACHILLES_PLUGIN_CALLBACK_URL must be an http:// or https:// URL"));
  }
  try {
    web::http::client::http_client_config config;
    config.set_timeout(timeout);
    auto client = std::make_unique<http_client>(callback_url, config);
    return std::unique_ptr<PluginApi>(new PluginApi(std::move(client), std::move(secret), clock));
  } catch (const std::exception& e) {
    return Fail(Error::InvalidInput(
        std::string("ACHILLES_PLUGIN_CALLBACK_URL is not a usable URL: ") + e.what()));
  }
}

SendOutcome PluginApi::Classify(int status, std::optional<std::string_view> retry_after,
                                storage::ChatScope scope) {
  if (status >= 200 && status < 300) return SendOutcome{};
  const std::string description = "callback answered HTTP " + std::to_string(status);
  if (status == 429) {
    return SendOutcome::Failure(SendOutcome::Kind::kRetryAfter, description,
                                RetryAfter(RetryAfterSeconds(retry_after)));
  }
  if (status == 410 && scope == storage::ChatScope::kPrivate) {
    return SendOutcome::Failure(SendOutcome::Kind::kBlocked, description);
  }
  if (status == 408 || status >= 500) {
    return SendOutcome::Failure(SendOutcome::Kind::kTransient, description);
  }
  return SendOutcome::Failure(SendOutcome::Kind::kRejected, description);
}

void PluginApi::Send(const storage::OutgoingMessage& message,
                     std::function<void(SendOutcome)> done) {
  if (message.method != kPluginPost) {
    done(SendOutcome::Failure(SendOutcome::Kind::kRejected,
                              "unknown plug-in method " + message.method));
    return;
  }
  const auto scope = message.scope;
  try {
    const std::string timestamp = std::to_string(ToUnixMillis(clock_.Now()) / 1000);
    web::http::http_request request(web::http::methods::POST);
    request.headers().add(kPluginTimestampHeader, timestamp);
    request.headers().add(kPluginSignatureHeader,
                          PluginSignature(secret_, timestamp, message.payload));
    request.set_body(message.payload, "application/json");
    client_->request(request).then([done, scope](pplx::task<web::http::http_response> answer) {
      SendOutcome outcome;
      try {
        const auto response = answer.get();
        std::optional<std::string> retry_after;
        if (auto it = response.headers().find("Retry-After"); it != response.headers().end()) {
          retry_after = it->second;
        }
        outcome = Classify(response.status_code(), retry_after, scope);
      } catch (const std::exception& e) {
        outcome = SendOutcome::Failure(SendOutcome::Kind::kTransient,
                                       std::string("callback did not answer: ") + e.what());
      }
      done(std::move(outcome));
    });
  } catch (const std::exception& e) {
    done(SendOutcome::Failure(SendOutcome::Kind::kTransient, e.what()));
  }
}

RateLimits PluginRateLimits() {
  RateLimits limits;
  limits.overall = {50, std::chrono::milliseconds(1000)};
  limits.per_private_chat = {3, std::chrono::milliseconds(1000)};
  limits.per_group = {20, std::chrono::milliseconds(60000)};
  return limits;
}

SenderPolicy PluginSenderPolicy() {
  SenderPolicy policy;
  policy.unmetered_methods = {};
  return policy;
}

}  // namespace achilles::bot
