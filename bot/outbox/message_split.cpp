#include "bot/outbox/message_split.h"

namespace achilles::bot {
namespace {

// Bytes in the UTF-8 sequence that starts with `lead` (1 for stray continuation bytes, so
// malformed text still makes progress).
std::size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

std::size_t Units(std::size_t sequence_length, LengthUnit unit) {
  return unit == LengthUnit::kUtf16 && sequence_length == 4 ? 2 : 1;
}

// Appends pieces of `text` split by `separator` to `out`, packing as many as fit.
void Pack(std::string_view text, std::string_view separator, std::size_t limit, LengthUnit unit,
          std::vector<std::string>& out);

void HardSplit(std::string_view text, std::size_t limit, LengthUnit unit,
               std::vector<std::string>& out) {
  std::string piece;
  std::size_t length = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n =
        std::min(SequenceLength(static_cast<unsigned char>(text[i])), text.size() - i);
    const std::size_t units = Units(n, unit);
    if (length + units > limit && !piece.empty()) {
      out.push_back(std::move(piece));
      piece.clear();
      length = 0;
    }
    piece.append(text.substr(i, n));
    length += units;
    i += n;
  }
  if (!piece.empty()) out.push_back(std::move(piece));
}

void Pack(std::string_view text, std::string_view separator, std::size_t limit, LengthUnit unit,
          std::vector<std::string>& out) {
  std::string current;
  auto flush = [&] {
    if (!current.empty()) out.push_back(std::move(current));
    current.clear();
  };
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(separator, start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view part = text.substr(start, end - start);
    std::string candidate =
        current.empty() ? std::string(part) : current + std::string(separator) + std::string(part);
    if (VisibleLength(candidate, unit) <= limit) {
      current = std::move(candidate);
    } else {
      flush();
      if (VisibleLength(part, unit) <= limit) {
        current = std::string(part);
      } else if (separator == "\n\n") {
        Pack(part, "\n", limit, unit, out);
      } else {
        HardSplit(part, limit, unit, out);
      }
    }
    start = end + separator.size();
  }
  flush();
}

}  // namespace

std::size_t VisibleLength(std::string_view text, LengthUnit unit) {
  std::size_t length = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 2, "**") == 0) {
      i += 2;
      continue;
    }
    const std::size_t n = SequenceLength(static_cast<unsigned char>(text[i]));
    length += Units(n, unit);
    i += n;
  }
  return length;
}

std::vector<std::string> SplitMessage(std::string_view text, std::size_t limit, LengthUnit unit) {
  std::vector<std::string> pieces;
  if (VisibleLength(text, unit) <= limit) {
    pieces.emplace_back(text);
    return pieces;
  }
  Pack(text, "\n\n", limit, unit, pieces);
  return pieces;
}

std::vector<dialogs::Reply> JoinReplies(const std::vector<dialogs::Reply>& replies,
                                        std::size_t limit, LengthUnit unit) {
  std::vector<dialogs::Reply> joined;
  const auto text_only = [](const dialogs::Reply& reply) {
    return !reply.chart && reply.files.empty() && !reply.text.empty();
  };
  for (const auto& reply : replies) {
    const bool open = !joined.empty() && text_only(joined.back()) &&
                      joined.back().keyboard.empty() && !joined.back().typed_answer;
    if (open && text_only(reply)) {
      std::string text = joined.back().text + "\n\n" + reply.text;
      if (VisibleLength(text, unit) <= limit) {
        joined.back().text = std::move(text);
        joined.back().keyboard = reply.keyboard;
        joined.back().typed_answer = reply.typed_answer;
        continue;
      }
    }
    joined.push_back(reply);
  }
  return joined;
}

}  // namespace achilles::bot
