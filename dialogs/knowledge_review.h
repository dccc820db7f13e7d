// The knowledge review (`achilles-coach kb review`): what runners asked in chat and how the
// knowledge base did, from the question events (decision.h), for whoever curates
// content/knowledge.json: the questions it was not sure of, grouped by the closest topic; the
// answers runners marked "Not what I asked", with the question that got them; the questions
// it took to be outside what it knows, by the nearest topic; and how often each topic answered.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dialogs/decision.h"
#include "dialogs/knowledge.h"

namespace achilles::dialogs {

struct RunnerEvent {
  std::int64_t runner_id = 0;
  CoachEvent event;
};

// The review of `events` (oldest first; events of other kinds are left out), over the last
// `days` days, as plain text. Topic ids no longer in `base` are named as such.
std::string KnowledgeReviewText(const KnowledgeBase& base, const std::vector<RunnerEvent>& events,
                                int days);

}  // namespace achilles::dialogs
