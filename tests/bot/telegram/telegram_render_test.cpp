#include "bot/telegram/telegram_render.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "charts/chart_png.h"

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

// Issue 16: one message a second per chat spread a decision's replies over seconds. Text replies
// in a row go as one message, a blank line between, the last one's buttons under it.
TEST(TelegramRender, ADecisionsTextRepliesGoAsOneMessageWithTheLastOnesButtons) {
  auto calls = TelegramRenderer().Render(
      {{"**Thanks**, Maya.", {}}, {"Which Achilles hurts?", {{{"Left", "side:left", ""}}}}},
      ReplyAddress::Chat("1", storage::ChatScope::kPrivate));
  ASSERT_EQ(calls.size(), 1u);
  const json p = json::parse(calls[0].payload);
  EXPECT_EQ(p["text"], "<b>Thanks</b>, Maya.\n\nWhich Achilles hurts?");
  EXPECT_EQ(p["reply_markup"]["inline_keyboard"][0][0]["callback_data"], "side:left");
}

TEST(TelegramRender, AReplyWithButtonsEndsItsMessage) {
  auto calls = TelegramRenderer().Render(
      {{"Did it hurt?", {{{"Yes", "y", ""}}}}, {"One more thing.", {}}, {"And another.", {}}},
      ReplyAddress::Chat("1", storage::ChatScope::kPrivate));
  ASSERT_EQ(calls.size(), 2u) << "the buttons stay under the question they answer";
  EXPECT_EQ(json::parse(calls[0].payload)["text"], "Did it hurt?");
  EXPECT_TRUE(json::parse(calls[0].payload).contains("reply_markup"));
  EXPECT_EQ(json::parse(calls[1].payload)["text"], "One more thing.\n\nAnd another.");
}

TEST(TelegramRender, RepliesAreJoinedOnlyWhileTheyFitInOneMessage) {
  const std::string long_text(3000, 'x');
  auto calls = TelegramRenderer().Render({{long_text, {}}, {long_text, {}}, {"end", {}}},
                                         ReplyAddress::Chat("1", storage::ChatScope::kPrivate));
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(json::parse(calls[0].payload)["text"], long_text);
  EXPECT_EQ(json::parse(calls[1].payload)["text"], long_text + "\n\nend");
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

dialogs::Reply ChartReply(std::string text) {
  dialogs::Reply reply{std::move(text), {{{"Plan", "plan", ""}}}};
  reply.chart = dialogs::Chart{.runner = dialogs::RunnerChart{.title = "Your last 6 weeks"}};
  return reply;
}

TEST(TelegramRender, AChartIsAPhotoCaptionedWithTheReplyWhenItFits) {
  const auto reply = ChartReply("**Week by week** stiffness 2.0");
  auto calls =
      TelegramRenderer().Render({reply}, ReplyAddress::Chat("7", storage::ChatScope::kPrivate));
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "sendPhoto");
  const json p = json::parse(calls[0].payload);
  EXPECT_EQ(p["chat_id"], 7);
  EXPECT_EQ(p["caption"], "<b>Week by week</b> stiffness 2.0");
  EXPECT_EQ(p["parse_mode"], "HTML");
  EXPECT_EQ(p["reply_markup"]["inline_keyboard"][0][0]["callback_data"], "plan");
  // The upload carries the chart's data, drawn when it is sent.
  ASSERT_EQ(calls[0].uploads.size(), 1u);
  EXPECT_EQ(calls[0].uploads[0].field, "photo");
  EXPECT_TRUE(calls[0].uploads[0].chart);
  EXPECT_EQ(charts::ChartFromJson(calls[0].uploads[0].content).value(), *reply.chart);
  // If it cannot be sent, the same words and buttons go as a message.
  ASSERT_TRUE(calls[0].fallback);
  EXPECT_EQ(calls[0].fallback->method, "sendMessage");
  const json instead = json::parse(calls[0].fallback->payload);
  EXPECT_EQ(instead["text"], p["caption"]);
  EXPECT_EQ(instead["reply_markup"], p["reply_markup"]);
}

TEST(TelegramRender, AReplyTooLongForACaptionGoesFirstAndThePhotoFollows) {
  const std::string words(1100, 'w');  // over the 1,024-character caption
  auto calls = TelegramRenderer().Render({ChartReply(words)},
                                         ReplyAddress::Chat("7", storage::ChatScope::kPrivate));
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].method, "sendMessage");
  const json text = json::parse(calls[0].payload);
  EXPECT_EQ(text["text"], words);
  EXPECT_FALSE(text.contains("reply_markup")) << "the buttons go on the last message";
  EXPECT_EQ(calls[1].method, "sendPhoto");
  const json photo = json::parse(calls[1].payload);
  EXPECT_EQ(photo["caption"], "<b>Your last 6 weeks</b>");
  EXPECT_TRUE(photo.contains("reply_markup"));
  const json instead = json::parse(calls[1].fallback->payload);
  EXPECT_NE(instead["text"].get<std::string>().find("numbers are in the message above"),
            std::string::npos);
  EXPECT_TRUE(instead.contains("reply_markup"));
}

TEST(TelegramRender, AChartIsNeverJoinedToTheTextAroundIt) {
  auto calls = TelegramRenderer().Render({{"Before.", {}}, ChartReply("Chart."), {"After.", {}}},
                                         ReplyAddress::Chat("7", storage::ChatScope::kPrivate));
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].method, "sendMessage");
  EXPECT_EQ(calls[1].method, "sendPhoto");
  EXPECT_EQ(calls[2].method, "sendMessage");
}

TEST(TelegramRender, FilesAreDocumentsWithTheButtonsOnTheLast) {
  dialogs::Reply reply{"Your record, in two files.", {{{"OK", "ok", ""}}}};
  reply.files = {{"achilles-export-2026-12-04.json", "application/json", "{}"},
                 {"achilles-export-2026-12-04.csv", "text/csv", "date\r\n"}};
  auto calls =
      TelegramRenderer().Render({reply}, ReplyAddress::Chat("7", storage::ChatScope::kPrivate));
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].method, "sendMessage");
  EXPECT_FALSE(json::parse(calls[0].payload).contains("reply_markup"));
  for (std::size_t i = 1; i < 3; ++i) {
    EXPECT_EQ(calls[i].method, "sendDocument");
    ASSERT_EQ(calls[i].uploads.size(), 1u);
    EXPECT_EQ(calls[i].uploads[0].field, "document");
    EXPECT_FALSE(calls[i].uploads[0].chart);
    EXPECT_EQ(calls[i].uploads[0].filename, reply.files[i - 1].name);
    EXPECT_EQ(calls[i].uploads[0].content, reply.files[i - 1].content);
    EXPECT_EQ(json::parse(calls[i].payload)["caption"], reply.files[i - 1].name);
    ASSERT_TRUE(calls[i].fallback);
  }
  EXPECT_FALSE(json::parse(calls[1].payload).contains("reply_markup"));
  EXPECT_TRUE(json::parse(calls[2].payload).contains("reply_markup"));
}

}  // namespace
}  // namespace achilles::bot
