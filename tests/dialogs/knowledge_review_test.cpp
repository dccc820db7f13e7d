#include "dialogs/knowledge_review.h"

#include <gtest/gtest.h>

#include "tests/support/fixtures.h"

namespace achilles::dialogs {
namespace {

using Kind = CoachEvent::Kind;

const KnowledgeBase& Shipped() {
  static const KnowledgeBase base(achilles::testing::ShippedContent().knowledge);
  return base;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(KnowledgeReview, NothingKeptSaysSoAndWhy) {
  const std::string text = KnowledgeReviewText(Shipped(), {}, 30);
  EXPECT_TRUE(Has(text, "Questions in the last 30 days: 0 from 0 runners")) << text;
  EXPECT_TRUE(Has(text, "consented")) << text;
}

TEST(KnowledgeReview, GroupsWhatItWasNotSureOfAndLinksAMissToItsQuestion) {
  const std::vector<RunnerEvent> events = {
      {1, {Kind::kQuestionUnsure, "ice,heat,swelling_red: is icing it a good idea?"}},
      {2, {Kind::kQuestionUnsure, "ice,heat: Is  icing it a good idea"}},
      {2, {Kind::kQuestionUnsure, "eccentric,hsr_dose: whats eccentric training"}},
      {1, {Kind::kQuestionAnswered, "hsr_dose: can i do hill sprints"}},
      {1, {Kind::kQuestionAnswered, "hsr_dose: how heavy should the calf raises be"}},
      {3, {Kind::kQuestionAnswered, "hsr_dose: how many sets"}},
      {1, {Kind::kAnswerFeedback, "hsr_dose: missed"}},
      {3, {Kind::kAnswerFeedback, "hsr_dose: helped"}},
      {3, {Kind::kQuestionOutOfScope, "my knee hurts"}},
      {2, {Kind::kQuestionOutOfScope, "whats the weather like"}},
      {3, {Kind::kQuestionAnswered, "retired_topic: an old one"}},
      {3, {Kind::kRedFlag, "R1: felt a pop"}},  // not a question: left out
  };
  const std::string text = KnowledgeReviewText(Shipped(), events, 7);
  EXPECT_TRUE(Has(text, "Questions in the last 7 days: 9 from 3 runners.")) << text;
  EXPECT_TRUE(Has(text, "Answered 4, not sure 3, outside what it knows 2.")) << text;
  EXPECT_TRUE(Has(text, "marked helpful 1, not what was asked 1")) << text;
  // The same question in another case and spacing counts once, twice; the larger group first.
  const auto ice = text.find("  ice \"");
  const auto eccentric = text.find("  eccentric \"");
  ASSERT_NE(ice, std::string::npos) << text;
  ASSERT_NE(eccentric, std::string::npos) << text;
  EXPECT_LT(ice, eccentric);
  EXPECT_TRUE(Has(text, "    is icing it a good idea (2)\n")) << text;
  // The miss is shown with the runner's last question on that topic, not another runner's.
  const auto missed = text.find("Not what I asked");
  ASSERT_NE(missed, std::string::npos) << text;
  EXPECT_TRUE(Has(text.substr(missed), "    how heavy should the calf raises be\n")) << text;
  EXPECT_FALSE(Has(text.substr(missed, text.find("Outside") - missed), "how many sets")) << text;
  EXPECT_TRUE(Has(text, "    my knee hurts\n")) << text;
  EXPECT_TRUE(Has(text, "  (no topic near): 1\n    whats the weather like\n")) << text;
  EXPECT_TRUE(Has(text, "hsr_dose \"")) << text;
  EXPECT_TRUE(Has(text, ": 3 (1 / 1)")) << text;
  EXPECT_TRUE(Has(text, "retired_topic (no longer in the base): 1")) << text;
  EXPECT_FALSE(Has(text, "felt a pop")) << text;
}

TEST(KnowledgeReview, ManyQuestionsUnderOneTopicShowTheCommonestAndCountTheRest) {
  std::vector<RunnerEvent> events;
  for (int i = 0; i < 12; ++i) {
    events.push_back({i, {Kind::kQuestionUnsure, "ice: question number " + std::to_string(i)}});
  }
  events.push_back({99, {Kind::kQuestionUnsure, "ice: question number 11"}});
  const std::string text = KnowledgeReviewText(Shipped(), events, 30);
  EXPECT_TRUE(Has(text, "  ice \"")) << text;
  EXPECT_TRUE(Has(text, ": 13\n    question number 11 (2)\n")) << "the commonest first\n" << text;
  EXPECT_TRUE(Has(text, "    and 4 more\n")) << text;
}

}  // namespace
}  // namespace achilles::dialogs
