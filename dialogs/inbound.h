// One platform-neutral message from a runner or coach, as the coaching core sees it.
// Platform identifiers (chat ids, interaction tokens) never appear here: the adapters in bot/
// keep them and address the replies.
#pragma once

#include <string>

namespace achilles::dialogs {

enum class ChatKind { kPrivate, kGroup };

enum class InboundKind {
  kText,         // free text typed by the person
  kCommand,      // "/name args": `command` and `text` (the arguments) are set
  kButton,       // a button press: `button` holds the payload the button was rendered with
  kUnsupported,  // something the bot cannot read: a sticker, photo, voice note
};

struct Inbound {
  InboundKind kind = InboundKind::kText;
  ChatKind chat = ChatKind::kPrivate;
  std::string sender_name;  // first name as the platform gives it; may be empty
  std::string text;         // kText: the message; kCommand: the arguments, trimmed
  std::string command;      // kCommand: lower-case name without the slash or @BotName
  std::string button;       // kButton: the payload
};

}  // namespace achilles::dialogs
