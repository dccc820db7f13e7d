#include "bot/telegram/telegram_update.h"

#include <gtest/gtest.h>

#include "tests/support/fixtures.h"

namespace achilles::bot {
namespace {

using achilles::testing::ReadFixture;
using dialogs::ChatKind;
using dialogs::InboundKind;

constexpr char kBot[] = "AchillesCoachBot";

TelegramUpdate Parse(const std::string& fixture) {
  auto update = ParseTelegramUpdate(ReadFixture("telegram/" + fixture), kBot);
  EXPECT_TRUE(update) << fixture << ": " << update.error().message;
  return update.value_or(TelegramUpdate{});
}

TEST(TelegramUpdate, PrivateStartIsACommandFromTheRunner) {
  const auto u = Parse("private_start.json");
  EXPECT_EQ(u.update_id, 912345001);
  EXPECT_EQ(u.kind, TelegramUpdate::Kind::kInbound);
  EXPECT_EQ(u.envelope.platform, "telegram");
  EXPECT_EQ(u.envelope.delivery_id, "912345001");
  EXPECT_EQ(u.envelope.user_id, "508123456");
  EXPECT_EQ(u.envelope.chat_id, "508123456");
  EXPECT_EQ(u.envelope.inbound.kind, InboundKind::kCommand);
  EXPECT_EQ(u.envelope.inbound.command, "start");
  EXPECT_EQ(u.envelope.inbound.text, "");
  EXPECT_EQ(u.envelope.inbound.chat, ChatKind::kPrivate);
  EXPECT_EQ(u.envelope.inbound.sender_name, "Maya");
  EXPECT_FALSE(u.envelope.thread_id);
}

TEST(TelegramUpdate, DeepLinkPayloadBecomesTheArguments) {
  const auto u = Parse("private_start_deeplink.json");
  EXPECT_EQ(u.envelope.inbound.command, "start");
  EXPECT_EQ(u.envelope.inbound.text, "SQUAD-7KQ2");
  EXPECT_EQ(u.envelope.inbound.sender_name, "Tomás");
}

TEST(TelegramUpdate, PrivateTextIsText) {
  const auto u = Parse("private_text.json");
  EXPECT_EQ(u.envelope.inbound.kind, InboundKind::kText);
  EXPECT_EQ(u.envelope.inbound.text, "stiff for about 20 min this morning, pain 3 on my 6k run");
}

TEST(TelegramUpdate, ButtonPressCarriesPayloadAndCallbackId) {
  const auto u = Parse("callback_query.json");
  EXPECT_EQ(u.kind, TelegramUpdate::Kind::kInbound);
  EXPECT_EQ(u.envelope.inbound.kind, InboundKind::kButton);
  EXPECT_EQ(u.envelope.inbound.button, "ci:stiff:1");
  EXPECT_EQ(u.envelope.callback_id, "4382bfdwdsb323b2d9");
  EXPECT_EQ(u.envelope.chat_id, "508123456");
  EXPECT_EQ(u.envelope.user_id, "508123456");
}

TEST(TelegramUpdate, GroupCommandForThisBotIsAccepted) {
  const auto u = Parse("group_command.json");
  EXPECT_EQ(u.kind, TelegramUpdate::Kind::kInbound);
  EXPECT_EQ(u.envelope.inbound.command, "team");
  EXPECT_EQ(u.envelope.inbound.chat, ChatKind::kGroup);
  EXPECT_EQ(u.envelope.chat_id, "-1001987654321");
  EXPECT_EQ(u.envelope.user_id, "401000001");
}

TEST(TelegramUpdate, BotNameMatchesWhateverTheCase) {
  auto u = ParseTelegramUpdate(ReadFixture("telegram/group_command.json"), "achillescoachbot");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->kind, TelegramUpdate::Kind::kInbound);
}

TEST(TelegramUpdate, CommandForAnotherBotIsIgnored) {
  auto u = ParseTelegramUpdate(ReadFixture("telegram/group_command.json"), "SomeOtherBot");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->kind, TelegramUpdate::Kind::kIgnored);
}

TEST(TelegramUpdate, ForumTopicIsRememberedForTheReply) {
  const auto u = Parse("forum_topic_command.json");
  EXPECT_EQ(u.envelope.inbound.command, "ask");
  EXPECT_EQ(u.envelope.inbound.text, "are zero drop shoes bad for my achilles?");
  ASSERT_TRUE(u.envelope.thread_id);
  EXPECT_EQ(*u.envelope.thread_id, "300");
}

TEST(TelegramUpdate, EditsAreAcknowledgedNotActedOn) {
  EXPECT_EQ(Parse("edited_message.json").kind, TelegramUpdate::Kind::kIgnored);
}

TEST(TelegramUpdate, BlockingTheBotIsAMembershipChange) {
  const auto u = Parse("my_chat_member_blocked.json");
  EXPECT_EQ(u.kind, TelegramUpdate::Kind::kMembership);
  EXPECT_TRUE(u.blocked);
  EXPECT_EQ(u.envelope.user_id, "508123456");
  EXPECT_EQ(u.envelope.delivery_id, "912345008");
}

TEST(TelegramUpdate, UnblockingIsAMembershipChangeToo) {
  std::string body = ReadFixture("telegram/my_chat_member_blocked.json");
  body.replace(body.find("\"kicked\""), 8, "\"member\"");
  auto u = ParseTelegramUpdate(body, kBot);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->kind, TelegramUpdate::Kind::kMembership);
  EXPECT_FALSE(u->blocked);
}

TEST(TelegramUpdate, StickerIsSomethingTheBotCannotRead) {
  const auto u = Parse("sticker_message.json");
  EXPECT_EQ(u.kind, TelegramUpdate::Kind::kInbound);
  EXPECT_EQ(u.envelope.inbound.kind, InboundKind::kUnsupported);
}

struct Malformed {
  const char* name;
  const char* body;
};

void PrintTo(const Malformed& malformed, std::ostream* out) { *out << malformed.name; }

class TelegramUpdateMalformed : public ::testing::TestWithParam<Malformed> {};

TEST_P(TelegramUpdateMalformed, IsRejected) {
  auto u = ParseTelegramUpdate(GetParam().body, kBot);
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error().code, Error::Code::kInvalidInput);
}

INSTANTIATE_TEST_SUITE_P(
    Bodies, TelegramUpdateMalformed,
    ::testing::Values(
        Malformed{"empty", ""}, Malformed{"not_json", "{update_id: 1"}, Malformed{"array", "[1,2]"},
        Malformed{"no_update_id", R"({"message":{}})"},
        Malformed{"string_update_id", R"({"update_id":"1"})"},
        Malformed{"message_without_chat", R"({"update_id":1,"message":{"text":"x"}})"},
        Malformed{"chat_id_string", R"({"update_id":1,"message":{"chat":{"id":"x"},"text":"x"}})"},
        Malformed{"message_not_object", R"({"update_id":1,"message":5})"},
        Malformed{"callback_without_from", R"({"update_id":1,"callback_query":{"id":"q"}})"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(TelegramUpdate, OddButValidShapesAreIgnoredNotRejected) {
  // Channel post, another bot writing, a service message, an unknown update type.
  for (
      const char* body : {
          R"({"update_id":1,"channel_post":{"chat":{"id":-1},"text":"hi"}})",
          R"({"update_id":2,"message":{"chat":{"id":5,"type":"private"},"from":{"id":6,"is_bot":true},"text":"/start"}})",
          R"({"update_id":3,"message":{"chat":{"id":-5,"type":"group"},"from":{"id":6},"new_chat_members":[]}})",
          R"({"update_id":4,"message_reaction":{}})",
          R"({"update_id":5,"message":{"chat":{"id":-5,"type":"group"},"from":{"id":6},"text":"chatter"}})",
      }) {
    auto u = ParseTelegramUpdate(body, kBot);
    ASSERT_TRUE(u) << body;
    EXPECT_EQ(u->kind, TelegramUpdate::Kind::kIgnored) << body;
  }
}

TEST(TelegramUpdate, OldButtonWithoutItsMessageRepliesInPrivate) {
  auto u = ParseTelegramUpdate(
      R"({"update_id":9,"callback_query":{"id":"q","from":{"id":77,"first_name":"Li"},"data":"consent:yes"}})",
      kBot);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->envelope.chat_id, "77");
  EXPECT_EQ(u->envelope.inbound.chat, ChatKind::kPrivate);
}

}  // namespace
}  // namespace achilles::bot
