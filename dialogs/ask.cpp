// Questions in chat, answered from the knowledge base (content/knowledge.json): a confident
// match gets its answer and follow-up buttons; an unsure one the closest topics as buttons and
// a consult; a question outside Achilles and running an honest "not something I know".
#include "dialogs/text.h"
#include "dialogs/turn.h"

namespace achilles::dialogs {
namespace {

void SayEntry(Turn& turn, const KnowledgeEntry& entry) {
  Conversation& conversation = turn.state().conversation;
  conversation.last_topic = entry.id;
  conversation.last_topic_on = turn.today();
  const RunnerState& state = turn.state_view();
  std::vector<Button> buttons;
  for (const auto& follow_up : entry.follow_ups) {
    const bool can_plan = state.onboarded_at && turn.inbound().chat == ChatKind::kPrivate;
    if (follow_up == "plan" && can_plan) {
      buttons.push_back(Button{turn.Text("plan_button"), kPlanPayload, ""});
    }
    if (follow_up == "book") buttons.push_back(Button{turn.Text("book_button"), kBookPayload, ""});
  }
  std::vector<std::vector<Button>> keyboard;
  if (!buttons.empty()) keyboard.push_back(std::move(buttons));
  turn.Say("**" + entry.title + "**\n" + entry.answer, std::move(keyboard));
}

}  // namespace

void AnswerQuestionText(Turn& turn, std::string_view question) {
  // Red flags in the question were answered first (Coach::Decide scans every text path).
  const Conversation& conversation = turn.state_view().conversation;
  const KnowledgeEntry* previous = conversation.last_topic_on == turn.today()
                                       ? turn.knowledge().Find(conversation.last_topic)
                                       : nullptr;
  const QuestionAnswer answer = AnswerQuestion(turn.knowledge(), question, previous);
  switch (answer.kind) {
    case QuestionAnswer::Kind::kAnswer:
      return SayEntry(turn, *answer.entry);
    case QuestionAnswer::Kind::kUnsure: {
      std::vector<std::vector<Button>> keyboard;
      for (const KnowledgeEntry* entry : answer.closest) {
        keyboard.push_back({Button{entry->title, kTopicPayloadPrefix + entry->id, ""}});
      }
      keyboard.push_back({Button{turn.Text("book_button"), kBookPayload, ""}});
      return turn.Say(turn.Text("ask_unsure"), std::move(keyboard));
    }
    case QuestionAnswer::Kind::kOutOfScope:
      return turn.Say(turn.Text("ask_out_of_scope"));
  }
}

void AnswerTopic(Turn& turn, std::string_view id) {
  if (const KnowledgeEntry* entry = turn.knowledge().Find(id)) return SayEntry(turn, *entry);
  turn.Say(turn.Text("stale_button"));
}

}  // namespace achilles::dialogs
