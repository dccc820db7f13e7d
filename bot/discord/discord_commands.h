// The slash commands the bot registers with Discord: the same names as the Telegram commands,
// with options where Telegram takes arguments. Usable in servers and in the bot's DMs.
#pragma once

#include <string>

namespace achilles::bot {

// Where the commands are registered: everywhere the app is (global), or in one server.
enum class CommandScope { kGlobal, kGuild };

// The application commands as the JSON array Discord's bulk-overwrite endpoint takes. Global
// commands name their contexts (servers, the bot's DM, other DMs); a server's commands cannot.
std::string DiscordCommandsJson(CommandScope scope);

}  // namespace achilles::bot
