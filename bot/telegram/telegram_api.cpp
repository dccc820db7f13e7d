#include "bot/telegram/telegram_api.h"

// cpprestsdk pulls in Boost.Asio: <utility> first (see bot/http/asio.h).
#include <utility>
// clang-format off
#include <cpprest/http_client.h>
// clang-format on
#include <charconv>
#include <nlohmann/json.hpp>

#include "bot/http/secret.h"
#include "bot/outbox/multipart.h"

namespace achilles::bot {
namespace {

using nlohmann::json;

// `text` when it is all one integer.
std::optional<std::int64_t> WholeNumber(const std::string& text) {
  std::int64_t number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return number;
}

// A call's body: its JSON payload, or with uploads a multipart form of the payload's fields (a
// text field as it is, anything else as JSON, as the Bot API reads form fields) and the files.
MultipartBody Body(const storage::OutgoingMessage& message) {
  if (message.uploads.empty()) return {"application/json", message.payload};
  const json payload = json::parse(message.payload, nullptr, /*allow_exceptions=*/false);
  std::vector<std::pair<std::string, std::string>> fields;
  if (payload.is_object()) {
    for (const auto& [name, value] : payload.items()) {
      fields.emplace_back(name, value.is_string()
                                    ? value.get<std::string>()
                                    : value.dump(-1, ' ', false, json::error_handler_t::replace));
    }
  }
  return EncodeMultipart(fields, message.uploads);
}

}  // namespace

TelegramApi::TelegramApi(std::unique_ptr<web::http::client::http_client> client, std::string token)
    : client_(std::move(client)), token_(std::move(token)) {}

TelegramApi::~TelegramApi() = default;

Result<std::unique_ptr<TelegramApi>> TelegramApi::Create(const std::string& api_base,
                                                         const std::string& token,
                                                         std::chrono::seconds timeout) {
  try {
    web::http::client::http_client_config config;
    config.set_timeout(timeout);
    auto client = std::make_unique<web::http::client::http_client>(api_base, config);
    return std::unique_ptr<TelegramApi>(new TelegramApi(std::move(client), token));
  } catch (const std::exception& e) {
    return Fail(Error::InvalidInput("TELEGRAM_API_BASE is not a usable URL: " +
                                    Redacted(e.what(), {token})));
  }
}

std::string TelegramApi::Redact(std::string text) const {
  return Redacted(std::move(text), {token_});
}

SendOutcome TelegramApi::Classify(int status, std::string_view body, storage::ChatScope scope) {
  const json answer = json::parse(body, nullptr, /*allow_exceptions=*/false);
  std::string description = "HTTP " + std::to_string(status);
  if (answer.is_object()) {
    // Read by type: an "ok" that is not a boolean is a broken answer, not an exception.
    if (auto ok = answer.find("ok"); status == 200 && ok != answer.end() && *ok == true) {
      return SendOutcome{};
    }
    if (auto it = answer.find("description"); it != answer.end() && it->is_string()) {
      description += ": " + it->get<std::string>();
    }
  }
  if (status == 429) {
    double seconds = 1;
    if (answer.is_object() && answer.contains("parameters") && answer["parameters"].is_object()) {
      const json& parameters = answer["parameters"];
      if (auto it = parameters.find("retry_after"); it != parameters.end() && it->is_number()) {
        seconds = std::max(1.0, it->get<double>());
      }
    }
    return SendOutcome::Failure(SendOutcome::Kind::kRetryAfter, description, RetryAfter(seconds));
  }
  if (status == 403 && scope == storage::ChatScope::kPrivate) {
    return SendOutcome::Failure(SendOutcome::Kind::kBlocked, description);
  }
  if (status >= 500 || status == 200) {
    // 200 without "ok": true is a broken answer, as good as a 5xx.
    return SendOutcome::Failure(SendOutcome::Kind::kTransient, description);
  }
  return SendOutcome::Failure(SendOutcome::Kind::kRejected, description);
}

void TelegramApi::Send(const storage::OutgoingMessage& message,
                       std::function<void(SendOutcome)> done) {
  const auto scope = message.scope;
  try {
    MultipartBody request = Body(message);
    client_
        ->request(web::http::methods::POST, "/bot" + token_ + "/" + message.method,
                  std::move(request.body), request.content_type)
        .then([](web::http::http_response response) {
          const int status = response.status_code();
          return response.extract_utf8string(/*ignore_content_type=*/true)
              .then([status](std::string body) { return std::make_pair(status, std::move(body)); });
        })
        .then([done, scope, token = token_](pplx::task<std::pair<int, std::string>> answer) {
          SendOutcome outcome;
          try {
            const auto [status, body] = answer.get();
            outcome = Classify(status, body, scope);
          } catch (const std::exception& e) {
            outcome =
                SendOutcome::Failure(SendOutcome::Kind::kTransient,
                                     Redacted(std::string("no answer: ") + e.what(), {token}));
          }
          done(std::move(outcome));
        });
  } catch (const std::exception& e) {
    done(SendOutcome::Failure(SendOutcome::Kind::kTransient, Redact(e.what())));
  }
}

Result<std::string> TelegramApi::Call(std::string_view method, std::string_view payload) {
  try {
    auto response =
        client_
            ->request(web::http::methods::POST, "/bot" + token_ + "/" + std::string(method),
                      std::string(payload), "application/json")
            .get();
    return response.extract_utf8string(/*ignore_content_type=*/true).get();
  } catch (const std::exception& e) {
    return Fail(Error::Unavailable("Telegram did not answer " + std::string(method) + ": " +
                                   Redact(e.what())));
  }
}

Result<std::string> TelegramApi::BotUsername() {
  auto answer = Call("getMe", "{}");
  if (!answer) return Fail(answer.error());
  const json me = json::parse(*answer, nullptr, /*allow_exceptions=*/false);
  if (me.is_object() && me.contains("ok") && me["ok"] == true && me.contains("result") &&
      me["result"].is_object()) {
    const auto username = me["result"].find("username");
    if (username != me["result"].end() && username->is_string() && !username->empty()) {
      return username->get<std::string>();
    }
  }
  return Fail(Error::Unavailable("getMe did not return the bot's username (is the token right?)"));
}

Result<bool> TelegramApi::IsChatAdmin(const std::string& chat, const std::string& user) {
  // The Bot API's user_id is an Integer; chat_id an Integer or a @username.
  const auto user_id = WholeNumber(user);
  if (!user_id) return false;  // not a Telegram user id: nobody Telegram calls an administrator
  const auto chat_id = WholeNumber(chat);
  const json request = {{"chat_id", chat_id ? json(*chat_id) : json(chat)}, {"user_id", *user_id}};
  auto answer = Call("getChatMember", request.dump());
  if (!answer) return Fail(answer.error());
  const json member = json::parse(*answer, nullptr, /*allow_exceptions=*/false);
  if (!member.is_object() || !member.contains("ok") || !member["ok"].is_boolean()) {
    return Fail(Error::Unavailable("getChatMember answered something that is not an API reply"));
  }
  if (!member["ok"].get<bool>()) {
    // 400 (no such member or chat) and 403 (the bot may not ask) are answers: not an
    // administrator as far as we know. A 429 or a 5xx is not an answer.
    const auto code = member.find("error_code");
    const bool answered =
        code != member.end() && code->is_number_integer() && (*code == 400 || *code == 403);
    if (answered) return false;
    return Fail(Error::Unavailable("getChatMember failed: " + member.dump()));
  }
  if (!member.contains("result") || !member["result"].is_object()) return false;
  const auto status = member["result"].find("status");
  if (status == member["result"].end() || !status->is_string()) return false;
  return *status == "creator" || *status == "administrator";
}

}  // namespace achilles::bot
