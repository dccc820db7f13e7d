// Property-based tests (RapidCheck, Debian's librapidcheck-dev): thousands of random runners and
// message sequences through Coach::Decide over weeks, with invariants that must hold in every
// reply set. A failing case prints its seed and the shrunk sequence; RC_PARAMS="reproduce=..."
// replays it.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cstdlib>
#include <regex>

#include "tests/dialogs/chat.h"
#include "tests/support/fixtures.h"

namespace achilles::dialogs {
namespace {

using std::chrono::days;

// Thousands of cases unless RC_PARAMS says otherwise (read by RapidCheck on first use).
[[maybe_unused]] const bool kCases = [] {
  return setenv("RC_PARAMS", "max_success=1500", /*overwrite=*/0) == 0;
}();

// What a runner does, in the runner's own words and taps.
enum class Act {
  kTypedCheckIn,   // /checkin <line>
  kSentence,       // a check-in (or anything) typed as free text
  kPlan,           // /plan
  kFlare,          // /flare
  kAsk,            // /ask <question>
  kSeen,           // a "were you seen?" answer
  kPromptCheckIn,  // the scheduler's check-in prompt
  kButtonAnswer,   // a tap on a button of the last reply
  kNextDay,        // the night passes
};

struct Step {
  Act act;
  std::string text;  // the words typed, the payload pressed, or empty
  int pick = 0;      // which button, for kButtonAnswer
};

std::ostream& operator<<(std::ostream& out, const Step& step) {
  static const char* const kNames[] = {"checkin", "text",   "plan",   "flare",   "ask",
                                       "seen",    "prompt", "button", "next day"};
  out << kNames[static_cast<int>(step.act)];
  if (!step.text.empty()) out << " \"" << step.text << "\"";
  if (step.act == Act::kButtonAnswer) out << " #" << step.pick;
  return out;
}

// Words runners write in a check-in: scores (some out of range), runs in km, miles or minutes
// (zero too), sessions, painkillers, and notes: ordinary ones, running jargon and red flags.
rc::Gen<std::string> CheckInLine() {
  using rc::gen::element;
  using rc::gen::inRange;
  const auto score = [](const char* name) {
    return rc::gen::map(inRange(0, 13),
                        [name](int n) { return std::string(name) + " " + std::to_string(n); });
  };
  const auto run = rc::gen::oneOf(
      rc::gen::map(inRange(0, 25), [](int km) { return "ran " + std::to_string(km) + "km"; }),
      rc::gen::map(inRange(0, 8), [](int mi) { return std::to_string(mi) + " mi"; }),
      rc::gen::map(inRange(10, 90), [](int m) { return "ran " + std::to_string(m) + " min"; }),
      element<std::string>("no run", "rest day", "didn't run", "ran 0 km"));
  const auto part = rc::gen::oneOf(
      score("stiffness"), score("pain"), score("rehab"), run,
      element<std::string>("did the session", "skipped the session", "took ibuprofen",
                           "no painkillers"),
      element<std::string>("calves tight", "felt good", "kicked at the finish", "popped a gel",
                           "cold snap today", "felt a pop", "calf swollen after the flight",
                           "pins and needles", "thinking of zero drop shoes", "it flared up",
                           "heel red and hot", "no pop, just stiff"));
  const auto parts = rc::gen::mapcat(inRange(1, 5), [part](int count) {
    return rc::gen::container<std::vector<std::string>>(static_cast<std::size_t>(count), part);
  });
  return rc::gen::map(parts, [](const std::vector<std::string>& words) {
    std::string line;
    for (const auto& w : words) line += (line.empty() ? "" : ", ") + w;
    return line;
  });
}

rc::Gen<Step> AStep() {
  using rc::gen::element;
  return rc::gen::weightedOneOf<Step>({
      {6, rc::gen::map(CheckInLine(),
                       [](std::string l) {
                         return Step{Act::kTypedCheckIn, l};
                       })},
      {3, rc::gen::map(CheckInLine(),
                       [](std::string l) {
                         return Step{Act::kSentence, l};
                       })},
      {2, rc::gen::just(Step{Act::kPlan, ""})},
      {1, rc::gen::just(Step{Act::kFlare, ""})},
      {1, rc::gen::map(element<std::string>("can i run today?", "what is heavy slow resistance?",
                                            "how many km can i run", "is ice good?"),
                       [](std::string q) {
                         return Step{Act::kAsk, q};
                       })},
      {1,
       rc::gen::map(element<std::string>("seen:clear", "seen:rest", "seen:waiting", "seen:resting"),
                    [](std::string p) {
                      return Step{Act::kSeen, p};
                    })},
      {2, rc::gen::just(Step{Act::kPromptCheckIn, ""})},
      {4, rc::gen::map(rc::gen::inRange(0, 12),
                       [](int n) {
                         return Step{Act::kButtonAnswer, "", n};
                       })},
      {5, rc::gen::just(Step{Act::kNextDay, ""})},
  });
}

// Where a position lies on the way through the programme, to tell a step forward.
int Rank(const Programme& programme, ProgrammePosition at) {
  int rank = 0;
  for (int p = 0; p < static_cast<int>(at.phase); ++p)
    rank += programme.StepsIn(static_cast<Phase>(p));
  return rank + at.step;
}

bool Contains(const Decision& d, const std::string& part) {
  return std::any_of(d.replies.begin(), d.replies.end(),
                     [&](const Reply& r) { return r.text.find(part) != std::string::npos; });
}

bool HasDose(const Decision& d) {
  static const std::regex kDose(R"(\*\*: \d+ x |Today's session|\*\*Walk-run:\*\*)");
  return std::any_of(d.replies.begin(), d.replies.end(),
                     [](const Reply& r) { return std::regex_search(r.text, kDose); });
}

// Every distance a reply offers for a run today: "up to 5.5 km", "1.6 km in all".
std::vector<double> OfferedKm(const Decision& d) {
  static const std::regex kOffer(R"((?:up to|below,) ([0-9]+(?:\.[0-9])?) km)");
  std::vector<double> km;
  for (const Reply& r : d.replies) {
    for (auto it = std::sregex_iterator(r.text.begin(), r.text.end(), kOffer);
         it != std::sregex_iterator(); ++it) {
      km.push_back(std::stod((*it)[1].str()));
    }
  }
  return km;
}

// R18's reference: the longest run logged in the 30 days to `day`, or the onboarding's figure
// within 30 days of onboarding.
std::optional<double> LongestRecentKm(const RunnerState& state, Day day) {
  std::optional<double> longest;
  for (const auto& record : state.recent) {
    const auto age = (day - record.day).count();
    if (age >= 0 && age < 30 && record.check_in.run_km) {
      longest = std::max(longest.value_or(0), *record.check_in.run_km);
    }
  }
  const Day onboarded = std::chrono::floor<days>(*state.onboarded_at + state.utc_offset);
  if (!longest && (day - onboarded).count() < 30) longest = state.profile.longest_run_km;
  return longest;
}

// The how-to lines of every exercise that takes the heel below the floor (R11).
std::vector<std::string> BelowFloorLines() {
  std::vector<std::string> lines;
  for (const auto& e :
       achilles::testing::ShippedContent().programme.Plan(Phase::kHeavySlow).exercises) {
    if (e.below_floor) lines.push_back(e.how);
  }
  return lines;
}

// A tap on the `pick`-th button of the last reply that has buttons (as a runner taps).
std::optional<std::string> ButtonOf(const Decision& last, int pick) {
  std::vector<std::string> payloads;
  for (const auto& reply : last.replies) {
    for (const auto& row : reply.keyboard) {
      for (const auto& button : row) {
        if (button.url.empty()) payloads.push_back(button.payload);
      }
    }
  }
  if (payloads.empty()) return std::nullopt;
  return payloads[static_cast<std::size_t>(pick) % payloads.size()];
}

RC_GTEST_PROP(CoachingProperties, EveryReplySetKeepsTheSafetyRules, ()) {
  const auto site = *rc::gen::element<std::string>("2-6 cm above the heel", "At the heel bone");
  const auto raise_pain = *rc::gen::inRange(0, 7);
  const int coaches = *rc::gen::element(0, 0, 1, 2);
  const auto count = static_cast<std::size_t>(*rc::gen::inRange(10, 90));
  const auto steps = *rc::gen::container<std::vector<Step>>(count, AStep());

  const Programme& programme = achilles::testing::ShippedContent().programme;
  static const std::vector<std::string> below_floor = BelowFloorLines();
  Chat chat;
  chat.Onboard(std::to_string(raise_pain), site);
  chat.state.coaches = coaches;
  Decision last = chat.Command("plan");
  std::map<Day, int> increases;  // load increases per local day

  for (const Step& step : steps) {
    if (step.act == Act::kNextDay) {
      chat.now += days(1);
      continue;
    }
    const RunnerState before = chat.state;
    const Day today = LocalDay(before, chat.now);
    Decision d;
    bool typed_check_in = false;
    switch (step.act) {
      case Act::kTypedCheckIn:
        d = chat.Command("checkin", step.text);
        typed_check_in = ReadCheckIn(step.text).Readable();
        break;
      case Act::kSentence:
        d = chat.Type(step.text);
        // In the check-in by buttons a typed single answer is that question's answer: the
        // check-in is stored when the flow ends.
        typed_check_in = ReadCheckIn(step.text).Readable() && !LooksLikeQuestion(step.text) &&
                         !(before.conversation.asking.rfind("ci.", 0) == 0 &&
                           ReadCheckIn(step.text).check_in.Answers() == 1 &&
                           before.conversation.draft_day == today);
        break;
      case Act::kPlan:
        d = chat.Command("plan");
        break;
      case Act::kFlare:
        d = chat.Command("flare");
        break;
      case Act::kAsk:
        d = chat.Command("ask", step.text);
        break;
      case Act::kSeen:
        d = chat.Press(step.text);
        break;
      case Act::kPromptCheckIn:
        d = chat.Prompt(PromptKind::kCheckIn);
        break;
      case Act::kButtonAnswer: {
        const auto payload = ButtonOf(last, step.pick);
        if (!payload) continue;
        d = chat.Press(*payload);
        break;
      }
      case Act::kNextDay:
        break;
    }
    last = d;
    const RunnerState& after = d.state;

    // Every readable check-in is stored, whatever else the words say.
    if (typed_check_in) RC_ASSERT(d.check_in.has_value());

    // No exercise dose while a STOP holds (R28): from the reply that starts it until "seen".
    if (after.stop) RC_ASSERT(!HasDose(d));

    // No running distance on a flare day or while its episode lasts (R9).
    if (RunningPaused(after.progress, today)) RC_ASSERT(OfferedKm(d).empty());

    // R18: no run offered beyond 1.1 x the longest run of the last 30 days.
    const auto longest = LongestRecentKm(after, today);
    for (double km : OfferedKm(d)) {
      if (Contains(d, "km in all")) continue;  // a walk-run stage: capped only when it is over
      RC_ASSERT(longest.has_value());
      RC_ASSERT(km <= *longest * programme.thresholds.run_spike_factor + 0.051);
    }

    // Never "the coach was told" when no coach gets the alert.
    if (after.coaches == 0) {
      RC_ASSERT(!Contains(d, "I've let your coach know"));
      RC_ASSERT(!Contains(d, "I've told your coach"));
    }

    // R11: an insertional runner's heel never goes below the floor.
    if (after.profile.site != PainSite::kMidportion) {  // unknown is coached as insertional
      for (const auto& line : below_floor) RC_ASSERT(!Contains(d, line));
    }

    // Never two load increases on one day (R14).
    const bool moved_on = Rank(programme, after.progress.at) > Rank(programme, before.progress.at);
    const bool heavier = after.progress.hsr_week > before.progress.hsr_week &&
                         before.progress.at.phase > Phase::kHeavySlow;
    increases[today] += (moved_on ? 1 : 0) + (heavier ? 1 : 0);
    RC_ASSERT(increases[today] <= 1);
  }
}

}  // namespace
}  // namespace achilles::dialogs
