#include "dialogs/coach.h"

#include <gtest/gtest.h>

#include "tests/support/fixtures.h"

namespace achilles::dialogs {
namespace {

using achilles::testing::ShippedContent;
using std::chrono::sys_days;
using namespace std::chrono_literals;

const TimePoint kNow = sys_days{std::chrono::November / 24 / 2026} + 7h;

Inbound Command(std::string name, std::string args = "", ChatKind chat = ChatKind::kPrivate) {
  return Inbound{InboundKind::kCommand, chat, "Maya", std::move(args), std::move(name), ""};
}
Inbound Text(std::string text, ChatKind chat = ChatKind::kPrivate) {
  return Inbound{InboundKind::kText, chat, "Maya", std::move(text), "", ""};
}
Inbound Press(std::string payload) {
  return Inbound{InboundKind::kButton, ChatKind::kPrivate, "Maya", "", "", std::move(payload)};
}
RunnerState Consented() { return RunnerState{kNow - 24h, ""}; }

class CoachTest : public ::testing::Test {
 protected:
  Coach coach_{ShippedContent()};
};

TEST_F(CoachTest, StartWelcomesSaysNotMedicalAdviceAndAsksForConsent) {
  const Decision d = coach_.Decide(RunnerState{}, Command("start"), kNow);
  ASSERT_EQ(d.replies.size(), 1u);
  EXPECT_NE(d.replies[0].text.find("Hi Maya!"), std::string::npos);
  EXPECT_NE(d.replies[0].text.find("not medical advice"), std::string::npos);
  EXPECT_NE(d.replies[0].text.find("same-day urgent care"), std::string::npos);
  ASSERT_EQ(d.replies[0].keyboard.size(), 1u);
  EXPECT_EQ(d.replies[0].keyboard[0][0].label, "I understand");
  EXPECT_EQ(d.replies[0].keyboard[0][0].payload, kConsentPayload);
  EXPECT_FALSE(d.state.consented_at);
}

TEST_F(CoachTest, ConsentButtonStoresTheTimeOfConsent) {
  const Decision d = coach_.Decide(RunnerState{}, Press(kConsentPayload), kNow);
  ASSERT_TRUE(d.state.consented_at);
  EXPECT_EQ(*d.state.consented_at, kNow);
  ASSERT_EQ(d.replies.size(), 2u);
  EXPECT_NE(d.replies[0].text.find("Thanks, Maya"), std::string::npos);
  EXPECT_NE(d.replies[1].text.find("/help"), std::string::npos);
}

TEST_F(CoachTest, SecondConsentKeepsTheFirstTimeAndSaysWhen) {
  const RunnerState state = Consented();
  const Decision d = coach_.Decide(state, Press(kConsentPayload), kNow);
  EXPECT_EQ(d.state, state);
  ASSERT_EQ(d.replies.size(), 1u);
  EXPECT_NE(d.replies[0].text.find("2026-11-23"), std::string::npos);
}

TEST_F(CoachTest, StartAfterConsentWelcomesBackWithoutAskingAgain) {
  const Decision d = coach_.Decide(Consented(), Command("start"), kNow);
  ASSERT_EQ(d.replies.size(), 2u);
  EXPECT_NE(d.replies[0].text.find("Welcome back, Maya"), std::string::npos);
  EXPECT_TRUE(d.replies[0].keyboard.empty());
}

TEST_F(CoachTest, DeepLinkCodeIsKeptAndJunkIsNot) {
  EXPECT_EQ(coach_.Decide(RunnerState{}, Command("start", "SQUAD-7KQ2"), kNow).state.referral_code,
            "SQUAD-7KQ2");
  EXPECT_EQ(coach_.Decide(RunnerState{}, Command("start", "<script>"), kNow).state.referral_code,
            "");
  EXPECT_EQ(coach_.Decide(RunnerState{}, Command("start", std::string(65, 'a')), kNow)
                .state.referral_code,
            "");
}

TEST_F(CoachTest, HelpListsCommandsAndTheNotice) {
  const Decision d = coach_.Decide(RunnerState{}, Command("help"), kNow);
  ASSERT_EQ(d.replies.size(), 1u);
  EXPECT_NE(d.replies[0].text.find("/start"), std::string::npos);
  EXPECT_NE(d.replies[0].text.find("/help"), std::string::npos);
  EXPECT_NE(d.replies[0].text.find("not medical advice"), std::string::npos);
}

TEST_F(CoachTest, UnknownCommandGetsTheHelpText) {
  const Decision d = coach_.Decide(Consented(), Command("frobnicate"), kNow);
  ASSERT_EQ(d.replies.size(), 1u);
  EXPECT_NE(d.replies[0].text.find("I don't know /frobnicate."), std::string::npos);
  EXPECT_NE(d.replies[0].text.find("/help"), std::string::npos);
}

TEST_F(CoachTest, TextBeforeConsentAsksForConsentAgain) {
  const Decision d = coach_.Decide(RunnerState{}, Text("my heel hurts"), kNow);
  ASSERT_EQ(d.replies.size(), 1u);
  EXPECT_NE(d.replies[0].text.find("press **I understand**"), std::string::npos);
  ASSERT_FALSE(d.replies[0].keyboard.empty());
}

TEST_F(CoachTest, TextAfterConsentGetsAHelpfulReplyNotSilence) {
  const Decision d = coach_.Decide(Consented(), Text("hello?"), kNow);
  ASSERT_EQ(d.replies.size(), 1u);
  EXPECT_NE(d.replies[0].text.find("/help"), std::string::npos);
}

TEST_F(CoachTest, StickersInAPrivateChatGetAskedForText) {
  Inbound sticker{InboundKind::kUnsupported, ChatKind::kPrivate, "Maya", "", "", ""};
  const Decision d = coach_.Decide(Consented(), sticker, kNow);
  ASSERT_EQ(d.replies.size(), 1u);
  EXPECT_NE(d.replies[0].text.find("only read text"), std::string::npos);
}

TEST_F(CoachTest, GroupChatterAndMediaGetSilence) {
  EXPECT_TRUE(
      coach_.Decide(Consented(), Text("morning all", ChatKind::kGroup), kNow).replies.empty());
  Inbound sticker{InboundKind::kUnsupported, ChatKind::kGroup, "Maya", "", "", ""};
  EXPECT_TRUE(coach_.Decide(Consented(), sticker, kNow).replies.empty());
}

TEST_F(CoachTest, StartInAGroupPointsToAPrivateChat) {
  const Decision d = coach_.Decide(RunnerState{}, Command("start", "", ChatKind::kGroup), kNow);
  ASSERT_EQ(d.replies.size(), 1u);
  EXPECT_NE(d.replies[0].text.find("privately"), std::string::npos);
  EXPECT_TRUE(d.replies[0].keyboard.empty());
}

TEST_F(CoachTest, StaleButtonSaysSoAndHelps) {
  const Decision d = coach_.Decide(Consented(), Press("old:payload"), kNow);
  ASSERT_EQ(d.replies.size(), 1u);
  EXPECT_NE(d.replies[0].text.find("no longer active"), std::string::npos);
}

TEST_F(CoachTest, MissingNameReadsNaturally) {
  Inbound start = Command("start");
  start.sender_name = "";
  EXPECT_NE(coach_.Decide(RunnerState{}, start, kNow).replies[0].text.find("Hi there!"),
            std::string::npos);
  Inbound press = Press(kConsentPayload);
  press.sender_name = "";
  EXPECT_NE(coach_.Decide(RunnerState{}, press, kNow).replies[0].text.find("Thanks. You're"),
            std::string::npos);
}

}  // namespace
}  // namespace achilles::dialogs
