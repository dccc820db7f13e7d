// Internal to dialogs/: one message being answered. The coach's flows (coach.cpp,
// onboarding.cpp, checkin_flow.cpp) read the runner's state and write replies, state changes
// and coach events into a Turn; Finish() hands them back as the Decision.
#pragma once

#include <string>
#include <string_view>

#include "dialogs/coach.h"
#include "dialogs/questions.h"

namespace achilles::dialogs {

class Turn {
 public:
  Turn(const Coach& coach, const Content& content, const RunnerState& state, const Inbound& inbound,
       TimePoint now);

  Decision Finish() && { return std::move(decision_); }

  RunnerState& state() { return decision_.state; }
  const RunnerState& state_view() const { return decision_.state; }
  const Content& content() const { return content_; }
  const CoachSettings& settings() const { return coach_.settings(); }
  const RedFlagScanner& scanner() const { return coach_.scanner(); }
  const KnowledgeBase& knowledge() const { return coach_.knowledge(); }
  const Inbound& inbound() const { return inbound_; }
  TimePoint now() const { return now_; }
  Day today() const { return today_; }

  // Texts from content, with {name} filled in.
  std::string Text(std::string_view key) const;

  void Say(std::string text, std::vector<std::vector<Button>> keyboard = {});
  // `text` with `chart` drawn beside it; the text carries the chart's numbers in words.
  void Show(std::string text, Chart chart);
  void Event(CoachEvent::Kind kind, std::string detail);
  void StoreCheckIn(const DayRecord& record) { decision_.check_in = record; }
  void StoreQuestionnaireResult(const QuestionnaireResult& result) {
    decision_.questionnaire_result = result;
  }
  void RequestData(DataRequest request) { decision_.data = request; }

  // Asks `question` of `flow` and remembers it as the pending question ("<flow>.<id>"). A
  // `lead` goes above the question in the same message.
  void Ask(const Question& question, std::string_view flow, std::string_view lead = "");

  // A consult prompt: why, and a "Book a consult" button (R4-R6, R10, repeat flares).
  void PromptConsult(std::string why);

 private:
  const Coach& coach_;
  const Content& content_;
  const Inbound& inbound_;
  const TimePoint now_;
  const Day today_;
  Decision decision_;
};

// Flows, each in its own file.

// onboarding.cpp
void StartOnboarding(Turn& turn);
void AskCurrentOnboardingQuestion(Turn& turn);
void AnswerOnboarding(Turn& turn, const std::string& id, const std::string& value);
void AnswerSetting(Turn& turn, const std::string& id, const std::string& value);

// checkin_flow.cpp
void StartCheckIn(Turn& turn, Day day, std::string_view lead = "");
void AnswerCheckIn(Turn& turn, const std::string& id, const std::string& value);
// A whole check-in typed while the check-in asks one question at a time: merged with today's
// answers so far and stored.
void SaveTypedInCheckIn(Turn& turn, const CheckIn& typed);
// The answer to the one part of a typed check-in that could not be read ("fix" flow): added to
// the day's check-in.
void AnswerCheckInFix(Turn& turn, const std::string& id, const std::string& value);
void AnswerGate(Turn& turn, const std::string& id, const std::string& value);
void SaveCheckIn(Turn& turn, CheckIn check_in, Day day);
// Stores `check_in` for `day` (merged into an earlier one that day) and says nothing. True when
// it amended one.
bool KeepCheckIn(Turn& turn, const CheckIn& check_in, Day day);
void SendPlan(Turn& turn);

// prompts.cpp
void CheckInPrompt(Turn& turn);
void CheckInReminder(Turn& turn);
void WeeklyReview(Turn& turn);
// Starts the first questionnaire due today, if any ("wk" flow). False when none is due.
bool StartDueQuestionnaire(Turn& turn);
// The question of a "wk" id ("weekly.stiff_min"), or null.
const Question* QuestionnaireQuestion(const Content& content, std::string_view id);
void AnswerQuestionnaire(Turn& turn, const std::string& id, const std::string& value);

// ask.cpp
// "That answered it" (`helped`) or "Not what I asked" under the answer on topic `id`: kept for
// the knowledge review, and thanked; a miss is offered the consult and other words.
void AnswerFeedback(Turn& turn, std::string_view id, bool helped);

// Answers a question from the knowledge base: the answer with its follow-ups, the closest
// topics when unsure, or what the bot can help with. Red flags in it are answered first.
void AnswerQuestionText(Turn& turn, std::string_view question);
// The entry `id` (a topic button), answered.
void AnswerTopic(Turn& turn, std::string_view id);

// safety.cpp
// Scans what the runner wrote for red flags (R1-R6, R26, R27) and answers them. True when a
// STOP flag stopped coaching (it holds until they were seen, R28).
bool RespondToRedFlags(Turn& turn, std::string_view text);
// While a STOP holds: a short reminder (below `lead`) and the "were you seen?" choice, and true.
bool HoldWhileStopped(Turn& turn, std::string_view lead = "");
// The runner's answer to "were you seen?": "clear", "rest", "resting" or "waiting".
void AnswerSeen(Turn& turn, std::string_view answer);
// A screening question's answer in onboarding ("rf_rupture", "yes"): a yes raises its rule, a
// skip ("unsure") is asked again later. True when it started a STOP.
bool AnswerScreening(Turn& turn, const std::string& id, std::string_view value);
// Asks the first screening question the runner skipped, at most once a day. False when none.
bool AskSkippedScreening(Turn& turn);
void AnswerSkippedScreening(Turn& turn, const std::string& id, const std::string& value);

// coach.cpp
void RecordFlareUp(Turn& turn, const std::string& why);

// "Next check-in prompt: Tue 25 Nov, 08:00 (Europe/Berlin)." or, with none, empty.
std::string NextPromptLine(const Turn& turn);

// The site to coach for: unknown is treated as insertional, the safe choice (R11).
PainSite CoachedSite(const RunnerState& state);

}  // namespace achilles::dialogs
