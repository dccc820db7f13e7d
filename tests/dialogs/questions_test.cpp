#include "dialogs/questions.h"

#include <gtest/gtest.h>

#include "dialogs/coach.h"
#include "dialogs/text.h"
#include "tests/support/fixtures.h"

namespace achilles::dialogs {
namespace {

using achilles::testing::ShippedContent;

TEST(Questions, EveryButtonFitsTelegramsSixtyFourBytesOfCallbackData) {
  const Questions& q = ShippedContent().questions;
  std::vector<std::pair<const Question*, const char*>> all;
  for (const auto& question : q.onboarding) {
    all.emplace_back(&question, "ob");
    all.emplace_back(&question, "settings");
  }
  for (const auto& question : q.checkin) all.emplace_back(&question, "ci");
  for (const auto& question : q.gates) all.emplace_back(&question, "gt");
  all.emplace_back(&q.barrier, "br");
  for (const auto& [question, flow] : all) {
    for (const auto& row : AskQuestion(*question, flow, "Skip").keyboard) {
      for (const auto& button : row) {
        EXPECT_LE(button.payload.size(), 64u) << button.payload;
        EXPECT_TRUE(ParsePayload(button.payload)) << button.payload;
      }
    }
  }
  EXPECT_LE(std::string(kConsentPayload).size(), 64u);
}

TEST(Questions, ScaleQuestionsOfferZeroToTenAndASkipWhenTheyHaveOne) {
  const Question* pain = Questions::Find(ShippedContent().questions.onboarding, "raisepain");
  ASSERT_NE(pain, nullptr);
  const Reply reply = AskQuestion(*pain, "ob", "Skip");
  ASSERT_EQ(reply.keyboard.size(), 3u);
  EXPECT_EQ(reply.keyboard[0].front().payload, "ob:raisepain:0");
  EXPECT_EQ(reply.keyboard[1].back().payload, "ob:raisepain:10");
  EXPECT_EQ(reply.keyboard[2].front().label, "Skip");
}

TEST(Questions, TypedAnswersByKind) {
  const Questions& q = ShippedContent().questions;
  const Question* stiff = Questions::Find(q.checkin, "stiff");
  EXPECT_EQ(TypedAnswer(*stiff, " 4 "), "4");
  EXPECT_EQ(TypedAnswer(*stiff, "4/10"), "4");
  EXPECT_FALSE(TypedAnswer(*stiff, "11"));
  const Question* ran = Questions::Find(q.checkin, "ran");
  EXPECT_EQ(TypedAnswer(*ran, "6.5km"), "6.5");
  EXPECT_EQ(TypedAnswer(*ran, "ran 30 min"), "30min");
  EXPECT_EQ(TypedAnswer(*ran, "no run"), "0");
  const Question* session = Questions::Find(q.checkin, "session");
  EXPECT_EQ(TypedAnswer(*session, "YES"), "yes");
  const Question* tz = Questions::Find(q.onboarding, "tz");
  EXPECT_EQ(TypedAnswer(*tz, "Asia/Kolkata"), "Asia/Kolkata");
  EXPECT_EQ(TypedAnswer(*tz, "utc-5:30"), "UTC-5:30");
  EXPECT_EQ(TypedAnswer(*tz, "berlin"), "Europe/Berlin") << "a button label";
  EXPECT_FALSE(TypedAnswer(*tz, "somewhere warm"));
  const Question* time = Questions::Find(q.onboarding, "time");
  EXPECT_EQ(TypedAnswer(*time, "6:45"), "06:45");
  EXPECT_EQ(TypedAnswer(*time, "0715"), "07:15");
  EXPECT_FALSE(TypedAnswer(*time, "25:00"));
}

TEST(Questions, PayloadsRoundTrip) {
  const auto answer = ParsePayload(Payload("ob", "tz", "America/New_York"));
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->flow, "ob");
  EXPECT_EQ(answer->id, "tz");
  EXPECT_EQ(answer->value, "America/New_York");
  EXPECT_FALSE(ParsePayload("nonsense"));
  EXPECT_FALSE(ParsePayload(":x:y"));
}

}  // namespace
}  // namespace achilles::dialogs

namespace achilles::dialogs {
namespace {

TEST(Utf8, TextIsCutByCharactersAndInvalidBytesAreReplaced) {
  EXPECT_EQ(Utf8Prefix("Марафон", 3), "Мар");
  EXPECT_EQ(Utf8Prefix("ab🏃cd", 3), "ab🏃");
  EXPECT_EQ(Utf8Length("ab🏃cd"), 5u);
  EXPECT_EQ(ValidUtf8("ok\xff\xfe!"), "ok\xEF\xBF\xBD\xEF\xBF\xBD!");
  EXPECT_EQ(Utf8Prefix("x\xD0", 5), "x\xEF\xBF\xBD") << "a cut character becomes U+FFFD";
}

// The case: a long non-English goal cut at 500 bytes split a character, and the JSON
// of the profile could not be written: HTTP 500 for every later message.
TEST(Utf8, ALongNonEnglishTypedAnswerIsCutWholeCharacters) {
  Question goal;
  goal.id = "goal";
  goal.typed = Typed::kText;
  std::string text = "ab";
  for (int i = 0; i < 40; ++i) text += "Марафон в Берлине ";
  const auto answer = TypedAnswer(goal, text);
  ASSERT_TRUE(answer);
  EXPECT_EQ(Utf8Length(*answer), 500u);
  EXPECT_EQ(ValidUtf8(*answer), *answer) << "valid UTF-8, no split character";
}

}  // namespace
}  // namespace achilles::dialogs
