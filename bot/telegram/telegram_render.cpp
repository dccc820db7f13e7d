#include "bot/telegram/telegram_render.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "bot/outbox/message_split.h"
#include "bot/telegram/telegram_update.h"
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

std::vector<storage::OutgoingMessage> TelegramRenderer::Render(
    const std::vector<dialogs::Reply>& replies, const ReplyAddress& to) const {
  std::vector<storage::OutgoingMessage> calls;
  for (const auto& reply : replies) {
    const auto pieces = SplitMessage(reply.text, kTelegramMessageLimit, LengthUnit::kUtf16);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      json payload = {{"chat_id", ChatIdJson(to.chat_id)},
                      {"text", ToTelegramHtml(pieces[i])},
                      {"parse_mode", "HTML"},
                      {"link_preview_options", {{"is_disabled", true}}}};
      if (to.thread_id) payload["message_thread_id"] = ChatIdJson(*to.thread_id);
      if (i + 1 == pieces.size() && !reply.keyboard.empty()) {
        payload["reply_markup"] = Keyboard(reply.keyboard);
      }
      calls.push_back(Call(to, "sendMessage", payload));
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
