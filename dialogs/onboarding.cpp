// Onboarding after consent: one question at a time from content/questions.json, each with a
// safe default, resumable at any point (the pending question is part of the stored state).
#include <algorithm>
#include <charconv>

#include "dialogs/local_time.h"
#include "dialogs/text.h"
#include "dialogs/turn.h"

namespace achilles::dialogs {
namespace {

const std::vector<Question>& Flow(const Turn& turn) { return turn.content().questions.onboarding; }

std::optional<double> Km(const std::string& value) {
  double km = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), km);
  if (ec != std::errc() || end != value.data() + value.size() || km < 0) return std::nullopt;
  return km;
}

// Stores one answer in the profile. Returns false for a value the question does not take.
bool Apply(Profile& p, const std::string& id, const std::string& value) {
  if (id == "side") {
    p.side = value == "left"    ? Side::kLeft
             : value == "right" ? Side::kRight
             : value == "both"  ? Side::kBoth
                                : Side::kUnknown;
  } else if (id == "site") {
    p.site = value == "insertional"  ? PainSite::kInsertional
             : value == "midportion" ? PainSite::kMidportion
                                     : PainSite::kUnknown;
  } else if (id == "duration") {
    p.duration = value;
  } else if (id == "weekly") {
    p.weekly_km = Km(value);
  } else if (id == "longest") {
    p.longest_run_km = Km(value);  // a time ("30min") leaves it unknown
  } else if (id == "goal") {
    p.goal = value;
  } else if (id == "raises") {
    p.ten_heel_raises = value == "yes";
  } else if (id == "raisepain") {
    p.heel_raise_pain = WholeNumber(value, 0, 10);
    if (!p.heel_raise_pain) return false;
  } else if (id == "tz") {
    const auto zone = ResolveTimeZone(value);
    if (!zone) return false;
    p.time_zone = *zone;
  } else if (id == "time") {
    if (!ParseClockTime(value)) return false;
    p.checkin_time = value;
  } else if (id == "review") {
    const auto weekday = WholeNumber(value, 0, 6);
    if (!weekday) return false;
    p.review_weekday = static_cast<unsigned>(*weekday);
  } else if (id.rfind("rf_", 0) == 0) {
    // The screening questions: answered in AnswerScreening (dialogs/safety.cpp).
  } else {
    return false;
  }
  return true;
}

const Question* NextAfter(const Turn& turn, const std::string& id) {
  const auto& flow = Flow(turn);
  auto it = std::find_if(flow.begin(), flow.end(), [&](const Question& q) { return q.id == id; });
  for (++it; it != flow.end(); ++it) {
    // The pain question only follows a yes to the ten heel raises.
    if (it->id == "raisepain" && turn.state_view().profile.ten_heel_raises != true) continue;
    return &*it;
  }
  return nullptr;
}

// Where a runner starts, from the ten single-leg heel raises and their pain [U; Silbernagel's
// phase 1 entry is "cannot do 10 single-leg heel raises"].
Phase Placement(const Profile& p, const Thresholds& t) {
  if (p.ten_heel_raises != true || !p.heel_raise_pain) return Phase::kSettle;
  if (*p.heel_raise_pain > t.pain_acceptable) return Phase::kSettle;
  if (*p.heel_raise_pain > t.pain_safe) return Phase::kFloor;
  return Phase::kHeavySlow;
}

void Finish(Turn& turn) {
  RunnerState& state = turn.state();
  state.conversation.asking.clear();
  state.onboarded_at = turn.now();
  const Phase start = Placement(state.profile, turn.content().programme.thresholds);
  state.progress = Progress{};
  state.progress.at = {start, 1};
  state.progress.step_since = turn.today();
  std::string text =
      turn.Text("onboarding_done") + "\n\n" + turn.Text("placement_" + std::string(PhaseId(start)));
  if (state.profile.skipped_safety) text += "\n\n" + turn.Text("unsure_safety");
  text += "\n\n" + NextPromptLine(turn);
  turn.Say(text);
  if (state.profile.duration == "over 6 months") {
    // R21: no improvement at six months: a specialist's view alongside the plan.
    state.conversation.specialist_prompted_on = turn.today();
    turn.Say(turn.Text("consult_R21_onboarding"));
    turn.PromptConsult("R21: sore for over six months");
  }
  SendPlan(turn);
}

}  // namespace

void StartOnboarding(Turn& turn) { turn.Ask(Flow(turn).front(), "ob"); }

void AskCurrentOnboardingQuestion(Turn& turn) {
  const std::string& asking = turn.state().conversation.asking;
  if (asking.rfind("ob.", 0) == 0) {
    if (const Question* q = Questions::Find(Flow(turn), asking.substr(3)))
      return turn.Ask(*q, "ob");
  }
  StartOnboarding(turn);
}

void AnswerOnboarding(Turn& turn, const std::string& id, const std::string& value) {
  RunnerState& state = turn.state();
  if (!Apply(state.profile, id, value)) {
    turn.Say(turn.Text("typed_answer_invalid"));
    return AskCurrentOnboardingQuestion(turn);
  }
  const Question* next = NextAfter(turn, id);
  if (id.rfind("rf_", 0) == 0) {
    // R1-R3: a STOP that holds until they were seen (R28); onboarding resumes after it.
    state.conversation.asking = next ? "ob." + next->id : "";
    if (AnswerScreening(turn, id, value)) return;
  }
  if (next != nullptr) return turn.Ask(*next, "ob");
  Finish(turn);
}

void AnswerSetting(Turn& turn, const std::string& id, const std::string& value) {
  RunnerState& state = turn.state();
  if (!Apply(state.profile, id, value)) {
    turn.Say(turn.Text("typed_answer_invalid"));
    if (const Question* q = Questions::Find(Flow(turn), id)) turn.Ask(*q, "settings");
    return;
  }
  state.conversation.asking.clear();
  std::string saved = "Saved. /settings shows them all.";
  if (id == "tz" || id == "time") saved.append(" ").append(NextPromptLine(turn));
  turn.Say(saved);
}

}  // namespace achilles::dialogs
