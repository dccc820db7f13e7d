// An inbound message with the platform details the adapters need to answer it. The coaching
// core sees only `inbound`; everything else stays in bot/.
#pragma once

#include <optional>
#include <string>

#include "dialogs/inbound.h"

namespace achilles::bot {

struct Envelope {
  std::string platform;     // "telegram", "console"
  std::string delivery_id;  // the platform's id for this delivery; empty: no deduplication
  std::string user_id;      // the sender on that platform
  std::string chat_id;      // where replies go
  std::optional<std::string> thread_id;  // Telegram forum topic, echoed on replies
  std::string callback_id;  // Telegram callback query to answer, when a button was pressed
  dialogs::Inbound inbound;
};

}  // namespace achilles::bot
