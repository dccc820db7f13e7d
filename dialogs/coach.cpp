#include "dialogs/coach.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "dialogs/local_time.h"
#include "dialogs/summary.h"
#include "dialogs/text.h"
#include "dialogs/turn.h"

namespace achilles::dialogs {
namespace {

using std::chrono::days;

// A deep-link code is what Telegram allows in a start parameter: 1-64 of [A-Za-z0-9_-].
bool IsReferralCode(std::string_view code) {
  if (code.empty() || code.size() > 64) return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
  });
}

bool Onboarded(const RunnerState& state) { return state.onboarded_at.has_value(); }

// Commands that carry personal health details: answered in private chats only.
bool IsPersonal(std::string_view command) {
  for (const char* personal :
       {"checkin", "plan", "flare", "progress", "settings", "pause", "resume"}) {
    if (command == personal) return true;
  }
  return false;
}

void Book(Turn& turn) {
  turn.Event(CoachEvent::Kind::kConsultRequested, "the runner asked to book a consult");
  if (turn.settings().booking_url.empty()) {
    // Only say the coach was told when an alert reaches one.
    turn.Say(turn.Text("booking_contact_coach") + "\n\n" +
             turn.Text(turn.state_view().coaches > 0 ? "booking_noted" : "booking_no_coach"));
    return;
  }
  turn.Say(turn.Text("booking_link"),
           {{Button{turn.Text("book_button"), "", turn.settings().booking_url}}});
}

void Progress14(Turn& turn) {
  const RunnerState& state = turn.state();
  if (state.recent.empty()) {
    turn.Say(turn.Text("progress_empty"));
    return;
  }
  std::vector<std::optional<int>> stiffness;
  std::vector<std::optional<int>> pain;
  for (int back = 13; back >= 0; --back) {
    const DayRecord* record = RecordOn(state.recent, turn.today() - days(back));
    stiffness.push_back(record ? record->check_in.morning_stiffness : std::nullopt);
    pain.push_back(record ? WorstPain(record->check_in) : std::nullopt);
  }
  const Summary fortnight = Summarise(state.recent, turn.today() - days(13), turn.today());
  const Summary this_week = Summarise(state.recent, turn.today() - days(6), turn.today());
  const Session session =
      Prescribe(turn.content().programme, state.progress.at, CoachedSite(state), DayKind::kHeavy);
  std::string text = turn.Text("progress_title") + "\nMorning stiffness " + Sparkline(stiffness) +
                     "\nSession pain      " + Sparkline(pain) +
                     "\n(oldest on the left; · no check-in)";
  text += "\n\nSessions done: " +
          (fortnight.sessions_reported == 0
               ? std::string("none reported")
               : std::to_string(fortnight.sessions_done * 100 / fortnight.sessions_reported) +
                     "% of " + std::to_string(fortnight.sessions_reported) + " reported");
  text += "\nPhase: " + session.title + "\nRunning: " + OneDecimal(this_week.km) +
          " km this week, " + OneDecimal(fortnight.km - this_week.km) + " km the week before";
  // The chart shows six weeks; the words under it carry the same numbers.
  RunnerChart chart = ProgressChart(state, turn.content().questionnaires, turn.today());
  text += "\n\n" + ChartInWords(chart);
  turn.Show(std::move(text), Chart{.runner = std::move(chart)});
}

const char* const kWeekdays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                 "Thursday", "Friday", "Saturday"};

void Settings(Turn& turn) {
  const Profile& p = turn.state().profile;
  const char* sides[] = {"not given", "left", "right", "both"};
  const char* sites[] = {"not sure (coached as insertional: flat-floor exercises only)",
                         "mid-portion (2-6 cm above the heel)", "insertional (at the heel bone)"};
  std::string text = turn.Text("settings_title") + "\nSide: " + sides[static_cast<int>(p.side)] +
                     "\nWhere: " + sites[static_cast<int>(p.site)] + "\nTime zone: " + p.time_zone +
                     "\nCheck-in time: " + p.checkin_time +
                     "\nWeekly review: " + kWeekdays[p.review_weekday % 7] + "\n" +
                     NextPromptLine(turn) + "\n\n" + turn.Text("settings_change");
  turn.Say(text, {{Button{"Side", Payload("set", "side", ""), ""},
                   Button{"Where it hurts", Payload("set", "site", ""), ""}},
                  {Button{"Time zone", Payload("set", "tz", ""), ""},
                   Button{"Check-in time", Payload("set", "time", ""), ""}},
                  {Button{"Weekly review day", Payload("set", "review", ""), ""}}});
}

// "/settings time 06:15", "/settings timezone America/New_York", "/settings side left": one
// setting changed from its words, or how to write it.
void ChangeSetting(Turn& turn, const std::string& arguments) {
  const std::string words = Trimmed(arguments);
  const auto space = words.find(' ');
  const std::string key = Lower(words.substr(0, space));
  std::string value = space == std::string::npos ? "" : Trimmed(words.substr(space + 1));
  static const std::array<std::pair<const char*, const char*>, 12> kKeys = {{
      {"time", "time"},
      {"checkin", "time"},
      {"check-in", "time"},
      {"timezone", "tz"},
      {"tz", "tz"},
      {"zone", "tz"},
      {"side", "side"},
      {"site", "site"},
      {"where", "site"},
      {"review", "review"},
      {"weekly", "review"},
      {"day", "review"},
  }};
  const char* id = nullptr;
  for (const auto& [name, question] : kKeys) {
    if (key == name) id = question;
  }
  const Question* question =
      id ? Questions::Find(turn.content().questions.onboarding, id) : nullptr;
  if (question == nullptr) return turn.Say(turn.Text("settings_usage"));
  if (std::string_view(id) == "review") {
    // A weekday by name ("monday", "Mon") as well as by its button.
    const std::string day = Lower(value).substr(0, 3);
    for (std::size_t i = 0; i < std::size(kWeekdays); ++i) {
      if (day == Lower(kWeekdays[i]).substr(0, 3)) value = std::to_string(i);
    }
  }
  const auto answer = value.empty() ? std::nullopt : TypedAnswer(*question, value);
  if (!answer) {
    // No usable value: ask it, with its buttons, so the runner can just press one.
    turn.Say(turn.Text("settings_usage"));
    return turn.Ask(*question, "settings");
  }
  AnswerSetting(turn, id, *answer);
}

void Pause(Turn& turn, const std::string& arguments) {
  const auto pause_days = arguments.empty() ? std::optional(7) : WholeNumber(arguments, 1, 90);
  if (!pause_days) {
    turn.Say("Pause for how many days? Send /pause with a number from 1 to 90, like /pause 7.");
    return;
  }
  turn.state().paused_until = turn.today() + days(*pause_days - 1);
  turn.Say(ReplaceAll(turn.Text("paused"), "{date}", IsoDate(*turn.state().paused_until)) + " " +
           NextPromptLine(turn));
}

void Resume(Turn& turn) {
  const bool paused = turn.state().paused_until && *turn.state().paused_until >= turn.today();
  turn.state().paused_until.reset();
  turn.Say(paused ? turn.Text("resumed") + " " + NextPromptLine(turn) : turn.Text("not_paused"));
}

// The runner consents: the onboarding starts (or they are told they consented already).
void Consent(Turn& turn) {
  RunnerState& state = turn.state();
  if (state.consented_at) {
    return turn.Say(ReplaceAll(turn.Text("consent_again"), "{date}",
                               IsoDate(std::chrono::floor<days>(*state.consented_at))));
  }
  state.consented_at = turn.now();
  turn.Say(turn.Text("consent_thanks") + " " + turn.Text("onboarding_intro"));
  StartOnboarding(turn);
}

// Whether `text` is the consent button's label typed out ("I understand", any case, a full stop
// or an exclamation mark after it): where buttons do not show, typing it is pressing it.
bool TypesConsent(const Turn& turn, std::string_view text) {
  std::string typed = Lower(Trimmed(text));
  while (!typed.empty() && (typed.back() == '.' || typed.back() == '!')) typed.pop_back();
  return !typed.empty() && typed == Lower(turn.Text("consent_button"));
}

void AskConsent(Turn& turn, bool with_welcome) {
  std::string text = with_welcome ? turn.Text("welcome") : turn.Text("consent_needed");
  text += "\n\n" + turn.Text("disclaimer");
  turn.Say(text, {{Button{turn.Text("consent_button"), kConsentPayload, ""}}});
}

// A check-in typed as one line (/checkin ... or a sentence in a private chat).
void TypedCheckIn(Turn& turn, std::string text) {
  Day day = turn.today();
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower.rfind("yesterday", 0) == 0) {
    day -= days(1);
    text = text.substr(9);
  }
  const CheckInReading reading = ReadCheckIn(text);
  std::string problems;
  for (const auto& problem : reading.problems) problems += problem.message + ". ";
  if (!reading.Readable()) {
    // Nothing to store: say what was off and how to write it.
    return turn.Say(problems + turn.Text("checkin_unreadable"));
  }
  // What was read is stored whatever else is off; only the unreadable part is asked again.
  SaveCheckIn(turn, reading.check_in, day);
  if (reading.problems.empty()) return;
  const Question* fix =
      Questions::Find(turn.content().questions.checkin, reading.problems.front().question);
  if (fix != nullptr && turn.state_view().conversation.asking.empty() && !turn.state_view().stop) {
    turn.state().conversation.draft_day = day;
    return turn.Ask(*fix, "fix", problems + turn.Text("checkin_fix"));
  }
  turn.Say(problems + turn.Text("checkin_fix_later"));
}

void OnCommand(Turn& turn) {
  const Inbound& in = turn.inbound();
  const std::string& command = in.command;
  RunnerState& state = turn.state();
  if (command == "start") {
    if (IsReferralCode(in.text)) state.referral_code = in.text;
    if (in.chat == ChatKind::kGroup) return turn.Say(turn.Text("group_start"));
    if (!state.consented_at) return AskConsent(turn, /*with_welcome=*/true);
    turn.Say(turn.Text("welcome_back") + "\n\n" + turn.Text("help"));
    if (HoldWhileStopped(turn)) return;
    if (!Onboarded(state)) AskCurrentOnboardingQuestion(turn);
    return;
  }
  if (command == "help") return turn.Say(turn.Text("help"));
  if (command == "ask") {
    if (Trimmed(in.text).empty()) return turn.Say(turn.Text("ask_empty"));
    // While a STOP holds, no answer that could carry an exercise dose (R28).
    if (in.chat == ChatKind::kPrivate && HoldWhileStopped(turn)) return;
    return AnswerQuestionText(turn, in.text);
  }
  if (command == "book") return Book(turn);
  if (command == "export" || command == "forget") {
    // The runner's data is theirs, consented or not; but only in a private chat.
    if (in.chat == ChatKind::kGroup) return turn.Say(turn.Text("group_private_only"));
    if (command == "export") {
      turn.RequestData(DataRequest::kExport);
      return turn.Say(turn.Text("export_intro"));
    }
    return turn.Say(turn.Text("forget_confirm"),
                    {{Button{turn.Text("forget_button"), kForgetPayload, ""},
                      Button{turn.Text("forget_keep_button"), kKeepPayload, ""}}});
  }
  const bool known = IsPersonal(command);
  if (!known) {
    return turn.Say(ReplaceAll(turn.Text("unknown_command"), "{command}", command) + "\n\n" +
                    turn.Text("help"));
  }
  if (in.chat == ChatKind::kGroup) return turn.Say(turn.Text("group_private_only"));
  if (!state.consented_at) return AskConsent(turn, /*with_welcome=*/false);
  if (command == "settings") {
    if (Trimmed(in.text).empty()) return Settings(turn);
    return ChangeSetting(turn, in.text);
  }
  if (command == "pause") return Pause(turn, in.text);
  if (command == "resume") return Resume(turn);
  if (!Onboarded(state)) {
    turn.Say(turn.Text("onboarding_resume"));
    return AskCurrentOnboardingQuestion(turn);
  }
  if (command == "progress") return Progress14(turn);
  // A typed check-in is stored even while a STOP holds (SaveCheckIn then only reminds).
  if (command == "checkin" && !Trimmed(in.text).empty()) return TypedCheckIn(turn, in.text);
  if (HoldWhileStopped(turn)) return;  // R28
  if (command == "flare") {
    RecordFlareUp(turn, "the runner reported a flare-up");
    return SendPlan(turn);
  }
  if (AskSkippedScreening(turn)) return;
  if (command == "plan") return SendPlan(turn);
  StartCheckIn(turn, turn.today());
}

void OnButton(Turn& turn) {
  const Inbound& in = turn.inbound();
  RunnerState& state = turn.state();
  if (in.button == kConsentPayload) return Consent(turn);
  if (in.button == kBookPayload) return Book(turn);
  if (in.button == kForgetPayload && in.chat == ChatKind::kPrivate) {
    // Everything goes: the state starts again from nothing, storage deletes the rest.
    state = RunnerState{};
    turn.RequestData(DataRequest::kErase);
    return turn.Say(turn.Text("forget_done"));
  }
  if (in.button == kKeepPayload) return turn.Say(turn.Text("forget_kept"));
  const auto answer = ParsePayload(in.button);
  if (answer && answer->flow == "seen" && in.chat == ChatKind::kPrivate) {
    return AnswerSeen(turn, answer->id);  // R28
  }
  // After a STOP red flag nothing but booking, settings and the "were you seen?" choice goes on
  // until the runner was seen (R28).
  if (in.chat == ChatKind::kPrivate && answer && answer->flow != "set" &&
      answer->flow != "settings" && HoldWhileStopped(turn)) {
    return;
  }
  if (in.button.rfind(kHelpedPayloadPrefix, 0) == 0) {
    return AnswerFeedback(turn, std::string_view(in.button).substr(sizeof kHelpedPayloadPrefix - 1),
                          true);
  }
  if (in.button.rfind(kMissedPayloadPrefix, 0) == 0) {
    return AnswerFeedback(turn, std::string_view(in.button).substr(sizeof kMissedPayloadPrefix - 1),
                          false);
  }
  if (in.button.rfind(kTopicPayloadPrefix, 0) == 0) {
    return AnswerTopic(turn, std::string_view(in.button).substr(sizeof kTopicPayloadPrefix - 1));
  }
  if (in.button == kPlanPayload && state.consented_at && state.onboarded_at &&
      in.chat == ChatKind::kPrivate) {
    if (AskSkippedScreening(turn)) return;
    return SendPlan(turn);
  }
  if (!answer || !state.consented_at || in.chat == ChatKind::kGroup) {
    return turn.Say(turn.Text("stale_button") + "\n\n" + turn.Text("help"));
  }
  const std::string asked = answer->flow + "." + answer->id;
  if (answer->flow == "set") {
    const Question* question = Questions::Find(turn.content().questions.onboarding, answer->id);
    if (question == nullptr) return turn.Say(turn.Text("stale_button"));
    return turn.Ask(*question, "settings");
  }
  if (answer->flow == "settings" && state.conversation.asking == asked) {
    return AnswerSetting(turn, answer->id, answer->value);
  }
  if (answer->flow == "ob" && state.conversation.asking == asked) {
    return AnswerOnboarding(turn, answer->id, answer->value);
  }
  if (answer->flow == "br" && state.conversation.asking == asked) {
    state.conversation.asking.clear();
    turn.Event(CoachEvent::Kind::kBarrier, answer->value);
    return turn.Say(turn.Text("barrier_thanks"));
  }
  if (answer->flow == "wk" && state.conversation.asking == asked) {
    return AnswerQuestionnaire(turn, answer->id, answer->value);
  }
  if (answer->flow == "gt" && state.conversation.asking == asked) {
    return AnswerGate(turn, answer->id, answer->value);
  }
  if (answer->flow == "fix" && state.conversation.asking == asked) {
    return AnswerCheckInFix(turn, answer->id, answer->value);
  }
  if (answer->flow == "sf" && state.conversation.asking == asked) {
    return AnswerSkippedScreening(turn, answer->id, answer->value);
  }
  if (answer->flow == "ci" && Onboarded(state)) {
    // A check-in prompt's first button starts today's check-in (the scheduler sends it); an
    // unfinished one from another day starts again as today's.
    if (state.conversation.asking.rfind("ci.", 0) != 0 ||
        state.conversation.draft_day != turn.today()) {
      StartCheckIn(turn, turn.today());
    }
    if (state.conversation.asking == asked) return AnswerCheckIn(turn, answer->id, answer->value);
  }
  turn.Say(turn.Text("stale_button"));
  if (!Onboarded(state)) AskCurrentOnboardingQuestion(turn);
}

// Free text in a private chat: an answer to the pending question, a typed check-in, or else
// a helpful reply. Red flags are answered first, whatever else the text is.
void OnText(Turn& turn) {
  const Inbound& in = turn.inbound();
  RunnerState& state = turn.state();
  if (in.chat == ChatKind::kGroup) return;
  if (!state.consented_at) {
    if (TypesConsent(turn, in.text)) return Consent(turn);
    return AskConsent(turn, /*with_welcome=*/false);
  }
  // A check-in typed as a line or a sentence (not a question): what it reads is stored whatever
  // else is going on.
  const CheckInReading reading = ReadCheckIn(in.text);
  const bool typed_check_in = Onboarded(state) && !LooksLikeQuestion(in.text) &&
                              (reading.Readable() || !reading.problems.empty());
  if (state.stop) {
    // R28: a check-in is still stored (SaveCheckIn only reminds); anything else is reminded.
    if (typed_check_in && reading.Readable()) return TypedCheckIn(turn, in.text);
    HoldWhileStopped(turn);
    return;
  }

  const std::string asking = state.conversation.asking;
  const auto dot = asking.find('.');
  if (dot != std::string::npos) {
    const std::string flow = asking.substr(0, dot);
    const std::string id = asking.substr(dot + 1);
    const Questions& questions = turn.content().questions;
    const Question* question = nullptr;
    if (flow == "ob" || flow == "settings") question = Questions::Find(questions.onboarding, id);
    if (flow == "ci" || flow == "fix") question = Questions::Find(questions.checkin, id);
    if (flow == "gt") question = Questions::Find(questions.gates, id);
    if (flow == "sf") question = Questions::Find(questions.onboarding, id);
    if (flow == "br") question = &questions.barrier;
    if (flow == "wk") question = QuestionnaireQuestion(turn.content(), id);
    if (question != nullptr) {
      const auto value = TypedAnswer(*question, in.text);
      if (flow == "ci" && typed_check_in && reading.Readable() &&
          (!value || reading.check_in.Answers() >= 2 ||
           state.conversation.draft_day != turn.today())) {
        // More than the one answer asked for (or a draft from another day): the whole
        // check-in, merged with today's answers so far, is stored.
        return SaveTypedInCheckIn(turn, reading.check_in);
      }
      if (flow == "ci" && state.conversation.draft_day != turn.today()) {
        // Yesterday's unfinished check-in is not today's: start today's.
        return StartCheckIn(turn, turn.today());
      }
      if (!value && typed_check_in && reading.Readable()) {
        // Not an answer to that question but a whole check-in: stored, and the waiting question
        // asked again.
        TypedCheckIn(turn, in.text);
        if (turn.state_view().conversation.asking.empty()) turn.Ask(*question, flow);
        return;
      }
      if (flow == "wk") {
        // A number out of range (or no number) gets the item's range and the question again.
        return AnswerQuestionnaire(turn, id, value.value_or(in.text));
      }
      if (value) {
        if (flow == "ob") return AnswerOnboarding(turn, id, *value);
        if (flow == "settings") return AnswerSetting(turn, id, *value);
        if (flow == "ci") return AnswerCheckIn(turn, id, *value);
        if (flow == "fix") return AnswerCheckInFix(turn, id, *value);
        if (flow == "gt") return AnswerGate(turn, id, *value);
        if (flow == "sf") return AnswerSkippedScreening(turn, id, *value);
        state.conversation.asking.clear();
        turn.Event(CoachEvent::Kind::kBarrier, *value);
        return turn.Say(turn.Text("barrier_thanks"));
      }
      if (LooksLikeQuestion(in.text)) {
        // A question of their own while one of ours waits: theirs is answered, then ours is
        // asked again.
        AnswerQuestionText(turn, in.text);
        return turn.Ask(*question, flow);
      }
      turn.Say(turn.Text("typed_answer_invalid"));
      return turn.Ask(*question, flow);
    }
  }
  if (!Onboarded(state)) {
    turn.Say(turn.Text("onboarding_resume"));
    return AskCurrentOnboardingQuestion(turn);
  }
  // A check-in first (SaveCheckIn adds the shoe advice for a note that needs it).
  if (typed_check_in) return TypedCheckIn(turn, in.text);
  const RedFlagReading said = turn.scanner().Read(in.text);
  if (said.shoe_switch) return turn.Say(turn.Text("shoe_switch"));  // R24
  if (!LooksLikeQuestion(in.text) && said.flare_up) {
    // The runner says it is flaring: as /flare (R9, R23).
    RecordFlareUp(turn, "the runner said: " + in.text);
    return SendPlan(turn);
  }
  // Anything else is a question (red flags were answered above).
  AnswerQuestionText(turn, in.text);
}

}  // namespace

Turn::Turn(const Coach& coach, const Content& content, const RunnerState& state,
           const Inbound& inbound, TimePoint now)
    : coach_(coach),
      content_(content),
      inbound_(inbound),
      now_(now),
      today_(LocalDay(state, now)),
      decision_{{}, state, std::nullopt, std::nullopt, {}} {}

std::string Turn::Text(std::string_view key) const {
  const std::string name = inbound_.sender_name.empty() ? "there" : inbound_.sender_name;
  std::string text = ReplaceAll(content_.texts.Get(key), "{name}", name);
  // "Hi there!" reads better than "Hi !", and "Thanks, there." reads worse than "Thanks.".
  if (inbound_.sender_name.empty()) text = ReplaceAll(text, ", there.", ".");
  return text;
}

void Turn::Say(std::string text, std::vector<std::vector<Button>> keyboard) {
  decision_.replies.push_back(Reply{.text = std::move(text), .keyboard = std::move(keyboard)});
}

void Turn::Show(std::string text, Chart chart) {
  decision_.replies.push_back(Reply{.text = std::move(text), .chart = std::move(chart)});
}

void Turn::Event(CoachEvent::Kind kind, std::string detail) {
  decision_.events.push_back(CoachEvent{kind, std::move(detail)});
}

void Turn::Ask(const Question& question, std::string_view flow, std::string_view lead) {
  decision_.state.conversation.asking = std::string(flow) + "." + question.id;
  Reply reply = AskQuestion(question, flow, content_.texts.Get("skip_button"));
  if (!lead.empty()) reply.text = std::string(lead) + "\n\n" + reply.text;
  decision_.replies.push_back(std::move(reply));
}

void Turn::PromptConsult(std::string why) {
  Event(CoachEvent::Kind::kConsultPrompted, why);
  Say(Text("consult_prompt"), {{Button{Text("book_button"), kBookPayload, ""}}});
}

std::string NextPromptLine(const Turn& turn) {
  const RunnerState& state = turn.state_view();
  const auto next = NextCheckInPrompt(state, turn.now());
  if (!next) return "";
  return ReplaceAll(ReplaceAll(turn.Text("next_prompt"), "{when}",
                               LocalDateTimeText(state.profile.time_zone, *next)),
                    "{zone}", state.profile.time_zone);
}

PainSite CoachedSite(const RunnerState& state) {
  return state.profile.site == PainSite::kMidportion ? PainSite::kMidportion
                                                     : PainSite::kInsertional;
}

void RecordFlareUp(Turn& turn, const std::string& why) {
  RunnerState& state = turn.state();
  const Thresholds& t = turn.content().programme.thresholds;
  Progress& progress = state.progress;
  const bool repeat = std::any_of(
      progress.flare_days.begin(), progress.flare_days.end(),
      [&](Day d) { return d < turn.today() && (turn.today() - d).count() < t.repeat_flare_days; });
  if (!IsFlareDay(progress, turn.today())) {
    // R9: step back once for the day's flare-up, the same way a check-in would.
    Judgement flare;
    flare.verdict = Verdict::kStepBack;
    flare.flare = true;
    flare.baseline = MorningBaseline(t, state.recent, turn.today(), progress);
    progress =
        Advance(turn.content().programme, progress, flare, CheckIn{}, turn.today(), state.recent);
  }
  turn.Event(CoachEvent::Kind::kFlareUp, why);
  turn.Say(turn.Text("flare_recorded") + "\n\n" + turn.Text("flare_advice"));  // R23
  if (repeat)
    turn.PromptConsult("a second flare-up within " + std::to_string(t.repeat_flare_days) + " days");
}

Coach::Coach(const Content& content, CoachSettings settings)
    : content_(content),
      settings_(std::move(settings)),
      scanner_(content.red_flags, content.shoe_switch, content.flare_up),
      knowledge_(content.knowledge) {}

namespace {

// Whether `inbound` carries the runner's own words, to be scanned for red flags before anything
// else: free text in a private chat, and what was typed after /checkin, /ask or /flare.
bool CarriesWords(const Inbound& inbound) {
  if (Trimmed(inbound.text).empty()) return false;
  if (inbound.kind == InboundKind::kText) return inbound.chat == ChatKind::kPrivate;
  return inbound.kind == InboundKind::kCommand &&
         (inbound.command == "checkin" || inbound.command == "ask" || inbound.command == "flare");
}

// After a STOP: the check-in the runner's words carried (a typed check-in, or the note that
// ended a check-in by buttons), stored without a word more.
void KeepWordsAsCheckIn(Turn& turn) {
  const Inbound& in = turn.inbound();
  const RunnerState& state = turn.state_view();
  if (!state.onboarded_at || in.chat != ChatKind::kPrivate) return;
  if (in.kind == InboundKind::kText && state.conversation.asking == "ci.note") {
    CheckIn draft = state.conversation.draft;
    draft.note = Trimmed(in.text);
    return void(KeepCheckIn(turn, draft, state.conversation.draft_day.value_or(turn.today())));
  }
  const bool typed = in.kind == InboundKind::kText || in.command == "checkin";
  const CheckInReading reading = ReadCheckIn(in.text);
  if (typed && reading.Readable()) KeepCheckIn(turn, reading.check_in, turn.today());
}

}  // namespace

Decision Coach::Decide(const RunnerState& state, const Inbound& inbound, TimePoint now) const {
  Turn turn(*this, content_, state, inbound, now);
  // Red flags first, on every path that carries words (R1-R6, R26, R27): a STOP ends the turn.
  if (CarriesWords(inbound) && RespondToRedFlags(turn, inbound.text)) {
    KeepWordsAsCheckIn(turn);  // a readable check-in is stored all the same
    return std::move(turn).Finish();
  }
  switch (inbound.kind) {
    case InboundKind::kCommand:
      OnCommand(turn);
      break;
    case InboundKind::kButton:
      OnButton(turn);
      break;
    case InboundKind::kText:
      OnText(turn);
      break;
    case InboundKind::kUnsupported:
      if (inbound.chat == ChatKind::kPrivate) turn.Say(turn.Text("text_only"));
      break;
  }
  return std::move(turn).Finish();
}

}  // namespace achilles::dialogs
