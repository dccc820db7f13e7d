#include "dialogs/red_flags.h"

#include <algorithm>
#include <array>
#include <optional>

namespace achilles::dialogs {
namespace {

// One word of the runner's text and the clause it stands in. Clauses end at punctuation and
// at "but", "then" and their like, so a negation never reaches past one.
struct Token {
  std::string word;
  int clause = 0;
};

bool EndsClause(std::string_view word) {
  using namespace std::string_view_literals;
  static constexpr std::array kWords = {"but"sv, "then"sv, "though"sv, "although"sv, "however"sv};
  return std::find(kWords.begin(), kWords.end(), word) != kWords.end();
}

bool IsClausePunctuation(char c) {
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '(' ||
         c == ')' || c == '[' || c == ']' || c == '\n';
}

// Contractions typed without their apostrophe ("cant", "didnt") read as with it.
std::string WithApostrophe(std::string word) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kForms = {{
      {"cant", "can't"},
      {"dont", "don't"},
      {"didnt", "didn't"},
      {"doesnt", "doesn't"},
      {"isnt", "isn't"},
      {"wasnt", "wasn't"},
      {"wont", "won't"},
      {"hasnt", "hasn't"},
      {"havent", "haven't"},
      {"couldnt", "couldn't"},
      {"wouldnt", "wouldn't"},
      {"ive", "i've"},
      {"im", "i'm"},
      {"cannt", "can't"},
  }};
  // Every bare form but "ive" and "im" ends in 't': most words leave at once.
  if (word.size() < 2 || (word.back() != 't' && word != "ive" && word != "im")) return word;
  for (const auto& [bare, full] : kForms) {
    if (word == bare) return std::string(full);
  }
  return word;
}

// The ways of saying "cannot" read as one word, "can't": "can not", "cannot", "could not",
// "couldn't", "unable to", "not able to", "no longer able to", "can no longer". In place.
void JoinCanNot(std::vector<Token>& tokens) {
  auto word = [&](std::size_t i) {
    return i < tokens.size() ? std::string_view(tokens[i].word) : std::string_view();
  };
  std::size_t kept = 0;  // tokens[0, kept) are the joined ones; kept <= i throughout
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string_view w = word(i);
    const int clause = tokens[i].clause;
    auto same_clause = [&](std::size_t n) {
      for (std::size_t k = 1; k < n; ++k) {
        if (i + k >= tokens.size() || tokens[i + k].clause != clause) return false;
      }
      return true;
    };
    std::size_t take = 0;  // words that make one "can't"
    if (w == "cannot" || w == "couldn't") {
      take = 1;
    } else if ((w == "can" || w == "could") && same_clause(2) && word(i + 1) == "not") {
      take = 2;
    } else if (w == "unable" && same_clause(2) && word(i + 1) == "to") {
      take = 2;
    } else if (w == "can" && same_clause(3) && word(i + 1) == "no" && word(i + 2) == "longer") {
      take = 3;
    } else if (w == "not" && same_clause(3) && word(i + 1) == "able" && word(i + 2) == "to") {
      take = 3;
    } else if (w == "no" && same_clause(4) && word(i + 1) == "longer" && word(i + 2) == "able" &&
               word(i + 3) == "to") {
      take = 4;
    }
    if (take == 0) {
      if (kept != i) tokens[kept] = std::move(tokens[i]);
    } else {
      tokens[kept] = {"can't", clause};
      i += take - 1;
    }
    ++kept;
  }
  tokens.resize(kept);
}

// For each byte: the lower-case form of an ASCII letter, digit or apostrophe (a byte of a
// word), or 0. Bytes of other UTF-8 characters are not part of words.
constexpr std::array<char, 256> kWordBytes = [] {
  std::array<char, 256> bytes{};
  for (char c = '0'; c <= '9'; ++c) bytes[static_cast<unsigned char>(c)] = c;
  for (char c = 'a'; c <= 'z'; ++c) {
    bytes[static_cast<unsigned char>(c)] = c;
    bytes[static_cast<unsigned char>(c - 'a' + 'A')] = c;
  }
  bytes[static_cast<unsigned char>('\'')] = '\'';
  return bytes;
}();

// Lower-case words of letters, digits and apostrophes (a typographic apostrophe counts). In a
// phrase (`is_phrase`) a '*' belongs to its word too: it marks a prefix or a suffix.
std::vector<Token> Tokens(std::string_view text, bool is_phrase = false) {
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 4 + 1);
  std::string word;
  int clause = 0;
  auto end_word = [&] {
    if (word.empty()) return;
    word = WithApostrophe(std::move(word));
    if (!is_phrase && EndsClause(word)) {
      ++clause;
    } else {
      tokens.push_back({std::move(word), clause});
    }
    word.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (const char lower = kWordBytes[static_cast<unsigned char>(c)]; lower != 0) {
      word += lower;
      continue;
    }
    // U+2018 and U+2019 (typographic apostrophes), U+2013 and U+2014 (en and em dashes) are
    // E2 80 98, 99, 93 and 94 in UTF-8.
    const char third =
        c == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80' ? text[i + 2] : 0;
    if (third == '\x98' || third == '\x99') {
      word += '\'';
      i += 2;
    } else if (third == '\x93' || third == '\x94') {
      end_word();
      ++clause;
      i += 2;
    } else if (is_phrase && c == '~') {
      end_word();
      tokens.push_back({"~", clause});  // a gap of a few words
    } else if (is_phrase && c == '*') {
      word += c;
    } else {
      end_word();
      const bool spaced_dash = c == '-' && i > 0 && text[i - 1] == ' ';
      if (IsClausePunctuation(c) || spaced_dash) ++clause;
    }
  }
  end_word();
  JoinCanNot(tokens);
  return tokens;
}

using Word = RedFlagScanner::Word;

// A phrase as a pattern; a trailing " $" (the clause must end there) becomes a kClauseEnd.
RedFlagScanner::Pattern PatternOf(std::string_view phrase) {
  const bool clause_end = phrase.ends_with(" $");
  if (clause_end) phrase.remove_suffix(2);
  RedFlagScanner::Pattern pattern;
  for (auto& token : Tokens(phrase, /*is_phrase=*/true)) {
    std::string& w = token.word;
    const bool prefix = w.size() > 1 && w.back() == '*';
    const bool suffix = w.size() > 1 && w.front() == '*';
    Word word;
    if (w == "~") {
      word.kind = Word::Kind::kGap;
    } else if (prefix && suffix) {
      word = {Word::Kind::kInfix, w.substr(1, w.size() - 2)};
    } else if (prefix) {
      word = {Word::Kind::kPrefix, w.substr(0, w.size() - 1)};
    } else if (suffix) {
      word = {Word::Kind::kSuffix, w.substr(1)};
    } else {
      word = {Word::Kind::kExact, std::move(w)};
    }
    pattern.push_back(std::move(word));
  }
  if (clause_end && !pattern.empty()) pattern.push_back({Word::Kind::kClauseEnd, ""});
  return pattern;
}

bool WordMatches(const Word& pattern, const std::string& word) {
  switch (pattern.kind) {
    case Word::Kind::kExact:
      return pattern.text == word;
    case Word::Kind::kPrefix:
      return word.starts_with(pattern.text);
    case Word::Kind::kSuffix:
      return word.ends_with(pattern.text);
    case Word::Kind::kInfix:
      return word.find(pattern.text) != std::string::npos;
    case Word::Kind::kGap:
    case Word::Kind::kClauseEnd:
      return false;
  }
  return false;
}

// A "~" in a pattern stands for up to this many words of the same clause ("can't ~ toes").
constexpr std::size_t kGap = 3;

// Where a match of pattern[i...] that starts at tokens[at] ends (one past its last word), or
// nothing. Every word lies in `clause`; a trailing "$" needs the clause to end there.
std::optional<std::size_t> MatchFrom(const std::vector<Token>& tokens,
                                     const RedFlagScanner::Pattern& pattern, std::size_t i,
                                     std::size_t at, int clause) {
  if (i == pattern.size()) return at;
  if (pattern[i].kind == Word::Kind::kClauseEnd) {
    if (at == tokens.size() || tokens[at].clause != clause) return at;
    return std::nullopt;
  }
  if (pattern[i].kind == Word::Kind::kGap) {
    for (std::size_t skip = 0; skip <= kGap; ++skip) {
      if (skip > 0 && (at + skip > tokens.size() || tokens[at + skip - 1].clause != clause)) break;
      if (auto end = MatchFrom(tokens, pattern, i + 1, at + skip, clause)) return end;
    }
    return std::nullopt;
  }
  if (at >= tokens.size() || tokens[at].clause != clause) return std::nullopt;
  if (!WordMatches(pattern[i], tokens[at].word)) return std::nullopt;
  return MatchFrom(tokens, pattern, i + 1, at + 1, clause);
}

// The end of `pattern`'s match starting at `start`, inside one clause, or nothing.
std::optional<std::size_t> MatchAt(const std::vector<Token>& tokens,
                                   const RedFlagScanner::Pattern& pattern, std::size_t start) {
  if (pattern.empty() || start >= tokens.size()) return std::nullopt;
  return MatchFrom(tokens, pattern, 0, start, tokens[start].clause);
}

// Words a pattern needs at the least (its gaps and clause end need none).
std::size_t LengthOf(const RedFlagScanner::Pattern& pattern) {
  return static_cast<std::size_t>(std::count_if(pattern.begin(), pattern.end(), [](const Word& w) {
    return w.kind != Word::Kind::kGap && w.kind != Word::Kind::kClauseEnd;
  }));
}

bool IsNegation(std::string_view word, bool adjacent_only) {
  using namespace std::string_view_literals;
  // Words typed without their apostrophe ("didnt") arrive with it (WithApostrophe).
  static constexpr std::array kAdjacent = {
      "no"sv,      "not"sv,    "never"sv,  "didn't"sv, "don't"sv, "doesn't"sv, "hasn't"sv,
      "haven't"sv, "hadn't"sv, "wasn't"sv, "isn't"sv,  "won't"sv, "wouldn't"sv};
  static constexpr std::array kWider = {"without"sv, "nothing"sv, "none"sv, "nor"sv, "zero"sv};
  if (std::find(kAdjacent.begin(), kAdjacent.end(), word) != kAdjacent.end()) return true;
  return !adjacent_only && std::find(kWider.begin(), kWider.end(), word) != kWider.end();
}

// R1 is negated only by the word right before it, or by one that heads a list joined by "or"
// ("no snapping or popping"); the other rules by one of the three words before.
bool Negated(const std::vector<Token>& tokens, std::size_t at, bool adjacent_only) {
  if (adjacent_only && at >= 3 && (tokens[at - 1].word == "or" || tokens[at - 1].word == "nor") &&
      tokens[at - 3].clause == tokens[at].clause && IsNegation(tokens[at - 3].word, true)) {
    return true;
  }
  const std::size_t reach = adjacent_only ? 1 : 3;
  for (std::size_t back = 1; back <= reach && back <= at; ++back) {
    const Token& token = tokens[at - back];
    if (token.clause != tokens[at].clause) return false;
    if (IsNegation(token.word, adjacent_only)) return true;
  }
  return false;
}

}  // namespace

bool IsStop(RedFlag flag) {
  return flag == RedFlag::kEmergency || flag == RedFlag::kSuspectedRupture ||
         flag == RedFlag::kClot || flag == RedFlag::kFluoroquinolone || flag == RedFlag::kInfection;
}

bool IsStopRule(std::string_view rule) {
  const auto& flags = AllRedFlags();
  return std::any_of(flags.begin(), flags.end(),
                     [&](RedFlag flag) { return IsStop(flag) && rule == RuleOf(flag); });
}

const char* RuleOf(RedFlag flag) {
  switch (flag) {
    case RedFlag::kEmergency:
    case RedFlag::kClot:
      return "R26";
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
    case RedFlag::kInflammatory:
      return "R27";
  }
  return "";
}

std::string ReplyKeyOf(RedFlag flag) {
  if (flag == RedFlag::kEmergency) return "stop_R26_emergency";
  return std::string(IsStop(flag) ? "stop_" : "consult_") + RuleOf(flag);
}

const char* ContentKeyOf(RedFlag flag) {
  switch (flag) {
    case RedFlag::kEmergency:
      return "emergency";
    case RedFlag::kSuspectedRupture:
      return "suspected_rupture";
    case RedFlag::kClot:
      return "clot";
    case RedFlag::kFluoroquinolone:
      return "fluoroquinolone";
    case RedFlag::kInfection:
      return "infection";
    case RedFlag::kNotTendinopathy:
      return "not_tendinopathy";
    case RedFlag::kSystemic:
      return "systemic";
    case RedFlag::kSteroidInjection:
      return "steroid_injection";
    case RedFlag::kInflammatory:
      return "inflammatory";
  }
  return "";
}

const std::vector<RedFlag>& AllRedFlags() {
  static const std::vector<RedFlag> flags = {
      RedFlag::kEmergency,       RedFlag::kSuspectedRupture, RedFlag::kClot,
      RedFlag::kFluoroquinolone, RedFlag::kInfection,        RedFlag::kNotTendinopathy,
      RedFlag::kSystemic,        RedFlag::kSteroidInjection, RedFlag::kInflammatory};
  return flags;
}

template <typename F>
void RedFlagScanner::PatternIndex::ForEachStartingAt(const std::string& word, F&& f) const {
  if (auto exact = by_first.find(word); exact != by_first.end()) {
    for (std::size_t i : exact->second) f(i);
  }
  for (std::size_t i : others) f(i);
}

bool RedFlagScanner::PatternIndex::Add(Pattern pattern) {
  const std::size_t length = LengthOf(pattern);
  if (length == 0) return false;
  const std::size_t at = patterns.size();
  if (pattern.front().kind == Word::Kind::kExact) {
    by_first[pattern.front().text].push_back(at);
  } else {
    others.push_back(at);
  }
  patterns.push_back(std::move(pattern));
  longest = std::max(longest, length);
  return true;
}

RedFlagScanner::RedFlagScanner(std::vector<RedFlagPhrases> phrases,
                               const std::vector<std::string>& shoe_switch,
                               const std::vector<std::string>& flare_up) {
  // Most urgent first: the enum is in order of urgency.
  std::stable_sort(phrases.begin(), phrases.end(),
                   [](const auto& a, const auto& b) { return a.flag < b.flag; });
  for (const auto& entry : phrases) {
    Group group{
        entry.flag, {}, /*adjacent_negation_only=*/entry.flag == RedFlag::kSuspectedRupture};
    for (const auto& phrase : entry.except) group.except.Add(PatternOf(phrase));
    groups_.push_back(std::move(group));
    for (const auto& phrase : entry.phrases) Add(phrase, groups_.size() - 1);
  }
  shoe_switch_ = groups_.size();
  groups_.push_back({});
  for (const auto& phrase : shoe_switch) Add(phrase, shoe_switch_);
  flare_up_ = groups_.size();
  groups_.push_back({});
  for (const auto& phrase : flare_up) Add(phrase, flare_up_);
}

void RedFlagScanner::Add(std::string_view phrase, std::size_t group) {
  if (phrases_.Add(PatternOf(phrase))) group_of_.push_back(group);
}

RedFlagReading RedFlagScanner::Read(std::string_view text) const {
  const auto tokens = Tokens(text);
  // A match from `start` to `end` lies inside one of `except` ("cold snap"): one that starts
  // at most its own length and two gaps before.
  auto excused = [&](const PatternIndex& except, std::size_t start, std::size_t end) {
    const std::size_t reach = except.longest + 2 * kGap;
    for (std::size_t at = start >= reach ? start - reach : 0; at <= start; ++at) {
      bool inside = false;
      except.ForEachStartingAt(tokens[at].word, [&](std::size_t i) {
        const auto& pattern = except.patterns[i];
        if (inside || start - at > LengthOf(pattern) + 2 * kGap) return;
        const auto to = MatchAt(tokens, pattern, at);
        inside = to && *to >= end;
      });
      if (inside) return true;
    }
    return false;
  };
  std::vector<bool> found(groups_.size(), false);
  std::size_t left = groups_.size();
  // Whether phrase `i` occurs from `start`, neither excused nor negated; a group found once is
  // not looked for again.
  auto try_phrase = [&](std::size_t i, std::size_t start) {
    const std::size_t group = group_of_[i];
    if (found[group]) return;
    const auto end = MatchAt(tokens, phrases_.patterns[i], start);
    if (!end || excused(groups_[group].except, start, *end) ||
        Negated(tokens, start, groups_[group].adjacent_negation_only)) {
      return;
    }
    found[group] = true;
    --left;
  };
  for (std::size_t start = 0; start < tokens.size() && left > 0; ++start) {
    phrases_.ForEachStartingAt(tokens[start].word, [&](std::size_t i) { try_phrase(i, start); });
  }
  RedFlagReading reading;
  for (std::size_t group = 0; group < groups_.size(); ++group) {
    const auto& flag = groups_[group].flag;
    if (!found[group] || !flag) continue;
    if (std::find(reading.flags.begin(), reading.flags.end(), *flag) == reading.flags.end()) {
      reading.flags.push_back(*flag);
    }
  }
  reading.shoe_switch = found[shoe_switch_];
  reading.flare_up = found[flare_up_];
  return reading;
}

std::vector<RedFlag> RedFlagScanner::Scan(std::string_view text) const { return Read(text).flags; }

bool RedFlagScanner::MentionsShoeSwitch(std::string_view text) const {
  return Read(text).shoe_switch;
}

bool RedFlagScanner::MentionsFlareUp(std::string_view text) const { return Read(text).flare_up; }

}  // namespace achilles::dialogs
