// Telegram as one platform of the service (bot/platform/platform.h): its settings, its webhook
// endpoint, its limits, and `telegram set-webhook`.
#pragma once

#include <functional>
#include <string>

#include "bot/outbox/outbox_sender.h"
#include "bot/outbox/rate_limiter.h"
#include "bot/platform/platform.h"

namespace achilles::bot {

struct TelegramConfig {
  std::string token;           // TELEGRAM_BOT_TOKEN; empty: Telegram is off
  std::string webhook_secret;  // TELEGRAM_WEBHOOK_SECRET: X-Telegram-Bot-Api-Secret-Token
  std::string api_base = "https://api.telegram.org";  // TELEGRAM_API_BASE
  std::string bot_username;  // TELEGRAM_BOT_USERNAME, without '@'; empty: ask getMe at start-up

  bool enabled() const { return !token.empty(); }
};

struct TelegramWebhookSettings {
  std::string secret;    // compared with X-Telegram-Bot-Api-Secret-Token
  std::string username;  // the bot's @name without '@', for /cmd@BotName
  // Whether `user` administers the group `chat` (getChatMember through a ChatAdminCache), asked
  // only for /coach in a group and never for a repeated update: Telegram updates do not say.
  // Unset: nobody is.
  std::function<bool(const std::string& chat, const std::string& user)> is_admin;
};

// POST /telegram/webhook: 200 once committed; 401 bad or missing secret; 400 malformed; 503 when
// the database did not commit (Telegram delivers the update again).
class TelegramWebhook final : public Endpoint {
 public:
  explicit TelegramWebhook(TelegramWebhookSettings settings) : settings_(std::move(settings)) {}

  std::string_view path() const override { return "/telegram/webhook"; }
  std::string_view route() const override { return "telegram_webhook"; }
  HttpResponse Receive(const HttpRequest& request, const Intake& intake) const override;
  Result<Delivery> Replay(const std::string& payload, InboundHandler& inbound) const override;

 private:
  TelegramWebhookSettings settings_;
};

// Telegram's published limits: about 30 messages a second overall, 1 a second per chat, 20 a
// minute per group.
RateLimits TelegramRateLimits();
// answerCallbackQuery (the answer to a button press) does not count toward the message limits.
SenderPolicy TelegramSenderPolicy();

// `telegram set-webhook --url URL`: registers the webhook with the secret token and the update
// types the bot handles, and prints Telegram's answer. 0 when Telegram accepted it.
int RunTelegramSetWebhook(const TelegramConfig& config, const std::string& url, bool drop_pending);

const PlatformModule& TelegramModule();

}  // namespace achilles::bot
