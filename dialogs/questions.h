// The questions the bot asks one at a time (content/questions.json), and how they become a
// reply with buttons. Pure data; immutable once loaded.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dialogs/reply.h"

namespace achilles::dialogs {

// What a typed answer to a question may be.
enum class Typed { kNone, kNumber, kKm, kText, kTimeZone, kTime };

struct Question {
  std::string id;
  std::string text;
  std::vector<std::vector<std::pair<std::string, std::string>>> buttons;  // rows of label, value
  bool scale = false;                                                     // 0-10 buttons
  Typed typed = Typed::kNone;
  std::optional<std::string> skip;  // the safe value a Skip button stands for
};

struct Questions {
  std::vector<Question> onboarding;
  std::vector<Question> checkin;
  std::vector<Question> gates;
  Question barrier;

  // The question `id` in `flow`, or null.
  static const Question* Find(const std::vector<Question>& flow, std::string_view id);
};

// Button payloads are "<flow>:<id>:<value>", short enough for Telegram's 64 bytes.
struct Answer {
  std::string flow;  // "ob", "ci", "gt", "br", "set", "book"
  std::string id;
  std::string value;
};
std::optional<Answer> ParsePayload(std::string_view payload);
std::string Payload(std::string_view flow, std::string_view id, std::string_view value);

// The question as a reply: its text and buttons, a Skip button when it has a skip value.
Reply AskQuestion(const Question& question, std::string_view flow, std::string_view skip_label);

// The value a typed `text` stands for: a button's label or value (any case), a 0-10 number for
// scale questions, or what the question's Typed kind accepts. Nullopt when none fits.
std::optional<std::string> TypedAnswer(const Question& question, std::string_view text);

}  // namespace achilles::dialogs
