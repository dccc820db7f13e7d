// Red flags in what a runner writes: the STOP and CONSULT rules R1-R6, R26 and R27 of
// CLINICAL.md. Pure: the phrases live in content/red_flags.json, so a clinician can extend them.
#pragma once

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

class RedFlagScanner {
 public:
  // `shoe_switch`: phrases about moving to low- or zero-drop shoes (R24; not a red flag, but
  // matched the same way).
  RedFlagScanner(std::vector<RedFlagPhrases> phrases,
                 const std::vector<std::string>& shoe_switch = {},
                 const std::vector<std::string>& flare_up = {});

  // Every flag whose phrases occur in `text`, most urgent first, each once.
  //
  // Negation is local to its clause (punctuation, "but" and "then" end one): for R1 only a
  // directly preceding "no", "not", "never" (or a "n't" word) negates ("no pop"; but "not sure,
  // popped" is a pop); for the others a negation within three words before the phrase does.
  std::vector<RedFlag> Scan(std::string_view text) const;

  // True when `text` talks about low- or zero-drop shoes (R24).
  bool MentionsShoeSwitch(std::string_view text) const;

  // True when `text` says the tendon is flaring up ("it flared again").
  bool MentionsFlareUp(std::string_view text) const;

  // One word of a phrase, compiled: a word to equal, a prefix ("numb*"), a suffix
  // ("*floxacin"), a part ("*flox*"), a gap of a few words ("~") or the clause's end (" $").
  struct Word {
    enum class Kind { kExact, kPrefix, kSuffix, kInfix, kGap, kClauseEnd };
    Kind kind = Kind::kExact;
    std::string text;  // without its '*' marks
  };
  using Pattern = std::vector<Word>;

  // Phrases found by their first word: a text's word looks up only the phrases that can start
  // there (`by_first`), and those that start with a wildcard (`others`) are tried everywhere.
  struct PatternIndex {
    std::vector<Pattern> patterns;
    std::unordered_map<std::string, std::vector<std::size_t>> by_first;
    std::vector<std::size_t> others;

    void Add(Pattern pattern);
  };

 private:
  struct Phrases {
    RedFlag flag;
    PatternIndex patterns;
    std::vector<Pattern> except;
  };
  std::vector<Phrases> phrases_;
  PatternIndex shoe_switch_;
  PatternIndex flare_up_;
};

}  // namespace achilles::dialogs
