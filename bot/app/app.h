// The achilles-coach subcommands, each a function from configuration to an exit code.
// main.cpp parses the command line and calls one of them (or a platform's own subcommand,
// PlatformModule::command).
#pragma once

#include <cstdint>
#include <string>

#include "bot/app/config.h"

namespace achilles::bot {

// `serve`: the webhook server, the outbox sender, until SIGINT/SIGTERM.
int RunServe(const Config& config);

// `chat --as NAME`: the coach in this terminal.
int RunChat(const Config& config, const std::string& runner_name);

// `updates quarantined`: the updates that failed for good, waiting for an operator.
int RunUpdatesQuarantined(const Config& config);

// `updates replay ID`: handles quarantined update ID again (after its cause was fixed); the
// replies go out with the running `serve`'s next outbox sweep.
int RunUpdatesReplay(const Config& config, std::int64_t id);

// `kb ask QUESTION`: how the knowledge base reads a question (its closest topics with their
// scores, the gate's chance and the decision), for the content owner editing knowledge.json.
int RunKbAsk(const Config& config, const std::string& question);

// `kb review [--since DAYS]`: the questions runners asked in the last `days` days and how the
// base did (dialogs/knowledge_review.h), read from the database.
int RunKbReview(const Config& config, int days);

}  // namespace achilles::bot
