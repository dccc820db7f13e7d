#include "bot/inbound/command_text.h"

#include <gtest/gtest.h>

namespace achilles::bot {
namespace {

TEST(CommandText, PlainCommandWithArguments) {
  auto c = ParseCommandText("/checkin  stiffness 3 pain 2 ", "Bot");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->name, "checkin");
  EXPECT_EQ(c->arguments, "stiffness 3 pain 2");
  EXPECT_FALSE(c->for_other_bot);
}

TEST(CommandText, NamesAreLowerCased) { EXPECT_EQ(ParseCommandText("/HELP", "")->name, "help"); }

TEST(CommandText, AddressedCommands) {
  EXPECT_FALSE(ParseCommandText("/help@Bot", "bot")->for_other_bot);
  EXPECT_TRUE(ParseCommandText("/help@OtherBot", "Bot")->for_other_bot);
  EXPECT_FALSE(ParseCommandText("/help@AnyBot", "")->for_other_bot);
}

TEST(CommandText, NotCommands) {
  EXPECT_FALSE(ParseCommandText("help", ""));
  EXPECT_FALSE(ParseCommandText("/", ""));
  EXPECT_FALSE(ParseCommandText("/ help", ""));
  EXPECT_FALSE(ParseCommandText("/2/3 of my run hurt", ""));
  EXPECT_FALSE(ParseCommandText("/" + std::string(33, 'a'), ""));
  EXPECT_FALSE(ParseCommandText("", ""));
}

TEST(CommandText, ArgumentsAreTrimmed) {
  EXPECT_EQ(ParseCommandText("/ask \t zero drop? \r\n", "")->arguments, "zero drop?");
  EXPECT_EQ(ParseCommandText("/help   ", "")->arguments, "");
}

}  // namespace
}  // namespace achilles::bot
