// Red flags in what a runner writes: the STOP and CONSULT rules R1-R6, R26 and R27 of
// CLINICAL.md. Pure: the phrases live in content/red_flags.json, so a clinician can extend them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace achilles::dialogs {

// In order of urgency: the first one found decides the reply.
enum class RedFlag {
  kEmergency,         // R26: breathlessness or chest pain (a clot may have reached the lungs)
  kSuspectedRupture,  // R1: sudden pain, pop or snap, kicked feeling, a tear, a gap, no tiptoe
  kClot,              // R26: a swollen, hot, tender calf, above all after a flight or surgery
  kFluoroquinolone,   // R2: ciprofloxacin and relatives, with tendon pain
  kInfection,         // R3: redness, heat, fever, a wound, marked new swelling
  kNotTendinopathy,   // R4: numbness, pins and needles, night or rest pain, pain cycling/swimming
  kSystemic,          // R5: both sides with severe multi-day attacks, lumps, family history
  kSteroidInjection,  // R6: a corticosteroid injection planned or mentioned
  kInflammatory,      // R27: psoriasis, spondyloarthritis, IBD, uveitis, gout
};

// STOP flags end coaching until the runner was seen (R28) and send them for care; CONSULT flags
// ask them to book a consult and let rehab continue.
bool IsStop(RedFlag flag);

// The rule number in CLINICAL.md, for replies and the coach's alert ("R1").
const char* RuleOf(RedFlag flag);

// Whether rule `rule` ("R1", as in a coach event or a screening question) is a STOP.
bool IsStopRule(std::string_view rule);

// The key of the text that answers `flag`: "stop_R1", "stop_R26_emergency", "consult_R4".
std::string ReplyKeyOf(RedFlag flag);

// The key of `flag`'s phrase list in red_flags.json ("suspected_rupture").
const char* ContentKeyOf(RedFlag flag);

// Every flag, most urgent first.
const std::vector<RedFlag>& AllRedFlags();

struct RedFlagPhrases {
  RedFlag flag;
  std::vector<std::string> phrases;  // lower-case; matched on word boundaries
  // Phrases in which a match does not count ("cold snap", "hay fever"). A trailing " $" says
  // the exception must end its clause ("kicked in $": painkillers kicked in).
  std::vector<std::string> except;
};

// What one text says, read once: its red flags and the two other things matched the same way.
struct RedFlagReading {
  std::vector<RedFlag> flags;  // most urgent first, each once
  bool shoe_switch = false;    // talks about low- or zero-drop shoes (R24)
  bool flare_up = false;       // says the tendon is flaring up ("it flared again")
};

class RedFlagScanner {
 public:
  // `shoe_switch`: phrases about moving to low- or zero-drop shoes (R24; not a red flag, but
  // matched the same way).
  RedFlagScanner(std::vector<RedFlagPhrases> phrases,
                 const std::vector<std::string>& shoe_switch = {},
                 const std::vector<std::string>& flare_up = {});

  // Every flag whose phrases occur in `text`, and whether the shoe-switch and flare-up phrases
  // do, from one pass over its words.
  //
  // Negation is local to its clause (punctuation, "but" and "then" end one): for R1 only a
  // directly preceding "no", "not", "never" (or a "n't" word) negates ("no pop"; but "not sure,
  // popped" is a pop); for the others a negation within three words before the phrase does.
  RedFlagReading Read(std::string_view text) const;

  // Read(text).flags: every flag whose phrases occur in `text`, most urgent first, each once.
  std::vector<RedFlag> Scan(std::string_view text) const;

  // Read(text).shoe_switch: `text` talks about low- or zero-drop shoes (R24).
  bool MentionsShoeSwitch(std::string_view text) const;

  // Read(text).flare_up: `text` says the tendon is flaring up.
  bool MentionsFlareUp(std::string_view text) const;

  // One word of a phrase, compiled: a word to equal, a prefix ("numb*"), a suffix
  // ("*floxacin"), a part ("*flox*"), a gap of a few words ("~") or the clause's end (" $").
  struct Word {
    enum class Kind { kExact, kPrefix, kSuffix, kInfix, kGap, kClauseEnd };
    Kind kind = Kind::kExact;
    std::string text;  // without its '*' marks
  };
  using Pattern = std::vector<Word>;

 private:
  // Patterns found by their first word: a text's word looks up, once, the patterns that can
  // start there (`by_first`); those that start with a wildcard (`others`) are tried everywhere.
  struct PatternIndex {
    std::vector<Pattern> patterns;
    std::unordered_map<std::string, std::vector<std::size_t>> by_first;
    std::vector<std::size_t> others;
    std::size_t longest = 0;  // words, at the least, of the longest pattern

    // Adds `pattern` (unless it is gaps alone, which would match anything); false if not.
    bool Add(Pattern pattern);
    // Calls `f` with the index of each pattern that can start at `word`.
    template <typename F>
    void ForEachStartingAt(const std::string& word, F&& f) const;
  };

  // What a phrase found says: a flag's phrases, the shoe-switch phrases or the flare-up ones,
  // with the exceptions in which their matches do not count.
  struct Group {
    std::optional<RedFlag> flag;
    PatternIndex except;
    bool adjacent_negation_only = false;  // R1 (see Read)
  };

  void Add(std::string_view phrase, std::size_t group);

  std::vector<Group> groups_;  // the flags' most urgent first, then shoe switch and flare up
  std::size_t shoe_switch_ = 0;
  std::size_t flare_up_ = 0;
  PatternIndex phrases_;               // every group's phrases
  std::vector<std::size_t> group_of_;  // for each of phrases_.patterns
};

}  // namespace achilles::dialogs
