#include "dialogs/red_flags.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/fixtures.h"

namespace achilles::dialogs {
namespace {

using achilles::testing::ShippedContent;

const RedFlagScanner& Scanner() {
  static const RedFlagScanner scanner(ShippedContent().red_flags, ShippedContent().shoe_switch,
                                      ShippedContent().flare_up);
  return scanner;
}

struct Case {
  const char* rule;
  const char* text;
  RedFlag flag;
};

void PrintTo(const Case& c, std::ostream* out) { *out << c.rule << ": " << c.text; }

class RedFlagRules : public ::testing::TestWithParam<Case> {};

TEST_P(RedFlagRules, AreRecognisedInTheRunnersWords) {
  const auto found = Scanner().Scan(GetParam().text);
  ASSERT_FALSE(found.empty()) << GetParam().text;
  EXPECT_EQ(found.front(), GetParam().flag);
  EXPECT_STREQ(RuleOf(found.front()), GetParam().rule);
}

INSTANTIATE_TEST_SUITE_P(
    Clinical, RedFlagRules,
    ::testing::Values(
        Case{"R1", "Felt a pop at the back of my heel on the hill", RedFlag::kSuspectedRupture},
        Case{"R1", "it felt like someone KICKED me in the calf", RedFlag::kSuspectedRupture},
        Case{"R1", "I can't stand on tiptoe on my left leg", RedFlag::kSuspectedRupture},
        Case{"R1", "I can’t push off since this morning", RedFlag::kSuspectedRupture},
        Case{"R1", "sudden sharp pain mid run, had to walk home", RedFlag::kSuspectedRupture},
        Case{"R2", "GP gave me ciprofloxacin for a UTI last month", RedFlag::kFluoroquinolone},
        Case{"R2", "on levofloxacin", RedFlag::kFluoroquinolone},
        Case{"R3", "there's redness and it's warm to the touch", RedFlag::kInfection},
        Case{"R3", "I have a fever and the heel is very swollen", RedFlag::kInfection},
        Case{"R3", "small wound over the tendon from my shoe", RedFlag::kInfection},
        Case{"R4", "pins and needles under my heel", RedFlag::kNotTendinopathy},
        Case{"R4", "the numbness is new", RedFlag::kNotTendinopathy},
        Case{"R4", "it wakes me at night", RedFlag::kNotTendinopathy},
        Case{"R4", "it even hurts when cycling", RedFlag::kNotTendinopathy},
        Case{"R5", "found a lump on both tendons", RedFlag::kSystemic},
        Case{"R5", "family history of early heart disease", RedFlag::kSystemic},
        Case{"R6", "physio suggested a cortisone injection", RedFlag::kSteroidInjection},
        Case{"R6", "should I get a steroid shot", RedFlag::kSteroidInjection}));

TEST(RedFlags, OrdinaryCheckInsRaiseNothing) {
  for (const char* text : {"stiffness 3 pain 2 ran 6km", "stiff for 20 min, pain 3 on my 6k",
                           "did the rehab, felt good", "easy 30 min on the bike, no pain",
                           "popular route today, 8k", "heel raises done, calves tired", ""}) {
    EXPECT_TRUE(Scanner().Scan(text).empty()) << text;
  }
}

TEST(RedFlags, NegatedPhrasesDoNotCount) {
  EXPECT_TRUE(Scanner().Scan("no pop, no snap, just stiff").empty());
  EXPECT_TRUE(Scanner().Scan("never snapped, not popped").empty());
  EXPECT_TRUE(Scanner().Scan("no fever and no redness").empty());
  EXPECT_TRUE(Scanner().Scan("never had a steroid injection").empty());
  EXPECT_FALSE(Scanner().Scan("no pain until it popped").empty()) << "negation is local";
}

TEST(RedFlags, ForR1OnlyAnAdjacentNegationCountsAndNegationEndsAtItsClause) {
  EXPECT_FALSE(Scanner().Scan("I didn't feel any pop").empty()) << "R1: not adjacent";
  EXPECT_FALSE(Scanner().Scan("not sure, popped").empty());
  EXPECT_FALSE(Scanner().Scan("no, I can't tiptoe").empty());
  EXPECT_FALSE(Scanner().Scan("no pain at first but then it snapped").empty());
  EXPECT_FALSE(Scanner().Scan("without warning it snapped").empty());
  EXPECT_FALSE(Scanner().Scan("no redness, fever since last night").empty()) << "R3 after a comma";
}

TEST(RedFlags, RunningJargonIsNotARedFlag) {
  for (const char* text :
       {"kicked at the finish, felt great", "popped a gel at 10k", "cold snap, ran in gloves",
        "painkillers kicked in", "race kicked off at 9", "might pop to the shops later",
        "hay fever is awful today", "wound up doing 8k", "the numbers look better this week",
        "had my flu injection yesterday", "covid jab today, arm sore"}) {
    EXPECT_TRUE(Scanner().Scan(text).empty()) << text;
  }
}

TEST(RedFlags, TheNewRulesR26AndR27) {
  EXPECT_EQ(Scanner().Scan("calf is swollen and hot since the long flight").front(),
            RedFlag::kClot);
  EXPECT_EQ(Scanner().Scan("swollen calf and I'm short of breath at rest").front(),
            RedFlag::kEmergency);
  EXPECT_TRUE(IsStop(RedFlag::kClot));
  EXPECT_EQ(Scanner().Scan("I have psoriasis and both heels hurt").front(), RedFlag::kInflammatory);
  EXPECT_FALSE(IsStop(RedFlag::kInflammatory));
  EXPECT_STREQ(RuleOf(RedFlag::kInflammatory), "R27");
}

TEST(RedFlags, TheMostUrgentComesFirstAndEachOnce) {
  const auto found = Scanner().Scan("numb toes, and then a pop, another pop, and a fever");
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0], RedFlag::kSuspectedRupture);
  EXPECT_EQ(found[1], RedFlag::kInfection);
  EXPECT_EQ(found[2], RedFlag::kNotTendinopathy);
}

TEST(RedFlags, OneReadSaysWhatScanAndTheMentionsSayApart) {
  const char* text = "It flared up again after I tried zero drop shoes, and there's a fever";
  const auto reading = Scanner().Read(text);
  EXPECT_EQ(reading.flags, std::vector<RedFlag>{RedFlag::kInfection});
  EXPECT_TRUE(reading.shoe_switch);
  EXPECT_TRUE(reading.flare_up);
  EXPECT_EQ(Scanner().Scan(text), reading.flags);
  EXPECT_TRUE(Scanner().MentionsShoeSwitch(text));
  EXPECT_TRUE(Scanner().MentionsFlareUp(text));

  const auto calm = Scanner().Read("stiff for ten minutes, did the heel raises");
  EXPECT_TRUE(calm.flags.empty());
  EXPECT_FALSE(calm.shoe_switch);
  EXPECT_FALSE(calm.flare_up);
}

TEST(RedFlags, AnExceptionExcusesOnlyItsOwnRulesMatchAndOnlyTheOneItHolds) {
  // "hay fever" excuses R3's "fever", not R1's pop in the same text.
  EXPECT_EQ(Scanner().Scan("hay fever all week and my achilles popped"),
            std::vector<RedFlag>{RedFlag::kSuspectedRupture});
  // "cold snap" holds the first snap only: the tendon's snap later counts.
  EXPECT_TRUE(Scanner().Scan("a cold snap this week").empty());
  EXPECT_EQ(Scanner().Scan("a cold snap this week and my achilles snapped"),
            std::vector<RedFlag>{RedFlag::kSuspectedRupture});
  // An exception that starts before the match still holds it ("oh snap"), and one that must
  // end its clause holds only there ("kicked in $").
  EXPECT_TRUE(Scanner().Scan("oh snap, I forgot my shoes").empty());
  EXPECT_TRUE(Scanner().Scan("the painkillers finally kicked in").empty());
  EXPECT_EQ(Scanner().Scan("something kicked in my heel mid run"),
            std::vector<RedFlag>{RedFlag::kSuspectedRupture});
}

TEST(RedFlags, StopAndConsultTiers) {
  EXPECT_TRUE(IsStop(RedFlag::kSuspectedRupture));
  EXPECT_TRUE(IsStop(RedFlag::kFluoroquinolone));
  EXPECT_TRUE(IsStop(RedFlag::kInfection));
  EXPECT_FALSE(IsStop(RedFlag::kNotTendinopathy));
  EXPECT_FALSE(IsStop(RedFlag::kSystemic));
  EXPECT_FALSE(IsStop(RedFlag::kSteroidInjection));
}

TEST(RedFlags, ContentWithoutEveryRuleIsRefused) {
  achilles::testing::TempDir dir;
  std::filesystem::copy_file(BuiltInContentDir() / "texts.json", dir.path() / "texts.json");
  std::ofstream(dir.path() / "red_flags.json") << R"({"suspected_rupture": ["pop"]})";
  auto content = LoadContent(dir.path());
  ASSERT_FALSE(content);
  EXPECT_NE(content.error().message.find("emergency"), std::string::npos);
}

}  // namespace
}  // namespace achilles::dialogs
