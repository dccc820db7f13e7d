#include "bot/telegram/telegram_update.h"

#include <array>
#include <nlohmann/json.hpp>

#include "bot/inbound/command_text.h"
#include "dialogs/text.h"

namespace achilles::bot {
namespace {

using nlohmann::json;

// Message fields that carry something the bot cannot read.
constexpr std::array kUnreadableFields = {
    "sticker",   "photo",    "voice",   "video", "video_note", "audio", "document",
    "animation", "location", "contact", "poll",  "dice",       "venue",
};

// Ids are integers in JSON; the rest of the service keeps them as text.
std::optional<std::string> IdText(const json& object, const char* field) {
  if (!object.is_object()) return std::nullopt;
  auto it = object.find(field);
  if (it == object.end() || !it->is_number_integer()) return std::nullopt;
  return std::to_string(it->get<std::int64_t>());
}

std::string StringField(const json& object, const char* field) {
  auto it = object.find(field);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

dialogs::ChatKind KindOfChat(const json& chat) {
  return StringField(chat, "type") == "private" ? dialogs::ChatKind::kPrivate
                                                : dialogs::ChatKind::kGroup;
}

std::optional<std::string> TopicOf(const json& message) {
  auto topic = message.find("is_topic_message");
  if (topic == message.end() || !topic->is_boolean() || !topic->get<bool>()) return std::nullopt;
  return IdText(message, "message_thread_id");
}

bool IsBot(const json& from) {
  auto it = from.find("is_bot");
  return it != from.end() && it->is_boolean() && it->get<bool>();
}

Result<TelegramUpdate> FromMessage(TelegramUpdate update, const json& message,
                                   std::string_view bot_username) {
  if (!message.is_object() || !message.contains("chat")) {
    return Fail(Error::InvalidInput("message without chat"));
  }
  const json& chat = message["chat"];
  auto chat_id = IdText(chat, "id");
  if (!chat_id) return Fail(Error::InvalidInput("message chat without an integer id"));
  const json from = message.value("from", json::object());
  auto user_id = IdText(from, "id");
  // Channel posts and anonymous admins have no sender we could coach; other bots are not runners.
  if (!user_id || IsBot(from)) return update;

  Envelope& envelope = update.envelope;
  envelope.user_id = *user_id;
  envelope.chat_id = *chat_id;
  envelope.thread_id = TopicOf(message);
  envelope.inbound.chat = KindOfChat(chat);
  envelope.inbound.sender_name = StringField(from, "first_name");
  envelope.chat_title = StringField(chat, "title");

  auto text_field = message.find("text");
  if (text_field != message.end() && text_field->is_string()) {
    const std::string text = text_field->get<std::string>();
    if (auto command = ParseCommandText(text, bot_username)) {
      if (command->for_other_bot) return update;
      envelope.inbound.kind = dialogs::InboundKind::kCommand;
      envelope.inbound.command = command->name;
      envelope.inbound.text = command->arguments;
    } else {
      // In a group the bot answers commands only (and privacy mode delivers little else).
      if (envelope.inbound.chat == dialogs::ChatKind::kGroup) return update;
      envelope.inbound.kind = dialogs::InboundKind::kText;
      envelope.inbound.text = dialogs::Trimmed(text);
    }
    update.kind = TelegramUpdate::Kind::kInbound;
    return update;
  }
  for (const char* field : kUnreadableFields) {
    if (message.contains(field)) {
      envelope.inbound.kind = dialogs::InboundKind::kUnsupported;
      update.kind = TelegramUpdate::Kind::kInbound;
      return update;
    }
  }
  return update;  // a service message (member joined, pinned, ...): nothing to answer
}

Result<TelegramUpdate> FromCallback(TelegramUpdate update, const json& callback) {
  if (!callback.is_object()) return Fail(Error::InvalidInput("callback_query is not an object"));
  auto user_id = IdText(callback.value("from", json::object()), "id");
  const std::string id = StringField(callback, "id");
  if (!user_id || id.empty()) return Fail(Error::InvalidInput("callback_query without id or from"));
  Envelope& envelope = update.envelope;
  envelope.user_id = *user_id;
  envelope.callback_id = id;
  envelope.inbound.kind = dialogs::InboundKind::kButton;
  envelope.inbound.button = StringField(callback, "data");
  envelope.inbound.sender_name = StringField(callback.at("from"), "first_name");
  // The message the button sits on can be missing when it is too old; the press then came from
  // the runner's private chat, whose id is the user id.
  json message = callback.value("message", json::object());
  if (!message.is_object()) message = json::object();
  json chat = message.value("chat", json::object());
  if (!chat.is_object()) chat = json::object();
  envelope.chat_id = IdText(chat, "id").value_or(*user_id);
  envelope.inbound.chat = chat.empty() ? dialogs::ChatKind::kPrivate : KindOfChat(chat);
  envelope.thread_id = TopicOf(message);
  update.kind = TelegramUpdate::Kind::kInbound;
  return update;
}

Result<TelegramUpdate> FromChatMember(TelegramUpdate update, const json& member) {
  if (!member.is_object()) return Fail(Error::InvalidInput("my_chat_member is not an object"));
  const json chat = member.value("chat", json::object());
  if (StringField(chat, "type") != "private") return update;  // added to or removed from a group
  auto user_id = IdText(member.value("from", json::object()), "id");
  if (!user_id) return Fail(Error::InvalidInput("my_chat_member without from.id"));
  const std::string status = StringField(member.value("new_chat_member", json::object()), "status");
  if (status != "kicked" && status != "member") return update;
  update.kind = TelegramUpdate::Kind::kMembership;
  update.envelope.user_id = *user_id;
  update.blocked = status == "kicked";
  return update;
}

}  // namespace

Result<TelegramUpdate> ParseTelegramUpdate(std::string_view body, std::string_view bot_username) {
  const json root = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return Fail(Error::InvalidInput("body is not JSON"));
  auto update_id = root.is_object() ? root.find("update_id") : root.end();
  if (!root.is_object() || update_id == root.end() || !update_id->is_number_integer()) {
    return Fail(Error::InvalidInput("not a Telegram Update: no integer update_id"));
  }
  TelegramUpdate update;
  update.update_id = update_id->get<std::int64_t>();
  update.envelope.platform = kTelegram;
  update.envelope.delivery_id = std::to_string(update.update_id);

  if (auto it = root.find("message"); it != root.end()) {
    return FromMessage(std::move(update), *it, bot_username);
  }
  if (auto it = root.find("callback_query"); it != root.end()) {
    return FromCallback(std::move(update), *it);
  }
  if (auto it = root.find("my_chat_member"); it != root.end()) {
    return FromChatMember(std::move(update), *it);
  }
  // edited_message, channel_post and the rest: acknowledged, not acted on. An edit is not a new
  // answer (Telegram sends edits for field changes the bot never sees).
  return update;
}

const std::vector<std::string>& TelegramUpdateTypes() {
  static const std::vector<std::string> types = {"message", "edited_message", "callback_query",
                                                 "my_chat_member"};
  return types;
}

}  // namespace achilles::bot
