// The Telegram Bot API over HTTPS (cpprestsdk http_client): TELEGRAM_API_BASE/bot<token>/<method>.
// Thread-safe. The token appears only in request paths; it is removed from every error message.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "bot/outbox/platform_api.h"
#include "dialogs/error.h"

namespace web::http::client {
class http_client;
}

namespace achilles::bot {

class TelegramApi final : public PlatformApi {
 public:
  // Fails with kInvalidInput when `api_base` is not a URL.
  static Result<std::unique_ptr<TelegramApi>> Create(
      const std::string& api_base, const std::string& token,
      std::chrono::seconds timeout = std::chrono::seconds(30));
  ~TelegramApi() override;

  void Send(const storage::OutgoingMessage& message,
            std::function<void(SendOutcome)> done) override;

  // Calls `method` with a JSON `payload` and waits. Returns Telegram's answer (JSON text),
  // including answers with "ok": false; fails with kUnavailable when no answer came.
  Result<std::string> Call(std::string_view method, std::string_view payload);

  // Whether `user` is the creator or an administrator of the group `chat` (getChatMember).
  // False when Telegram says otherwise (or refuses to say: 400, 403); an error when it gives no
  // answer (no reply, a 429 or a 5xx), so the caller does not remember that as "no".
  Result<bool> IsChatAdmin(const std::string& chat, const std::string& user);

  // The bot's @username from getMe, without the '@'.
  Result<std::string> BotUsername();

  // How an answer to a send reads: 200 and "ok": sent; 429: retry after parameters.retry_after;
  // 403 in a private chat: the runner blocked the bot; 5xx: transient; other 4xx: rejected.
  static SendOutcome Classify(int status, std::string_view body, storage::ChatScope scope);

 private:
  TelegramApi(std::unique_ptr<web::http::client::http_client> client, std::string token);
  std::string Redact(std::string text) const;

  std::unique_ptr<web::http::client::http_client> client_;
  std::string token_;
};

}  // namespace achilles::bot
