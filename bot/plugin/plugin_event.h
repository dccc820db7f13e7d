// Reading the events a plug-in gateway POSTs to /plugin/v1/events (ARCHITECTURE.md):
//   {"event_id": "...", "user": {"id": "...", "name": "...", "language": "en", "admin": false},
//    "chat": {"id": "...", "kind": "private" | "group", "title": "..."},
//    "text": "..."}  or  "button": "<payload>" instead of "text".
// `name`, `language`, `admin` and `title` are optional. `admin` says the user administers the
// group (only an admin may set up a squad there: the gateway knows, the bot cannot ask).
#pragma once

#include <optional>
#include <string_view>

#include "bot/inbound/envelope.h"
#include "dialogs/error.h"

namespace achilles::bot {

inline constexpr char kPlugin[] = "plugin";

// The longest id (event, user, chat) taken, in bytes.
inline constexpr std::size_t kPluginIdLimit = 128;

// The event as an Envelope of platform "plugin"; nullopt for an event the bot does not answer
// (text in a group that is not a command: in groups the bot answers commands only, as on
// Telegram). Fails with kInvalidInput (answered 400) naming the first thing wrong.
Result<std::optional<Envelope>> ParsePluginEvent(std::string_view body);

}  // namespace achilles::bot
