#include "dialogs/knowledge_review.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "dialogs/text.h"

namespace achilles::dialogs {
namespace {

using Kind = CoachEvent::Kind;

// Shown under each group; the rest are counted.
constexpr std::size_t kExamplesPerGroup = 8;

// "TOPIC: REST" as TOPIC and REST; no topic when there is no ": ".
std::pair<std::string, std::string> SplitTopic(const std::string& detail) {
  const auto colon = detail.find(": ");
  if (colon == std::string::npos) return {"", detail};
  return {detail.substr(0, colon), detail.substr(colon + 2)};
}

// The same question asked twice, whatever its case or spacing, counts as one with a count.
std::string Normalised(std::string_view question) {
  std::string out;
  for (const char c : Lower(question)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '?' || out.back() == '.')) {
    out.pop_back();
  }
  return out;
}

// Questions under one heading, each once with how often it came.
struct Group {
  int count = 0;
  std::map<std::string, int> questions;  // normalised -> times
  void Add(const std::string& question) {
    ++count;
    ++questions[Normalised(question)];
  }
};

std::string TopicName(const KnowledgeBase& base, const std::string& id) {
  if (id.empty()) return "(no topic near)";
  if (const KnowledgeEntry* entry = base.Find(id)) return id + " \"" + entry->title + "\"";
  return id + " (no longer in the base)";
}

void AppendQuestions(std::string& text, const Group& group) {
  std::vector<std::pair<std::string, int>> questions(group.questions.begin(),
                                                     group.questions.end());
  std::stable_sort(questions.begin(), questions.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (std::size_t i = 0; i < questions.size() && i < kExamplesPerGroup; ++i) {
    text += "    " + questions[i].first;
    if (questions[i].second > 1) text += " (" + std::to_string(questions[i].second) + ")";
    text += "\n";
  }
  if (questions.size() > kExamplesPerGroup) {
    text += "    and " + std::to_string(questions.size() - kExamplesPerGroup) + " more\n";
  }
}

int Total(const std::map<std::string, int>& counts) {
  int total = 0;
  for (const auto& [key, count] : counts) total += count;
  return total;
}

int Total(const std::map<std::string, Group>& groups) {
  int total = 0;
  for (const auto& [key, group] : groups) total += group.count;
  return total;
}

// The groups, largest first, each with its questions.
void AppendGroups(std::string& text, const KnowledgeBase& base,
                  const std::map<std::string, Group>& groups) {
  std::vector<std::pair<std::string, const Group*>> sorted;
  for (const auto& [id, group] : groups) sorted.emplace_back(id, &group);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second->count > b.second->count; });
  for (const auto& [id, group] : sorted) {
    text += "  " + TopicName(base, id) + ": " + std::to_string(group->count) + "\n";
    AppendQuestions(text, *group);
  }
}

}  // namespace

std::string KnowledgeReviewText(const KnowledgeBase& base, const std::vector<RunnerEvent>& events,
                                int days) {
  std::set<std::int64_t> runners;
  std::map<std::string, Group> unsure;   // by the closest topic
  std::map<std::string, Group> missed;   // by the topic that answered
  std::map<std::string, int> answered;   // by topic
  std::map<std::string, int> helped;     // by topic
  std::map<std::string, Group> outside;  // by the nearest topic, if any word is known
  // Each runner's last question answered with each topic: the one a "Not what I asked" is about.
  std::map<std::pair<std::int64_t, std::string>, std::string> last_answered;
  for (const auto& [runner, event] : events) {
    switch (event.kind) {
      case Kind::kQuestionAnswered: {
        auto [topic, question] = SplitTopic(event.detail);
        runners.insert(runner);
        ++answered[topic];
        last_answered[{runner, topic}] = std::move(question);
        break;
      }
      case Kind::kQuestionUnsure: {
        const auto [topics, question] = SplitTopic(event.detail);
        runners.insert(runner);
        unsure[topics.substr(0, topics.find(','))].Add(question);
        break;
      }
      case Kind::kQuestionOutOfScope: {
        runners.insert(runner);
        const auto nearest = base.Search(event.detail, 1);
        outside[nearest.empty() ? "" : nearest[0].entry->id].Add(event.detail);
        break;
      }
      case Kind::kAnswerFeedback: {
        const auto [topic, verdict] = SplitTopic(event.detail);
        if (verdict == "helped") {
          ++helped[topic];
          break;
        }
        const auto question = last_answered.find({runner, topic});
        missed[topic].Add(question != last_answered.end() ? question->second
                                                          : "(a topic pressed, not a question)");
        break;
      }
      default:
        break;
    }
  }

  const int answered_total = Total(answered);
  const int unsure_total = Total(unsure);
  const int outside_total = Total(outside);
  const int helped_total = Total(helped);
  const int missed_total = Total(missed);
  const int asked = answered_total + unsure_total + outside_total;
  std::string text = "Questions in the last " + std::to_string(days) +
                     " days: " + std::to_string(asked) + " from " + std::to_string(runners.size()) +
                     (runners.size() == 1 ? " runner" : " runners") + ".\n";
  if (asked == 0 && helped_total + missed_total == 0) {
    return text + "Nothing to review. Questions are kept once a runner has consented.\n";
  }
  text +=
      "Answered " + std::to_string(answered_total) + ", not sure " + std::to_string(unsure_total) +
      ", outside what it knows " + std::to_string(outside_total) + ". Answers marked helpful " +
      std::to_string(helped_total) + ", not what was asked " + std::to_string(missed_total) + ".\n";
  if (!unsure.empty()) {
    text +=
        "\nNot sure, by the closest topic (add the wording to that entry's asks, or write a new "
        "entry):\n";
    AppendGroups(text, base, unsure);
  }
  if (!missed.empty()) {
    text += "\nAnswers marked \"Not what I asked\", by the topic given, with the question:\n";
    AppendGroups(text, base, missed);
  }
  if (!outside.empty()) {
    text +=
        "\nOutside what it knows, by the nearest topic (check the \"outside\" words, or write an "
        "entry):\n";
    AppendGroups(text, base, outside);
  }
  if (!answered.empty()) {
    std::vector<std::pair<std::string, int>> sorted(answered.begin(), answered.end());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    text += "\nAnswered, by topic (helpful / not what was asked):\n";
    for (const auto& [id, count] : sorted) {
      const auto h = helped.find(id);
      const auto m = missed.find(id);
      text += "  " + TopicName(base, id) + ": " + std::to_string(count) + " (" +
              std::to_string(h == helped.end() ? 0 : h->second) + " / " +
              std::to_string(m == missed.end() ? 0 : m->second.count) + ")\n";
    }
  }
  return text;
}

}  // namespace achilles::dialogs
