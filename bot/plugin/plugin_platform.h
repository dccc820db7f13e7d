// The plug-in channel as one platform of the service (bot/platform/platform.h): any chat surface
// that signs its events and takes signed replies at a callback URL. Its settings and its events
// endpoint; its limits: plugin_api.h.
#pragma once

#include <string>

#include "bot/platform/platform.h"
#include "bot/runtime/clock.h"

namespace achilles::bot {

struct PluginConfig {
  std::string secret;        // ACHILLES_PLUGIN_SECRET, 32+ characters; empty: the channel is off
  std::string callback_url;  // ACHILLES_PLUGIN_CALLBACK_URL, where replies are POSTed

  bool enabled() const { return !secret.empty(); }
};

// POST /plugin/v1/events: 200 {"ok": true} once committed; 401 bad or missing signature or a
// timestamp more than 5 minutes off; 400 malformed (the error says what); 503 when the database
// did not commit (the gateway retries).
class PluginEvents final : public Endpoint {
 public:
  // `secret` signs every event; `clock` judges the timestamp's freshness and must outlive the
  // endpoint.
  PluginEvents(std::string secret, const Clock& clock)
      : secret_(std::move(secret)), clock_(clock) {}

  std::string_view path() const override { return "/plugin/v1/events"; }
  std::string_view route() const override { return "plugin_events"; }
  HttpResponse Receive(const HttpRequest& request, const Intake& intake) const override;
  Result<Delivery> Replay(const std::string& payload, InboundHandler& inbound) const override;

 private:
  std::string secret_;
  const Clock& clock_;
};

const PlatformModule& PluginModule();

}  // namespace achilles::bot
