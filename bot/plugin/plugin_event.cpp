#include "bot/plugin/plugin_event.h"

#include <nlohmann/json.hpp>

#include "bot/inbound/command_text.h"
#include "dialogs/text.h"

namespace achilles::bot {
namespace {

using nlohmann::json;

// The longest name kept, in characters (a longer one is cut, not refused).
constexpr std::size_t kNameLimit = 64;

const json* Member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

// A required id: a non-empty string of at most kPluginIdLimit bytes.
Result<std::string> Id(const json& object, const char* key, const std::string& where) {
  const json* value = Member(object, key);
  if (value == nullptr || !value->is_string() || value->get_ref<const std::string&>().empty()) {
    return Fail(Error::InvalidInput(where + " must be a non-empty string"));
  }
  const auto& id = value->get_ref<const std::string&>();
  if (id.size() > kPluginIdLimit) {
    return Fail(Error::InvalidInput(where + " is longer than " + std::to_string(kPluginIdLimit) +
                                    " bytes"));
  }
  return id;
}

// An optional string: "" when absent; an error when present and not a string.
Result<std::string> OptionalText(const json& object, const char* key, const std::string& where) {
  const json* value = Member(object, key);
  if (value == nullptr) return std::string();
  if (!value->is_string()) return Fail(Error::InvalidInput(where + " must be a string"));
  return value->get<std::string>();
}

}  // namespace

Result<std::optional<Envelope>> ParsePluginEvent(std::string_view body) {
  const json root = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object()) return Fail(Error::InvalidInput("the body is not a JSON object"));
  const json* user = Member(root, "user");
  const json* chat = Member(root, "chat");
  if (user == nullptr || !user->is_object()) {
    return Fail(Error::InvalidInput("user must be an object"));
  }
  if (chat == nullptr || !chat->is_object()) {
    return Fail(Error::InvalidInput("chat must be an object"));
  }
  Envelope envelope;
  envelope.platform = kPlugin;
  auto event_id = Id(root, "event_id", "event_id");
  if (!event_id) return Fail(event_id.error());
  auto user_id = Id(*user, "id", "user.id");
  if (!user_id) return Fail(user_id.error());
  auto chat_id = Id(*chat, "id", "chat.id");
  if (!chat_id) return Fail(chat_id.error());
  envelope.delivery_id = std::move(*event_id);
  envelope.user_id = std::move(*user_id);
  envelope.chat_id = std::move(*chat_id);

  auto name = OptionalText(*user, "name", "user.name");
  if (!name) return Fail(name.error());
  envelope.inbound.sender_name = dialogs::Utf8Prefix(dialogs::Trimmed(*name), kNameLimit);
  // The bot speaks English only for now; the language is read so a wrong type is still refused.
  if (auto language = OptionalText(*user, "language", "user.language"); !language) {
    return Fail(language.error());
  }
  if (const json* admin = Member(*user, "admin")) {
    if (!admin->is_boolean()) return Fail(Error::InvalidInput("user.admin must be true or false"));
    envelope.sender_is_admin = admin->get<bool>();
  }
  auto title = OptionalText(*chat, "title", "chat.title");
  if (!title) return Fail(title.error());
  envelope.chat_title = dialogs::Utf8Prefix(*title, kNameLimit);

  const json* kind = Member(*chat, "kind");
  if (kind != nullptr && *kind == "private") {
    envelope.inbound.chat = dialogs::ChatKind::kPrivate;
  } else if (kind != nullptr && *kind == "group") {
    envelope.inbound.chat = dialogs::ChatKind::kGroup;
  } else {
    return Fail(Error::InvalidInput("chat.kind must be \"private\" or \"group\""));
  }

  const json* text = Member(root, "text");
  const json* button = Member(root, "button");
  if ((text == nullptr) == (button == nullptr)) {
    return Fail(Error::InvalidInput("an event has either text or button"));
  }
  if (button != nullptr) {
    if (!button->is_string()) return Fail(Error::InvalidInput("button must be a string"));
    envelope.inbound.kind = dialogs::InboundKind::kButton;
    envelope.inbound.button = button->get<std::string>();
    return std::optional(std::move(envelope));
  }
  if (!text->is_string()) return Fail(Error::InvalidInput("text must be a string"));
  const auto& typed = text->get_ref<const std::string&>();
  if (auto command = ParseCommandText(typed, "")) {
    envelope.inbound.kind = dialogs::InboundKind::kCommand;
    envelope.inbound.command = command->name;
    envelope.inbound.text = command->arguments;
  } else {
    if (envelope.inbound.chat == dialogs::ChatKind::kGroup) return std::optional<Envelope>();
    envelope.inbound.kind = dialogs::InboundKind::kText;
    envelope.inbound.text = dialogs::Trimmed(typed);
  }
  return std::optional(std::move(envelope));
}

}  // namespace achilles::bot
