// Turning platform-neutral replies into rendered platform API calls for the outbox.
#pragma once

#include <optional>
#include <vector>

#include "bot/envelope.h"
#include "dialogs/reply.h"
#include "storage/outbox.h"

namespace achilles::bot {

// Where a reply goes: the chat an envelope came from, and the runner it is for.
struct ReplyAddress {
  std::string chat_id;
  storage::ChatScope scope = storage::ChatScope::kPrivate;
  std::optional<std::string> thread_id;
  std::optional<std::int64_t> runner_id;
};

// Implementations are stateless and thread-safe.
class ReplyRenderer {
 public:
  virtual ~ReplyRenderer() = default;

  // The API calls that deliver `reply` (one reply may need several messages).
  virtual std::vector<storage::OutgoingMessage> Render(const dialogs::Reply& reply,
                                                       const ReplyAddress& to) const = 0;

  // A call that acknowledges the inbound itself (Telegram's answerCallbackQuery for a button
  // press), sent before the replies; nullopt when the platform needs none.
  virtual std::optional<storage::OutgoingMessage> Acknowledge(const Envelope& envelope,
                                                              const ReplyAddress& to) const = 0;
};

}  // namespace achilles::bot
