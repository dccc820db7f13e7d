#include "bot/outbox/message_split.h"

#include <gtest/gtest.h>

namespace achilles::bot {
namespace {

TEST(MessageSplit, ShortTextIsOnePiece) {
  EXPECT_EQ(SplitMessage("hello", 10, LengthUnit::kUtf16), std::vector<std::string>{"hello"});
}

TEST(MessageSplit, BoldMarksDoNotCount) {
  EXPECT_EQ(VisibleLength("**abc**", LengthUnit::kUtf16), 3u);
  EXPECT_EQ(SplitMessage("**abcde**", 5, LengthUnit::kUtf16).size(), 1u);
}

TEST(MessageSplit, CountsUtf16UnitsForTelegramAndCharactersForDiscord) {
  const std::string runner = "\xF0\x9F\x8F\x83";  // U+1F3C3, outside the BMP
  EXPECT_EQ(VisibleLength(runner, LengthUnit::kUtf16), 2u);
  EXPECT_EQ(VisibleLength(runner, LengthUnit::kCodePoint), 1u);
  EXPECT_EQ(VisibleLength("é", LengthUnit::kUtf16), 1u);
}

TEST(MessageSplit, PrefersParagraphsThenLines) {
  EXPECT_EQ(SplitMessage("aaaa\n\nbbbb\n\ncc", 10, LengthUnit::kUtf16),
            (std::vector<std::string>{"aaaa\n\nbbbb", "cc"}));
  EXPECT_EQ(SplitMessage("aaaa\nbbbb\ncccc", 9, LengthUnit::kUtf16),
            (std::vector<std::string>{"aaaa\nbbbb", "cccc"}));
}

TEST(MessageSplit, HardSplitsNeverCutACharacter) {
  std::string text;
  for (int i = 0; i < 7; ++i) text += "é";  // two bytes each
  const auto pieces = SplitMessage(text, 3, LengthUnit::kCodePoint);
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_EQ(pieces[0], "ééé");
  EXPECT_EQ(pieces[2], "é");
}

TEST(MessageSplit, EveryPieceFitsAndNothingIsLost) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "Line " + std::to_string(i) + (i % 7 == 0 ? "\n\n" : "\n");
  const auto pieces = SplitMessage(text, 100, LengthUnit::kUtf16);
  std::string joined;
  for (const auto& piece : pieces) {
    EXPECT_LE(VisibleLength(piece, LengthUnit::kUtf16), 100u);
    joined += piece;
  }
  std::string squashed;
  for (char c : text) {
    if (c != '\n') squashed += c;
  }
  std::string joined_squashed;
  for (char c : joined) {
    if (c != '\n') joined_squashed += c;
  }
  EXPECT_EQ(joined_squashed, squashed);
}

}  // namespace
}  // namespace achilles::bot
