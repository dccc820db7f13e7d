#include "dialogs/red_flags.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace achilles::dialogs {
namespace {

// Lower-case words of letters, digits and apostrophes (a typographic apostrophe counts). In a
// phrase (`is_phrase`) a '*' belongs to its word too: it marks a prefix.
std::vector<std::string> Words(std::string_view text, bool is_phrase = false) {
  std::string normal;
  normal.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "\xE2\x80\x99") == 0) {  // U+2019
      normal += '\'';
      i += 2;
    } else {
      normal += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    }
  }
  std::vector<std::string> words;
  std::string word;
  for (char c : normal) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '\'' || (is_phrase && c == '*')) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// A phrase word ending in '*' matches any word it begins ("numb*": numb, numbness).
bool WordMatches(const std::string& pattern, const std::string& word) {
  if (!pattern.empty() && pattern.back() == '*') {
    return word.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
  }
  return pattern == word;
}

bool Negated(const std::vector<std::string>& words, std::size_t at) {
  static constexpr std::array kNegations = {"no",     "not",     "never",  "without", "don't",
                                            "didn't", "haven't", "hasn't", "nothing", "isn't"};
  for (std::size_t back = 1; back <= 3 && back <= at; ++back) {
    const std::string& word = words[at - back];
    if (std::find(kNegations.begin(), kNegations.end(), word) != kNegations.end()) return true;
  }
  return false;
}

bool Occurs(const std::vector<std::string>& words, const std::vector<std::string>& phrase) {
  if (phrase.empty() || phrase.size() > words.size()) return false;
  for (std::size_t start = 0; start + phrase.size() <= words.size(); ++start) {
    bool all = true;
    for (std::size_t i = 0; i < phrase.size() && all; ++i) {
      all = WordMatches(phrase[i], words[start + i]);
    }
    if (all && !Negated(words, start)) return true;
  }
  return false;
}

}  // namespace

bool IsStop(RedFlag flag) {
  return flag == RedFlag::kSuspectedRupture || flag == RedFlag::kFluoroquinolone ||
         flag == RedFlag::kInfection;
}

const char* RuleOf(RedFlag flag) {
  switch (flag) {
    case RedFlag::kSuspectedRupture:
      return "R1";
    case RedFlag::kFluoroquinolone:
      return "R2";
    case RedFlag::kInfection:
      return "R3";
    case RedFlag::kNotTendinopathy:
      return "R4";
    case RedFlag::kSystemic:
      return "R5";
    case RedFlag::kSteroidInjection:
      return "R6";
  }
  return "";
}

RedFlagScanner::RedFlagScanner(std::vector<RedFlagPhrases> phrases,
                               const std::vector<std::string>& shoe_switch,
                               const std::vector<std::string>& flare_up) {
  for (const auto& phrase : shoe_switch) shoe_switch_.push_back(Words(phrase, /*is_phrase=*/true));
  for (const auto& phrase : flare_up) flare_up_.push_back(Words(phrase, /*is_phrase=*/true));
  for (const auto& entry : phrases) {
    Phrases split{entry.flag, {}};
    for (const auto& phrase : entry.phrases) {
      split.word_lists.push_back(Words(phrase, /*is_phrase=*/true));
    }
    phrases_.push_back(std::move(split));
  }
  // Most urgent first: the enum is in rule order, and STOP rules come before CONSULT rules.
  std::stable_sort(phrases_.begin(), phrases_.end(),
                   [](const auto& a, const auto& b) { return a.flag < b.flag; });
}

std::vector<RedFlag> RedFlagScanner::Scan(std::string_view text) const {
  const auto words = Words(text);
  std::vector<RedFlag> found;
  for (const auto& [flag, word_lists] : phrases_) {
    if (std::find(found.begin(), found.end(), flag) != found.end()) continue;
    for (const auto& phrase : word_lists) {
      if (Occurs(words, phrase)) {
        found.push_back(flag);
        break;
      }
    }
  }
  return found;
}

namespace {

bool MentionsAny(std::string_view text, const std::vector<std::vector<std::string>>& phrases) {
  const auto words = Words(text);
  return std::any_of(phrases.begin(), phrases.end(),
                     [&](const auto& phrase) { return Occurs(words, phrase); });
}

}  // namespace

bool RedFlagScanner::MentionsShoeSwitch(std::string_view text) const {
  return MentionsAny(text, shoe_switch_);
}

bool RedFlagScanner::MentionsFlareUp(std::string_view text) const {
  return MentionsAny(text, flare_up_);
}

}  // namespace achilles::dialogs
