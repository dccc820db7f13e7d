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

std::vector<std::string> Texts(const std::vector<dialogs::Reply>& replies) {
  std::vector<std::string> texts;
  for (const auto& reply : replies) texts.push_back(reply.text);
  return texts;
}

TEST(JoinReplies, TextRepliesInARowBecomeOneWithTheLastOnesButtons) {
  const auto joined = JoinReplies({{"Thanks.", {}}, {"Which side?", {{{"Left", "l", ""}}}}}, 4096,
                                  LengthUnit::kUtf16);
  ASSERT_EQ(joined.size(), 1u);
  EXPECT_EQ(joined[0].text, "Thanks.\n\nWhich side?");
  ASSERT_EQ(joined[0].keyboard.size(), 1u);
  EXPECT_EQ(joined[0].keyboard[0][0].payload, "l");
}

TEST(JoinReplies, ButtonsOrATypedAnswerEndAMessage) {
  dialogs::Reply typed{"Your time zone?", {}};
  typed.typed_answer = true;
  const auto joined =
      JoinReplies({{"Did it hurt?", {{{"Yes", "y", ""}}}}, {"Noted.", {}}, typed, {"Thanks.", {}}},
                  4096, LengthUnit::kUtf16);
  EXPECT_EQ(Texts(joined),
            (std::vector<std::string>{"Did it hurt?", "Noted.\n\nYour time zone?", "Thanks."}));
  EXPECT_TRUE(joined[1].typed_answer);
}

TEST(JoinReplies, NeverPastTheLimitAndNeverWithAChartAFileOrAnEmptyText) {
  dialogs::Reply chart{"Chart.", {}};
  chart.chart = dialogs::Chart{};
  dialogs::Reply file{"File.", {}};
  file.files.push_back(dialogs::Attachment{"a.csv", "text/csv", "x"});
  const auto joined =
      JoinReplies({{"12345", {}}, {"67890", {}}, chart, {"a", {}}, file, {"", {}}, {"b", {}}}, 11,
                  LengthUnit::kCodePoint);
  EXPECT_EQ(Texts(joined),
            (std::vector<std::string>{"12345", "67890", "Chart.", "a", "File.", "", "b"}));
  EXPECT_EQ(JoinReplies({{"12345", {}}, {"6789", {}}}, 11, LengthUnit::kCodePoint)[0].text,
            "12345\n\n6789");
}

}  // namespace
}  // namespace achilles::bot
