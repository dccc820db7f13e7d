// Rendering replies for Discord: markdown with everything but **bold** escaped, buttons as
// message components (at most 5 to a row, 5 rows), messages split at 2000 characters, and
// allowed_mentions that ping nobody. Replies to an interaction go through its webhook (the first
// fills in a deferred response); in a server they are ephemeral. Messages the bot starts go to
// the runner's DM channel, opened first when there is none yet.
#pragma once

#include <string>
#include <string_view>

#include "bot/outbox/reply_renderer.h"

namespace achilles::bot {

inline constexpr std::size_t kDiscordMessageLimit = 2000;
inline constexpr int kDiscordEphemeral = 1 << 6;

// The outbox methods DiscordApi sends.
inline constexpr char kDiscordCreateMessage[] = "createMessage";  // {channel_id, message}
inline constexpr char kDiscordDirectMessage[] = "dm";             // {recipient_id, message}
inline constexpr char kDiscordEditOriginal[] = "editOriginal";  // {application_id, token, message}
inline constexpr char kDiscordFollowUp[] = "followUp";          // {application_id, token, message}

// Escapes Discord markdown (\ * _ ~ ` | anywhere, > # - at a line start) except the
// **bold** pairs, which stay bold. An unpaired ** is escaped.
std::string ToDiscordMarkdown(std::string_view text);

class DiscordRenderer final : public ReplyRenderer {
 public:
  std::vector<storage::OutgoingMessage> Render(const std::vector<dialogs::Reply>& replies,
                                               const ReplyAddress& to) const override;
  // The HTTP response acknowledges an interaction; nothing goes through the outbox for it.
  std::optional<storage::OutgoingMessage> Acknowledge(const Envelope&,
                                                      const ReplyAddress&) const override {
    return std::nullopt;
  }
  bool CanOpenPrivateChat() const override { return true; }
};

}  // namespace achilles::bot

namespace achilles::bot {

// Interaction responses: the HTTP body answering an interaction (JSON text).
std::string DiscordPong();
// Deferred (type 5): Discord shows "thinking" until the first reply fills it in.
std::string DiscordDeferred(bool ephemeral);
// Updates the message a button was on (type 7): the choice shown under it, its buttons gone.
std::string DiscordPressed(std::string_view message_content, std::string_view label);
// The check-in form (type 9): stiffness, pain, rehab pain, km and session, all optional.
std::string DiscordCheckInForm();
// The one-field form (type 9) behind "Type your answer".
std::string DiscordAnswerForm();
// No autocomplete choices (no option autocompletes; answered in case Discord asks anyway).
std::string DiscordNoChoices();
// A message in the response itself (type 4), seen only by the user who sent the interaction.
std::string DiscordMessage(std::string_view text);

}  // namespace achilles::bot
