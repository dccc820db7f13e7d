// What the bot says back, before any platform renders it.
//
// Text is plain UTF-8 with one formatting mark: **bold**. Paragraphs are separated by a blank
// line; adapters split long replies at paragraph boundaries and escape everything else.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dialogs/chart.h"

namespace achilles::dialogs {

// A button either sends `payload` back to the bot when pressed, or opens `url`. Payloads are
// short ASCII strings (Telegram allows 64 bytes of callback data).
struct Button {
  std::string label;
  std::string payload;
  std::string url;
};

// A file sent with a reply (the runner's /export), where the platform takes files.
struct Attachment {
  std::string name;        // "achilles-export-2026-12-03.json"
  std::string media_type;  // "application/json", "text/csv"
  std::string content;
};

// A reply's text always carries what its chart and files hold in words: a platform that
// cannot show a picture, or a send that fails, loses nothing.
struct Reply {
  std::string text{};
  std::vector<std::vector<Button>> keyboard{};  // rows of buttons; empty when there are none
  // The reply asks a question whose answer may be typed (a time zone, a number, a note).
  // Platforms where the runner cannot simply type back (Discord) offer a way to type it.
  bool typed_answer = false;
  std::optional<Chart> chart{};  // drawn when the reply is sent
  std::vector<Attachment> files{};
};

}  // namespace achilles::dialogs
