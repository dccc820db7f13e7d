#include "bot/plugin/plugin_render.h"

#include <openssl/rand.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "bot/http/secret.h"
#include "bot/plugin/plugin_event.h"
#include "storage/json_text.h"

namespace achilles::bot {
namespace {

using nlohmann::json;

// 128 random bits as 32 hex digits.
std::string MessageId() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes for an id");
  return ToHex(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

json NullIfEmpty(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

json Buttons(const std::vector<std::vector<dialogs::Button>>& rows) {
  json buttons = json::array();
  for (const auto& row : rows) {
    json rendered = json::array();
    for (const auto& button : row) {
      if (button.url.empty()) {
        rendered.push_back({{"label", button.label}, {"payload", button.payload}});
      } else {
        rendered.push_back({{"label", button.label}, {"url", button.url}});
      }
    }
    buttons.push_back(std::move(rendered));
  }
  return buttons;
}

}  // namespace

std::vector<storage::OutgoingMessage> PluginRenderer::Render(
    const std::vector<dialogs::Reply>& replies, const ReplyAddress& to) const {
  std::vector<storage::OutgoingMessage> calls;
  for (const auto& reply : replies) {
    json body = {{"message_id", MessageId()},
                 {"chat_id", to.chat_id},
                 {"user_id", NullIfEmpty(to.user_id)},
                 {"reply_to", NullIfEmpty(to.reply_to)},
                 {"text", reply.text},
                 {"buttons", Buttons(reply.keyboard)}};
    // Files travel in the message as text (a gateway saves or offers them as it can); a chart
    // is not drawn here: the text carries its numbers.
    for (const auto& file : reply.files) {
      body["files"].push_back(
          {{"name", file.name}, {"media_type", file.media_type}, {"content", file.content}});
    }
    calls.push_back(storage::OutgoingMessage{.platform = kPlugin,
                                             .chat_id = to.chat_id,
                                             .scope = to.scope,
                                             .runner_id = to.runner_id,
                                             .method = kPluginPost,
                                             .payload = storage::JsonText(body)});
  }
  return calls;
}

std::optional<storage::OutgoingMessage> PluginRenderer::Acknowledge(const Envelope&,
                                                                    const ReplyAddress&) const {
  return std::nullopt;
}

}  // namespace achilles::bot
