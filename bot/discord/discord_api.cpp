#include "bot/discord/discord_api.h"

// cpprestsdk pulls in Boost.Asio: <utility> first (see bot/http/asio.h).
#include <utility>
// clang-format off
#include <cpprest/http_client.h>
// clang-format on
#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>

#include "bot/discord/discord_render.h"
#include "bot/http/secret.h"
#include "bot/outbox/multipart.h"

namespace achilles::bot {
namespace {

using nlohmann::json;
using web::http::client::http_client;

constexpr char kUserAgent[] = "DiscordBot (https://github.com/achilles-coach, 0.1)";

// Discord error codes the sender acts on.
constexpr int kUnknownWebhook = 10015;
constexpr int kCannotMessageUser = 50007;
constexpr int kNoMutualGuilds = 50278;

std::optional<double> NumberHeader(const DiscordAnswer& answer, const std::string& name) {
  auto it = answer.headers.find(name);
  if (it == answer.headers.end()) return std::nullopt;
  try {
    return std::stod(it->second);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// One REST call. `bot_token` empty: no Authorization (interaction webhooks carry their token in
// the path).
pplx::task<DiscordAnswer> Request(http_client& client, const web::http::method& method,
                                  const std::string& path, const MultipartBody& body,
                                  const std::string& bot_token) {
  web::http::http_request request(method);
  request.set_request_uri(path);
  request.headers().add("User-Agent", kUserAgent);
  if (!bot_token.empty()) request.headers().add("Authorization", "Bot " + bot_token);
  if (!body.body.empty()) request.set_body(body.body, body.content_type);
  return client.request(request).then([](web::http::http_response response) {
    DiscordAnswer answer;
    answer.status = response.status_code();
    for (const auto& [name, value] : response.headers()) {
      std::string lower = name;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      answer.headers[lower] = value;
    }
    return response.extract_utf8string(/*ignore_content_type=*/true)
        .then([answer](std::string text) mutable {
          answer.body = std::move(text);
          return answer;
        });
  });
}

}  // namespace

DiscordApi::DiscordApi(std::unique_ptr<http_client> client, std::string bot_token)
    : client_(std::move(client)), bot_token_(std::move(bot_token)) {}

DiscordApi::~DiscordApi() = default;

Result<std::unique_ptr<DiscordApi>> DiscordApi::Create(const std::string& api_base,
                                                       const std::string& bot_token,
                                                       std::chrono::seconds timeout) {
  try {
    web::http::client::http_client_config config;
    config.set_timeout(timeout);
    auto client = std::make_unique<http_client>(api_base, config);
    return std::unique_ptr<DiscordApi>(new DiscordApi(std::move(client), bot_token));
  } catch (const std::exception& e) {
    return Fail(Error::InvalidInput("DISCORD_API_BASE is not a usable URL: " +
                                    Redacted(e.what(), {bot_token})));
  }
}

SendOutcome DiscordApi::Classify(const DiscordAnswer& answer, storage::ChatScope scope) {
  const json body = json::parse(answer.body, nullptr, /*allow_exceptions=*/false);
  if (answer.status >= 200 && answer.status < 300) {
    SendOutcome sent;
    auto remaining = answer.headers.find("x-ratelimit-remaining");
    if (remaining != answer.headers.end() && remaining->second == "0") {
      sent.chat_pause = RetryAfter(NumberHeader(answer, "x-ratelimit-reset-after").value_or(1));
    }
    return sent;
  }
  int code = 0;
  std::string description = "HTTP " + std::to_string(answer.status);
  if (body.is_object()) {
    if (auto it = body.find("code"); it != body.end() && it->is_number_integer()) {
      code = it->get<int>();
    }
    if (auto it = body.find("message"); it != body.end() && it->is_string()) {
      description += ": " + it->get<std::string>();
    }
    if (code != 0) description += " (" + std::to_string(code) + ")";
  }
  if (answer.status == 429) {
    double seconds = NumberHeader(answer, "retry-after").value_or(1.0);
    bool global = false;
    if (body.is_object()) {
      if (auto it = body.find("retry_after"); it != body.end() && it->is_number()) {
        seconds = it->get<double>();
      }
      if (auto it = body.find("global"); it != body.end() && it->is_boolean()) {
        global = it->get<bool>();
      }
    }
    if (auto it = answer.headers.find("x-ratelimit-global");
        it != answer.headers.end() && it->second == "true") {
      global = true;
    }
    SendOutcome limited =
        SendOutcome::Failure(SendOutcome::Kind::kRetryAfter, description, RetryAfter(seconds));
    limited.global = global;
    return limited;
  }
  if (answer.status == 403 && scope == storage::ChatScope::kPrivate &&
      (code == kCannotMessageUser || code == kNoMutualGuilds)) {
    return SendOutcome::Failure(SendOutcome::Kind::kBlocked, description);
  }
  if ((answer.status == 404 && code == kUnknownWebhook) || answer.status >= 500) {
    return SendOutcome::Failure(SendOutcome::Kind::kTransient, description);
  }
  return SendOutcome::Failure(SendOutcome::Kind::kRejected, description);
}

void DiscordApi::Send(const storage::OutgoingMessage& message,
                      std::function<void(SendOutcome)> done) {
  const json payload = json::parse(message.payload, nullptr, /*allow_exceptions=*/false);
  if (!payload.is_object() || !payload.contains("message")) {
    done(SendOutcome::Failure(SendOutcome::Kind::kRejected, "outbox row is not a Discord message"));
    return;
  }
  // Fields of a stored row, read by type: a row spoiled on disk is rejected, never a throw.
  auto field = [&payload](const char* key) {
    const auto it = payload.find(key);
    return it != payload.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  // A message with files goes as multipart: the message as payload_json, then files[n].
  const std::string message_json =
      payload["message"].dump(-1, ' ', false, json::error_handler_t::replace);
  const MultipartBody body =
      message.uploads.empty() ? MultipartBody{"application/json", message_json}
                              : EncodeMultipart({{"payload_json", message_json}}, message.uploads);
  const std::string interaction_token = field("token");
  const bool interaction =
      message.method == kDiscordEditOriginal || message.method == kDiscordFollowUp;
  if ((message.method == kDiscordCreateMessage && field("channel_id").empty()) ||
      (interaction && (field("application_id").empty() || interaction_token.empty())) ||
      (message.method == kDiscordDirectMessage && field("recipient_id").empty())) {
    done(SendOutcome::Failure(SendOutcome::Kind::kRejected,
                              "outbox row lacks where its " + message.method + " goes"));
    return;
  }
  const auto scope = message.scope;
  auto fail = [done, interaction_token, token = bot_token_](const std::exception& e) {
    done(SendOutcome::Failure(
        SendOutcome::Kind::kTransient,
        Redacted(std::string("no answer: ") + e.what(), {token, interaction_token})));
  };
  auto settle = [done, scope](pplx::task<DiscordAnswer> answer, auto fail_with) {
    try {
      done(Classify(answer.get(), scope));
    } catch (const std::exception& e) {
      fail_with(e);
    }
  };
  try {
    if (message.method == kDiscordCreateMessage) {
      Request(*client_, web::http::methods::POST, "/channels/" + field("channel_id") + "/messages",
              body, bot_token_)
          .then([settle, fail](pplx::task<DiscordAnswer> answer) { settle(answer, fail); });
    } else if (interaction) {
      std::string path = "/webhooks/" + field("application_id") + "/" + interaction_token;
      if (message.method == kDiscordEditOriginal) path += "/messages/@original";
      Request(*client_,
              message.method == kDiscordEditOriginal ? web::http::methods::PATCH
                                                     : web::http::methods::POST,
              path, body, "")
          .then([settle, fail](pplx::task<DiscordAnswer> answer) { settle(answer, fail); });
    } else if (message.method == kDiscordDirectMessage) {
      const json open = {{"recipient_id", field("recipient_id")}};
      http_client& client = *client_;
      Request(client, web::http::methods::POST, "/users/@me/channels",
              MultipartBody{"application/json", open.dump()}, bot_token_)
          .then([&client, body, done, scope, fail,
                 token = bot_token_](pplx::task<DiscordAnswer> opened) {
            try {
              const DiscordAnswer answer = opened.get();
              const json channel = json::parse(answer.body, nullptr, false);
              std::string id;
              if (channel.is_object()) {
                if (auto it = channel.find("id"); it != channel.end() && it->is_string()) id = *it;
              }
              if (answer.status / 100 != 2 || id.empty()) {
                SendOutcome outcome = Classify(answer, scope);
                if (outcome.kind == SendOutcome::Kind::kSent) {
                  outcome =
                      SendOutcome::Failure(SendOutcome::Kind::kTransient, "DM channel without id");
                }
                done(std::move(outcome));
                return;
              }
              Request(client, web::http::methods::POST, "/channels/" + id + "/messages", body,
                      token)
                  .then([done, scope, fail, id](pplx::task<DiscordAnswer> posted) {
                    try {
                      SendOutcome outcome = Classify(posted.get(), scope);
                      outcome.opened_private_chat = id;
                      done(std::move(outcome));
                    } catch (const std::exception& e) {
                      fail(e);
                    }
                  });
            } catch (const std::exception& e) {
              fail(e);
            }
          });
    } else {
      done(SendOutcome::Failure(SendOutcome::Kind::kRejected,
                                "unknown Discord method " + message.method));
    }
  } catch (const std::exception& e) {
    fail(e);
  }
}

Result<DiscordAnswer> DiscordApi::Call(std::string_view method, std::string_view path,
                                       std::string_view body) {
  try {
    return Request(*client_, web::http::method(std::string(method)), std::string(path),
                   MultipartBody{"application/json", std::string(body)}, bot_token_)
        .get();
  } catch (const std::exception& e) {
    return Fail(Error::Unavailable("Discord did not answer " + std::string(method) + " " +
                                   std::string(path) + ": " + Redacted(e.what(), {bot_token_})));
  }
}

}  // namespace achilles::bot
