#include "bot/telegram/telegram_render.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace achilles::bot {
namespace {

using nlohmann::json;

TEST(TelegramHtml, EscapesWhatHtmlModeRequires) {
  EXPECT_EQ(ToTelegramHtml("pain <3 & rising > 5"), "pain &lt;3 &amp; rising &gt; 5");
}

TEST(TelegramHtml, BoldMarksBecomeTags) {
  EXPECT_EQ(ToTelegramHtml("**Stop** now, **<b>**"), "<b>Stop</b> now, <b>&lt;b&gt;</b>");
}

TEST(TelegramHtml, AnUnpairedMarkStaysLiteral) { EXPECT_EQ(ToTelegramHtml("a ** b"), "a ** b"); }

TEST(TelegramRender, SendMessageWithHtmlKeyboardAndIntegerChatId) {
  dialogs::Reply reply{
      "**Hi** <you>",
      {{{"I understand", "consent:yes", ""}}, {{"Book", "", "https://example.org/book"}}}};
  auto calls = TelegramRenderer().Render(
      {reply}, ReplyAddress::Chat("508123456", storage::ChatScope::kPrivate, 3));
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "sendMessage");
  EXPECT_EQ(calls[0].platform, "telegram");
  EXPECT_EQ(calls[0].runner_id, 3);
  const json p = json::parse(calls[0].payload);
  EXPECT_EQ(p["chat_id"], 508123456);
  EXPECT_EQ(p["text"], "<b>Hi</b> &lt;you&gt;");
  EXPECT_EQ(p["parse_mode"], "HTML");
  EXPECT_FALSE(p.contains("message_thread_id"));
  EXPECT_EQ(p["reply_markup"]["inline_keyboard"][0][0]["callback_data"], "consent:yes");
  EXPECT_EQ(p["reply_markup"]["inline_keyboard"][1][0]["url"], "https://example.org/book");
  EXPECT_FALSE(p["reply_markup"]["inline_keyboard"][1][0].contains("callback_data"));
}

TEST(TelegramRender, ForumTopicRepliesStayInTheTopic) {
  ReplyAddress topic = ReplyAddress::Chat("-1001987654322", storage::ChatScope::kGroup);
  topic.thread_id = "300";
  auto calls = TelegramRenderer().Render({{"hi", {}}}, topic);
  const json p = json::parse(calls[0].payload);
  EXPECT_EQ(p["chat_id"], -1001987654322);
  EXPECT_EQ(p["message_thread_id"], 300);
  EXPECT_FALSE(p.contains("reply_markup"));
}

TEST(TelegramRender, LongRepliesSplitAtParagraphsWithButtonsOnTheLast) {
  const std::string paragraph(3000, 'x');
  dialogs::Reply reply{paragraph + "\n\n" + paragraph + "\n\n" + "end", {{{"OK", "ok", ""}}}};
  auto calls =
      TelegramRenderer().Render({reply}, ReplyAddress::Chat("1", storage::ChatScope::kPrivate));
  ASSERT_EQ(calls.size(), 2u);
  const json first = json::parse(calls[0].payload);
  const json second = json::parse(calls[1].payload);
  EXPECT_EQ(first["text"], paragraph);
  EXPECT_EQ(second["text"], paragraph + "\n\nend");
  EXPECT_FALSE(first.contains("reply_markup"));
  EXPECT_TRUE(second.contains("reply_markup"));
}

TEST(TelegramRender, ButtonPressIsAnsweredAndOtherMessagesAreNot) {
  Envelope press;
  press.callback_id = "4382bfdwdsb323b2d9";
  const ReplyAddress to = ReplyAddress::Chat("1", storage::ChatScope::kPrivate);
  auto ack = TelegramRenderer().Acknowledge(press, to);
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->method, "answerCallbackQuery");
  EXPECT_EQ(json::parse(ack->payload)["callback_query_id"], "4382bfdwdsb323b2d9");
  EXPECT_FALSE(TelegramRenderer().Acknowledge(Envelope{}, to));
}

TEST(TelegramRenderer, AStartLinkNeedsTheBotsName) {
  EXPECT_EQ(TelegramRenderer("AchillesCoachBot").StartLink("K7Q2"),
            "https://t.me/AchillesCoachBot?start=K7Q2");
  EXPECT_EQ(TelegramRenderer().StartLink("K7Q2"), "") << "no name, no link";
}

}  // namespace
}  // namespace achilles::bot
