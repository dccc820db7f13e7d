// The daily check-in, asked one question at a time or typed in one line, and the reply it
// earns: the pain-monitoring decision in a plain sentence, flare-up and consult advice when the
// rules call for them, and today's session with what running is allowed.
#include <algorithm>
#include <charconv>
#include <cstdio>

#include "dialogs/text.h"
#include "dialogs/turn.h"

namespace achilles::dialogs {
namespace {

using std::chrono::days;

const std::vector<Question>& Flow(const Turn& turn) { return turn.content().questions.checkin; }

// Later answers win; notes are kept side by side.
CheckIn Merge(CheckIn earlier, const CheckIn& later) {
  auto take = [](auto& into, const auto& from) {
    if (from) into = from;
  };
  take(earlier.morning_stiffness, later.morning_stiffness);
  take(earlier.stiffness_minutes, later.stiffness_minutes);
  take(earlier.run_pain, later.run_pain);
  take(earlier.rehab_pain, later.rehab_pain);
  take(earlier.run_km, later.run_km);
  take(earlier.run_minutes, later.run_minutes);
  take(earlier.did_session, later.did_session);
  take(earlier.painkillers, later.painkillers);
  if (later.no_run) {
    earlier.no_run = true;
    earlier.run_km.reset();
    earlier.run_minutes.reset();
  }
  if (!later.note.empty())
    earlier.note = earlier.note.empty() ? later.note : earlier.note + " / " + later.note;
  return earlier;
}

// R18: the onboarding's longest run stands in for logged runs only in its own 30 days.
std::optional<double> OnboardingLongestRun(const RunnerState& state, Day day) {
  if (!state.onboarded_at) return std::nullopt;
  const Day onboarded = std::chrono::floor<days>(*state.onboarded_at + state.utc_offset);
  if ((day - onboarded).count() >= 30) return std::nullopt;
  return state.profile.longest_run_km;
}

std::vector<DayRecord> HistoryBefore(const RunnerState& state, Day day) {
  std::vector<DayRecord> history;
  for (const auto& record : state.recent) {
    if (record.day != day) history.push_back(record);
  }
  return history;
}

// The pain-monitoring judgement of `check_in` for `day`, against `history` (the days before it).
Judgement JudgeDay(const Turn& turn, const CheckIn& check_in, Day day,
                   std::span<const DayRecord> history) {
  const RunnerState& state = turn.state_view();
  return Judge(turn.content().programme.thresholds, check_in, day, history, state.progress,
               OnboardingLongestRun(state, day));
}

// The question after `id` in the check-in, skipping pain questions for what was not done.
const Question* NextAfter(const Turn& turn, const std::string& id) {
  const auto& flow = Flow(turn);
  const CheckIn& draft = turn.state_view().conversation.draft;
  auto it = std::find_if(flow.begin(), flow.end(), [&](const Question& q) { return q.id == id; });
  for (++it; it != flow.end(); ++it) {
    if (it->id == "runpain" && !draft.Ran()) continue;
    if (it->id == "rehabpain" && draft.did_session != true) continue;
    return &*it;
  }
  return nullptr;
}

// What running today allows, in one line. The walk-run stays in `session` (to be described)
// only on a day this line offers it: one story.
std::string RunningLine(const Turn& turn, Session& session, const std::optional<Judgement>& j,
                        const std::optional<CheckIn>& today) {
  const Phase phase = session.at.phase;
  const std::optional<double> km = j ? PlannedRunKm(session, *j) : std::nullopt;  // R15-R18
  if (!km) session.walk_run.reset();
  // One story: on a flare day, and while its episode lasts, no distance is offered anywhere.
  if (RunningPaused(turn.state_view().progress, turn.today()) && (!j || !j->running_allowed)) {
    return turn.Text("running_not_today");
  }
  // Never a run on a heavy strength day, checked in or not (R15).
  const bool heavy_day = phase >= Phase::kHeavySlow && session.day == DayKind::kHeavy;
  if (!j) {
    if (heavy_day) return turn.Text("running_heavy_day");
    if (phase == Phase::kWalkRun || phase == Phase::kFullRunning) {
      return "**Running today:** check in first (/checkin) and I'll say how far.";
    }
    return turn.Text("running_strength_phase");
  }
  if (!j->running_allowed) {
    if (phase == Phase::kWalkRun && today && today->Ran()) return turn.Text("running_rest_day");
    return turn.Text("running_not_today");
  }
  if (km) {
    const double planned = km.value();
    if (session.walk_run) {
      session.walk_run->total_km = planned;
      return ReplaceAll(turn.Text("running_walk_run"), "{km}", OneDecimal(planned));
    }
    return ReplaceAll(turn.Text("running_allowed"), "{km}", OneDecimal(planned));
  }
  if (heavy_day) return turn.Text("running_heavy_day");
  if (phase == Phase::kWalkRun) return turn.Text("running_walk_run_later");
  if (j->run_cap_km)
    return ReplaceAll(turn.Text("running_allowed"), "{km}", OneDecimal(*j->run_cap_km));
  if (j->run_cap_minutes && phase >= Phase::kPlyometric) {
    return ReplaceAll(turn.Text("running_allowed_minutes"), "{minutes}",
                      std::to_string(*j->run_cap_minutes));
  }
  return turn.Text("running_strength_phase");
}

void SendPlanWith(Turn& turn, const std::optional<Judgement>& judgement) {
  const RunnerState& state = turn.state_view();
  Session session = Prescribe(turn.content().programme, state.progress.at, CoachedSite(state),
                              DayKindOn(state.progress, turn.today()), state.progress.hsr_week);
  std::optional<CheckIn> today;
  if (const DayRecord* record = RecordOn(state.recent, turn.today())) today = record->check_in;
  const std::string running = RunningLine(turn, session, judgement, today);
  turn.Say(turn.Text("plan_title") + "\n" + running + "\n\n" + DescribeSession(session));
}

void AskGateTest(Turn& turn) {
  const auto test = PendingTest(turn.content().programme, turn.state_view().progress, turn.today());
  if (!test) return;
  const char* id = *test == GateTest::kHops         ? "hops"
                   : *test == GateTest::kHeelRaises ? "raises_sore"
                                                    : "walking";
  turn.Ask(*Questions::Find(turn.content().questions.gates, id), "gt");
}

}  // namespace

void StartCheckIn(Turn& turn, Day day, std::string_view lead) {
  Conversation& conversation = turn.state().conversation;
  conversation.draft = CheckIn{};
  conversation.draft_day = day;
  turn.Ask(Flow(turn).front(), "ci", lead);
}

namespace {

// Puts one check-in answer (a button's value, or a typed answer made into one) into `draft`.
// False for a value the question does not take.
bool ApplyAnswer(CheckIn& draft, const std::string& id, const std::string& value) {
  if (id == "stiff") {
    draft.morning_stiffness = WholeNumber(value, 0, 10);
    return draft.morning_stiffness.has_value();
  }
  if (id == "ran") {
    if (value == "0") {
      draft.no_run = true;
      return true;
    }
    if (value.size() > 3 && value.ends_with("min")) {
      draft.run_minutes = WholeNumber(value.substr(0, value.size() - 3), 1, 600);
      return draft.run_minutes.has_value();
    }
    double km = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), km);
    if (ec != std::errc() || end != value.data() + value.size() || km < 0 || km > 100) return false;
    if (km == 0) {
      draft.no_run = true;
    } else {
      draft.run_km = km;
    }
    return true;
  }
  if (id == "runpain") {
    draft.run_pain = WholeNumber(value, 0, 10);
    return draft.run_pain.has_value();
  }
  if (id == "session") {
    draft.did_session = value == "yes" || value == "partly";
  } else if (id == "rehabpain") {
    draft.rehab_pain = WholeNumber(value, 0, 10);
    return draft.rehab_pain.has_value();
  } else if (id == "meds") {
    draft.painkillers = value == "yes";
  } else if (id == "note") {
    draft.note = value;
  }
  return true;
}

}  // namespace

void AnswerCheckIn(Turn& turn, const std::string& id, const std::string& value) {
  Conversation& conversation = turn.state().conversation;
  CheckIn& draft = conversation.draft;
  const bool ok = ApplyAnswer(draft, id, value);
  const Question* asked = Questions::Find(Flow(turn), id);
  if (!ok || asked == nullptr) {
    turn.Say(turn.Text("typed_answer_invalid"));
    if (asked != nullptr) turn.Ask(*asked, "ci");
    return;
  }
  if (const Question* next = NextAfter(turn, id)) return turn.Ask(*next, "ci");
  const Day day = conversation.draft_day.value_or(turn.today());
  SaveCheckIn(turn, draft, day);
}

void SaveTypedInCheckIn(Turn& turn, const CheckIn& typed) {
  const Conversation& conversation = turn.state_view().conversation;
  if (conversation.draft_day == turn.today()) {
    return SaveCheckIn(turn, Merge(conversation.draft, typed), turn.today());
  }
  SaveCheckIn(turn, typed, turn.today());  // a draft from another day is not today's
}

void AnswerCheckInFix(Turn& turn, const std::string& id, const std::string& value) {
  CheckIn part;
  const Question* asked = Questions::Find(Flow(turn), id);
  if (asked == nullptr || !ApplyAnswer(part, id, value)) {
    turn.Say(turn.Text("typed_answer_invalid"));
    if (asked != nullptr) turn.Ask(*asked, "fix");
    return;
  }
  const Day day = turn.state_view().conversation.draft_day.value_or(turn.today());
  SaveCheckIn(turn, part, day);  // amends the day's check-in
}

void AnswerGate(Turn& turn, const std::string& id, const std::string& value) {
  Progress& progress = turn.state().progress;
  GateTests& tests = progress.tests;
  tests.tested_on = turn.today();
  turn.state().conversation.asking.clear();
  if (id == "hops") {
    tests.hop_pain = WholeNumber(value, 0, 10);
  } else if (id == "raises_sore") {
    tests.heel_raises_sore = WholeNumber(value, 0, 500);
    return turn.Ask(*Questions::Find(turn.content().questions.gates, "raises_other"), "gt");
  } else if (id == "raises_other") {
    tests.heel_raises_other = WholeNumber(value, 0, 500);
  } else if (id == "walking") {
    tests.walking_pain_free = value == "yes";
  }
  turn.Say(turn.Text("gate_thanks"));
  AskGateTest(turn);
}

bool KeepCheckIn(Turn& turn, const CheckIn& check_in, Day day) {
  RunnerState& state = turn.state();
  state.conversation.asking.clear();
  state.conversation.draft = CheckIn{};
  state.conversation.draft_day.reset();

  const DayRecord* earlier = RecordOn(state.recent, day);
  const bool amend = earlier != nullptr;
  DayRecord record{.day = day,
                   .check_in = amend ? Merge(earlier->check_in, check_in) : check_in,
                   .at = state.progress.at,
                   .hsr_week = state.progress.hsr_week};
  if (amend && earlier->at) {
    // The day's position is where the runner was when they first checked in, before that
    // check-in moved the programme.
    record.at = earlier->at;
    record.hsr_week = earlier->hsr_week;
  }
  turn.StoreCheckIn(record);
  std::erase_if(state.recent, [&](const DayRecord& r) { return r.day == day; });
  state.recent.push_back(record);
  return amend;
}

void SaveCheckIn(Turn& turn, CheckIn check_in, Day day) {
  const bool amend = KeepCheckIn(turn, check_in, day);
  RunnerState& state = turn.state();
  const CheckIn merged = RecordOn(state.recent, day)->check_in;

  // Red flags in the note were answered before anything else (Coach::Decide); while a STOP
  // holds the check-in is stored but no session is given (R28).
  if (HoldWhileStopped(turn, turn.Text(amend ? "checkin_amended" : "checkin_saved"))) return;
  if (!check_in.note.empty() && turn.scanner().MentionsShoeSwitch(check_in.note)) {
    turn.Say(turn.Text("shoe_switch"));  // R24
  }
  if (day < turn.today()) {
    // A late check-in fills the record; it does not move today's plan.
    turn.Say(turn.Text("checkin_late"));
    return;
  }

  const Programme& programme = turn.content().programme;
  const auto history = HistoryBefore(state, day);
  const Judgement j = JudgeDay(turn, merged, day, history);
  const bool stepped_back_today = IsFlareDay(state.progress, day);
  // The programme moves once a day; an amended check-in may still step back (safety first).
  if (state.progress.judged_on != day || (j.verdict == Verdict::kStepBack && !stepped_back_today)) {
    state.progress = Advance(programme, state.progress, j, merged, day, history);
    state.progress.judged_on = day;
  } else {
    state.progress = TrackEpisode(state.progress, j, day);  // the same story as the judgement
  }

  std::string text = turn.Text(amend ? "checkin_amended" : "checkin_saved") + " " + j.because;
  if (j.confounded) text += "\n\n" + turn.Text("painkillers_note");  // R25
  turn.Say(text);
  if (j.flare) {
    turn.Event(CoachEvent::Kind::kFlareUp, j.because);
    turn.Say(turn.Text("flare_advice"));  // R9, R23
  }
  if (j.consult) turn.PromptConsult(j.because);  // R10, repeat flare-ups
  // R21: six months of coaching without reaching the return-to-sport phases.
  const bool six_months = state.onboarded_at && turn.now() - *state.onboarded_at >= days(182);
  const bool stalled = state.progress.at.phase < Phase::kPlyometric;
  const bool prompted_lately =
      state.conversation.specialist_prompted_on &&
      (turn.today() - *state.conversation.specialist_prompted_on).count() < 30;
  if (six_months && stalled && !prompted_lately) {
    state.conversation.specialist_prompted_on = turn.today();
    turn.Say(turn.Text("consult_R21"));
    turn.PromptConsult("R21: no improvement at six months");
  }
  SendPlanWith(turn, j);
  const bool weekly_due =
      state.conversation.weekly_due && (turn.today() - *state.conversation.weekly_due).count() < 7;
  if (PendingTest(programme, state.progress, turn.today())) {
    AskGateTest(turn);
  } else if (weekly_due && StartDueQuestionnaire(turn)) {
    // The weekly review asked for the weekly check after this check-in.
  } else if (j.low_adherence &&
             (!state.conversation.barrier_asked_on ||
              (turn.today() - *state.conversation.barrier_asked_on).count() >= 7)) {
    state.conversation.barrier_asked_on = turn.today();  // R22
    turn.Ask(turn.content().questions.barrier, "br");
  }
}

void SendPlan(Turn& turn) {
  const RunnerState& state = turn.state_view();
  std::optional<Judgement> judgement;
  if (const DayRecord* record = RecordOn(state.recent, turn.today())) {
    judgement = JudgeDay(turn, record->check_in, turn.today(), HistoryBefore(state, turn.today()));
  }
  SendPlanWith(turn, judgement);
}

}  // namespace achilles::dialogs
