#include "bot/discord/discord_render.h"

#include <nlohmann/json.hpp>

#include "bot/discord/discord_interaction.h"
#include "bot/outbox/message_split.h"
#include "charts/chart_png.h"
#include "dialogs/text.h"
#include "storage/json_text.h"

namespace achilles::bot {
namespace {

using nlohmann::json;

constexpr std::size_t kButtonsPerRow = 5;
constexpr std::size_t kRowsPerMessage = 5;
constexpr std::size_t kLabelLimit = 80;
constexpr char kTypeAnswerLabel[] = "Type your answer";

void AppendEscaped(std::string& out, std::string_view text, bool& line_start) {
  for (char c : text) {
    const bool special = c == '\\' || c == '*' || c == '_' || c == '~' || c == '`' || c == '|';
    const bool starts_block = line_start && (c == '>' || c == '#' || c == '-');
    if (special || starts_block) out += '\\';
    out += c;
    if (c == '\n') {
      line_start = true;
    } else if (c != ' ') {
      line_start = false;
    }
  }
}

// Buttons as action rows: rows longer than 5 are split evenly; beyond 5 rows everything is
// packed 5 to a row, and what still does not fit is left off (no dialog asks that much).
json Components(const std::vector<std::vector<dialogs::Button>>& keyboard, bool typed_answer) {
  std::vector<std::vector<const dialogs::Button*>> rows;
  for (const auto& row : keyboard) {
    if (row.empty()) continue;
    const std::size_t parts = (row.size() + kButtonsPerRow - 1) / kButtonsPerRow;
    const std::size_t per_part = (row.size() + parts - 1) / parts;
    for (std::size_t start = 0; start < row.size(); start += per_part) {
      std::vector<const dialogs::Button*> part;
      for (std::size_t i = start; i < std::min(row.size(), start + per_part); ++i) {
        part.push_back(&row[i]);
      }
      rows.push_back(std::move(part));
    }
  }
  const dialogs::Button type_answer{kTypeAnswerLabel, kTypeAnswerButton, ""};
  if (typed_answer) rows.push_back({&type_answer});
  if (rows.size() > kRowsPerMessage) {
    std::vector<const dialogs::Button*> all;
    for (const auto& row : rows) all.insert(all.end(), row.begin(), row.end());
    rows.clear();
    for (std::size_t i = 0; i < all.size() && rows.size() < kRowsPerMessage; i += kButtonsPerRow) {
      rows.emplace_back(
          all.begin() + static_cast<std::ptrdiff_t>(i),
          all.begin() + static_cast<std::ptrdiff_t>(std::min(all.size(), i + kButtonsPerRow)));
    }
  }
  json components = json::array();
  for (const auto& row : rows) {
    json buttons = json::array();
    for (const dialogs::Button* button : row) {
      json rendered = {{"type", 2}, {"label", dialogs::Utf8Prefix(button->label, kLabelLimit)}};
      if (!button->url.empty()) {
        rendered["style"] = 5;  // a link
        rendered["url"] = button->url;
      } else {
        rendered["style"] = button->payload == kTypeAnswerButton ? 1 : 2;
        rendered["custom_id"] = button->payload;
      }
      buttons.push_back(std::move(rendered));
    }
    components.push_back({{"type", 1}, {"components", std::move(buttons)}});
  }
  return components;
}

// `text` in pieces whose escaped form fits in one message.
std::vector<std::string> Pieces(std::string_view text) {
  for (std::size_t limit = kDiscordMessageLimit; limit > 200; limit -= 200) {
    std::vector<std::string> escaped;
    bool fits = true;
    for (const auto& piece : SplitMessage(text, limit, LengthUnit::kCodePoint)) {
      escaped.push_back(ToDiscordMarkdown(piece));
      // Discord counts the marks too: the raw content must fit.
      std::size_t length = 0;
      for (unsigned char c : escaped.back()) length += (c & 0xC0) != 0x80 ? 1 : 0;
      if (length > kDiscordMessageLimit) {
        fits = false;
        break;
      }
    }
    if (fits) return escaped;
  }
  return {ToDiscordMarkdown(
      dialogs::Utf8Prefix(text, kDiscordMessageLimit / 2))};  // all escapes: unreachable
}

}  // namespace

std::string ToDiscordMarkdown(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  bool line_start = true;
  while (!text.empty()) {
    const auto open = text.find("**");
    const auto close = open == std::string_view::npos ? open : text.find("**", open + 2);
    if (close == std::string_view::npos) {
      AppendEscaped(out, text, line_start);
      break;
    }
    AppendEscaped(out, text.substr(0, open), line_start);
    out += "**";
    AppendEscaped(out, text.substr(open + 2, close - open - 2), line_start);
    out += "**";
    line_start = false;
    text.remove_prefix(close + 2);
  }
  return out;
}

std::vector<storage::OutgoingMessage> DiscordRenderer::Render(
    const std::vector<dialogs::Reply>& replies, const ReplyAddress& to) const {
  const bool ephemeral = to.interaction && to.scope == storage::ChatScope::kGroup;
  std::vector<json> messages;
  // The files each message carries (its attachments), and what it says when they fail for good.
  std::vector<std::vector<storage::Upload>> uploads;
  std::vector<std::string> instead;
  for (const auto& reply : JoinReplies(replies, kDiscordMessageLimit, LengthUnit::kCodePoint)) {
    const auto pieces = Pieces(reply.text);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      json message = {{"content", pieces[i]}, {"allowed_mentions", {{"parse", json::array()}}}};
      uploads.emplace_back();
      instead.emplace_back();
      if (i + 1 == pieces.size()) {
        message["components"] = Components(reply.keyboard, reply.typed_answer);
        // The chart and the files go with the reply's last message, which then falls back to
        // its text alone (with a word about the files).
        if (reply.chart) {
          uploads.back().push_back(
              storage::Upload{"", "chart.png", "image/png", charts::ChartJson(*reply.chart), true});
        }
        for (const auto& file : reply.files) {
          uploads.back().push_back(
              storage::Upload{"", file.name, file.media_type, file.content, false});
          instead.back() += "\n\n" + ToDiscordMarkdown(file.name) +
                            " could not be sent as a file. Use /export to try again.";
        }
        json attachments = json::array();
        for (std::size_t n = 0; n < uploads.back().size(); ++n) {
          uploads.back()[n].field = "files[" + std::to_string(n) + "]";
          attachments.push_back({{"id", n}, {"filename", uploads.back()[n].filename}});
        }
        if (!attachments.empty()) message["attachments"] = std::move(attachments);
      }
      if (ephemeral) message["flags"] = kDiscordEphemeral;
      messages.push_back(std::move(message));
    }
  }

  std::vector<storage::OutgoingMessage> calls;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    storage::OutgoingMessage call{kDiscord, to.chat_id, to.scope, to.runner_id, "", ""};
    json payload;
    if (to.interaction) {
      // Ordered per interaction, not per channel (the outbox sends one row per key at a time).
      if (!to.interaction->id.empty()) call.chat_id = "interaction:" + to.interaction->id;
      const bool fills_original = i == 0 && to.interaction->original_pending;
      if (fills_original) messages[i].erase("flags");  // set by the deferred response already
      call.method = fills_original ? kDiscordEditOriginal : kDiscordFollowUp;
      payload = {{"application_id", to.interaction->application_id},
                 {"token", to.interaction->token}};
    } else if (!to.chat_id.empty()) {
      call.method = kDiscordCreateMessage;
      payload = {{"channel_id", to.chat_id}};
    } else {
      // No DM channel yet: DiscordApi opens one, and the outbox sender remembers it.
      call.method = kDiscordDirectMessage;
      call.chat_id = "dm:" + to.user_id;
      payload = {{"recipient_id", to.user_id}};
    }
    if (!uploads[i].empty()) {
      json text_only = payload;
      text_only["message"] = messages[i];
      text_only["message"].erase("attachments");
      const std::string content = text_only["message"]["content"].get<std::string>();
      if (VisibleLength(content + instead[i], LengthUnit::kCodePoint) <= kDiscordMessageLimit) {
        text_only["message"]["content"] = content + instead[i];
      }
      call.uploads = std::move(uploads[i]);
      call.fallback = storage::Fallback{call.method, storage::JsonText(text_only)};
    }
    payload["message"] = std::move(messages[i]);
    call.payload = storage::JsonText(payload);
    calls.push_back(std::move(call));
  }
  return calls;
}

}  // namespace achilles::bot

namespace achilles::bot {
namespace {

using nlohmann::json;

constexpr int kPongType = 1;
constexpr int kChannelMessageType = 4;
constexpr int kDeferredType = 5;
constexpr int kUpdateMessageType = 7;
constexpr int kAutocompleteResultType = 8;
constexpr int kModalType = 9;

json TextInput(const char* id, const char* label, const char* placeholder, int max_length,
               bool paragraph = false) {
  return json{{"type", 1},
              {"components",
               {{{"type", 4},
                 {"custom_id", id},
                 {"label", label},
                 {"style", paragraph ? 2 : 1},
                 {"placeholder", placeholder},
                 {"max_length", max_length},
                 {"required", false}}}}};
}

}  // namespace

std::string DiscordPong() { return json{{"type", kPongType}}.dump(); }

std::string DiscordMessage(std::string_view text) {
  return storage::JsonText(
      json{{"type", kChannelMessageType},
           {"data",
            {{"content", ToDiscordMarkdown(dialogs::Utf8Prefix(text, kDiscordMessageLimit / 2))},
             {"flags", kDiscordEphemeral},
             {"allowed_mentions", {{"parse", json::array()}}}}}});
}

std::string DiscordDeferred(bool ephemeral) {
  json response = {{"type", kDeferredType}};
  if (ephemeral) response["data"] = {{"flags", kDiscordEphemeral}};
  return response.dump();
}

std::string DiscordPressed(std::string_view message_content, std::string_view label) {
  std::string content(message_content);
  if (!label.empty()) {
    std::string choice = "\n\n→ **" + ToDiscordMarkdown(label) + "**";
    if (VisibleLength(content, LengthUnit::kCodePoint) + choice.size() <= kDiscordMessageLimit) {
      content += choice;
    }
  }
  json data = {{"components", json::array()}, {"allowed_mentions", {{"parse", json::array()}}}};
  if (!content.empty()) data["content"] = content;
  return json{{"type", kUpdateMessageType}, {"data", std::move(data)}}.dump();
}

std::string DiscordCheckInForm() {
  return json{
      {"type", kModalType},
      {"data",
       {{"custom_id", kCheckInForm},
        {"title", "Check-in"},
        {"components",
         {TextInput("stiffness", "Morning stiffness (0-10)", "0 = none, 10 = worst", 2),
          TextInput("pain", "Pain in your last run (0-10)", "leave empty if no run", 2),
          TextInput("rehab_pain", "Pain in your last rehab session (0-10)", "leave empty if none",
                    2),
          TextInput("run_km", "Km run since the last check-in", "0 if you did not run", 6),
          TextInput("did_session", "Did your last rehab session? (yes/no)", "yes or no", 8)}}}}}
      .dump();
}

std::string DiscordAnswerForm() {
  json form = {{"type", kModalType},
               {"data",
                {{"custom_id", kTypedAnswerForm},
                 {"title", "Your answer"},
                 {"components",
                  {TextInput("answer", "Your answer", "type it as you would say it", 500,
                             /*paragraph=*/true)}}}}};
  form["data"]["components"][0]["components"][0]["required"] = true;
  return form.dump();
}

std::string DiscordNoChoices() {
  return json{{"type", kAutocompleteResultType}, {"data", {{"choices", json::array()}}}}.dump();
}

}  // namespace achilles::bot
