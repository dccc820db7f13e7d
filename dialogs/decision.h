// The output of the coaching core for one inbound message.
#pragma once

#include <vector>

#include "dialogs/reply.h"
#include "dialogs/runner_state.h"

namespace achilles::dialogs {

// Replies go back to the chat the message came from, in order. `state` is the runner's next
// state; the caller stores it in the same transaction as the replies.
struct Decision {
  std::vector<Reply> replies;
  RunnerState state;
};

}  // namespace achilles::dialogs
