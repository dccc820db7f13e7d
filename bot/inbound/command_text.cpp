#include "bot/inbound/command_text.h"

#include <algorithm>
#include <cctype>

#include "dialogs/text.h"

namespace achilles::bot {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

}  // namespace

std::optional<CommandText> ParseCommandText(std::string_view text, std::string_view bot_username) {
  if (text.empty() || text.front() != '/') return std::nullopt;
  const auto end = std::find_if(text.begin(), text.end(), IsSpace);
  const std::string_view word(text.data() + 1, static_cast<std::size_t>(end - text.begin() - 1));
  const auto at = word.find('@');
  const std::string_view name = word.substr(0, at);
  if (name.empty() || name.size() > 32) return std::nullopt;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_') return std::nullopt;
  }
  CommandText command;
  command.name = dialogs::Lower(name);
  command.arguments = dialogs::Trimmed(text.substr(static_cast<std::size_t>(end - text.begin())));
  if (at != std::string_view::npos && !bot_username.empty()) {
    command.for_other_bot = dialogs::Lower(word.substr(at + 1)) != dialogs::Lower(bot_username);
  }
  return command;
}

}  // namespace achilles::bot
