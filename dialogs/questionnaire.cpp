#include "dialogs/questionnaire.h"

#include <algorithm>

namespace achilles::dialogs {

const QuestionnaireItem* Questionnaire::Find(std::string_view item_id) const {
  for (const auto& item : items) {
    if (item.question.id == item_id) return &item;
  }
  return nullptr;
}

std::optional<int> Score(const Questionnaire& questionnaire, const QuestionnaireResult& result) {
  int score = 0;
  bool scored = false;
  for (const auto& item : questionnaire.items) {
    if (item.points == QuestionnaireItem::Points::kNone) continue;
    auto answer = result.answers.find(item.question.id);
    if (answer == result.answers.end()) return std::nullopt;
    score += item.points == QuestionnaireItem::Points::kValue ? answer->second
                                                              : item.max - answer->second;
    scored = true;
  }
  if (!scored) return std::nullopt;
  return score;
}

std::vector<const QuestionnaireResult*> ResultsOf(std::span<const QuestionnaireResult> results,
                                                  std::string_view questionnaire_id) {
  std::vector<const QuestionnaireResult*> of;
  for (const auto& result : results) {
    if (result.questionnaire == questionnaire_id) of.push_back(&result);
  }
  std::sort(of.begin(), of.end(), [](auto* a, auto* b) { return a->day < b->day; });
  return of;
}

bool QuestionnaireDue(const Questionnaire& questionnaire,
                      std::span<const QuestionnaireResult> results, Day day) {
  const auto earlier = ResultsOf(results, questionnaire.id);
  if (earlier.empty()) return true;
  const auto since = (day - earlier.back()->day).count();
  return since >= 7 * questionnaire.every_weeks - 3;
}

}  // namespace achilles::dialogs
