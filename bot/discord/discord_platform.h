// Discord as one platform of the service (bot/platform/platform.h): its settings, its
// interactions endpoint, and `discord register-commands`. Its limits: discord_limits.h.
#pragma once

#include <string>

#include "bot/discord/discord_signature.h"
#include "bot/platform/platform.h"
#include "bot/runtime/clock.h"

namespace achilles::bot {

struct DiscordConfig {
  std::string public_key;      // DISCORD_PUBLIC_KEY, hex; empty: Discord is off
  std::string application_id;  // DISCORD_APPLICATION_ID
  std::string bot_token;       // DISCORD_BOT_TOKEN: DMs, channel posts and registering commands
  std::string api_base = "https://discord.com/api/v10";  // DISCORD_API_BASE

  bool enabled() const { return !public_key.empty(); }
};

// POST /discord/interactions: 200 with the interaction response once committed; 401 bad
// signature or a timestamp more than 5 minutes off; 400 malformed; 503 when the database did not
// commit.
class DiscordInteractions final : public Endpoint {
 public:
  // `clock` judges the timestamp's freshness; it must outlive the endpoint.
  DiscordInteractions(DiscordSignature signature, const Clock& clock)
      : signature_(std::move(signature)), clock_(clock) {}

  std::string_view path() const override { return "/discord/interactions"; }
  std::string_view route() const override { return "discord_interactions"; }
  HttpResponse Receive(const HttpRequest& request, const Intake& intake) const override;
  Result<Delivery> Replay(const std::string& payload, InboundHandler& inbound) const override;

 private:
  DiscordSignature signature_;
  const Clock& clock_;
};

// Bulk-overwrites the slash commands: in `guild` (instant, for testing) or globally. Prints
// Discord's answer; 0 when it accepted them.
int RunDiscordRegisterCommands(const DiscordConfig& config, const std::string& guild);

const PlatformModule& DiscordModule();

}  // namespace achilles::bot
