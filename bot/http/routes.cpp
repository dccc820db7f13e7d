#include "bot/http/routes.h"

#include <nlohmann/json.hpp>

#include "bot/discord/discord_interaction.h"
#include "bot/discord/discord_render.h"
#include "bot/http/secret.h"
#include "bot/plugin/plugin_event.h"
#include "bot/plugin/plugin_signature.h"
#include "bot/runtime/log.h"
#include "bot/telegram/telegram_update.h"
#include "storage/outbox.h"

namespace achilles::bot {
namespace {

constexpr char kSecretHeader[] = "X-Telegram-Bot-Api-Secret-Token";

HttpResponse MethodNotAllowed() { return HttpResponse::Text(405, "method not allowed\n"); }

}  // namespace

Routes::Routes(storage::Database& database, InboundHandler& inbound, Metrics& metrics,
               std::optional<TelegramWebhookSettings> telegram,
               std::optional<DiscordInteractionSettings> discord,
               std::optional<PluginEventSettings> plugin)
    : database_(database),
      inbound_(inbound),
      metrics_(metrics),
      telegram_(std::move(telegram)),
      discord_(std::move(discord)),
      plugin_(std::move(plugin)) {}

std::string Routes::RouteName(std::string_view path) const {
  if (path == "/healthz") return "healthz";
  if (path == "/metrics") return "metrics";
  if (path == "/telegram/webhook" && telegram_) return "telegram_webhook";
  if (path == "/discord/interactions" && discord_) return "discord_interactions";
  if (path == "/plugin/v1/events" && plugin_) return "plugin_events";
  return "other";
}

HttpResponse Routes::operator()(const HttpRequest& request) const {
  const auto start = std::chrono::steady_clock::now();
  const std::string route = RouteName(request.Path());
  metrics_.RequestStarted(route);
  HttpResponse response;
  try {
    response = Route(request, route);
  } catch (const std::exception& e) {
    // The one last-resort catch per request.
    LogError("route " + route + " failed: " + e.what());
    response = HttpResponse::Text(500, "internal error\n");
  }
  metrics_.CountRequest(route, response.status, std::chrono::steady_clock::now() - start);
  return response;
}

HttpResponse Routes::Route(const HttpRequest& request, const std::string& route) const {
  auto only = [&](const char* method, auto answer) {
    return request.method == method ? answer() : MethodNotAllowed();
  };
  if (route == "healthz") return only("GET", [&] { return Health(); });
  if (route == "metrics") return only("GET", [&] { return MetricsText(); });
  if (route == "telegram_webhook") return only("POST", [&] { return TelegramWebhook(request); });
  if (route == "discord_interactions") {
    return only("POST", [&] { return DiscordInteractions(request); });
  }
  if (route == "plugin_events") return only("POST", [&] { return PluginEvents(request); });
  return HttpResponse::Text(404, "not found\n");
}

HttpResponse Routes::Health() const {
  auto ping = database_.Ping(std::chrono::milliseconds(2000));
  if (!ping) {
    return HttpResponse::Json(
        503, nlohmann::json{{"status", "unavailable"}, {"database", ping.error().message}}.dump());
  }
  return HttpResponse::Json(200, nlohmann::json{{"status", "ok"}, {"database", "ok"}}.dump());
}

HttpResponse Routes::MetricsText() const {
  std::int64_t pending = -1;
  auto counted =
      database_.Read<std::int64_t>([](storage::Session& session) -> Result<std::int64_t> {
        return storage::PendingCount(session);
      });
  if (counted) pending = *counted;
  return HttpResponse{
      200, "text/plain; version=0.0.4; charset=utf-8", metrics_.Render(pending), {}};
}

HttpResponse Routes::TelegramWebhook(const HttpRequest& request) const {
  // Authenticate before the body is even parsed.
  if (!SecretMatches(request.Header(kSecretHeader), telegram_->secret)) {
    return HttpResponse::Text(401, "bad or missing secret token\n");
  }
  auto update = ParseTelegramUpdate(request.body, telegram_->username);
  if (!update) return HttpResponse::Text(400, update.error().message + "\n");

  Result<Delivery> handled = Delivery::kProcessed;
  switch (update->kind) {
    case TelegramUpdate::Kind::kInbound: {
      Envelope& envelope = update->envelope;
      // Telegram's updates do not say who administers a group: asked (cached) only for /coach
      // in a group, and not again for a retry of an update already handled.
      if (envelope.inbound.kind == dialogs::InboundKind::kCommand &&
          envelope.inbound.command == "coach" &&
          envelope.inbound.chat == dialogs::ChatKind::kGroup && telegram_->is_admin &&
          !inbound_.AlreadyHandled(envelope)) {
        envelope.sender_is_admin = telegram_->is_admin(envelope.chat_id, envelope.user_id);
      }
      handled = inbound_.Handle(envelope);
      break;
    }
    case TelegramUpdate::Kind::kMembership:
      handled = inbound_.HandleMembership(kTelegram, update->envelope.delivery_id,
                                          update->envelope.user_id, update->blocked);
      break;
    case TelegramUpdate::Kind::kIgnored:
      break;
  }
  if (!handled) {
    // Not committed: a non-2xx answer makes Telegram deliver the update again; a failure a
    // retry cannot help is quarantined and answered 200, so it is not redelivered forever.
    if (!Quarantined(update->envelope, "telegram_webhook", request, handled.error())) {
      return HttpResponse::Text(503, "not stored, retry\n");
    }
  }
  return HttpResponse::Text(200, "");
}

bool Routes::Quarantined(const Envelope& envelope, const std::string& route,
                         const HttpRequest& request, const Error& error) const {
  const std::string what = route + " delivery " + envelope.delivery_id;
  if (error.Retryable()) {
    LogError(what + " not stored, the platform retries: " + error.message);
    return false;
  }
  if (auto kept = inbound_.Quarantine(envelope, route, request.body, error); !kept) {
    LogError(what + " failed (" + error.message +
             ") and could not be quarantined: " + kept.error().message);
    return false;
  }
  LogError(what + " quarantined: " + error.message);
  metrics_.CountQuarantined(route);
  return true;
}

HttpResponse Routes::DiscordInteractions(const HttpRequest& request) const {
  // Authenticate the exact bytes received before anything reads them.
  const std::string timestamp = request.Header("X-Signature-Timestamp");
  if (!discord_->signature.Verify(timestamp, request.body, request.Header("X-Signature-Ed25519")) ||
      !TimestampFresh(timestamp, discord_->clock->Now())) {
    return HttpResponse::Text(401, "invalid request signature\n");
  }
  auto interaction = ParseDiscordInteraction(request.body);
  if (!interaction) return HttpResponse::Text(400, interaction.error().message + "\n");

  switch (interaction->kind) {
    case DiscordInteraction::Kind::kPing:
      return HttpResponse::Json(200, DiscordPong());
    case DiscordInteraction::Kind::kIgnored:
      return HttpResponse::Json(200, DiscordNoChoices());
    case DiscordInteraction::Kind::kOpenAnswerForm:
      return HttpResponse::Json(200, DiscordAnswerForm());
    case DiscordInteraction::Kind::kOpenCheckInForm:
      return HttpResponse::Json(200, DiscordCheckInForm());
    case DiscordInteraction::Kind::kInbound:
      break;
  }
  const Envelope& envelope = interaction->envelope;
  if (auto handled = inbound_.Handle(envelope); !handled) {
    if (!Quarantined(envelope, "discord_interactions", request, handled.error())) {
      return HttpResponse::Text(503, "not stored, try again\n");
    }
    // The runner is told at once, in the interaction's own response.
    return HttpResponse::Json(200, DiscordMessage(inbound_.Text("something_went_wrong")));
  }
  // Stored, replies queued. A button press updates its own message at once; anything else is
  // answered deferred and the replies fill it in through the interaction's webhook.
  if (interaction->component) {
    return HttpResponse::Json(
        200, DiscordPressed(interaction->pressed_message, interaction->pressed_label));
  }
  return HttpResponse::Json(200,
                            DiscordDeferred(envelope.inbound.chat == dialogs::ChatKind::kGroup));
}

HttpResponse Routes::PluginEvents(const HttpRequest& request) const {
  auto answer = [](unsigned status, const std::string& error) {
    nlohmann::json body = {{"ok", error.empty()}};
    if (!error.empty()) body["error"] = error;
    return HttpResponse::Json(status, body.dump());
  };
  // Authenticate the exact bytes received before anything reads them.
  if (!PluginRequestAuthentic(plugin_->secret, request.Header(kPluginTimestampHeader), request.body,
                              request.Header(kPluginSignatureHeader), plugin_->clock->Now())) {
    return answer(401, "bad or missing signature, or a timestamp more than 5 minutes off");
  }
  auto event = ParsePluginEvent(request.body);
  if (!event) return answer(400, event.error().message);
  if (*event) {
    if (auto handled = inbound_.Handle(**event); !handled) {
      if (!Quarantined(**event, "plugin_events", request, handled.error())) {
        return answer(503, "not stored, retry");
      }
    }
  }
  return answer(200, "");
}

}  // namespace achilles::bot
