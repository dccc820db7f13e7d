#include "bot/discord/discord_render.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace achilles::bot {
namespace {

using nlohmann::json;

ReplyAddress Interaction(storage::ChatScope scope, bool original_pending) {
  ReplyAddress to = ReplyAddress::Chat("1311111111111110001", scope, 7);
  to.user_id = "1290000000000000042";
  to.interaction = InteractionReply{"1300000000000000001", "tok", original_pending, "1400"};
  return to;
}

TEST(DiscordMarkdown, EscapesEverythingButBold) {
  EXPECT_EQ(ToDiscordMarkdown("**Today** 3x15 *slow* _heel_ `raise` ~x~ a|b \\"),
            "**Today** 3x15 \\*slow\\* \\_heel\\_ \\`raise\\` \\~x\\~ a\\|b \\\\");
  EXPECT_EQ(ToDiscordMarkdown("> quote\n# head\n- item\nnot - a list"),
            "\\> quote\n\\# head\n\\- item\nnot - a list");
  EXPECT_EQ(ToDiscordMarkdown("a ** b"), "a \\*\\* b");
  EXPECT_EQ(ToDiscordMarkdown("@everyone"), "@everyone") << "allowed_mentions stops the ping";
}

TEST(DiscordRender, DeferredInteractionFirstFillsTheOriginalThenFollowsUp) {
  // The first has buttons of its own, so the two stay two messages.
  const std::vector<dialogs::Reply> replies = {{"one", {{{"Go", "go", ""}}}},
                                               {"two", {{{"OK", "ok:1:2", ""}}}}};
  const auto calls =
      DiscordRenderer().Render(replies, Interaction(storage::ChatScope::kPrivate, true));
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].method, "editOriginal");
  EXPECT_EQ(calls[1].method, "followUp");
  EXPECT_EQ(calls[0].platform, "discord");
  EXPECT_EQ(calls[0].chat_id, "interaction:1400")
      << "ordered per interaction: a retry never holds up another user's reply in the channel";
  EXPECT_EQ(calls[1].chat_id, "interaction:1400");
  EXPECT_EQ(calls[0].runner_id, 7);
  const json first = json::parse(calls[0].payload);
  EXPECT_EQ(first["application_id"], "1300000000000000001");
  EXPECT_EQ(first["token"], "tok");
  EXPECT_EQ(first["message"]["content"], "one");
  EXPECT_EQ(first["message"]["allowed_mentions"], json({{"parse", json::array()}}));
  const json second = json::parse(calls[1].payload);
  EXPECT_EQ(second["message"]["components"][0]["components"][0]["custom_id"], "ok:1:2");
  EXPECT_FALSE(second["message"].contains("flags"));
}

// Issue 16: a decision's text replies go as one message (the original's edit), not one each.
TEST(DiscordRender, ADecisionsTextRepliesGoAsOneMessage) {
  const auto calls = DiscordRenderer().Render({{"Thanks.", {}}, {"Which side?", {}}},
                                              Interaction(storage::ChatScope::kPrivate, true));
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "editOriginal");
  EXPECT_EQ(json::parse(calls[0].payload)["message"]["content"], "Thanks.\n\nWhich side?");
}

TEST(DiscordRender, InAServerEveryFollowUpIsEphemeral) {
  const std::vector<dialogs::Reply> replies = {{"a", {{{"A", "a", ""}}}}, {"b", {}}};
  const auto calls =
      DiscordRenderer().Render(replies, Interaction(storage::ChatScope::kGroup, true));
  EXPECT_FALSE(json::parse(calls[0].payload)["message"].contains("flags"))
      << "the deferred response already made the original ephemeral";
  EXPECT_EQ(json::parse(calls[1].payload)["message"]["flags"], 64);
  const auto pressed =
      DiscordRenderer().Render({{"c", {}}}, Interaction(storage::ChatScope::kGroup, false));
  EXPECT_EQ(pressed[0].method, "followUp");
  EXPECT_EQ(json::parse(pressed[0].payload)["message"]["flags"], 64);
}

TEST(DiscordRender, MessagesTheBotStartsGoToTheDmOrOpenOne) {
  ReplyAddress known = ReplyAddress::Chat("dm-channel", storage::ChatScope::kPrivate, 7);
  auto calls = DiscordRenderer().Render({{"prompt", {}}}, known);
  EXPECT_EQ(calls[0].method, "createMessage");
  EXPECT_EQ(json::parse(calls[0].payload)["channel_id"], "dm-channel");

  ReplyAddress unknown = ReplyAddress::Chat("", storage::ChatScope::kPrivate, 7);
  unknown.user_id = "1290000000000000042";
  calls = DiscordRenderer().Render({{"prompt", {}}}, unknown);
  EXPECT_EQ(calls[0].method, "dm");
  EXPECT_EQ(calls[0].chat_id, "dm:1290000000000000042");
  EXPECT_EQ(json::parse(calls[0].payload)["recipient_id"], "1290000000000000042");
  EXPECT_TRUE(DiscordRenderer().CanOpenPrivateChat());
  EXPECT_EQ(DiscordRenderer().StartLink("K7Q2"), "") << "Discord has no deep link to a bot";
}

TEST(DiscordRender, ButtonsFitDiscordsFiveByFiveAndLinksAreLinkButtons) {
  std::vector<dialogs::Button> scale;
  for (int i = 0; i <= 10; ++i)
    scale.push_back({std::to_string(i), "ci:stiff:" + std::to_string(i), ""});
  dialogs::Reply reply{"How stiff?", {scale, {{"Book", "", "https://example.org/book"}}}, true};
  const json message =
      json::parse(DiscordRenderer()
                      .Render({reply}, Interaction(storage::ChatScope::kPrivate, true))[0]
                      .payload)["message"];
  const json& rows = message["components"];
  ASSERT_EQ(rows.size(), 5u) << "11 buttons in 3 rows, the link, and Type your answer";
  for (const auto& row : rows) EXPECT_LE(row["components"].size(), 5u);
  EXPECT_EQ(rows[0]["components"].size(), 4u);
  EXPECT_EQ(rows[3]["components"][0]["style"], 5);
  EXPECT_EQ(rows[3]["components"][0]["url"], "https://example.org/book");
  EXPECT_FALSE(rows[3]["components"][0].contains("custom_id"));
  EXPECT_EQ(rows[4]["components"][0]["custom_id"], "answer:type");
}

TEST(DiscordRender, LongRepliesSplitUnder2000WithButtonsOnTheLast) {
  const std::string paragraph(1500, '_');  // every character escaped: 3000 raw
  dialogs::Reply reply{paragraph + "\n\n" + paragraph, {{{"OK", "ok:1:2", ""}}}};
  const auto calls =
      DiscordRenderer().Render({reply}, ReplyAddress::Chat("c", storage::ChatScope::kPrivate));
  ASSERT_GE(calls.size(), 2u);
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const json message = json::parse(calls[i].payload)["message"];
    EXPECT_LE(message["content"].get<std::string>().size(), 2000u);
    EXPECT_EQ(message.contains("components"), i + 1 == calls.size());
  }
}

TEST(DiscordResponses, PongDeferredPressedAndForms) {
  EXPECT_EQ(json::parse(DiscordPong()), json({{"type", 1}}));
  EXPECT_EQ(json::parse(DiscordDeferred(false)), json({{"type", 5}}));
  EXPECT_EQ(json::parse(DiscordDeferred(true))["data"]["flags"], 64);
  const json pressed = json::parse(DiscordPressed("How stiff?", "4"));
  EXPECT_EQ(pressed["type"], 7);
  EXPECT_EQ(pressed["data"]["content"], "How stiff?\n\n→ **4**");
  EXPECT_EQ(pressed["data"]["components"], json::array());
  const json form = json::parse(DiscordCheckInForm());
  EXPECT_EQ(form["type"], 9);
  EXPECT_EQ(form["data"]["custom_id"], "ci:form");
  EXPECT_EQ(form["data"]["components"].size(), 5u);
  for (const auto& row : form["data"]["components"]) {
    EXPECT_LE(row["components"][0]["label"].get<std::string>().size(), 45u);
  }
  EXPECT_EQ(json::parse(DiscordAnswerForm())["data"]["custom_id"], "answer:text");
}

}  // namespace
}  // namespace achilles::bot
