// The output of the coaching core for one inbound message.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dialogs/reply.h"
#include "dialogs/runner_state.h"

namespace achilles::dialogs {

// Something a coach should know about, recorded with the decision (coach alerts read them).
struct CoachEvent {
  enum class Kind {
    kRedFlag,           // detail: the rule ("R1") and the runner's words
    kFlareUp,           // detail: why (R9, R10, or the runner said so)
    kConsultPrompted,   // detail: why
    kConsultRequested,  // the runner asked (/book) or tapped "Book a consult"
    kBarrier,           // R22: what gets in the way of the sessions
    kSeen,              // R28: after a STOP, what the runner was told ("R1: not a rupture")
    // Questions in chat, kept after consent for `achilles-coach kb review` (the runner's
    // data: exported and erased with the rest; no coach sees them). detail: "TOPIC: QUESTION"
    // (answered), "ID,ID,ID: QUESTION" (not sure, the closest topics), "QUESTION" (outside);
    // feedback on an answer: "TOPIC: helped" or "TOPIC: missed".
    kQuestionAnswered,
    kQuestionUnsure,
    kQuestionOutOfScope,
    kAnswerFeedback,
  };
  Kind kind;
  std::string detail;
  bool operator==(const CoachEvent&) const = default;
};

// The runner's own data, on their request: everything stored sent to them (export), or all of
// it deleted (erase). Storage does it in the same transaction as the rest of the decision.
enum class DataRequest { kNone, kExport, kErase };

// Replies go back to the chat the message came from, in order. `state` is the runner's next
// state; `check_in`, when set, is stored for its day (replacing that day's earlier one). The
// caller stores all of it in the same transaction as the replies.
struct Decision {
  std::vector<Reply> replies;
  RunnerState state;
  std::optional<DayRecord> check_in;
  std::optional<QuestionnaireResult> questionnaire_result;  // stored with the check-ins
  std::vector<CoachEvent> events;
  DataRequest data = DataRequest::kNone;
};

}  // namespace achilles::dialogs
