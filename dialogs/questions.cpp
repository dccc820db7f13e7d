#include "dialogs/questions.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <regex>

#include "dialogs/checkin.h"
#include "dialogs/local_time.h"
#include "dialogs/text.h"

namespace achilles::dialogs {

const Question* Questions::Find(const std::vector<Question>& flow, std::string_view id) {
  for (const auto& question : flow) {
    if (question.id == id) return &question;
  }
  return nullptr;
}

std::optional<Answer> ParsePayload(std::string_view payload) {
  const auto first = payload.find(':');
  if (first == std::string_view::npos) return std::nullopt;
  const auto second = payload.find(':', first + 1);
  Answer answer;
  answer.flow = std::string(payload.substr(0, first));
  if (second == std::string_view::npos) {
    answer.id = std::string(payload.substr(first + 1));
  } else {
    answer.id = std::string(payload.substr(first + 1, second - first - 1));
    answer.value = std::string(payload.substr(second + 1));
  }
  if (answer.flow.empty() || answer.id.empty()) return std::nullopt;
  return answer;
}

std::string Payload(std::string_view flow, std::string_view id, std::string_view value) {
  return std::string(flow) + ":" + std::string(id) + ":" + std::string(value);
}

Reply AskQuestion(const Question& question, std::string_view flow, std::string_view skip_label) {
  Reply reply{question.text, {}, question.typed != Typed::kNone};
  if (question.scale) {
    for (int row = 0; row < 2; ++row) {
      std::vector<Button> buttons;
      for (int value = row * 6; value <= std::min(10, row * 6 + 5); ++value) {
        buttons.push_back(
            Button{std::to_string(value), Payload(flow, question.id, std::to_string(value)), ""});
      }
      reply.keyboard.push_back(std::move(buttons));
    }
  }
  for (const auto& row : question.buttons) {
    std::vector<Button> buttons;
    for (const auto& [label, value] : row) {
      buttons.push_back(Button{label, Payload(flow, question.id, value), ""});
    }
    reply.keyboard.push_back(std::move(buttons));
  }
  if (question.skip) {
    reply.keyboard.push_back(
        {Button{std::string(skip_label), Payload(flow, question.id, *question.skip), ""}});
  }
  return reply;
}

std::optional<std::string> TypedAnswer(const Question& question, std::string_view raw) {
  const std::string text = Trimmed(raw);
  const std::string lower = Lower(text);
  if (lower.empty()) return std::nullopt;
  for (const auto& row : question.buttons) {
    for (const auto& [label, value] : row) {
      if (lower == Lower(label) || (!value.empty() && lower == Lower(value))) return value;
    }
  }
  if (question.scale) {
    std::string digits = lower;
    if (auto slash = digits.find("/10"); slash != std::string::npos) digits.erase(slash);
    if (auto score = WholeNumber(Trimmed(digits), 0, 10)) return std::to_string(*score);
  }
  switch (question.typed) {
    case Typed::kNone:
      return std::nullopt;
    case Typed::kText:
      return Utf8Prefix(text, 500);  // characters, never a split one
    case Typed::kNumber: {
      auto number = WholeNumber(lower, 0, 500);
      if (!number) return std::nullopt;
      return std::to_string(*number);
    }
    case Typed::kKm: {
      if (auto number = WholeNumber(lower, 0, 300)) return std::to_string(*number);
      const CheckInReading reading = ReadCheckIn(text);
      if (reading.check_in.no_run) return std::string("0");
      if (reading.check_in.run_km && reading.problems.empty()) {
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, "%.1f", *reading.check_in.run_km);
        return std::string(buffer);
      }
      if (reading.check_in.run_minutes)
        return std::to_string(*reading.check_in.run_minutes) + "min";
      return std::nullopt;
    }
    case Typed::kTimeZone:
      // An IANA name, a city the time zone database names, or a fixed offset (UTC+2).
      return ResolveTimeZone(text);
    case Typed::kTime: {
      static const std::regex kClock(R"(^([01]?\d|2[0-3])[:.h]?([0-5]\d)$)");
      std::smatch match;
      if (!std::regex_match(lower, match, kClock)) return std::nullopt;
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "%02d:%s", std::stoi(match[1].str()),
                    match[2].str().c_str());
      return std::string(buffer);
    }
  }
  return std::nullopt;
}

}  // namespace achilles::dialogs
