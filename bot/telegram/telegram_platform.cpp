#include "bot/telegram/telegram_platform.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "bot/http/secret.h"
#include "bot/runtime/log.h"
#include "bot/telegram/chat_admin_cache.h"
#include "bot/telegram/telegram_api.h"
#include "bot/telegram/telegram_render.h"
#include "bot/telegram/telegram_update.h"

namespace achilles::bot {
namespace {

constexpr char kSecretHeader[] = "X-Telegram-Bot-Api-Secret-Token";

// Telegram accepts 1-256 characters of [A-Za-z0-9_-] as a webhook secret_token.
bool IsValidWebhookSecret(std::string_view secret) {
  if (secret.empty() || secret.size() > 256) return false;
  for (char c : secret) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

void Configure(const Environment& env, PlatformConfigs& configs,
               const std::function<void(const std::string&)>& problem) {
  auto get = [&](std::string_view name) { return env(name).value_or(""); };
  TelegramConfig& config = configs.Get<TelegramConfig>();
  config.token = get("TELEGRAM_BOT_TOKEN");
  config.webhook_secret = get("TELEGRAM_WEBHOOK_SECRET");
  if (auto base = env("TELEGRAM_API_BASE"); base && !base->empty()) {
    config.api_base = TrimTrailingSlash(*base);
  }
  config.bot_username = get("TELEGRAM_BOT_USERNAME");
  if (!config.bot_username.empty() && config.bot_username.front() == '@') {
    config.bot_username.erase(0, 1);
  }
  if (!config.enabled()) return;
  if (config.webhook_secret.empty()) {
    problem(
        "TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_BOT_TOKEN is set; choose 32+ random "
        "characters of A-Z a-z 0-9 _ - (for example: openssl rand -hex 32)");
  } else if (!IsValidWebhookSecret(config.webhook_secret)) {
    problem("TELEGRAM_WEBHOOK_SECRET: use 1-256 characters of A-Z a-z 0-9 _ - only");
  }
}

class Telegram final : public Platform {
 public:
  static Result<std::unique_ptr<Platform>> Create(const PlatformSetup& setup) {
    const TelegramConfig& config = setup.configs.Get<TelegramConfig>();
    if (!config.enabled()) return std::unique_ptr<Platform>();
    auto api = TelegramApi::Create(config.api_base, config.token);
    if (!api) return Fail(api.error());
    std::string username = config.bot_username;
    if (username.empty() && !setup.offline) {
      auto me = (*api)->BotUsername();
      if (!me) {
        return Fail(Error::InvalidInput(
            me.error().message + "; set TELEGRAM_BOT_USERNAME to start without asking Telegram"));
      }
      username = *me;
    }
    // Asked while a webhook waits for its answer: a short timeout of its own.
    auto members = TelegramApi::Create(config.api_base, config.token, std::chrono::seconds(5));
    if (!members) return Fail(members.error());
    if (!setup.offline) LogInfo("telegram on as @" + username);
    return std::unique_ptr<Platform>(
        new Telegram(config, username, std::move(*api), std::move(*members), setup.clock));
  }

  std::string_view name() const override { return kTelegram; }
  const ReplyRenderer& renderer() const override { return renderer_; }
  const Endpoint& endpoint() const override { return webhook_; }
  PlatformApi& api() override { return *api_; }
  RateLimits limits() const override { return TelegramRateLimits(); }
  SenderPolicy sender_policy() const override { return TelegramSenderPolicy(); }

 private:
  Telegram(const TelegramConfig& config, const std::string& username,
           std::unique_ptr<TelegramApi> api, std::unique_ptr<TelegramApi> members,
           const Clock& clock)
      : renderer_(username),
        api_(std::move(api)),
        members_(std::move(members)),
        admins_(
            [api = members_.get()](const std::string& chat, const std::string& user) {
              return api->IsChatAdmin(chat, user);
            },
            clock),
        webhook_(TelegramWebhookSettings{config.webhook_secret, username,
                                         [this](const std::string& chat, const std::string& user) {
                                           return admins_.IsAdmin(chat, user);
                                         }}) {}

  TelegramRenderer renderer_;
  std::unique_ptr<TelegramApi> api_;
  std::unique_ptr<TelegramApi> members_;  // getChatMember, with the short timeout
  ChatAdminCache admins_;
  TelegramWebhook webhook_;
};

}  // namespace

HttpResponse TelegramWebhook::Receive(const HttpRequest& request, const Intake& intake) const {
  // Authenticate before the body is even parsed.
  if (!SecretMatches(request.Header(kSecretHeader), settings_.secret)) {
    return HttpResponse::Text(401, "bad or missing secret token\n");
  }
  auto update = ParseTelegramUpdate(request.body, settings_.username);
  if (!update) return HttpResponse::Text(400, update.error().message + "\n");

  Result<Delivery> handled = Delivery::kProcessed;
  switch (update->kind) {
    case TelegramUpdate::Kind::kInbound: {
      Envelope& envelope = update->envelope;
      // Telegram's updates do not say who administers a group: asked (cached) only for /coach
      // in a group, and not again for a retry of an update already handled.
      if (envelope.inbound.kind == dialogs::InboundKind::kCommand &&
          envelope.inbound.command == "coach" &&
          envelope.inbound.chat == dialogs::ChatKind::kGroup && settings_.is_admin &&
          !intake.inbound.AlreadyHandled(envelope)) {
        envelope.sender_is_admin = settings_.is_admin(envelope.chat_id, envelope.user_id);
      }
      handled = intake.inbound.Handle(envelope);
      break;
    }
    case TelegramUpdate::Kind::kMembership:
      handled = intake.inbound.HandleMembership(kTelegram, update->envelope.delivery_id,
                                                update->envelope.user_id, update->blocked);
      break;
    case TelegramUpdate::Kind::kIgnored:
      break;
  }
  // Not committed: a non-2xx answer makes Telegram deliver the update again; a failure a retry
  // cannot help is quarantined and answered 200, so it is not redelivered forever.
  if (!handled && !intake.quarantined(update->envelope, handled.error())) {
    return HttpResponse::Text(503, "not stored, retry\n");
  }
  return HttpResponse::Text(200, "");
}

Result<Delivery> TelegramWebhook::Replay(const std::string& payload,
                                         InboundHandler& inbound) const {
  auto update = ParseTelegramUpdate(payload, settings_.username);
  if (!update) return Fail(update.error());
  switch (update->kind) {
    case TelegramUpdate::Kind::kInbound:
      return inbound.Handle(update->envelope);
    case TelegramUpdate::Kind::kMembership:
      return inbound.HandleMembership(kTelegram, update->envelope.delivery_id,
                                      update->envelope.user_id, update->blocked);
    case TelegramUpdate::Kind::kIgnored:
      break;
  }
  return Delivery::kProcessed;
}

RateLimits TelegramRateLimits() {
  RateLimits limits;
  limits.overall = {30, std::chrono::milliseconds(1000)};
  limits.per_private_chat = {1, std::chrono::milliseconds(1000)};
  limits.per_group = {20, std::chrono::milliseconds(60000)};
  return limits;
}

SenderPolicy TelegramSenderPolicy() {
  SenderPolicy policy;
  policy.unmetered_methods = {"answerCallbackQuery"};
  return policy;
}

int RunTelegramSetWebhook(const TelegramConfig& config, const std::string& url, bool drop_pending) {
  if (!config.enabled()) {
    return CommandFailure("set TELEGRAM_BOT_TOKEN (and TELEGRAM_WEBHOOK_SECRET) first");
  }
  if (url.rfind("https://", 0) != 0) {
    return CommandFailure("--url must be the public https:// address of /telegram/webhook");
  }
  auto api = TelegramApi::Create(config.api_base, config.token);
  if (!api) return CommandFailure(api.error().message);
  const nlohmann::json request = {{"url", url},
                                  {"secret_token", config.webhook_secret},
                                  {"allowed_updates", TelegramUpdateTypes()},
                                  {"drop_pending_updates", drop_pending}};
  auto answer = (*api)->Call("setWebhook", request.dump());
  if (!answer) return CommandFailure(answer.error().message);
  std::cout << *answer << "\n";
  const auto parsed = nlohmann::json::parse(*answer, nullptr, false);
  return parsed.is_object() && parsed.value("ok", false) ? 0 : 1;
}

const PlatformModule& TelegramModule() {
  static const PlatformModule module{
      .name = kTelegram,
      .environment_help =
          "  TELEGRAM_BOT_TOKEN       bot token [empty: Telegram off]\n"
          "  TELEGRAM_WEBHOOK_SECRET  X-Telegram-Bot-Api-Secret-Token value [required with a "
          "token]\n"
          "  TELEGRAM_API_BASE        Bot API base URL [https://api.telegram.org]\n"
          "  TELEGRAM_BOT_USERNAME    the bot's @name [asked from getMe at start-up]\n",
      .commands_help =
          "  achilles-coach telegram set-webhook --url URL [--drop-pending-updates]\n"
          "                                        register the Telegram webhook with the secret "
          "token\n",
      .when_off = "TELEGRAM_BOT_TOKEN is not set",
      .configure = Configure,
      .create = Telegram::Create,
      .command = [](const std::vector<std::string>& args,
                    const PlatformConfigs& configs) -> std::optional<int> {
        if (args.size() < 2 || args[0] != "telegram" || args[1] != "set-webhook") {
          return std::nullopt;
        }
        auto url = FlagValue(args, "--url");
        if (!url) {
          return UsageFailure(
              "telegram set-webhook needs --url https://your.host/telegram/webhook");
        }
        return RunTelegramSetWebhook(configs.Get<TelegramConfig>(), *url,
                                     HasFlag(args, "--drop-pending-updates"));
      },
  };
  return module;
}

}  // namespace achilles::bot
