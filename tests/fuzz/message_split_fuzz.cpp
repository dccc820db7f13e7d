// Splitting a reply into platform-sized messages: two leading bytes choose the limit (1-4096),
// one the unit (Telegram's UTF-16 or Discord's characters). No piece is over the limit, none is
// empty (but the one piece of an empty text), and valid UTF-8 stays valid in every piece.
#include "bot/outbox/message_split.h"
#include "dialogs/text.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using achilles::bot::LengthUnit;
  using achilles::fuzz::Require;
  achilles::fuzz::FuzzInput input(data, size);
  const std::size_t limit = 1 + input.Short() % 4096;
  const LengthUnit unit = input.Byte() % 2 == 0 ? LengthUnit::kUtf16 : LengthUnit::kCodePoint;
  const std::string_view text = input.Rest();
  const bool valid = achilles::dialogs::ValidUtf8(text) == text;
  const auto pieces = achilles::bot::SplitMessage(text, limit, unit);
  for (const auto& piece : pieces) {
    Require(!piece.empty() || text.empty(), "no empty piece");
    if (!valid) continue;
    Require(achilles::dialogs::ValidUtf8(piece) == piece, "valid UTF-8 stays valid");
    // A character wider than the limit (an astral one with limit 1 in UTF-16) is a piece alone.
    Require(achilles::bot::VisibleLength(piece, unit) <= limit ||
                achilles::dialogs::Utf8Length(piece) == 1,
            "no piece over the limit");
  }
  return 0;
}
