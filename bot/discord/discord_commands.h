// The slash commands the bot registers with Discord: the same names as the Telegram commands,
// with options where Telegram takes arguments. Usable in servers and in the bot's DMs.
#pragma once

#include <string>

namespace achilles::bot {

// The application commands as the JSON array Discord's bulk-overwrite endpoint takes.
std::string DiscordCommandsJson();

}  // namespace achilles::bot
