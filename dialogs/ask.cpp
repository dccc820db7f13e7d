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
  // Whether it answered the question is asked in a private chat only: in a group anyone could
  // press it, and it would be read against the presser's own questions.
  if (turn.inbound().chat == ChatKind::kPrivate) {
    keyboard.push_back(
        {Button{turn.Text("answer_helped_button"), kHelpedPayloadPrefix + entry.id, ""},
         Button{turn.Text("answer_missed_button"), kMissedPayloadPrefix + entry.id, ""}});
  }
  turn.Say("**" + entry.title + "**\n" + entry.answer, std::move(keyboard));
}

// Questions are kept as the runner wrote them, up to this many characters.
constexpr std::size_t kLongestKeptQuestion = 300;

void KeepQuestion(Turn& turn, CoachEvent::Kind kind, std::string_view topics,
                  std::string_view question) {
  // Before consent nothing is kept beyond what lets the bot answer.
  if (!turn.state_view().consented_at) return;
  std::string detail(topics);
  if (!detail.empty()) detail += ": ";
  detail += Utf8Prefix(question, kLongestKeptQuestion);
  turn.Event(kind, std::move(detail));
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
      KeepQuestion(turn, CoachEvent::Kind::kQuestionAnswered, answer.entry->id, question);
      return SayEntry(turn, *answer.entry);
    case QuestionAnswer::Kind::kUnsure: {
      std::vector<std::vector<Button>> keyboard;
      std::string closest;
      for (const KnowledgeEntry* entry : answer.closest) {
        keyboard.push_back({Button{entry->title, kTopicPayloadPrefix + entry->id, ""}});
        if (!closest.empty()) closest += ',';
        closest += entry->id;
      }
      KeepQuestion(turn, CoachEvent::Kind::kQuestionUnsure, closest, question);
      keyboard.push_back({Button{turn.Text("book_button"), kBookPayload, ""}});
      return turn.Say(turn.Text("ask_unsure"), std::move(keyboard));
    }
    case QuestionAnswer::Kind::kOutOfScope:
      KeepQuestion(turn, CoachEvent::Kind::kQuestionOutOfScope, "", question);
      return turn.Say(turn.Text("ask_out_of_scope"));
  }
}

void AnswerFeedback(Turn& turn, std::string_view id, bool helped) {
  const KnowledgeEntry* entry = turn.knowledge().Find(id);
  if (entry == nullptr) return turn.Say(turn.Text("stale_button"));
  // Like the questions, what the runner thought of an answer is kept only after consent.
  const bool kept = turn.state_view().consented_at.has_value();
  if (kept) {
    std::string detail = entry->id;
    detail += helped ? ": helped" : ": missed";
    turn.Event(CoachEvent::Kind::kAnswerFeedback, std::move(detail));
  }
  if (helped) return turn.Say(turn.Text("answer_helped_thanks"));
  std::string reply = turn.Text("answer_missed_reply");
  if (kept) {
    reply += ' ';
    reply += turn.Text("answer_missed_kept");
  }
  turn.Say(reply, {{Button{turn.Text("book_button"), kBookPayload, ""}}});
}

void AnswerTopic(Turn& turn, std::string_view id) {
  if (const KnowledgeEntry* entry = turn.knowledge().Find(id)) return SayEntry(turn, *entry);
  turn.Say(turn.Text("stale_button"));
}

}  // namespace achilles::dialogs
