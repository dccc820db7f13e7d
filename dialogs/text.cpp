#include "dialogs/text.h"

#include <utf8.h>  // Debian's libutfcpp-dev

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iterator>

namespace achilles::dialogs {

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  for (auto pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

std::string FillIn(std::string text,
                   std::initializer_list<std::pair<std::string_view, std::string>> values) {
  for (const auto& [key, value] : values) text = ReplaceAll(std::move(text), key, value);
  return text;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string ValidUtf8(std::string_view text) {
  if (utf8::is_valid(text.begin(), text.end())) return std::string(text);
  std::string valid;
  valid.reserve(text.size() + 8);
  utf8::replace_invalid(text.begin(), text.end(), std::back_inserter(valid));
  return valid;
}

std::string Utf8Prefix(std::string_view text, std::size_t max_chars) {
  std::string valid = ValidUtf8(text);
  auto it = valid.begin();
  for (std::size_t n = 0; n < max_chars && it != valid.end(); ++n) utf8::unchecked::next(it);
  valid.erase(it, valid.end());
  return valid;
}

std::size_t Utf8Length(std::string_view text) {
  const std::string valid = ValidUtf8(text);
  return static_cast<std::size_t>(utf8::unchecked::distance(valid.begin(), valid.end()));
}

std::string Trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

std::optional<int> WholeNumber(std::string_view text, int low, int high) {
  if (text.empty() || text.size() > 4) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value < low || value > high) return std::nullopt;
  return value;
}

std::string OneDecimal(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

std::string IsoDate(Day day) {
  const std::chrono::year_month_day ymd{day};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

std::string ShortDate(Day day) {
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::chrono::year_month_day date(day);
  return std::to_string(static_cast<unsigned>(date.day())) + " " +
         kMonths[static_cast<unsigned>(date.month()) - 1];
}

}  // namespace achilles::dialogs
