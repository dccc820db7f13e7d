// Safety first: red flags in anything the runner writes (R1-R6, R26, R27), a STOP that holds
// until the runner says they were seen (R28), and the onboarding's skipped screening questions
// asked again, gently, until answered.
#include <algorithm>

#include "dialogs/text.h"
#include "dialogs/turn.h"

namespace achilles::dialogs {
namespace {

constexpr char kSeenFlow[] = "seen";
constexpr char kSafetyFlow[] = "sf";

// The onboarding screening questions and the rule a "yes" raises.
const char* RuleOfScreening(std::string_view id) {
  if (id == "rf_rupture") return "R1";
  if (id == "rf_quinolone") return "R2";
  if (id == "rf_infection") return "R3";
  if (id == "rf_nerve") return "R4";
  if (id == "rf_systemic") return "R5";
  if (id == "rf_steroid") return "R6";
  return nullptr;
}

// What the runner can say after a STOP: seen and cleared, seen and told to rest, or not yet.
std::vector<std::vector<Button>> SeenChoices(const Turn& turn, const Stop& stop) {
  if (stop.told_to_rest) {
    return {
        {Button{turn.Text("seen_cleared_button"), Payload(kSeenFlow, "clear", ""), ""}},
        {Button{turn.Text("seen_still_resting_button"), Payload(kSeenFlow, "resting", ""), ""}}};
  }
  const std::string clear =
      stop.rule == "R1" ? turn.Text("seen_not_rupture_button") : turn.Text("seen_cleared_button");
  return {{Button{clear, Payload(kSeenFlow, "clear", ""), ""}},
          {Button{turn.Text("seen_rest_button"), Payload(kSeenFlow, "rest", ""), ""}},
          {Button{turn.Text("seen_waiting_button"), Payload(kSeenFlow, "waiting", ""), ""}}};
}

// The STOP message for `rule` ("stop_R1"), ending with who was told: the coach only when an
// alert reaches one (the runner shares with a squad that has a reachable coach).
void SayStop(Turn& turn, const std::string& text_key) {
  const std::string who =
      turn.Text(turn.state_view().coaches > 0 ? "stop_coach_told" : "stop_coach_none");
  turn.Say(turn.Text(text_key) + " " + who + "\n\n" + turn.Text("stop_seen_question"),
           SeenChoices(turn, *turn.state_view().stop));
}

void EnterStop(Turn& turn, const std::string& rule, const std::string& text_key) {
  RunnerState& state = turn.state();
  if (!state.stop) state.stop = Stop{turn.today(), rule, false};
  state.stop->rule = rule;
  state.stop->told_to_rest = false;
  SayStop(turn, text_key);
}

}  // namespace

bool RespondToRedFlags(Turn& turn, std::string_view text) {
  const auto flags = turn.scanner().Scan(text);
  if (flags.empty()) return false;
  for (RedFlag flag : flags) {
    turn.Event(CoachEvent::Kind::kRedFlag, std::string(RuleOf(flag)) + ": " + std::string(text));
  }
  if (IsStop(flags.front())) {
    // R1-R3, R26: stop coaching and send them for care; it holds until they were seen (R28).
    EnterStop(turn, RuleOf(flags.front()), ReplyKeyOf(flags.front()));
    return true;
  }
  // R4-R6, R27: a consult; coaching goes on.
  for (RedFlag flag : flags) turn.Say(turn.Text(ReplyKeyOf(flag)));
  turn.PromptConsult(std::string("red flag ") + RuleOf(flags.front()));
  return false;
}

bool HoldWhileStopped(Turn& turn, std::string_view lead) {
  const RunnerState& state = turn.state_view();
  if (!state.stop) return false;
  const Stop& stop = *state.stop;
  std::string text = lead.empty() ? "" : std::string(lead) + "\n\n";
  text += FillIn(turn.Text(stop.told_to_rest ? "stop_hold_rest" : "stop_hold"),
                 {{"{date}", ShortDate(stop.since)}});
  turn.Say(text, SeenChoices(turn, stop));
  return true;
}

void AnswerSeen(Turn& turn, std::string_view answer) {
  RunnerState& state = turn.state();
  if (!state.stop) return turn.Say(turn.Text("seen_not_stopped"));
  const std::string rule = state.stop->rule.empty() ? "STOP" : state.stop->rule;
  if (answer == "clear") {
    turn.Event(CoachEvent::Kind::kSeen,
               rule + ": seen and cleared" +
                   (rule == "R1" && !state.stop->told_to_rest ? " (not a rupture)" : "") +
                   "; coaching restarts a step back");
    state.stop.reset();
    // Back gently: one step back, and no running today (a flare day, R9's caution).
    Judgement restart;
    restart.verdict = Verdict::kStepBack;
    restart.flare = true;
    if (state.onboarded_at) {
      state.progress = Advance(turn.content().programme, state.progress, restart, CheckIn{},
                               turn.today(), state.recent);
    }
    turn.Say(turn.Text("seen_cleared"));
    if (!state.onboarded_at) return AskCurrentOnboardingQuestion(turn);
    return SendPlan(turn);
  }
  if (answer == "rest" || answer == "resting") {
    if (answer == "rest") {
      turn.Event(CoachEvent::Kind::kSeen, rule + ": seen and told to rest; exercises held");
    }
    state.stop->told_to_rest = true;
    return turn.Say(turn.Text("seen_rest"), SeenChoices(turn, *state.stop));
  }
  turn.Event(CoachEvent::Kind::kSeen, rule + ": not seen yet");
  turn.Say(turn.Text("seen_waiting"), SeenChoices(turn, *state.stop));
}

void SkipScreening(Profile& profile, const std::string& id) {
  profile.skipped_safety = true;
  if (std::find(profile.unanswered_safety.begin(), profile.unanswered_safety.end(), id) ==
      profile.unanswered_safety.end()) {
    profile.unanswered_safety.push_back(id);
  }
}

bool AnswerScreening(Turn& turn, const std::string& id, std::string_view value) {
  const char* rule = RuleOfScreening(id);
  if (rule == nullptr) return false;
  Profile& profile = turn.state().profile;
  if (value == "unsure") {
    SkipScreening(profile, id);
    return false;
  }
  std::erase(profile.unanswered_safety, id);
  if (value != "yes") return false;
  turn.Event(CoachEvent::Kind::kRedFlag, std::string(rule) + ": screening question");
  if (IsStopRule(rule)) {
    EnterStop(turn, rule, std::string("stop_") + rule);
    return true;
  }
  turn.Say(turn.Text(std::string("consult_") + rule));  // R4-R6: coaching goes on
  turn.PromptConsult(std::string("red flag ") + rule + " at screening");
  return false;
}

bool AskSkippedScreening(Turn& turn) {
  RunnerState& state = turn.state();
  if (state.profile.unanswered_safety.empty() || state.stop) return false;
  if (state.conversation.screening_asked_on == turn.today()) return false;  // once a day
  const Question* question =
      Questions::Find(turn.content().questions.onboarding, state.profile.unanswered_safety.front());
  if (question == nullptr) {
    state.profile.unanswered_safety.erase(state.profile.unanswered_safety.begin());
    return false;
  }
  state.conversation.screening_asked_on = turn.today();
  turn.Ask(*question, kSafetyFlow, turn.Text("screening_again"));
  return true;
}

void AnswerSkippedScreening(Turn& turn, const std::string& id, const std::string& value) {
  turn.state().conversation.asking.clear();
  if (AnswerScreening(turn, id, value)) return;  // a STOP
  if (value == "unsure") {
    turn.Say(turn.Text("screening_skipped_again"));
  } else {
    if (value != "yes") turn.Say(turn.Text("screening_thanks"));
    turn.state().conversation.screening_asked_on.reset();
    if (AskSkippedScreening(turn)) return;  // the next one they skipped, while we are at it
  }
  // Then what they came for: today's check-in, or today's plan once it is in.
  if (RecordOn(turn.state_view().recent, turn.today()) == nullptr) {
    return StartCheckIn(turn, turn.today());
  }
  SendPlan(turn);
}

}  // namespace achilles::dialogs
