// Messages the bot starts (the check-in prompt, the reminder, the weekly review) and the
// questionnaires that follow the review, including R20 on a clinic's outcome questionnaire.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/dialogs/chat.h"

namespace achilles::dialogs {
namespace {

using achilles::testing::ReadFixture;
using achilles::testing::TempDir;
using std::chrono::days;

// The shipped content plus a clinic's outcome questionnaire (tests/fixtures/content).
class ClinicContent {
 public:
  ClinicContent() {
    std::filesystem::copy(BuiltInContentDir(), dir_.path(),
                          std::filesystem::copy_options::recursive);
    std::ofstream(dir_.path() / "questionnaires" / "outcome_example.json")
        << ReadFixture("content/questionnaires/outcome_example.json");
    auto loaded = LoadContent(dir_.path());
    if (!loaded) throw std::runtime_error(loaded.error().message);
    content_ = std::move(*loaded);
  }
  const Content& content() const { return content_; }

 private:
  TempDir dir_;
  Content content_;
};

bool Asking(const Chat& chat, const std::string& asking) {
  return chat.state.conversation.asking == asking;
}

// Fills the last `count` days before today with check-ins.
void Week(Chat& chat, int count, int stiffness, double km) {
  for (int back = 1; back <= count; ++back) {
    CheckIn c = Morning(stiffness, true, 2, km);
    chat.state.recent.push_back(DayRecord{kToday - days(back), c});
  }
}

TEST(Prompts, TheCheckInPromptGreetsAndAsksTheFirstQuestion) {
  Chat chat;
  chat.Onboard();
  const Decision d = chat.Prompt(PromptKind::kCheckIn);
  EXPECT_TRUE(Has(Chat::AllText(d), "Good morning, Maya!"));
  ASSERT_FALSE(d.replies.back().keyboard.empty());
  EXPECT_EQ(d.replies.back().keyboard[0][0].payload.rfind("ci:stiff:", 0), 0u);
  EXPECT_TRUE(Asking(chat, "ci.stiff"));
  chat.Press("ci:stiff:2");
  EXPECT_TRUE(Asking(chat, "ci.ran"));
}

TEST(Prompts, TheReminderAsksTheOpenQuestionAgainNotFromTheStart) {
  Chat chat;
  chat.Onboard();
  chat.Prompt(PromptKind::kCheckIn);
  chat.Press("ci:stiff:2");
  const Decision d = chat.Prompt(PromptKind::kReminder);
  EXPECT_TRUE(Has(Chat::AllText(d), "still open"));
  EXPECT_TRUE(Asking(chat, "ci.ran"));
  EXPECT_EQ(chat.state.conversation.draft.morning_stiffness, 2) << "the answer so far is kept";
}

TEST(Prompts, TheWeeklyReviewSumsUpTheWeek) {
  Chat chat;
  chat.Onboard();
  Week(chat, 5, 3, 4.0);
  const Decision d = chat.Prompt(PromptKind::kWeeklyReview);
  const std::string text = Chat::AllText(d);
  EXPECT_TRUE(Has(text, "**Your week** (17 Nov to 23 Nov)")) << text;
  EXPECT_TRUE(Has(text, "Check-ins: 5 of 7 days. Streak: 5 days in a row.")) << text;
  EXPECT_TRUE(Has(text, "Sessions done: 5 of 5 reported (100%)")) << text;
  EXPECT_TRUE(Has(text, "Morning stiffness: 3.0/10 on average")) << text;
  EXPECT_TRUE(Has(text, "Running: 20.0 km (week before: 0.0 km)")) << text;
  EXPECT_TRUE(Has(text, "Programme: Heavy slow resistance")) << text;
  EXPECT_TRUE(Has(text, "After today's check-in I'll ask the weekly check")) << text;
  EXPECT_EQ(chat.state.conversation.weekly_due, kToday);
}

TEST(Prompts, AQuietWeekIsSaidKindly) {
  Chat chat;
  chat.Onboard();
  EXPECT_TRUE(Has(Chat::AllText(chat.Prompt(PromptKind::kWeeklyReview)), "No check-ins this week"));
}

TEST(WeeklyCheck, FollowsTheNextCheckInAndIsTrackedAgainstTheFirstAndTheOtherSide) {
  Chat chat;
  chat.Onboard();  // sore side: left
  chat.Prompt(PromptKind::kWeeklyReview);
  Decision d = chat.Command("checkin", "stiffness 2 rehab 2");
  EXPECT_TRUE(Has(Chat::AllText(d), "**Weekly check**"));
  EXPECT_TRUE(Asking(chat, "wk.weekly.stiff_min"));
  chat.Press("wk:weekly.stiff_min:30");
  chat.Type("12");                     // heel raises, left
  chat.Type("25");                     // right
  chat.Press("wk:weekly.hop_pain:-");  // skipped
  d = chat.Type("4");                  // running function
  ASSERT_TRUE(d.questionnaire_result);
  EXPECT_EQ(d.questionnaire_result->questionnaire, "weekly");
  EXPECT_EQ(d.questionnaire_result->answers,
            (std::map<std::string, int>{
                {"stiff_min", 30}, {"raises_l", 12}, {"raises_r", 25}, {"run_func", 4}}));
  EXPECT_TRUE(Has(Chat::AllText(d), "Sore side: 48% of the other side."));
  EXPECT_FALSE(chat.state.conversation.weekly_due);
  EXPECT_TRUE(chat.state.conversation.asking.empty());

  // A week later: against the first check.
  chat.now += days(7);
  chat.Prompt(PromptKind::kWeeklyReview);
  chat.Command("checkin", "stiffness 1 rehab 1");
  chat.Press("wk:weekly.stiff_min:15");
  chat.Type("18");
  chat.Type("25");
  chat.Type("2");
  d = chat.Type("6");
  const std::string text = Chat::AllText(d);
  EXPECT_TRUE(Has(text, "Morning stiffness: 15 min (first check 30 min: better)")) << text;
  EXPECT_TRUE(Has(text, "Heel raises, left: 18 (first check 12: better)")) << text;
  EXPECT_TRUE(Has(text, "Heel raises, right: 25 (first check 25: the same)")) << text;
  EXPECT_TRUE(Has(text, "Sore side: 72% of the other side.")) << text;
}

TEST(WeeklyCheck, AnAnswerOutOfRangeIsAskedAgainAndNothingIsStored) {
  Chat chat;
  chat.Onboard();
  chat.Prompt(PromptKind::kWeeklyReview);
  chat.Command("checkin", "stiffness 2 rehab 2");
  const Decision d = chat.Type("900");
  EXPECT_TRUE(Has(Chat::AllText(d), "whole number from 0 to 240"));
  EXPECT_TRUE(Asking(chat, "wk.weekly.stiff_min"));
  EXPECT_FALSE(d.questionnaire_result);
  EXPECT_TRUE(chat.state.conversation.answers.empty());
}

TEST(WeeklyCheck, SkippingEverythingStoresNothing) {
  Chat chat;
  chat.Onboard();
  chat.Prompt(PromptKind::kWeeklyReview);
  chat.Command("checkin", "stiffness 2 rehab 2");
  Decision d;
  for (const char* item : {"stiff_min", "raises_l", "raises_r", "hop_pain", "run_func"}) {
    d = chat.Press(std::string("wk:weekly.") + item + ":-");
  }
  EXPECT_FALSE(d.questionnaire_result);
  EXPECT_TRUE(Has(Chat::AllText(d), "Nothing to save"));
}

TEST(WeeklyCheck, ReviewAfterTodaysCheckInAsksAtOnce) {
  Chat chat;
  chat.Onboard();
  chat.Command("checkin", "stiffness 2 rehab 2");
  chat.Prompt(PromptKind::kWeeklyReview);
  EXPECT_TRUE(Asking(chat, "wk.weekly.stiff_min"));
}

TEST(WeeklyCheck, AStaleQuestionnaireButtonIsNotStored) {
  Chat chat;
  chat.Onboard();
  const Decision d = chat.Press("wk:weekly.stiff_min:30");
  EXPECT_FALSE(d.questionnaire_result);
  EXPECT_TRUE(chat.state.conversation.answers.empty());
}

// R20 on a clinic's outcome questionnaire (content as data).

// The weekly check that follows the outcome questionnaire, skipped.
void SkipWeeklyCheck(Chat& chat) {
  for (const char* item : {"stiff_min", "raises_l", "raises_r", "hop_pain", "run_func"}) {
    ASSERT_TRUE(Asking(chat, std::string("wk.weekly.") + item)) << chat.state.conversation.asking;
    chat.Press(std::string("wk:weekly.") + item + ":-");
  }
}

void AnswerOutcome(Chat& chat, int stiffness, int stairs, const std::string& sport) {
  chat.Press("wk:outcome.q1:" + std::to_string(stiffness));
  chat.Press("wk:outcome.q2:" + std::to_string(stairs));
  chat.Press("wk:outcome.q3:" + sport);
  SkipWeeklyCheck(chat);
}

// A check-in, then the weekly review: the outcome questionnaire comes first (file name order).
void ReachOutcome(Chat& chat) {
  chat.Command("checkin", "stiffness 2 rehab 2 session yes");
  chat.Prompt(PromptKind::kWeeklyReview);
  ASSERT_TRUE(Asking(chat, "wk.outcome.q1")) << chat.state.conversation.asking;
}

TEST(R20, AnOutcomeScoreThatFallsTenPointsPromptsAConsult) {
  ClinicContent clinic;
  Chat chat(clinic.content());
  chat.Onboard();
  ReachOutcome(chat);
  ASSERT_TRUE(Asking(chat, "wk.outcome.q1"));
  AnswerOutcome(chat, 4, 4, "4");  // 6 + 6 + 4 = 16
  EXPECT_FALSE(HasEvent(chat, CoachEvent::Kind::kConsultPrompted));

  chat.now += days(28);
  ReachOutcome(chat);
  ASSERT_TRUE(Asking(chat, "wk.outcome.q1"));
  chat.Press("wk:outcome.q1:8");
  chat.Press("wk:outcome.q2:8");
  const Decision d = chat.Press("wk:outcome.q3:4");  // 2 + 2 + 4 = 8: fell 8, not yet
  EXPECT_FALSE(HasEvent(chat, CoachEvent::Kind::kConsultPrompted)) << Chat::AllText(d);
  SkipWeeklyCheck(chat);

  chat.now += days(28);
  ReachOutcome(chat);
  AnswerOutcome(chat, 10, 10, "0");  // 0: fell 8 more; 16 from the first is not "between checks"
  EXPECT_FALSE(HasEvent(chat, CoachEvent::Kind::kConsultPrompted));

  chat.now += days(28);
  ReachOutcome(chat);
  AnswerOutcome(chat, 0, 0, "10");  // 30
  chat.now += days(28);
  ReachOutcome(chat);
  const Decision fell = [&] {
    chat.Press("wk:outcome.q1:6");
    chat.Press("wk:outcome.q2:6");
    return chat.Press("wk:outcome.q3:4");  // 12: fell 18
  }();
  EXPECT_TRUE(Has(Chat::AllText(fell), "Your Tendon check score fell 18 points"))
      << Chat::AllText(fell);
  EXPECT_TRUE(HasEvent(chat, CoachEvent::Kind::kConsultPrompted));
}

TEST(R20, TooLittleGainAfterTwelveAdherentWeeksPromptsAConsult) {
  ClinicContent clinic;
  Chat chat(clinic.content());
  chat.Onboard();
  ReachOutcome(chat);
  AnswerOutcome(chat, 6, 6, "4");  // 4 + 4 + 4 = 12
  for (int month = 1; month <= 3; ++month) {
    chat.now += days(28);
    Week(chat, 6, 2, 0);  // sessions done: adherent
    ReachOutcome(chat);
    AnswerOutcome(chat, 5, 5, "4");  // 14
  }
  // 84 days = 12 weeks after the first, +2 points: a consult.
  EXPECT_TRUE(HasEvent(chat, CoachEvent::Kind::kConsultPrompted));
  const auto prompted = std::find_if(chat.events.begin(), chat.events.end(), [](const auto& e) {
    return e.kind == CoachEvent::Kind::kConsultPrompted;
  });
  EXPECT_TRUE(Has(prompted->detail, "R20: Tendon check score rose 2 points in 12 weeks"))
      << prompted->detail;
}

TEST(Questionnaires, AClinicsFileLoadsAndScores) {
  ClinicContent clinic;
  const Questionnaire* outcome = clinic.content().FindQuestionnaire("outcome");
  ASSERT_NE(outcome, nullptr);
  EXPECT_EQ(outcome->every_weeks, 4);
  ASSERT_TRUE(outcome->outcome);
  EXPECT_EQ(outcome->outcome->min_gain, 14);
  QuestionnaireResult result{"outcome", kToday, {{"q1", 3}, {"q2", 1}, {"q3", 7}}};
  EXPECT_EQ(Score(*outcome, result), 7 + 9 + 7);
  result.answers.erase("q2");
  EXPECT_EQ(Score(*outcome, result), std::nullopt) << "a scored item unanswered: no score";
  const Questionnaire* weekly = clinic.content().FindQuestionnaire("weekly");
  ASSERT_NE(weekly, nullptr);
  EXPECT_EQ(Score(*weekly, result), std::nullopt) << "the weekly check has no score";
}

TEST(Questionnaires, ABrokenFileNamesItselfAndTheProblem) {
  TempDir dir;
  std::filesystem::copy(BuiltInContentDir(), dir.path(), std::filesystem::copy_options::recursive);
  std::ofstream(dir.path() / "questionnaires" / "bad.json")
      << R"({"id": "bad", "title": "Bad", "items": [{"id": "a", "text": "A?", "min": 5, "max": 1}]})";
  const auto content = LoadContent(dir.path());
  ASSERT_FALSE(content);
  EXPECT_NE(content.error().message.find("bad.json"), std::string::npos);
  EXPECT_NE(content.error().message.find("min"), std::string::npos);
}

TEST(Questionnaires, DueAboutEveryNWeeks) {
  Questionnaire monthly;
  monthly.id = "m";
  monthly.every_weeks = 4;
  std::vector<QuestionnaireResult> results;
  EXPECT_TRUE(QuestionnaireDue(monthly, results, kToday));
  results.push_back({"m", kToday - days(20), {}});
  EXPECT_FALSE(QuestionnaireDue(monthly, results, kToday));
  results.back().day = kToday - days(25);
  EXPECT_TRUE(QuestionnaireDue(monthly, results, kToday));
}

// Settings and the next prompt.

TEST(Settings, ATypedCityIsStoredAsItsZoneAndTheNextPromptIsShown) {
  Chat chat;
  chat.Onboard();  // 07:00
  chat.Press("set:tz:");
  const Decision d = chat.Type("new york");
  EXPECT_EQ(chat.state.profile.time_zone, "America/New_York");
  EXPECT_TRUE(
      Has(Chat::AllText(d), "Next check-in prompt: Tue 24 Nov, 07:00 (America/New_York).") ||
      Has(Chat::AllText(d), "Next check-in prompt: Wed 25 Nov, 07:00 (America/New_York)."))
      << Chat::AllText(d);
}

TEST(Settings, AZoneTheDatabaseDoesNotKnowIsAskedAgain) {
  Chat chat;
  chat.Onboard();
  chat.Press("set:tz:");
  const Decision d = chat.Type("Mars/Olympus");
  EXPECT_EQ(chat.state.profile.time_zone, "Europe/Berlin");
  EXPECT_TRUE(Asking(chat, "settings.tz"));
  EXPECT_FALSE(d.replies.empty());
}

TEST(Settings, PauseAndResumeSayWhenThePromptsComeBack) {
  Chat chat;
  chat.Onboard();
  Decision d = chat.Command("pause", "3");
  EXPECT_TRUE(Has(Chat::AllText(d), "Paused until 2026-11-26"));
  EXPECT_TRUE(Has(Chat::AllText(d), "Next check-in prompt: Fri 27 Nov, 07:00 (Europe/Berlin)."))
      << Chat::AllText(d);
  d = chat.Command("resume");
  EXPECT_TRUE(Has(Chat::AllText(d), "Next check-in prompt: Wed 25 Nov, 07:00")) << Chat::AllText(d);
  EXPECT_FALSE(chat.state.paused_until);
}

}  // namespace
}  // namespace achilles::dialogs

namespace achilles::dialogs {
namespace {

// The shipped weekly check is an outcome measure of its own, so R20 fires without a clinic's
// questionnaire.
void AnswerWeeklyCheck(Chat& chat, int hop_pain, int running) {
  chat.Command("checkin", "stiffness 2 rehab 2 session yes");
  chat.Prompt(PromptKind::kWeeklyReview);
  chat.Press("wk:weekly.stiff_min:5");
  chat.Press("wk:weekly.raises_l:20");
  chat.Press("wk:weekly.raises_r:22");
  chat.Press("wk:weekly.hop_pain:" + std::to_string(hop_pain));
  chat.Press("wk:weekly.run_func:" + std::to_string(running));
}

TEST(R20, TheShippedWeeklyCheckScoresAndAFallPromptsAConsult) {
  const Questionnaire* weekly = achilles::testing::ShippedContent().FindQuestionnaire("weekly");
  ASSERT_NE(weekly, nullptr);
  ASSERT_TRUE(weekly->outcome);
  EXPECT_EQ(
      Score(*weekly, QuestionnaireResult{"weekly", kToday, {{"hop_pain", 2}, {"run_func", 6}}}),
      14);
  Chat chat;
  chat.Onboard();
  AnswerWeeklyCheck(chat, 2, 6);  // 14
  EXPECT_FALSE(HasEvent(chat, CoachEvent::Kind::kConsultPrompted));
  chat.now += days(7);
  AnswerWeeklyCheck(chat, 3, 5);  // 12: fell 2, within the week-to-week noise
  EXPECT_FALSE(HasEvent(chat, CoachEvent::Kind::kConsultPrompted));
  chat.now += days(7);
  AnswerWeeklyCheck(chat, 5, 4);  // 9: fell 3
  EXPECT_TRUE(HasEvent(chat, CoachEvent::Kind::kConsultPrompted));
}

}  // namespace
}  // namespace achilles::dialogs
