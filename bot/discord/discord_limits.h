// Discord's sending limits and policy as the outbox sender keeps them.
#pragma once

#include "bot/outbox/outbox_sender.h"
#include "bot/outbox/rate_limiter.h"

namespace achilles::bot {

// 50 requests a second per bot (45 kept), and a channel's message bucket (about 5 per 5
// seconds); the X-RateLimit headers tighten these.
RateLimits DiscordRateLimits();

// Interaction replies (editing the deferred original, follow-ups) go through the interaction's
// webhook, outside the bot's limits.
SenderPolicy DiscordSenderPolicy();

}  // namespace achilles::bot
