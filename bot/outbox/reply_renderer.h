// Turning platform-neutral replies into rendered platform API calls for the outbox.
#pragma once

#include <optional>
#include <vector>

#include "bot/inbound/envelope.h"
#include "dialogs/reply.h"
#include "storage/outbox.h"

namespace achilles::bot {

// Where a reply goes: the chat an envelope came from, and the runner it is for.
struct ReplyAddress {
  std::string chat_id;
  storage::ChatScope scope = storage::ChatScope::kPrivate;
  std::optional<std::string> thread_id;
  std::optional<std::int64_t> runner_id;
  std::string user_id;  // the person on the platform, for a private chat not opened yet
  // Discord: the interaction the replies answer (they go through its webhook, not the chat).
  std::optional<InteractionReply> interaction;
  // The delivery the replies answer (the plug-in channel's reply_to); empty for what the bot
  // sends on its own (prompts, reminders, squad posts).
  std::string reply_to;

  // Just a chat (and the runner it is for): no topic, no interaction.
  static ReplyAddress Chat(std::string chat_id, storage::ChatScope scope,
                           std::optional<std::int64_t> runner_id = std::nullopt) {
    ReplyAddress to;
    to.chat_id = std::move(chat_id);
    to.scope = scope;
    to.runner_id = runner_id;
    return to;
  }
};

// Back where `envelope` came from: its chat (and topic, and interaction); a private chat is
// `runner_id`'s.
inline ReplyAddress AddressOf(const Envelope& envelope, std::int64_t runner_id) {
  const bool is_private = envelope.inbound.chat == dialogs::ChatKind::kPrivate;
  ReplyAddress to = ReplyAddress::Chat(
      envelope.chat_id, is_private ? storage::ChatScope::kPrivate : storage::ChatScope::kGroup,
      is_private ? std::optional(runner_id) : std::nullopt);
  to.thread_id = envelope.thread_id;
  to.user_id = envelope.user_id;
  to.interaction = envelope.interaction;
  to.reply_to = envelope.delivery_id;
  return to;
}

// Implementations are stateless and thread-safe.
class ReplyRenderer {
 public:
  virtual ~ReplyRenderer() = default;

  // The API calls that deliver `replies`, in order (one reply may need several messages).
  virtual std::vector<storage::OutgoingMessage> Render(const std::vector<dialogs::Reply>& replies,
                                                       const ReplyAddress& to) const = 0;

  // Whether the platform lets the bot open a private chat with a user who has none with it yet
  // (Discord: create a DM channel; Telegram: no, the runner must write first).
  virtual bool CanOpenPrivateChat() const { return false; }

  // A link that opens the bot with `/start CODE` (Telegram's t.me deep link); empty where the
  // platform has none.
  virtual std::string StartLink(std::string_view /*code*/) const { return ""; }

  // A call that acknowledges the inbound itself (Telegram's answerCallbackQuery for a button
  // press), sent before the replies; nullopt when the platform needs none.
  virtual std::optional<storage::OutgoingMessage> Acknowledge(const Envelope& envelope,
                                                              const ReplyAddress& to) const = 0;
};

}  // namespace achilles::bot
