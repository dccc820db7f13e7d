#include "bot/app/chat_console.h"

#include <filesystem>
#include <fstream>
#include <istream>
#include <nlohmann/json.hpp>
#include <ostream>

#include "bot/inbound/command_text.h"
#include "charts/chart_png.h"
#include "dialogs/text.h"
#include "storage/json_text.h"
#include "storage/outbox.h"
#include "storage/runners.h"

namespace achilles::bot {
namespace {

using nlohmann::json;

// Where the terminal chat writes charts and files, under the working directory.
std::string WithoutMarks(std::string text) {
  for (auto pos = text.find("**"); pos != std::string::npos; pos = text.find("**", pos)) {
    text.erase(pos, 2);
  }
  return text;
}

std::optional<std::size_t> ChoiceNumber(const std::string& line) {
  if (line.empty() || line.size() > 3) return std::nullopt;
  std::size_t number = 0;
  for (char c : line) {
    if (c < '0' || c > '9') return std::nullopt;
    number = number * 10 + static_cast<std::size_t>(c - '0');
  }
  return number;
}

// Writes `upload` (a chart drawn first) under files_dir and says where, or why not.
std::string SaveFile(const storage::Upload& upload, const std::filesystem::path& files_dir) {
  std::string bytes = upload.content;
  if (upload.chart) {
    auto chart = charts::ChartFromJson(upload.content);
    if (!chart) return "(the chart could not be drawn: " + chart.error().message + ")";
    auto png = charts::DrawPng(*chart);
    if (!png) return "(the chart could not be drawn: " + png.error().message + ")";
    bytes = std::move(*png);
  }
  std::error_code error;
  const std::filesystem::path dir = std::filesystem::absolute(files_dir, error);
  std::filesystem::create_directories(dir, error);
  // The name is ours ("achilles-export-2026-12-03.csv"), but only its last part is used.
  const std::filesystem::path path = dir / std::filesystem::path(upload.filename).filename();
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!file) return "(" + upload.filename + " could not be written to " + dir.string() + ")";
  return (upload.chart ? "Chart: " : "File: ") + path.string();
}

}  // namespace

std::vector<storage::OutgoingMessage> ConsoleRenderer::Render(
    const std::vector<dialogs::Reply>& replies, const ReplyAddress& to) const {
  std::vector<storage::OutgoingMessage> calls;
  int team_charts = 0;
  for (const auto& reply : replies) {
    json rows = json::array();
    for (const auto& row : reply.keyboard) {
      json buttons = json::array();
      for (const auto& b : row) {
        buttons.push_back({{"label", b.label}, {"payload", b.payload}, {"url", b.url}});
      }
      rows.push_back(std::move(buttons));
    }
    json payload = {{"text", reply.text}, {"buttons", std::move(rows)}};
    storage::OutgoingMessage call{.platform = kConsole,
                                  .chat_id = to.chat_id,
                                  .scope = to.scope,
                                  .runner_id = to.runner_id,
                                  .method = "print",
                                  .payload = storage::JsonText(payload)};
    // The terminal writes a chart and the files to disk and prints where; /team's images are
    // numbered, so a squad of more than twelve does not overwrite its first.
    if (reply.chart) {
      const std::string name = reply.chart->squad
                                   ? "team-chart-" + std::to_string(++team_charts) + ".png"
                                   : std::string("progress-chart.png");
      call.uploads.push_back({"", name, "image/png", charts::ChartJson(*reply.chart), true});
    }
    for (const auto& file : reply.files) {
      call.uploads.push_back({"", file.name, file.media_type, file.content, false});
    }
    calls.push_back(std::move(call));
  }
  return calls;
}

ChatConsole::ChatConsole(storage::Database& database, const dialogs::Coach& coach,
                         const Clock& clock, std::string runner_name,
                         std::filesystem::path files_dir)
    : database_(database),
      clock_(clock),
      runner_name_(std::move(runner_name)),
      files_dir_(std::move(files_dir)),
      squads_(coach),
      handler_(database, coach, clock, {{kConsole, &renderer_}}, nullptr, &squads_) {}

int ChatConsole::Run(std::istream& in, std::ostream& out) {
  out << "achilles-coach chat: you are \"" << runner_name_
      << "\". Type a message or a /command, a number to press a button, /quit to leave.\n\n";
  auto known = database_.Transact<bool>([&](storage::Session& session) -> Result<bool> {
    auto runner = storage::FindRunner(session, kConsole, runner_name_);
    return runner && runner->state.consented_at;
  });
  if (!known) {
    out << "database error: " << known.error().message << "\n";
    return 1;
  }
  // A newcomer starts with the welcome, as a runner pressing Start on Telegram would.
  if (!*known) {
    dialogs::Inbound start;
    start.kind = dialogs::InboundKind::kCommand;
    start.command = "start";
    if (!Send(start, out)) return 1;
  }

  std::string line;
  while (out << "you> " << std::flush, std::getline(in, line)) {
    line = dialogs::ValidUtf8(dialogs::Trimmed(line));  // a terminal can send any bytes
    if (line.empty()) continue;
    if (line == "/quit" || line == "/exit") break;
    dialogs::Inbound inbound;
    if (auto choice = ChoiceNumber(line); choice && *choice >= 1 && *choice <= buttons_.size()) {
      const dialogs::Button& button = buttons_[*choice - 1];
      if (!button.url.empty()) {
        out << "Open " << button.url << "\n\n";
        continue;
      }
      inbound.kind = dialogs::InboundKind::kButton;
      inbound.button = button.payload;
    } else if (auto command = ParseCommandText(line, "")) {
      inbound.kind = dialogs::InboundKind::kCommand;
      inbound.command = command->name;
      inbound.text = command->arguments;
    } else {
      inbound.kind = dialogs::InboundKind::kText;
      inbound.text = line;
    }
    if (!Send(std::move(inbound), out)) return 1;
  }
  out << "\n";
  return 0;
}

bool ChatConsole::Send(dialogs::Inbound inbound, std::ostream& out) {
  inbound.chat = dialogs::ChatKind::kPrivate;
  inbound.sender_name = runner_name_;
  Envelope envelope;
  envelope.platform = kConsole;
  envelope.user_id = runner_name_;
  envelope.chat_id = runner_name_;
  envelope.inbound = std::move(inbound);
  auto handled = handler_.Handle(envelope);
  if (!handled) {
    out << "database error: " << handled.error().message << "\n";
    return false;
  }
  return PrintOutbox(out);
}

bool ChatConsole::PrintOutbox(std::ostream& out) {
  auto printed = database_.Transact<bool>([&](storage::Session& session) -> Result<bool> {
    const TimePoint now = clock_.Now();
    std::vector<dialogs::Button> buttons;  // numbered across this batch of replies
    for (const auto& row : storage::PendingForChat(session, kConsole, runner_name_)) {
      const json payload = json::parse(row.message.payload, nullptr, false);
      if (payload.is_object()) {
        out << "\n" << WithoutMarks(payload.value("text", "")) << "\n";
        for (const auto& button_row : payload.value("buttons", json::array())) {
          for (const auto& b : button_row) {
            buttons.push_back(
                dialogs::Button{b.value("label", ""), b.value("payload", ""), b.value("url", "")});
            out << "  [" << buttons.size() << "] " << buttons.back().label << "\n";
          }
        }
      }
      for (const auto& upload : row.message.uploads)
        out << "  " << SaveFile(upload, files_dir_) << "\n";
      storage::MarkSent(session, row.id, now);
    }
    buttons_ = std::move(buttons);
    return true;
  });
  out << "\n";
  if (!printed) out << "database error: " << printed.error().message << "\n";
  return printed.has_value();
}

}  // namespace achilles::bot
