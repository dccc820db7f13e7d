#include "dialogs/checkin.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <regex>

#include "dialogs/text.h"

namespace achilles::dialogs {
namespace {

// A compiled pattern and the words of which it needs at least one: a text with none of them
// cannot match, so the (costly) regex search is skipped. Empty: always searched.
struct Pattern {
  std::regex regex;
  std::vector<std::string_view> needs;
};

// The first match of `pattern` in `text`, if any.
std::optional<std::smatch> Find(const std::string& text, const Pattern& pattern) {
  if (!pattern.needs.empty() &&
      std::none_of(pattern.needs.begin(), pattern.needs.end(),
                   [&](std::string_view word) { return text.find(word) != std::string::npos; })) {
    return std::nullopt;
  }
  std::smatch match;
  if (std::regex_search(text, match, pattern.regex)) return match;
  return std::nullopt;
}

double Number(const std::string& digits) {
  std::string normal = digits;
  std::replace(normal.begin(), normal.end(), ',', '.');
  return std::stod(normal);
}

// Reads a 0-10 score, or records a problem naming what it was for and which question asks it.
void Score(const std::optional<std::smatch>& match, std::optional<int>& field,
           std::string_view what, std::string_view question,
           std::vector<CheckInProblem>& problems) {
  if (!match) return;
  const double value = Number((*match)[1].str());
  if (value < 0 || value > 10 || value != std::floor(value)) {
    problems.push_back(
        {std::string(question),
         std::string(what) + " should be a whole number from 0 to 10, not " + (*match)[1].str()});
    return;
  }
  field = static_cast<int>(value);
}

// Every pattern the reader uses, compiled once, each with the words it cannot match without.
// Input is lower-cased first.
struct Patterns {
  static Pattern Make(const std::string& pattern,
                      std::initializer_list<std::string_view> needs = {}) {
    return {std::regex(pattern, std::regex::ECMAScript | std::regex::optimize), needs};
  }
  const std::string number = R"((\d{1,4}(?:[.,]\d{1,3})?))";
  const std::string score_tail =
      R"(\s*(?:was|of|at|:|=)?\s*(\d{1,3}(?:[.,]\d{1,3})?)(?:\s*/\s*10)?)";

  const Pattern stiffness_minutes = Make(
      R"(stiff(?:ness)?\s*(?:for|of|was|:)?\s*(?:about|around|~)?\s*(\d{1,4})\s*(?:min|mins|minutes)\b)",
      {"stiff"});
  const Pattern stiffness_score = Make(
      R"(stiff(?:ness)?\s*(?:was|of|at|:|=)?\s*(\d{1,3}(?:[.,]\d{1,3})?)(?!\s*(?:min|mins|minutes|\d))(?:\s*/\s*10)?)",
      {"stiff"});
  const Pattern rehab_pain = Make(R"((?:rehab|exercises?|session)\s*(?:pain)?)" + score_tail,
                                  {"rehab", "exercise", "session"});
  const Pattern run_pain =
      Make(R"((?:pain|hurt|hurts|sore|soreness))" + score_tail, {"pain", "hurt", "sore"});
  // No run: said in words, or a distance or time of zero ("ran 0km", "0 mi").
  const Pattern no_run = Make(
      R"(\b(?:ran\s+none|ran\s+nothing|no\s+runs?(?:ning)?|not\s+running|did(?:n't|nt| not)\s+(?:go\s+for\s+a\s+)?run|rest(?:ed)?\s+day|day\s+off|ran\s+0+(?:[.,]0+)?(?![.,]?\d))|(?:^|[^\d.,])0+(?:[.,]0+)?\s*(?:km|k|kms|kilometers|kilometres|mi|miles?)\b)",
      {"ran", "run", "rest", "day off", "0"});
  const Pattern km = Make(number + R"(\s*(?:km|k|kms|kilometers|kilometres)\b)",
                          {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"});
  const Pattern miles = Make(number + R"(\s*(?:mi|miles?)\b)", {"mi"});
  const Pattern run_minutes =
      Make(R"((?:ran|run|jog(?:ged)?)\s*(?:for)?\s*(\d{1,4})\s*(?:min|mins|minutes)\b)", {"min"});
  const Pattern skipped_session = Make(
      R"(\b(?:skipped|missed|did(?:n't| not)\s+do|no)\s+(?:the\s+|my\s+)?(?:session|rehab|exercises)\b|\bsession\s+(?:no|skipped|missed)\b)",
      {"session", "rehab", "exercises"});
  const Pattern did_session = Make(
      R"(\b(?:did|done|finished|completed)\s+(?:the\s+|my\s+)?(?:session|rehab|exercises)\b|\bsession\s+(?:yes|done)\b)",
      {"session", "rehab", "exercises"});
  const Pattern no_painkillers = Make(
      R"(\bno\s+(?:painkillers?|pain\s*killers?|ibuprofen|nsaids?|meds)\b|\bpainkillers?\s+no\b)",
      {"no"});
  const Pattern painkillers = Make(
      R"(\b(?:painkillers?|pain\s*killers?|ibuprofen|naproxen|nsaids?|paracetamol|acetaminophen|advil|nurofen|aleve|diclofenac|voltaren)\b)");
};

const Patterns& P() {
  static const Patterns patterns;
  return patterns;
}

// The text the patterns read: lower case, each run of white space one space, and no longer
// than kLongestReading characters. std::regex backtracks: a pattern with several "\s*" in a
// row is cubic in a run of spaces, and "0+" quadratic in a run of zeros, so a 2,000-space
// message once held a thread for seconds. Collapsed, then capped, every pattern stays cheap; a
// check-in is read from its start (the whole text is still kept as the note).
constexpr std::size_t kLongestReading = 600;

std::string ReadableText(std::string_view raw) {
  std::string text;
  text.reserve(std::min(raw.size(), 4 * kLongestReading));
  for (const char c : raw) {
    const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (space && (text.empty() || text.back() == ' ')) continue;
    text += space ? ' ' : c;
    if (text.size() >= 4 * kLongestReading) break;  // enough bytes for the characters kept
  }
  return Lower(Utf8Prefix(text, kLongestReading));
}

}  // namespace

bool CheckIn::Empty() const {
  return !morning_stiffness && !stiffness_minutes && !run_pain && !rehab_pain && !run_km &&
         !run_minutes && !no_run && !did_session && !painkillers;
}

int CheckIn::Answers() const {
  return (morning_stiffness ? 1 : 0) + (stiffness_minutes ? 1 : 0) + (run_pain ? 1 : 0) +
         (rehab_pain ? 1 : 0) + (run_km || run_minutes || no_run ? 1 : 0) + (did_session ? 1 : 0) +
         (painkillers ? 1 : 0);
}

bool CheckIn::Ran() const { return (run_km && *run_km > 0) || (run_minutes && *run_minutes > 0); }

CheckInReading ReadCheckIn(std::string_view raw) {
  CheckInReading reading;
  CheckIn& c = reading.check_in;
  const std::string text = ReadableText(raw);
  const Patterns& p = P();

  // Morning stiffness: minutes ("stiff for 20 min") and score ("stiffness 3", "stiff 3/10").
  if (auto m = Find(text, p.stiffness_minutes)) c.stiffness_minutes = std::stoi((*m)[1].str());
  Score(Find(text, p.stiffness_score), c.morning_stiffness, "Stiffness", "stiff", reading.problems);

  // Rehab pain first, so "rehab pain 4" is not also read as running pain.
  std::string rest = text;
  if (auto m = Find(rest, p.rehab_pain)) {
    Score(m, c.rehab_pain, "Rehab pain", "rehabpain", reading.problems);
    rest = m->prefix().str() + " " + m->suffix().str();
  }
  Score(Find(rest, p.run_pain), c.run_pain, "Running pain", "runpain", reading.problems);

  // Running: none, a distance, or a time.
  if (Find(text, p.no_run)) {
    c.no_run = true;
  } else if (auto km = Find(text, p.km)) {
    c.run_km = Number((*km)[1].str());
  } else if (auto miles = Find(text, p.miles)) {
    c.run_km = std::round(Number((*miles)[1].str()) * 1.609 * 10) / 10;
  } else if (auto minutes = Find(text, p.run_minutes)) {
    c.run_minutes = std::stoi((*minutes)[1].str());
  }
  if (c.run_km && *c.run_km > 100) {
    reading.problems.push_back({"ran", "A run of " + std::to_string(static_cast<int>(*c.run_km)) +
                                           " km looks like a typo; write it like 6km"});
    c.run_km.reset();
  }

  // The rehab session.
  if (Find(text, p.skipped_session)) {
    c.did_session = false;
  } else if (Find(text, p.did_session)) {
    c.did_session = true;
  }

  // Painkillers (R25).
  if (Find(text, p.no_painkillers)) {
    c.painkillers = false;
  } else if (Find(text, p.painkillers)) {
    c.painkillers = true;
  }

  c.note = std::string(raw);
  return reading;
}

bool LooksLikeQuestion(std::string_view raw) {
  const std::string text = Lower(raw);
  if (text.find('?') != std::string::npos) return true;
  // With the ways runners type them in a hurry ("whats", "wat", "hows", "r u").
  static constexpr std::array kOpeners = {
      "is ",    "are ", "can ",  "could ", "should ", "how ",   "what ",  "why ",
      "when ",  "do ",  "does ", "will ",  "would ",  "which ", "where ", "what's ",
      "whats ", "wat ", "wot ",  "how's ", "hows ",   "who ",   "shall ", "r u "};
  return std::any_of(kOpeners.begin(), kOpeners.end(),
                     [&](const char* opener) { return text.rfind(opener, 0) == 0; });
}

}  // namespace achilles::dialogs
