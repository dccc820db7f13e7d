// Small string functions the coaching texts share. Pure.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "dialogs/time.h"

namespace achilles::dialogs {

// `text` with every `from` replaced by `to`.
std::string ReplaceAll(std::string text, std::string_view from, std::string_view to);

// `text` with each placeholder ("{name}") replaced by its value.
std::string FillIn(std::string text,
                   std::initializer_list<std::pair<std::string_view, std::string>> values);

// ASCII lower case; other bytes (UTF-8) unchanged.
std::string Lower(std::string_view text);

// `text` as valid UTF-8: every invalid byte sequence becomes U+FFFD. Never throws.
std::string ValidUtf8(std::string_view text);

// The first `max_chars` characters (code points) of `text`, made valid: never a split character.
std::string Utf8Prefix(std::string_view text, std::size_t max_chars);

// Characters (code points) in `text`, once made valid.
std::size_t Utf8Length(std::string_view text);

// Without leading and trailing white space.
std::string Trimmed(std::string_view text);

// A whole number written with 1-4 digits and nothing else, within [low, high].
std::optional<int> WholeNumber(std::string_view text, int low, int high);

// A distance with one decimal: "1.6".
std::string OneDecimal(double value);

// A calendar day as YYYY-MM-DD.
std::string IsoDate(Day day);

// A calendar day as people write it: "24 Nov".
std::string ShortDate(Day day);

}  // namespace achilles::dialogs
