// The service's HTTP endpoints (the contract in ARCHITECTURE.md):
//   POST /telegram/webhook  200 once committed; 401 bad or missing secret; 400 malformed;
//                           503 when the database did not commit (Telegram retries)
//   POST /discord/interactions  200 with the interaction response once committed; 401 bad
//                           signature or a timestamp more than 5 minutes off; 400 malformed;
//                           503 when the database did not commit
//   POST /plugin/v1/events  200 {"ok": true} once committed; 401 bad or missing signature or a
//                           timestamp more than 5 minutes off; 400 malformed (the error says
//                           what); 503 when the database did not commit (the gateway retries)
//   GET  /healthz           200 with JSON when the database answers, else 503
//   GET  /metrics           Prometheus text
// Unknown paths get 404, known paths with the wrong method 405. (413 for oversized bodies comes
// from the server before a route sees the request.)
//
// Thread-safe: called concurrently by the server's threads.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "bot/discord/discord_signature.h"
#include "bot/http/http_types.h"
#include "bot/inbound/inbound_handler.h"
#include "bot/runtime/clock.h"
#include "bot/runtime/metrics.h"
#include "storage/database.h"

namespace achilles::bot {

struct TelegramWebhookSettings {
  std::string secret;    // compared with X-Telegram-Bot-Api-Secret-Token
  std::string username;  // the bot's @name without '@', for /cmd@BotName
  // Whether `user` administers the group `chat` (getChatMember through a ChatAdminCache), asked
  // only for /coach in a group and never for a repeated update: Telegram updates do not say.
  // Unset: nobody is.
  std::function<bool(const std::string& chat, const std::string& user)> is_admin;
};

struct DiscordInteractionSettings {
  DiscordSignature signature;
  const Clock* clock;  // judges the timestamp's freshness; must outlive the Routes
};

struct PluginEventSettings {
  std::string secret;  // ACHILLES_PLUGIN_SECRET, which signs every event
  const Clock* clock;  // judges the timestamp's freshness; must outlive the Routes
};

class Routes {
 public:
  // All references must outlive the Routes. Without `telegram`, `discord` or `plugin`, that
  // platform's endpoint answers 404.
  Routes(storage::Database& database, InboundHandler& inbound, Metrics& metrics,
         std::optional<TelegramWebhookSettings> telegram,
         std::optional<DiscordInteractionSettings> discord = std::nullopt,
         std::optional<PluginEventSettings> plugin = std::nullopt);

  HttpResponse operator()(const HttpRequest& request) const;

 private:
  // The fixed name of the route `path` belongs to ("other" for any unknown path).
  std::string RouteName(std::string_view path) const;
  HttpResponse Route(const HttpRequest& request, const std::string& route) const;
  HttpResponse Health() const;
  HttpResponse MetricsText() const;
  HttpResponse TelegramWebhook(const HttpRequest& request) const;
  HttpResponse DiscordInteractions(const HttpRequest& request) const;
  HttpResponse PluginEvents(const HttpRequest& request) const;
  // After `envelope` (received as `request` on `route`) failed with `error`: true when it was
  // quarantined (a retry cannot help; logged and counted), false when the platform should retry.
  bool Quarantined(const Envelope& envelope, const std::string& route, const HttpRequest& request,
                   const Error& error) const;

  storage::Database& database_;
  InboundHandler& inbound_;
  Metrics& metrics_;
  std::optional<TelegramWebhookSettings> telegram_;
  std::optional<DiscordInteractionSettings> discord_;
  std::optional<PluginEventSettings> plugin_;
};

}  // namespace achilles::bot
