// Messages the bot starts (bot/schedule/scheduler sends them at the times dialogs/schedule.h
// gives): the daily check-in prompt, its reminder and the weekly review; and the questionnaires
// that follow the weekly review (CLINICAL.md "Questionnaires", R20).
#include <algorithm>

#include "dialogs/schedule.h"
#include "dialogs/summary.h"
#include "dialogs/text.h"
#include "dialogs/turn.h"

namespace achilles::dialogs {
namespace {

using std::chrono::days;

void AddLine(std::string& text, const std::string& line) {
  text += '\n';
  text += line;
}

// "2.1/10 (week before: 3.0)".
std::string MeanLine(std::optional<double> week, std::optional<double> before) {
  std::string line = week ? OneDecimal(*week) + "/10 on average" : "no scores";
  if (before) line += " (week before: " + OneDecimal(*before) + ")";
  return line;
}

// Re-asks today's open check-in question, or starts the check-in, below `lead` in one message
// (one notification on the runner's phone).
void AskCheckIn(Turn& turn, const std::string& lead) {
  const Conversation& conversation = turn.state_view().conversation;
  if (conversation.asking.rfind("ci.", 0) == 0 && conversation.draft_day == turn.today()) {
    if (const Question* q =
            Questions::Find(turn.content().questions.checkin, conversation.asking.substr(3))) {
      return turn.Ask(*q, "ci", lead);
    }
  }
  StartCheckIn(turn, turn.today(), lead);
}

// The questionnaire item a "wk" question id ("weekly.stiff_min") names.
std::pair<const Questionnaire*, const QuestionnaireItem*> FindItem(const Content& content,
                                                                   std::string_view id) {
  const auto dot = id.find('.');
  if (dot == std::string_view::npos) return {nullptr, nullptr};
  const Questionnaire* questionnaire = content.FindQuestionnaire(id.substr(0, dot));
  if (questionnaire == nullptr) return {nullptr, nullptr};
  return {questionnaire, questionnaire->Find(id.substr(dot + 1))};
}

void AskItem(Turn& turn, const Questionnaire& questionnaire, const QuestionnaireItem& item) {
  Question question = item.question;
  question.id = questionnaire.id + "." + item.question.id;
  turn.Ask(question, "wk");
}

std::string ValueText(const QuestionnaireItem& item, int value) {
  return std::to_string(value) + (item.unit.empty() ? "" : " " + item.unit);
}

// This result against the runner's first one and the other side.
std::string Comparison(const Turn& turn, const Questionnaire& questionnaire,
                       const QuestionnaireResult& result) {
  const auto earlier = ResultsOf(turn.state_view().results, questionnaire.id);
  std::string text;
  std::optional<int> left;
  std::optional<int> right;
  for (const auto& item : questionnaire.items) {
    auto answer = result.answers.find(item.question.id);
    if (answer == result.answers.end()) continue;
    const int value = answer->second;
    AddLine(text, item.label + ": " + ValueText(item, value));
    for (const QuestionnaireResult* first : earlier) {
      if (first->day >= result.day) break;
      auto then = first->answers.find(item.question.id);
      if (then == first->answers.end()) continue;
      const bool better = item.higher_is_better ? value > then->second : value < then->second;
      const char* trend = value == then->second ? "the same" : better ? "better" : "worse";
      text += " (first check " + ValueText(item, then->second) + ": " + trend + ")";
      break;
    }
    if (item.side == "left" && !left) left = value;
    if (item.side == "right" && !right) right = value;
  }
  // Against the other side: the sore side's count as a share of the good side's.
  const Side sore = turn.state_view().profile.side;
  if (left && right && (sore == Side::kLeft || sore == Side::kRight)) {
    const int sore_count = sore == Side::kLeft ? *left : *right;
    const int other = sore == Side::kLeft ? *right : *left;
    if (other > 0) {
      text += "\nSore side: " + std::to_string(sore_count * 100 / other) + "% of the other side.";
    }
  }
  if (const auto score = Score(questionnaire, result)) {
    text += "\nScore: " + std::to_string(*score);
  }
  return text;
}

// R20: an outcome score that falls between checks, or gains too little after adherent weeks,
// needs a clinician. Adherence is judged on the check-ins at hand (the last six weeks) [U].
void CheckOutcome(Turn& turn, const Questionnaire& questionnaire,
                  const QuestionnaireResult& result) {
  if (!questionnaire.outcome) return;
  const OutcomeRule& rule = *questionnaire.outcome;
  const auto score = Score(questionnaire, result);
  if (!score) return;
  std::vector<std::pair<Day, int>> earlier;
  for (const QuestionnaireResult* r : ResultsOf(turn.state_view().results, questionnaire.id)) {
    if (r->day >= result.day) continue;
    if (const auto s = Score(questionnaire, *r)) earlier.emplace_back(r->day, *s);
  }
  if (earlier.empty()) return;
  const int previous = earlier.back().second;
  const auto [baseline_day, baseline] = earlier.front();
  const Summary recent = Summarise(turn.state_view().recent, turn.today() - days(41), turn.today());
  const bool adherent =
      recent.sessions_reported > 0 && recent.sessions_done * 2 >= recent.sessions_reported;
  std::string what;
  if (previous - *score >= rule.max_drop) {
    what = questionnaire.title + " score fell " + std::to_string(previous - *score) +
           " points since the last check";
  } else if ((result.day - baseline_day).count() >= 7 * rule.after_weeks && adherent &&
             *score - baseline < rule.min_gain) {
    what = questionnaire.title + " score rose " + std::to_string(*score - baseline) +
           " points in " + std::to_string((result.day - baseline_day).count() / 7) + " weeks";
  }
  if (what.empty()) return;
  turn.Say(ReplaceAll(turn.Text("consult_R20"), "{what}", what));
  turn.PromptConsult("R20: " + what);
}

void FinishQuestionnaire(Turn& turn, const Questionnaire& questionnaire) {
  RunnerState& state = turn.state();
  const QuestionnaireResult result{questionnaire.id, turn.today(), state.conversation.answers};
  state.conversation.answers.clear();
  state.conversation.asking.clear();
  if (result.answers.empty()) {
    turn.Say(turn.Text("questionnaire_skipped"));
  } else {
    turn.StoreQuestionnaireResult(result);
    turn.Say(ReplaceAll(turn.Text("questionnaire_saved"), "{title}", questionnaire.title) +
             Comparison(turn, questionnaire, result));
    std::erase_if(state.results, [&](const QuestionnaireResult& r) {
      return r.questionnaire == result.questionnaire && r.day == result.day;
    });
    state.results.push_back(result);
    CheckOutcome(turn, questionnaire, result);
  }
  if (!StartDueQuestionnaire(turn)) state.conversation.weekly_due.reset();
}

}  // namespace

bool StartDueQuestionnaire(Turn& turn) {
  RunnerState& state = turn.state();
  for (const auto& questionnaire : turn.content().questionnaires) {
    const bool done_today =
        std::any_of(state.results.begin(), state.results.end(), [&](const auto& r) {
          return r.questionnaire == questionnaire.id && r.day == turn.today();
        });
    if (done_today || !QuestionnaireDue(questionnaire, state.results, turn.today())) continue;
    state.conversation.answers.clear();
    if (!questionnaire.intro.empty()) turn.Say(questionnaire.intro);
    AskItem(turn, questionnaire, questionnaire.items.front());
    return true;
  }
  return false;
}

const Question* QuestionnaireQuestion(const Content& content, std::string_view id) {
  const auto [questionnaire, item] = FindItem(content, id);
  return item == nullptr ? nullptr : &item->question;
}

void AnswerQuestionnaire(Turn& turn, const std::string& id, const std::string& value) {
  const auto [questionnaire, item] = FindItem(turn.content(), id);
  if (item == nullptr) return turn.Say(turn.Text("stale_button"));
  if (value != kNotAnswered) {
    const auto number = WholeNumber(value, item->min, item->max);
    if (!number) {
      turn.Say(ReplaceAll(
          ReplaceAll(turn.Text("questionnaire_range"), "{min}", std::to_string(item->min)), "{max}",
          std::to_string(item->max)));
      return AskItem(turn, *questionnaire, *item);
    }
    turn.state().conversation.answers[item->question.id] = *number;
  }
  // `item` points into questionnaire->items.
  const auto next = questionnaire->items.begin() + (item - questionnaire->items.data()) + 1;
  if (next != questionnaire->items.end()) return AskItem(turn, *questionnaire, *next);
  FinishQuestionnaire(turn, *questionnaire);
}

void CheckInPrompt(Turn& turn) {
  if (AskSkippedScreening(turn)) return;  // a skipped safety question first, gently
  AskCheckIn(turn, turn.Text("checkin_prompt"));
}

void CheckInReminder(Turn& turn) { AskCheckIn(turn, turn.Text("checkin_reminder")); }

void WeeklyReview(Turn& turn) {
  RunnerState& state = turn.state();
  const Day last = turn.today() - days(1);
  const Summary week = Summarise(state.recent, last - days(6), last);
  const Summary before = Summarise(state.recent, last - days(13), last - days(7));
  std::string text =
      ReplaceAll(ReplaceAll(turn.Text("review_title"), "{from}", ShortDate(last - days(6))), "{to}",
                 ShortDate(last));
  if (week.check_ins == 0) {
    AddLine(text, turn.Text("review_no_checkins"));
  } else {
    text += "\nCheck-ins: " + std::to_string(week.check_ins) +
            " of 7 days. Streak: " + std::to_string(Streak(state.recent, turn.today())) +
            " days in a row.";
    text += "\nSessions done: " +
            (week.sessions_reported == 0
                 ? std::string("none reported")
                 : std::to_string(week.sessions_done) + " of " +
                       std::to_string(week.sessions_reported) + " reported (" +
                       std::to_string(week.sessions_done * 100 / week.sessions_reported) + "%)");
    text += "\nMorning stiffness: " + MeanLine(week.mean_stiffness, before.mean_stiffness);
    text += "\nPain: " + MeanLine(week.mean_pain, before.mean_pain);
    text +=
        "\nRunning: " + OneDecimal(week.km) + " km (week before: " + OneDecimal(before.km) + " km)";
  }
  const Session session =
      Prescribe(turn.content().programme, state.progress.at, CoachedSite(state), DayKind::kHeavy);
  text += "\nProgramme: " + session.title + ", week " +
          std::to_string((turn.today() - state.progress.step_since).count() / 7 + 1) +
          " at this step.";
  // The last weekly check of each questionnaire, against the first.
  for (const auto& questionnaire : turn.content().questionnaires) {
    const auto results = ResultsOf(state.results, questionnaire.id);
    if (results.empty()) continue;
    text += "\n\n**" + questionnaire.title + "** (" + ShortDate(results.back()->day) + ")" +
            Comparison(turn, questionnaire, *results.back());
  }
  if (week.check_ins == 0) {
    turn.Say(text);
  } else {
    RunnerChart chart = ProgressChart(state, turn.content().questionnaires, turn.today());
    text += "\n\n" + ChartInWords(chart);
    turn.Show(std::move(text), Chart{.runner = std::move(chart)});
  }

  const bool any_due =
      std::any_of(turn.content().questionnaires.begin(), turn.content().questionnaires.end(),
                  [&](const auto& q) { return QuestionnaireDue(q, state.results, turn.today()); });
  if (!any_due) return;
  if (RecordOn(state.recent, turn.today()) != nullptr) {
    StartDueQuestionnaire(turn);  // today's check-in is in: the weekly check now
  } else {
    state.conversation.weekly_due = turn.today();
    turn.Say(turn.Text("review_check_next"));
  }
}

Decision Coach::Prompt(const RunnerState& state, PromptKind kind, std::string_view name,
                       TimePoint now) const {
  const Inbound inbound{InboundKind::kText, ChatKind::kPrivate, std::string(name), "", "", ""};
  Turn turn(*this, content_, state, inbound, now);
  if (HoldWhileStopped(turn, kind == PromptKind::kCheckIn ? turn.Text("stop_prompt") : "")) {
    return std::move(turn).Finish();  // R28: no check-in and no dose until they were seen
  }
  switch (kind) {
    case PromptKind::kCheckIn:
      CheckInPrompt(turn);
      break;
    case PromptKind::kReminder:
      CheckInReminder(turn);
      break;
    case PromptKind::kWeeklyReview:
      WeeklyReview(turn);
      break;
  }
  return std::move(turn).Finish();
}

}  // namespace achilles::dialogs
