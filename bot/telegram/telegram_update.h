// Turning a Telegram webhook Update (JSON) into an Envelope for the coaching core.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bot/inbound/envelope.h"
#include "dialogs/error.h"

namespace achilles::bot {

inline constexpr char kTelegram[] = "telegram";

struct TelegramUpdate {
  enum class Kind {
    kInbound,     // a message or button press for the coach: see `envelope`
    kMembership,  // a runner blocked (`blocked`) or unblocked the bot in their private chat
    kIgnored,     // valid, but nothing for the bot to do (edits, service messages, other bots)
  };
  std::int64_t update_id = 0;
  Kind kind = Kind::kIgnored;
  Envelope envelope;  // kInbound; for kMembership only platform, delivery_id and user_id
  bool blocked = false;
};

// Fails with kInvalidInput when `body` is not JSON, not an Update (no integer update_id), or a
// message lacks the fields every real one has (chat.id). `bot_username` filters /cmd@OtherBot.
Result<TelegramUpdate> ParseTelegramUpdate(std::string_view body, std::string_view bot_username);

// The update types ParseTelegramUpdate acts on: what setWebhook asks Telegram to send
// (allowed_updates); everything else Telegram could send is noise.
const std::vector<std::string>& TelegramUpdateTypes();

}  // namespace achilles::bot
