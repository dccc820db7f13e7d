#include "bot/discord/discord_platform.h"

#include <algorithm>
#include <iostream>

#include "bot/discord/discord_api.h"
#include "bot/discord/discord_commands.h"
#include "bot/discord/discord_interaction.h"
#include "bot/discord/discord_limits.h"
#include "bot/discord/discord_render.h"
#include "bot/http/secret.h"
#include "bot/runtime/log.h"

namespace achilles::bot {
namespace {

bool AllDigits(const std::string& text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void Configure(const Environment& env, PlatformConfigs& configs,
               const std::function<void(const std::string&)>& problem) {
  auto get = [&](std::string_view name) { return env(name).value_or(""); };
  DiscordConfig& config = configs.Get<DiscordConfig>();
  config.public_key = get("DISCORD_PUBLIC_KEY");
  config.application_id = get("DISCORD_APPLICATION_ID");
  config.bot_token = get("DISCORD_BOT_TOKEN");
  if (auto base = env("DISCORD_API_BASE"); base && !base->empty()) {
    config.api_base = TrimTrailingSlash(*base);
  }
  if (!config.enabled()) return;
  if (auto key = DiscordSignature::Create(config.public_key); !key) {
    problem(key.error().message + " (Developer Portal > your app > General Information)");
  }
  if (!AllDigits(config.application_id)) {
    problem(
        "DISCORD_APPLICATION_ID: required with DISCORD_PUBLIC_KEY; the application's numeric id");
  }
  if (config.bot_token.empty()) {
    problem(
        "DISCORD_BOT_TOKEN: required with DISCORD_PUBLIC_KEY, to send check-in prompts by DM "
        "(Developer Portal > your app > Bot > Reset Token)");
  }
}

class Discord final : public Platform {
 public:
  static Result<std::unique_ptr<Platform>> Create(const PlatformSetup& setup) {
    const DiscordConfig& config = setup.configs.Get<DiscordConfig>();
    if (!config.enabled()) return std::unique_ptr<Platform>();
    auto signature = DiscordSignature::Create(config.public_key);
    if (!signature) return Fail(signature.error());
    auto api = DiscordApi::Create(config.api_base, config.bot_token);
    if (!api) return Fail(api.error());
    if (!setup.offline) LogInfo("discord on for application " + config.application_id);
    return std::unique_ptr<Platform>(
        new Discord(std::move(*signature), std::move(*api), setup.clock));
  }

  std::string_view name() const override { return kDiscord; }
  const ReplyRenderer& renderer() const override { return renderer_; }
  const Endpoint& endpoint() const override { return interactions_; }
  PlatformApi& api() override { return *api_; }
  RateLimits limits() const override { return DiscordRateLimits(); }
  SenderPolicy sender_policy() const override { return DiscordSenderPolicy(); }

 private:
  Discord(DiscordSignature signature, std::unique_ptr<DiscordApi> api, const Clock& clock)
      : api_(std::move(api)), interactions_(std::move(signature), clock) {}

  DiscordRenderer renderer_;
  std::unique_ptr<DiscordApi> api_;
  DiscordInteractions interactions_;
};

}  // namespace

HttpResponse DiscordInteractions::Receive(const HttpRequest& request, const Intake& intake) const {
  // Authenticate the exact bytes received before anything reads them.
  const std::string timestamp = request.Header("X-Signature-Timestamp");
  if (!signature_.Verify(timestamp, request.body, request.Header("X-Signature-Ed25519")) ||
      !TimestampFresh(timestamp, clock_.Now())) {
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
  if (auto handled = intake.inbound.Handle(envelope); !handled) {
    if (!intake.quarantined(envelope, handled.error())) {
      return HttpResponse::Text(503, "not stored, try again\n");
    }
    // The runner is told at once, in the interaction's own response.
    return HttpResponse::Json(200, DiscordMessage(intake.inbound.Text("something_went_wrong")));
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

Result<Delivery> DiscordInteractions::Replay(const std::string& payload,
                                             InboundHandler& inbound) const {
  auto interaction = ParseDiscordInteraction(payload);
  if (!interaction) return Fail(interaction.error());
  if (interaction->kind != DiscordInteraction::Kind::kInbound) {
    return Fail(Error::InvalidInput("the interaction has nothing to do (a ping or a form)"));
  }
  Envelope envelope = interaction->envelope;
  // The interaction's token has long expired: a private chat is answered by DM instead.
  if (envelope.inbound.chat == dialogs::ChatKind::kPrivate) envelope.interaction.reset();
  return inbound.Handle(envelope);
}

int RunDiscordRegisterCommands(const DiscordConfig& config, const std::string& guild) {
  if (config.application_id.empty() || config.bot_token.empty()) {
    return CommandFailure("set DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN first");
  }
  if (!guild.empty() && !AllDigits(guild)) {
    return CommandFailure("--guild must be the server's numeric id");
  }
  auto api = DiscordApi::Create(config.api_base, config.bot_token);
  if (!api) return CommandFailure(api.error().message);
  std::string path = "/applications/" + config.application_id;
  if (!guild.empty()) path += "/guilds/" + guild;
  path += "/commands";
  auto answer = (*api)->Call(
      "PUT", path,
      DiscordCommandsJson(guild.empty() ? CommandScope::kGlobal : CommandScope::kGuild));
  if (!answer) return CommandFailure(answer.error().message);
  std::cout << answer->body << "\n";
  return answer->status / 100 == 2 ? 0 : 1;
}

const PlatformModule& DiscordModule() {
  static const PlatformModule module{
      .name = kDiscord,
      .environment_help =
          "  DISCORD_PUBLIC_KEY       application public key, hex [empty: Discord off]\n"
          "  DISCORD_APPLICATION_ID   application id [required with a public key]\n"
          "  DISCORD_BOT_TOKEN        bot token, for DMs and commands [required with a public "
          "key]\n"
          "  DISCORD_API_BASE         REST base URL [https://discord.com/api/v10]\n",
      .commands_help =
          "  achilles-coach discord register-commands [--guild ID]\n"
          "                                        register the slash commands (in one server: "
          "instantly)\n",
      .when_off = "DISCORD_PUBLIC_KEY is not set",
      .configure = Configure,
      .create = Discord::Create,
      .command = [](const std::vector<std::string>& args,
                    const PlatformConfigs& configs) -> std::optional<int> {
        if (args.size() < 2 || args[0] != "discord" || args[1] != "register-commands") {
          return std::nullopt;
        }
        const auto guild = FlagValue(args, "--guild");
        if (!guild && HasFlag(args, "--guild")) {
          return UsageFailure("--guild needs a server id");
        }
        return RunDiscordRegisterCommands(configs.Get<DiscordConfig>(), guild.value_or(""));
      },
  };
  return module;
}

}  // namespace achilles::bot
