// Questionnaires as data (CLINICAL.md "Questionnaires"): items, answer types and scoring in
// content/questionnaires/*.json, so a clinic holding a licence can add VISA-A as a file. The
// project ships its own weekly check. Pure data and pure functions.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dialogs/questions.h"
#include "dialogs/time.h"

namespace achilles::dialogs {

// The value a Skip button stands for in a questionnaire: the item stays unanswered.
inline constexpr char kNotAnswered[] = "-";

struct QuestionnaireItem {
  Question question;  // asked like any other question: buttons, 0-10 scale, typed number
  std::string label;  // "Heel raises, left"
  std::string unit;   // "min", "" (a count or a 0-10 rating)
  int min = 0;        // answers outside [min, max] are refused
  int max = 10;
  bool higher_is_better = true;
  std::string side;  // "left" or "right": compared with the item of the other side
  // How the item adds to the questionnaire's score: not at all, its value, or max - value.
  enum class Points { kNone, kValue, kReversed } points = Points::kNone;
};

// R20: the score is an outcome measure (VISA-A): a consult when it gains fewer than `min_gain`
// points after `after_weeks` adherent weeks, or falls by `max_drop` or more between checks.
struct OutcomeRule {
  int min_gain = 14;
  int after_weeks = 12;
  int max_drop = 10;
};

struct Questionnaire {
  std::string id;  // short: it travels in button payloads
  std::string title;
  std::string intro;
  int every_weeks = 1;  // asked with the weekly review this often
  std::vector<QuestionnaireItem> items;
  std::optional<OutcomeRule> outcome;

  const QuestionnaireItem* Find(std::string_view item_id) const;
};

// One completed questionnaire: the answered items (skipped ones are absent).
struct QuestionnaireResult {
  std::string questionnaire;
  Day day;
  std::map<std::string, int> answers;
  bool operator==(const QuestionnaireResult&) const = default;
};

// The score: the sum of the items' points, when every scored item was answered. Nullopt for
// a questionnaire without scored items or with one unanswered.
std::optional<int> Score(const Questionnaire& questionnaire, const QuestionnaireResult& result);

// Earlier results of `questionnaire_id` in `results` (any order), oldest first.
std::vector<const QuestionnaireResult*> ResultsOf(std::span<const QuestionnaireResult> results,
                                                  std::string_view questionnaire_id);

// Whether `questionnaire` is due on `day`: never answered, or last answered about
// `every_weeks` weeks ago (three days early counts, so a late answer keeps its rhythm).
bool QuestionnaireDue(const Questionnaire& questionnaire,
                      std::span<const QuestionnaireResult> results, Day day);

}  // namespace achilles::dialogs
