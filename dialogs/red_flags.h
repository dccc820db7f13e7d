// Red flags in what a runner writes: the STOP and CONSULT rules R1-R6 of CLINICAL.md.
// Pure: the phrases live in content/red_flags.json, so a clinician can extend them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace achilles::dialogs {

enum class RedFlag {
  kSuspectedRupture,  // R1: sudden pain, pop or snap, kicked feeling, cannot tiptoe or push off
  kFluoroquinolone,   // R2: ciprofloxacin and relatives, with tendon pain
  kInfection,         // R3: redness, heat, fever, a wound, marked new swelling
  kNotTendinopathy,   // R4: numbness, pins and needles, night or rest pain, pain cycling/swimming
  kSystemic,          // R5: both sides with severe multi-day attacks, lumps, family history
  kSteroidInjection,  // R6: a corticosteroid injection planned or mentioned
};

// STOP flags end coaching for the day and send the runner for urgent care; CONSULT flags ask
// them to book a consult and let rehab continue.
bool IsStop(RedFlag flag);

// The rule number in CLINICAL.md, for replies and the coach's alert ("R1").
const char* RuleOf(RedFlag flag);

struct RedFlagPhrases {
  RedFlag flag;
  std::vector<std::string> phrases;  // lower-case; matched on word boundaries
};

class RedFlagScanner {
 public:
  // `shoe_switch`: phrases about moving to low- or zero-drop shoes (R24; not a red flag, but
  // matched the same way).
  RedFlagScanner(std::vector<RedFlagPhrases> phrases,
                 const std::vector<std::string>& shoe_switch = {},
                 const std::vector<std::string>& flare_up = {});

  // Every flag whose phrases occur in `text`, most urgent first, each once. A phrase preceded
  // within three words by "no", "not", "never" or "without" does not count ("no pop").
  std::vector<RedFlag> Scan(std::string_view text) const;

  // True when `text` talks about low- or zero-drop shoes (R24).
  bool MentionsShoeSwitch(std::string_view text) const;

  // True when `text` says the tendon is flaring up ("it flared again").
  bool MentionsFlareUp(std::string_view text) const;

 private:
  struct Phrases {
    RedFlag flag;
    std::vector<std::vector<std::string>> word_lists;  // each phrase, split into words once
  };
  std::vector<Phrases> phrases_;
  std::vector<std::vector<std::string>> shoe_switch_;
  std::vector<std::vector<std::string>> flare_up_;
};

}  // namespace achilles::dialogs
