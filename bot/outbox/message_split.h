// Splitting long replies into platform-sized messages at paragraph boundaries.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

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

}  // namespace achilles::bot
