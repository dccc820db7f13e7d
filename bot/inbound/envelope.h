// An inbound message with the platform details the adapters need to answer it. The coaching
// core sees only `inbound`; everything else stays in bot/.
#pragma once

#include <optional>
#include <string>

#include "dialogs/inbound.h"

namespace achilles::bot {

// Discord: the interaction an inbound came with. Replies go through its webhook for 15 minutes.
struct InteractionReply {
  std::string application_id;
  std::string token;
  // The HTTP response was deferred (type 5): the first reply fills in that original response;
  // later ones are follow-ups. False when the HTTP response already said everything it will.
  bool original_pending = false;
  // The interaction's id: its replies are ordered among themselves only, so one reply waiting
  // on a retry never holds up another user's in the same channel.
  std::string id;
};

struct Envelope {
  std::string platform;     // "telegram", "discord", "console"
  std::string delivery_id;  // the platform's id for this delivery; empty: no deduplication
  std::string user_id;      // the sender on that platform
  std::string chat_id;      // where replies go
  std::optional<std::string> thread_id;  // Telegram forum topic, echoed on replies
  std::string callback_id;  // Telegram callback query to answer, when a button was pressed
  std::optional<InteractionReply> interaction;  // Discord
  std::string chat_title;        // a group's or channel's name, when the platform gives it
  bool sender_is_admin = false;  // the sender administers the group or server (squad set-up)
  dialogs::Inbound inbound;
};

}  // namespace achilles::bot
