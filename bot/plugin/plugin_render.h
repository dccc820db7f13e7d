// Rendering replies for the plug-in channel (ARCHITECTURE.md): one signed POST to the callback
// URL per reply, body
//   {"message_id": "...", "chat_id": "...", "user_id": "..." | null, "reply_to": "..." | null,
//    "text": "<**bold** and line breaks>",
//    "buttons": [[{"label": "...", "payload": "..."} | {"label": "...", "url": "https://..."}]]}
// The text is the coach's own (**bold**, "\n"): the gateway renders it for its surface. Each
// message has a random id of its own, kept with the outbox row, so a retried delivery carries the
// same id and the gateway can drop a repeat.
#pragma once

#include "bot/outbox/reply_renderer.h"

namespace achilles::bot {

// The outbox method of every plug-in message.
inline constexpr char kPluginPost[] = "post";

class PluginRenderer final : public ReplyRenderer {
 public:
  std::vector<storage::OutgoingMessage> Render(const std::vector<dialogs::Reply>& replies,
                                               const ReplyAddress& to) const override;
  // A gateway needs no acknowledgement beyond the 200 to its event.
  std::optional<storage::OutgoingMessage> Acknowledge(const Envelope& envelope,
                                                      const ReplyAddress& to) const override;
};

}  // namespace achilles::bot
