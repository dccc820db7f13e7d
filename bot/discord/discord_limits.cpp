#include "bot/discord/discord_limits.h"

#include "bot/discord/discord_render.h"

namespace achilles::bot {

RateLimits DiscordRateLimits() {
  RateLimits limits;
  limits.overall = {45, std::chrono::milliseconds(1000)};
  limits.per_private_chat = {5, std::chrono::milliseconds(5000)};
  limits.per_group = {5, std::chrono::milliseconds(5000)};
  return limits;
}

SenderPolicy DiscordSenderPolicy() {
  SenderPolicy policy;
  policy.unmetered_methods = {kDiscordEditOriginal, kDiscordFollowUp};
  return policy;
}

}  // namespace achilles::bot
