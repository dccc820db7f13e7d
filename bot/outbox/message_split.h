// Splitting long replies into platform-sized messages at paragraph boundaries.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "dialogs/reply.h"

namespace achilles::bot {

// How a platform counts message length.
enum class LengthUnit {
  kUtf16,      // Telegram: UTF-16 code units of the text after formatting is parsed
  kCodePoint,  // Discord: Unicode characters
};

// Length of `text` in `unit`, not counting the **bold** marks (they become formatting).
std::size_t VisibleLength(std::string_view text, LengthUnit unit);

// Splits `text` into pieces of at most `limit` visible length: between paragraphs (blank lines)
// where possible, else between lines, else between UTF-8 characters. Never splits a character.
std::vector<std::string> SplitMessage(std::string_view text, std::size_t limit, LengthUnit unit);

// A decision's replies, joined where the platform allows, so the whole answer arrives at once:
// a per-chat limit (Telegram: about one message a second) would otherwise spread a greeting and
// its first question, or a check-in's decision and the session, over seconds. Consecutive text
// replies become one, a blank line between them, while the result is at most `limit` long.
// Buttons go at a message's end, so a reply with buttons (or one that asks for a typed answer,
// which Discord offers as a button) ends its message; a chart or a file stays on its own.
std::vector<dialogs::Reply> JoinReplies(const std::vector<dialogs::Reply>& replies,
                                        std::size_t limit, LengthUnit unit);

}  // namespace achilles::bot
