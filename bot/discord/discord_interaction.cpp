#include "bot/discord/discord_interaction.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "dialogs/text.h"

namespace achilles::bot {
namespace {

using nlohmann::json;

// Discord's interaction types.
constexpr int kPingType = 1;
constexpr int kCommandType = 2;
constexpr int kComponentType = 3;
constexpr int kAutocompleteType = 4;
constexpr int kModalSubmitType = 5;

// Interaction context types: in a server, in the bot's DM, in a DM between other users.
constexpr int kBotDmContext = 1;

std::string StringOf(const json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// An option's value as text: strings as they are, numbers without a trailing ".0", booleans as
// yes or no.
std::string ValueText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  if (value.is_number()) {
    std::string text = value.dump();
    if (text.size() > 2 && text.ends_with(".0")) text.resize(text.size() - 2);
    return text;
  }
  return "";
}

bool IsYes(std::string_view value) {
  const std::string lower = dialogs::Lower(dialogs::Trimmed(value));
  return lower == "yes" || lower == "y" || lower == "done" || lower == "did" || lower == "true";
}

bool IsNo(std::string_view value) {
  const std::string lower = dialogs::Lower(dialogs::Trimmed(value));
  return lower == "no" || lower == "n" || lower == "skipped" || lower == "missed" ||
         lower == "false";
}

// The (name, value) pairs of a modal's text inputs, in order.
std::vector<std::pair<std::string, std::string>> FormFields(const json& data) {
  std::vector<std::pair<std::string, std::string>> fields;
  if (!data.contains("components") || !data["components"].is_array()) return fields;
  for (const auto& row : data["components"]) {
    if (!row.is_object() || !row.contains("components") || !row["components"].is_array()) continue;
    for (const auto& input : row["components"]) {
      const std::string id = StringOf(input, "custom_id");
      if (!id.empty()) fields.emplace_back(id, StringOf(input, "value"));
    }
  }
  return fields;
}

// The label of the button with `custom_id` on `message`, if Discord sent its components.
std::string ButtonLabel(const json& message, const std::string& custom_id) {
  if (!message.is_object() || !message.contains("components")) return "";
  for (const auto& row : message["components"]) {
    if (!row.is_object() || !row.contains("components")) continue;
    for (const auto& button : row["components"]) {
      if (StringOf(button, "custom_id") == custom_id) return StringOf(button, "label");
    }
  }
  return "";
}

}  // namespace

std::string CheckInLine(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string line;
  std::string note;
  auto add = [&line](std::string_view words) {
    if (!line.empty()) line += ' ';
    line += words;
  };
  for (const auto& [name, raw] : fields) {
    const std::string value(dialogs::Trimmed(raw));
    if (value.empty()) continue;
    if (name == "stiffness") {
      add("stiffness " + value);
    } else if (name == "pain") {
      add("pain " + value);
    } else if (name == "rehab_pain") {
      add("rehab pain " + value);
    } else if (name == "run_km") {
      add(value == "0" ? std::string("no run") : "ran " + value + " km");
    } else if (name == "did_session") {
      if (IsYes(value)) add("did the session");
      if (IsNo(value)) add("skipped the session");
    } else if (name == "note") {
      note = value;
    }
  }
  if (!note.empty()) add("note: " + note);
  return line;
}

Result<DiscordInteraction> ParseDiscordInteraction(std::string_view body) {
  const json root = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object() || !root.contains("type") || !root["type"].is_number_integer()) {
    return Fail(Error::InvalidInput("not a Discord interaction (no integer type)"));
  }
  DiscordInteraction result;
  const int type = root["type"].get<int>();
  if (type == kPingType) {
    result.kind = DiscordInteraction::Kind::kPing;
    return result;
  }
  if (type == kAutocompleteType) return result;  // kIgnored: no command autocompletes
  if (type != kCommandType && type != kComponentType && type != kModalSubmitType) {
    return Fail(Error::InvalidInput("unknown interaction type " + std::to_string(type)));
  }

  Envelope& envelope = result.envelope;
  envelope.platform = kDiscord;
  envelope.delivery_id = StringOf(root, "id");
  const json& user = root.contains("member") && root["member"].is_object()
                         ? root["member"].value("user", json())
                         : root.value("user", json());
  envelope.user_id = StringOf(user, "id");
  envelope.chat_id = StringOf(root, "channel_id");
  if (envelope.chat_id.empty()) envelope.chat_id = StringOf(root.value("channel", json()), "id");
  const std::string token = StringOf(root, "token");
  const std::string application = StringOf(root, "application_id");
  if (envelope.delivery_id.empty() || envelope.user_id.empty() || envelope.chat_id.empty() ||
      token.empty() || application.empty()) {
    return Fail(Error::InvalidInput(
        "interaction lacks an id, a user, a channel, a token or an application id"));
  }
  envelope.inbound.sender_name = StringOf(user, "global_name");
  if (envelope.inbound.sender_name.empty())
    envelope.inbound.sender_name = StringOf(user, "username");

  // Only the bot's own DM is a private chat. In a server, or a DM between other people where the
  // app is installed, replies are ephemeral and personal commands are refused.
  const bool dm = root.contains("context") && root["context"].is_number_integer()
                      ? root["context"].get<int>() == kBotDmContext
                      : !root.contains("guild_id");
  envelope.inbound.chat = dm ? dialogs::ChatKind::kPrivate : dialogs::ChatKind::kGroup;
  envelope.interaction =
      InteractionReply{application, token, /*original_pending=*/true, envelope.delivery_id};
  // Server admins (Administrator, Manage Server or Manage Channels) may set up a squad.
  const std::string permissions = StringOf(root.value("member", json()), "permissions");
  if (!permissions.empty()) {
    try {
      const unsigned long long bits = std::stoull(permissions);
      envelope.sender_is_admin = (bits & ((1ULL << 3) | (1ULL << 4) | (1ULL << 5))) != 0;
    } catch (const std::exception&) {
      envelope.sender_is_admin = false;
    }
  }
  envelope.chat_title = StringOf(root.value("channel", json()), "name");

  const json data = root.value("data", json::object());
  if (!data.is_object()) return Fail(Error::InvalidInput("interaction data is not an object"));
  dialogs::Inbound& inbound = envelope.inbound;

  if (type == kCommandType) {
    inbound.kind = dialogs::InboundKind::kCommand;
    inbound.command = dialogs::Lower(StringOf(data, "name"));
    if (inbound.command.empty()) return Fail(Error::InvalidInput("command without a name"));
    std::vector<std::pair<std::string, std::string>> options;
    if (data.contains("options") && data["options"].is_array()) {
      for (const auto& option : data["options"]) {
        if (option.is_object() && option.contains("value")) {
          options.emplace_back(StringOf(option, "name"), ValueText(option["value"]));
        }
      }
    }
    if (inbound.command == "checkin") {
      if (options.empty() && dm) result.kind = DiscordInteraction::Kind::kOpenCheckInForm;
      inbound.text = CheckInLine(options);
    } else {
      // The options' values in order, as a Telegram command's arguments would read
      // ("/digest time:18:30 zone:Europe/Berlin" -> "18:30 Europe/Berlin").
      for (const auto& [name, value] : options) {
        const std::string trimmed = dialogs::Trimmed(value);
        if (trimmed.empty()) continue;
        if (!inbound.text.empty()) inbound.text += ' ';
        inbound.text += trimmed;
      }
    }
    if (result.kind != DiscordInteraction::Kind::kOpenCheckInForm) {
      result.kind = DiscordInteraction::Kind::kInbound;
    }
    return result;
  }

  if (type == kComponentType) {
    std::string custom_id = StringOf(data, "custom_id");
    // A select menu sends its chosen option's value.
    if (data.contains("values") && data["values"].is_array() && !data["values"].empty() &&
        data["values"][0].is_string()) {
      custom_id = data["values"][0].get<std::string>();
    }
    if (custom_id.empty()) return Fail(Error::InvalidInput("component without a custom_id"));
    if (custom_id == kTypeAnswerButton) {
      result.kind = DiscordInteraction::Kind::kOpenAnswerForm;
      return result;
    }
    result.kind = DiscordInteraction::Kind::kInbound;
    result.component = true;
    envelope.interaction->original_pending = false;  // the response updates the pressed message
    inbound.kind = dialogs::InboundKind::kButton;
    inbound.button = custom_id;
    const json message = root.value("message", json::object());
    result.pressed_message = StringOf(message, "content");
    result.pressed_label = ButtonLabel(message, StringOf(data, "custom_id"));
    return result;
  }

  // A form submitted.
  const std::string form = StringOf(data, "custom_id");
  const auto fields = FormFields(data);
  result.kind = DiscordInteraction::Kind::kInbound;
  if (form == kCheckInForm) {
    inbound.kind = dialogs::InboundKind::kCommand;
    inbound.command = "checkin";
    inbound.text = CheckInLine(fields);
    return result;
  }
  if (form == kTypedAnswerForm) {
    inbound.kind = dialogs::InboundKind::kText;
    inbound.text = fields.empty() ? "" : std::string(dialogs::Trimmed(fields.front().second));
    return result;
  }
  return Fail(Error::InvalidInput("unknown form " + form));
}

}  // namespace achilles::bot
