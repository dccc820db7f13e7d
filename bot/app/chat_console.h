// `achilles-coach chat`: the same coach, storage and outbox in a terminal. Replies are rendered
// for the "console" platform, read back from the outbox and printed; buttons appear as numbered
// choices the person can type.
//
// Single-threaded: one ChatConsole per terminal.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "bot/inbound/inbound_handler.h"
#include "bot/outbox/reply_renderer.h"
#include "bot/runtime/clock.h"
#include "dialogs/coach.h"
#include "storage/database.h"

namespace achilles::bot {

inline constexpr char kConsole[] = "console";

class ConsoleRenderer final : public ReplyRenderer {
 public:
  std::vector<storage::OutgoingMessage> Render(const std::vector<dialogs::Reply>& replies,
                                               const ReplyAddress& to) const override;
  std::optional<storage::OutgoingMessage> Acknowledge(const Envelope&,
                                                      const ReplyAddress&) const override {
    return std::nullopt;
  }
};

class ChatConsole {
 public:
  // `runner_name` identifies the runner (`--as NAME`); the references must outlive the console.
  // Charts (as PNGs) and files go under `files_dir`, relative to the working directory.
  ChatConsole(storage::Database& database, const dialogs::Coach& coach, const Clock& clock,
              std::string runner_name, std::filesystem::path files_dir = "achilles-coach-files");

  // Talks until "/quit" or the end of `in`. Returns the process exit code: 0, or 1 when the
  // database failed.
  int Run(std::istream& in, std::ostream& out);

 private:
  bool Send(dialogs::Inbound inbound, std::ostream& out);
  bool PrintOutbox(std::ostream& out);

  storage::Database& database_;
  const Clock& clock_;
  std::string runner_name_;
  std::filesystem::path files_dir_;
  ConsoleRenderer renderer_;
  SquadDesk squads_;
  InboundHandler handler_;
  std::vector<dialogs::Button> buttons_;  // of the last reply, numbered from 1
};

}  // namespace achilles::bot
