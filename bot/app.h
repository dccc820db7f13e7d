// The achilles-coach subcommands, each a function from configuration to an exit code.
// main.cpp parses the command line and calls one of them.
#pragma once

#include <string>

#include "bot/config.h"

namespace achilles::bot {

// `serve`: the webhook server, the outbox sender, until SIGINT/SIGTERM.
int RunServe(const Config& config);

// `chat --as NAME`: the coach in this terminal.
int RunChat(const Config& config, const std::string& runner_name);

// `telegram set-webhook --url URL`: registers the webhook with the secret token and the update
// types the bot handles, and prints Telegram's answer.
int RunTelegramSetWebhook(const Config& config, const std::string& url, bool drop_pending);

}  // namespace achilles::bot
