#include "bot/discord/discord_interaction.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "dialogs/checkin.h"
#include "tests/dialogs/chat.h"
#include "tests/support/fixtures.h"

namespace achilles::bot {
namespace {

using achilles::testing::ReadFixture;
using Kind = DiscordInteraction::Kind;

TEST(DiscordInteraction, PingIsAPing) {
  auto parsed = ParseDiscordInteraction(ReadFixture("discord/ping.json"));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->kind, Kind::kPing);
}

TEST(DiscordInteraction, CheckInOptionsInADmBecomeTheOneLineCheckIn) {
  auto parsed = ParseDiscordInteraction(ReadFixture("discord/command_checkin_dm.json"));
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->kind, Kind::kInbound);
  const Envelope& e = parsed->envelope;
  EXPECT_EQ(e.platform, "discord");
  EXPECT_EQ(e.delivery_id, "1311111111111111112");
  EXPECT_EQ(e.user_id, "1290000000000000042");
  EXPECT_EQ(e.chat_id, "1311111111111110001");
  EXPECT_EQ(e.inbound.chat, dialogs::ChatKind::kPrivate);
  EXPECT_EQ(e.inbound.sender_name, "Maya");
  EXPECT_EQ(e.inbound.kind, dialogs::InboundKind::kCommand);
  EXPECT_EQ(e.inbound.command, "checkin");
  EXPECT_EQ(e.inbound.text, "stiffness 3 pain 2 ran 6.5 km");
  ASSERT_TRUE(e.interaction);
  EXPECT_EQ(e.interaction->application_id, "1300000000000000001");
  EXPECT_EQ(e.interaction->token, "aW50ZXJhY3Rpb246MTMxMTExMTExMTExMTExMTExMjpjaGVja2lu");
  EXPECT_TRUE(e.interaction->original_pending);

  const auto reading = dialogs::ReadCheckIn(e.inbound.text);
  ASSERT_TRUE(reading.Usable());
  EXPECT_EQ(reading.check_in.morning_stiffness, 3);
  EXPECT_EQ(reading.check_in.run_pain, 2);
  EXPECT_EQ(reading.check_in.run_km, 6.5);
}

TEST(DiscordInteraction, EveryOptionReadsBackAsTheCheckInItStandsFor) {
  const std::string line = CheckInLine({{"stiffness", "4"},
                                        {"pain", "1"},
                                        {"rehab_pain", "3"},
                                        {"run_km", "0"},
                                        {"did_session", "yes"},
                                        {"note", "tight on hills"}});
  EXPECT_EQ(line, "stiffness 4 pain 1 rehab pain 3 no run did the session note: tight on hills");
  const auto c = dialogs::ReadCheckIn(line).check_in;
  EXPECT_EQ(c.morning_stiffness, 4);
  EXPECT_EQ(c.run_pain, 1);
  EXPECT_EQ(c.rehab_pain, 3);
  EXPECT_TRUE(c.no_run);
  EXPECT_EQ(c.did_session, true);
  EXPECT_EQ(dialogs::ReadCheckIn(CheckInLine({{"did_session", "no"}})).check_in.did_session, false);
  EXPECT_EQ(CheckInLine({{"stiffness", " "}, {"unknown", "9"}}), "");
}

TEST(DiscordInteraction, AskInAServerIsAGroupCommandWithItsQuestion) {
  auto parsed = ParseDiscordInteraction(ReadFixture("discord/command_ask_guild.json"));
  ASSERT_TRUE(parsed);
  const Envelope& e = parsed->envelope;
  EXPECT_EQ(e.user_id, "1290000000000000042") << "from member.user";
  EXPECT_EQ(e.chat_id, "1280000000000000100");
  EXPECT_EQ(e.inbound.chat, dialogs::ChatKind::kGroup);
  EXPECT_EQ(e.inbound.command, "ask");
  EXPECT_EQ(e.inbound.text, "how heavy should my calf raises be?");
}

TEST(DiscordInteraction, AButtonIsItsPayloadAndUpdatesItsMessage) {
  auto parsed = ParseDiscordInteraction(ReadFixture("discord/component_button.json"));
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->component);
  EXPECT_EQ(parsed->envelope.inbound.kind, dialogs::InboundKind::kButton);
  EXPECT_EQ(parsed->envelope.inbound.button, "ci:stiff:4");
  EXPECT_EQ(parsed->pressed_message, "How stiff was your Achilles when you got up?");
  EXPECT_FALSE(parsed->envelope.interaction->original_pending);
}

TEST(DiscordInteraction, TheCheckInFormBecomesACheckInCommand) {
  auto parsed = ParseDiscordInteraction(ReadFixture("discord/modal_submit.json"));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->envelope.inbound.kind, dialogs::InboundKind::kCommand);
  EXPECT_EQ(parsed->envelope.inbound.command, "checkin");
  EXPECT_EQ(parsed->envelope.inbound.text, "stiffness 3 pain 5 note: felt tight on the hills");
}

TEST(DiscordInteraction, CheckInWithoutOptionsOpensTheFormInADmOnly) {
  auto body = nlohmann::json::parse(ReadFixture("discord/command_checkin_dm.json"));
  body["data"].erase("options");
  auto parsed = ParseDiscordInteraction(body.dump());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->kind, Kind::kOpenCheckInForm);
  body["context"] = 0;
  body["guild_id"] = "1280000000000000007";
  parsed = ParseDiscordInteraction(body.dump());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->kind, Kind::kInbound) << "in a server the coach says to use the DM";
}

TEST(DiscordInteraction, TypeYourAnswerOpensTheFormAndItsTextIsPlainText) {
  auto press = nlohmann::json::parse(ReadFixture("discord/component_button.json"));
  press["data"]["custom_id"] = kTypeAnswerButton;
  auto parsed = ParseDiscordInteraction(press.dump());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->kind, Kind::kOpenAnswerForm);

  auto form = nlohmann::json::parse(ReadFixture("discord/modal_submit.json"));
  form["data"] = {
      {"custom_id", kTypedAnswerForm},
      {"components",
       {{{"type", 1},
         {"components", {{{"type", 4}, {"custom_id", "answer"}, {"value", " 06:30 "}}}}}}}};
  parsed = ParseDiscordInteraction(form.dump());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->envelope.inbound.kind, dialogs::InboundKind::kText);
  EXPECT_EQ(parsed->envelope.inbound.text, "06:30");
}

TEST(DiscordInteraction, MalformedInteractionsAreRefused) {
  EXPECT_FALSE(ParseDiscordInteraction("{not json"));
  EXPECT_FALSE(ParseDiscordInteraction(R"({"hello":"world"})"));
  EXPECT_FALSE(ParseDiscordInteraction(R"({"type":99})"));
  auto body = nlohmann::json::parse(ReadFixture("discord/command_checkin_dm.json"));
  body.erase("token");
  EXPECT_FALSE(ParseDiscordInteraction(body.dump()));
  body = nlohmann::json::parse(ReadFixture("discord/command_checkin_dm.json"));
  body.erase("user");
  EXPECT_FALSE(ParseDiscordInteraction(body.dump()));
  auto form = nlohmann::json::parse(ReadFixture("discord/modal_submit.json"));
  form["data"]["custom_id"] = "nobody:knows";
  EXPECT_FALSE(ParseDiscordInteraction(form.dump()));
}

}  // namespace
}  // namespace achilles::bot

namespace achilles::bot {
namespace {

// A red flag in a Discord check-in form's note is answered before anything else, and the
// check-in's readable scores are stored all the same.
TEST(DiscordCheckInForm, ARedFlagInTheNoteStopsAndTheScoresAreKept) {
  dialogs::Chat chat;
  chat.Onboard();
  const std::string line =
      CheckInLine({{"stiffness", "3"}, {"run_km", "0"}, {"note", "felt a pop"}});
  const dialogs::Decision d = chat.Command("checkin", line);
  ASSERT_TRUE(d.state.stop);
  EXPECT_EQ(d.state.stop->rule, "R1");
  ASSERT_TRUE(d.check_in);
  EXPECT_EQ(d.check_in->check_in.morning_stiffness, 3);
  EXPECT_TRUE(d.check_in->check_in.no_run);
}

}  // namespace
}  // namespace achilles::bot
