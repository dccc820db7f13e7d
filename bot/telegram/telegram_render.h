// Rendering replies for the Telegram Bot API: HTML parse mode, inline keyboards, forum topics,
// and splitting at Telegram's 4096-character limit.
#pragma once

#include <string>
#include <string_view>

#include "bot/outbox/reply_renderer.h"

namespace achilles::bot {

inline constexpr std::size_t kTelegramMessageLimit = 4096;
// A photo's or a document's caption.
inline constexpr std::size_t kTelegramCaptionLimit = 1024;

// Escapes &, < and > (all Telegram's HTML mode requires) and turns **bold** into <b>bold</b>.
// An unpaired ** stays as literal text.
std::string ToTelegramHtml(std::string_view text);

class TelegramRenderer final : public ReplyRenderer {
 public:
  // `bot_username` (without '@') makes the t.me deep links; empty leaves them out.
  explicit TelegramRenderer(std::string bot_username = "")
      : bot_username_(std::move(bot_username)) {}

  std::vector<storage::OutgoingMessage> Render(const std::vector<dialogs::Reply>& replies,
                                               const ReplyAddress& to) const override;
  std::optional<storage::OutgoingMessage> Acknowledge(const Envelope& envelope,
                                                      const ReplyAddress& to) const override;
  std::string StartLink(std::string_view code) const override;

 private:
  std::string bot_username_;
};

}  // namespace achilles::bot
