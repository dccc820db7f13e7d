#include "bot/telegram/telegram_render.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "bot/outbox/message_split.h"
#include "bot/telegram/telegram_update.h"
#include "charts/chart_png.h"
#include "storage/json_text.h"

namespace achilles::bot {
namespace {

using nlohmann::json;

void AppendEscaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
}

// Telegram takes chat ids as integers; ours are stored as text.
json ChatIdJson(const std::string& chat_id) {
  std::int64_t number = 0;
  const auto [end, ec] = std::from_chars(chat_id.data(), chat_id.data() + chat_id.size(), number);
  if (ec == std::errc() && end == chat_id.data() + chat_id.size()) return number;
  return chat_id;
}

json Keyboard(const std::vector<std::vector<dialogs::Button>>& rows) {
  json keyboard = json::array();
  for (const auto& row : rows) {
    json buttons = json::array();
    for (const auto& button : row) {
      json rendered = {{"text", button.label}};
      if (!button.url.empty()) {
        rendered["url"] = button.url;
      } else {
        rendered["callback_data"] = button.payload;
      }
      buttons.push_back(std::move(rendered));
    }
    keyboard.push_back(std::move(buttons));
  }
  return json{{"inline_keyboard", std::move(keyboard)}};
}

storage::OutgoingMessage Call(const ReplyAddress& to, std::string method, const json& payload) {
  return storage::OutgoingMessage{kTelegram,    to.chat_id,        to.scope,
                                  to.runner_id, std::move(method), storage::JsonText(payload)};
}

}  // namespace

std::string ToTelegramHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  while (!text.empty()) {
    const auto open = text.find("**");
    const auto close = open == std::string_view::npos ? open : text.find("**", open + 2);
    if (close == std::string_view::npos) {
      AppendEscaped(out, text);
      break;
    }
    AppendEscaped(out, text.substr(0, open));
    out += "<b>";
    AppendEscaped(out, text.substr(open + 2, close - open - 2));
    out += "</b>";
    text.remove_prefix(close + 2);
  }
  return out;
}

namespace {

json TextPayload(const ReplyAddress& to, std::string_view text,
                 const std::vector<std::vector<dialogs::Button>>& keyboard) {
  json payload = {{"chat_id", ChatIdJson(to.chat_id)},
                  {"text", ToTelegramHtml(text)},
                  {"parse_mode", "HTML"},
                  {"link_preview_options", {{"is_disabled", true}}}};
  if (to.thread_id) payload["message_thread_id"] = ChatIdJson(*to.thread_id);
  if (!keyboard.empty()) payload["reply_markup"] = Keyboard(keyboard);
  return payload;
}

// A sendPhoto or sendDocument: the file is uploaded (multipart) under `field`, the caption
// goes with it, and `fallback` is sent instead if the upload fails for good.
storage::OutgoingMessage FileCall(const ReplyAddress& to, const char* method,
                                  std::string_view caption,
                                  const std::vector<std::vector<dialogs::Button>>& keyboard,
                                  storage::Upload upload, const json& fallback) {
  json payload = {{"chat_id", ChatIdJson(to.chat_id)},
                  {"caption", ToTelegramHtml(caption)},
                  {"parse_mode", "HTML"}};
  if (to.thread_id) payload["message_thread_id"] = ChatIdJson(*to.thread_id);
  if (!keyboard.empty()) payload["reply_markup"] = Keyboard(keyboard);
  storage::OutgoingMessage call = Call(to, method, payload);
  call.uploads.push_back(std::move(upload));
  call.fallback = storage::Fallback{"sendMessage", storage::JsonText(fallback)};
  return call;
}

std::string ChartTitle(const dialogs::Chart& chart) {
  if (chart.runner) return chart.runner->title;
  return chart.squad ? chart.squad->title : std::string();
}

}  // namespace

std::vector<storage::OutgoingMessage> TelegramRenderer::Render(
    const std::vector<dialogs::Reply>& replies, const ReplyAddress& to) const {
  std::vector<storage::OutgoingMessage> calls;
  for (const auto& reply : JoinReplies(replies, kTelegramMessageLimit, LengthUnit::kUtf16)) {
    const auto pieces = SplitMessage(reply.text, kTelegramMessageLimit, LengthUnit::kUtf16);
    // A chart goes as a photo whose caption is the reply when the reply fits in one (1,024
    // characters); a longer reply goes first as text and the photo follows with its title. The
    // buttons go on the last message either way.
    const bool captioned =
        reply.chart &&
        SplitMessage(reply.text, kTelegramCaptionLimit, LengthUnit::kUtf16).size() == 1;
    const bool keyboard_on_text = !reply.chart && reply.files.empty();
    for (std::size_t i = 0; i < pieces.size() && !captioned; ++i) {
      const bool last = i + 1 == pieces.size();
      calls.push_back(Call(
          to, "sendMessage",
          TextPayload(to, pieces[i],
                      last && keyboard_on_text ? reply.keyboard : decltype(reply.keyboard){})));
    }
    if (reply.chart) {
      storage::Upload photo{"photo", "chart.png", "image/png", charts::ChartJson(*reply.chart),
                            /*chart=*/true};
      const std::string title = "**" + ChartTitle(*reply.chart) + "**";
      const std::string caption = captioned ? reply.text : title;
      // The fallback is the text: the whole reply when it was the caption, else a note that
      // the numbers are in the message above.
      const std::string instead =
          captioned
              ? reply.text
              : title + "\n(The chart could not be sent; its numbers are in the message above.)";
      calls.push_back(FileCall(to, "sendPhoto", caption, reply.keyboard, std::move(photo),
                               TextPayload(to, instead, reply.keyboard)));
    }
    for (std::size_t i = 0; i < reply.files.size(); ++i) {
      const auto& file = reply.files[i];
      const bool last = i + 1 == reply.files.size();
      const auto& keyboard = last && !reply.chart ? reply.keyboard : decltype(reply.keyboard){};
      calls.push_back(FileCall(
          to, "sendDocument", file.name, keyboard,
          storage::Upload{"document", file.name, file.media_type, file.content, false},
          TextPayload(to, file.name + " could not be sent as a file. Send /export to try again.",
                      keyboard)));
    }
  }
  return calls;
}

std::optional<storage::OutgoingMessage> TelegramRenderer::Acknowledge(
    const Envelope& envelope, const ReplyAddress& to) const {
  if (envelope.callback_id.empty()) return std::nullopt;
  return Call(to, "answerCallbackQuery", json{{"callback_query_id", envelope.callback_id}});
}

std::string TelegramRenderer::StartLink(std::string_view code) const {
  if (bot_username_.empty()) return "";
  return "https://t.me/" + bot_username_ + "?start=" + std::string(code);
}

}  // namespace achilles::bot
