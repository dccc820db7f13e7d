// Reading "/command@BotName arguments" the way Telegram (and the terminal chat) write commands.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace achilles::bot {

struct CommandText {
  std::string name;            // lower-case, without '/' or '@BotName'
  std::string arguments;       // the rest of the text, trimmed
  bool for_other_bot = false;  // addressed as /name@SomeoneElse: not for us
};

// Nullopt when `text` is not a command (no leading '/', or a name outside [A-Za-z0-9_]{1,32}).
// `bot_username` (without '@') is compared case-insensitively; when it is empty any @name is
// accepted.
std::optional<CommandText> ParseCommandText(std::string_view text, std::string_view bot_username);

}  // namespace achilles::bot
