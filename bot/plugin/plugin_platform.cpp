#include "bot/plugin/plugin_platform.h"

#include <nlohmann/json.hpp>

#include "bot/plugin/plugin_api.h"
#include "bot/plugin/plugin_event.h"
#include "bot/plugin/plugin_render.h"
#include "bot/plugin/plugin_signature.h"
#include "bot/runtime/log.h"

namespace achilles::bot {
namespace {

void Configure(const Environment& env, PlatformConfigs& configs,
               const std::function<void(const std::string&)>& problem) {
  PluginConfig& config = configs.Get<PluginConfig>();
  config.secret = env("ACHILLES_PLUGIN_SECRET").value_or("");
  config.callback_url = env("ACHILLES_PLUGIN_CALLBACK_URL").value_or("");
  if (config.enabled() && config.secret.size() < kPluginSecretMinLength) {
    problem("ACHILLES_PLUGIN_SECRET: use at least " + std::to_string(kPluginSecretMinLength) +
            " characters (for example: openssl rand -hex 32)");
  }
  if (config.enabled() && !IsHttpUrl(config.callback_url)) {
    problem(
        "ACHILLES_PLUGIN_CALLBACK_URL: required with ACHILLES_PLUGIN_SECRET; the http:// or "
        "https:// URL the replies are POSTed to");
  }
  if (!config.enabled() && !config.callback_url.empty()) {
    problem("ACHILLES_PLUGIN_SECRET: required with ACHILLES_PLUGIN_CALLBACK_URL, to sign events");
  }
}

class Plugin final : public Platform {
 public:
  static Result<std::unique_ptr<Platform>> Create(const PlatformSetup& setup) {
    const PluginConfig& config = setup.configs.Get<PluginConfig>();
    if (!config.enabled()) return std::unique_ptr<Platform>();
    auto api = PluginApi::Create(config.callback_url, config.secret, setup.clock);
    if (!api) return Fail(api.error());
    if (!setup.offline) LogInfo("plug-in channel on, replies to " + config.callback_url);
    return std::unique_ptr<Platform>(new Plugin(config.secret, std::move(*api), setup.clock));
  }

  std::string_view name() const override { return kPlugin; }
  const ReplyRenderer& renderer() const override { return renderer_; }
  const Endpoint& endpoint() const override { return events_; }
  PlatformApi& api() override { return *api_; }
  RateLimits limits() const override { return PluginRateLimits(); }
  SenderPolicy sender_policy() const override { return PluginSenderPolicy(); }

 private:
  Plugin(const std::string& secret, std::unique_ptr<PluginApi> api, const Clock& clock)
      : api_(std::move(api)), events_(secret, clock) {}

  PluginRenderer renderer_;
  std::unique_ptr<PluginApi> api_;
  PluginEvents events_;
};

HttpResponse Answer(unsigned status, const std::string& error) {
  nlohmann::json body = {{"ok", error.empty()}};
  if (!error.empty()) body["error"] = error;
  return HttpResponse::Json(status, body.dump());
}

}  // namespace

HttpResponse PluginEvents::Receive(const HttpRequest& request, const Intake& intake) const {
  // Authenticate the exact bytes received before anything reads them.
  if (!PluginRequestAuthentic(secret_, request.Header(kPluginTimestampHeader), request.body,
                              request.Header(kPluginSignatureHeader), clock_.Now())) {
    return Answer(401, "bad or missing signature, or a timestamp more than 5 minutes off");
  }
  auto event = ParsePluginEvent(request.body);
  if (!event) return Answer(400, event.error().message);
  if (*event) {
    if (auto handled = intake.inbound.Handle(**event); !handled) {
      if (!intake.quarantined(**event, handled.error())) return Answer(503, "not stored, retry");
    }
  }
  return Answer(200, "");
}

Result<Delivery> PluginEvents::Replay(const std::string& payload, InboundHandler& inbound) const {
  auto event = ParsePluginEvent(payload);
  if (!event) return Fail(event.error());
  if (!*event) return Delivery::kProcessed;
  return inbound.Handle(**event);
}

const PlatformModule& PluginModule() {
  static const PlatformModule module{
      .name = kPlugin,
      .environment_help =
          "  ACHILLES_PLUGIN_SECRET   signs plug-in events and replies, 32+ characters [empty: "
          "off]\n"
          "  ACHILLES_PLUGIN_CALLBACK_URL  where plug-in replies are POSTed [required with a "
          "secret]\n",
      .commands_help = "",
      .when_off = "ACHILLES_PLUGIN_SECRET is not set",
      .configure = Configure,
      .create = Plugin::Create,
      .command = nullptr,
  };
  return module;
}

}  // namespace achilles::bot
