#include "dialogs/content.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <type_traits>

#include "dialogs/text.h"

namespace achilles::dialogs {
namespace {

// An int field of a content file: `fallback` when absent. A number that is not a whole one
// within int's range (2.5, 1e46) throws, as a wrong type does, so the loader names the file;
// converting it would be undefined.
int IntField(const nlohmann::json& j, const char* key, int fallback) {
  const auto it = j.find(key);
  if (it == j.end()) return fallback;
  // Every int is exact as a double, and a 64-bit integer too large to be one is out of range
  // either way.
  if (it->is_number()) {
    const double value = it->get<double>();
    if (value == std::floor(value) && value >= std::numeric_limits<int>::min() &&
        value <= std::numeric_limits<int>::max()) {
      return static_cast<int>(value);
    }
  }
  throw nlohmann::json::type_error::create(
      302, "\"" + std::string(key) + "\" must be a whole number that fits an int", &*it);
}

// Every key the coaching code reads. Checked at load so a typo in a content file fails at
// start-up, not in front of a runner.
constexpr std::array kRequiredTexts = {
    "welcome",
    "disclaimer",
    "consent_button",
    "consent_thanks",
    "consent_again",
    "consent_needed",
    "welcome_back",
    "help",
    "unknown_command",
    "text_not_understood",
    "text_only",
    "group_start",
    "group_private_only",
    "stale_button",
    "something_went_wrong",
    "skip_button",
    "onboarding_intro",
    "onboarding_resume",
    "onboarding_done",
    "typed_answer_invalid",
    "placement_settle",
    "placement_floor",
    "placement_heavy_slow",
    "unsure_safety",
    "stop_R1",
    "stop_R2",
    "stop_R3",
    "stop_R26",
    "stop_R26_emergency",
    "stop_coach_told",
    "stop_coach_none",
    "stop_seen_question",
    "stop_hold",
    "stop_prompt",
    "stop_hold_rest",
    "seen_not_rupture_button",
    "seen_cleared_button",
    "seen_rest_button",
    "seen_waiting_button",
    "seen_still_resting_button",
    "seen_cleared",
    "seen_rest",
    "seen_waiting",
    "seen_not_stopped",
    "screening_again",
    "screening_thanks",
    "screening_skipped_again",
    "consult_R4",
    "consult_R5",
    "consult_R6",
    "consult_R27",
    "booking_no_coach",
    "squad_alert_seen",
    "flare_advice",
    "flare_recorded",
    "consult_prompt",
    "book_button",
    "booking_link",
    "booking_contact_coach",
    "booking_noted",
    "plan_title",
    "running_allowed",
    "running_walk_run",
    "running_not_today",
    "running_rest_day",
    "running_strength_phase",
    "running_allowed_minutes",
    "running_heavy_day",
    "running_walk_run_later",
    "checkin_prompt",
    "checkin_reminder",
    "next_prompt",
    "ask_empty",
    "ask_unsure",
    "answer_helped_button",
    "answer_missed_button",
    "answer_helped_thanks",
    "answer_missed_reply",
    "answer_missed_kept",
    "ask_out_of_scope",
    "plan_button",
    "review_title",
    "review_no_checkins",
    "review_check_next",
    "questionnaire_saved",
    "questionnaire_skipped",
    "questionnaire_range",
    "consult_R20",
    "checkin_saved",
    "checkin_amended",
    "checkin_late",
    "checkin_unreadable",
    "checkin_fix",
    "checkin_fix_later",
    "painkillers_note",
    "barrier_thanks",
    "shoe_switch",
    "gate_thanks",
    "progress_title",
    "progress_empty",
    "settings_title",
    "settings_change",
    "settings_usage",
    "paused",
    "resumed",
    "not_paused",
};

// One content file: its name (for messages) and its text.
struct File {
  std::string name;
  std::string_view text;
};

Result<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Error::Unavailable("cannot read content file " + path.string()));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

Result<Question> ReadQuestion(const nlohmann::json& q, const std::string& where) {
  Question question;
  question.id = q.value("id", "");
  question.text = q.value("text", "");
  if (question.id.empty() || question.text.empty()) {
    return Fail(Error::InvalidInput(where + ": every question needs an id and a text"));
  }
  for (const auto& row : q.value("buttons", nlohmann::json::array())) {
    std::vector<std::pair<std::string, std::string>> buttons;
    for (const auto& button : row) {
      if (!button.is_array() || button.size() != 2) {
        return Fail(
            Error::InvalidInput(where + ": " + question.id + ": a button is [label, value]"));
      }
      buttons.emplace_back(button[0].get<std::string>(), button[1].get<std::string>());
    }
    question.buttons.push_back(std::move(buttons));
  }
  question.scale = q.value("scale", false);
  static const std::map<std::string, Typed> kTyped = {
      {"", Typed::kNone},     {"number", Typed::kNumber},      {"km", Typed::kKm},
      {"text", Typed::kText}, {"time_zone", Typed::kTimeZone}, {"time", Typed::kTime}};
  auto typed = kTyped.find(q.value("typed", ""));
  if (typed == kTyped.end()) {
    return Fail(Error::InvalidInput(where + ": " + question.id + ": unknown typed kind"));
  }
  question.typed = typed->second;
  if (auto skip = q.find("skip"); skip != q.end()) question.skip = skip->get<std::string>();
  return question;
}

Result<nlohmann::json> ParseJsonObject(const File& file) {
  auto json = nlohmann::json::parse(file.text, nullptr, /*allow_exceptions=*/false,
                                    /*ignore_comments=*/true);
  if (json.is_discarded() || !json.is_object()) {
    return Fail(Error::InvalidInput(file.name + " is not a JSON object"));
  }
  return json;
}

struct Phrases {
  std::vector<RedFlagPhrases> red_flags;
  std::vector<std::string> shoe_switch;
  std::vector<std::string> flare_up;
};

Result<Phrases> LoadRedFlags(const File& file) {
  auto json = ParseJsonObject(file);
  if (!json) return Fail(json.error());
  std::vector<RedFlagPhrases> flags;
  // Each "~" (up to three words) multiplies the ways a phrase can match; a phrase of a hundred
  // of them (found by the content fuzzer) never finished. The shipped phrases use one at most.
  constexpr std::size_t kMostGapsInAPhrase = 3;
  auto too_many_gaps = [&](const std::string& phrase, const std::string& key) -> Result<void> {
    if (static_cast<std::size_t>(std::count(phrase.begin(), phrase.end(), '~')) >
        kMostGapsInAPhrase) {
      return Fail(Error::InvalidInput(file.name + ": \"" + key + "\": \"" + Utf8Prefix(phrase, 40) +
                                      "\" has more than " + std::to_string(kMostGapsInAPhrase) +
                                      " ~ gaps"));
    }
    return {};
  };
  auto strings = [&](const nlohmann::json& list, const std::string& key,
                     std::vector<std::string>& into) -> Result<void> {
    for (const auto& phrase : list) {
      if (!phrase.is_string() || phrase.get<std::string>().empty()) {
        return Fail(
            Error::InvalidInput(file.name + ": \"" + key + "\" must list non-empty strings"));
      }
      if (auto ok = too_many_gaps(phrase.get<std::string>(), key); !ok) return ok;
      into.push_back(phrase.get<std::string>());
    }
    return {};
  };
  for (RedFlag flag : AllRedFlags()) {
    const std::string key = ContentKeyOf(flag);
    auto it = json->find(key);
    if (it == json->end() || !it->is_array() || it->empty()) {
      return Fail(Error::InvalidInput(file.name + " lacks a list of phrases for \"" + key + "\""));
    }
    RedFlagPhrases entry{flag, {}, {}};
    if (auto ok = strings(*it, key, entry.phrases); !ok) return Fail(ok.error());
    const auto except = json->value(key + "_except", nlohmann::json::array());
    if (!except.is_array()) {
      return Fail(Error::InvalidInput(file.name + ": \"" + key + "_except\" must be a list"));
    }
    if (auto ok = strings(except, key + "_except", entry.except); !ok) return Fail(ok.error());
    flags.push_back(std::move(entry));
  }
  auto list = [&](const char* key) -> Result<std::vector<std::string>> {
    std::vector<std::string> phrases;
    for (const auto& phrase : json->value(key, nlohmann::json::array())) {
      if (!phrase.is_string()) {
        return Fail(Error::InvalidInput(file.name + ": \"" + key + "\" must list strings"));
      }
      if (auto ok = too_many_gaps(phrase.get<std::string>(), key); !ok) return Fail(ok.error());
      phrases.push_back(phrase.get<std::string>());
    }
    return phrases;
  };
  auto shoe_switch = list("shoe_switch");
  if (!shoe_switch) return Fail(shoe_switch.error());
  auto flare_up = list("flare_up");
  if (!flare_up) return Fail(flare_up.error());
  return Phrases{std::move(flags), std::move(*shoe_switch), std::move(*flare_up)};
}

// Reading programme.json. Each helper names the path of what it could not use.
class ProgrammeReader {
 public:
  explicit ProgrammeReader(std::string file) : file_(std::move(file)) {}

  Result<Programme> Read(const nlohmann::json& root) {
    Programme programme;
    if (!ReadThresholds(root.value("thresholds", nlohmann::json::object()), programme.thresholds)) {
      return Fail(Error::InvalidInput(problem_));
    }
    const auto phases = root.value("phases", nlohmann::json::array());
    programme.phases.resize(kPhaseCount);
    std::vector<bool> seen(kPhaseCount, false);
    for (const auto& phase_json : phases) {
      const auto phase = PhaseFromId(phase_json.value("id", ""));
      if (!phase) return Bad("phases: unknown id \"" + phase_json.value("id", "") + "\"");
      const auto index = static_cast<std::size_t>(*phase);
      seen[index] = true;
      PhasePlan& plan = programme.phases[index];
      plan.phase = *phase;
      plan.name = phase_json.value("name", "");
      plan.goal = phase_json.value("goal", "");
      if (plan.name.empty()) return Bad("phase " + std::string(PhaseId(*phase)) + " has no name");
      for (const auto& e : phase_json.value("exercises", nlohmann::json::array())) {
        auto exercise = ReadExercise(e, PhaseId(*phase));
        if (!exercise) return Fail(exercise.error());
        plan.exercises.push_back(std::move(*exercise));
      }
      if (*phase == Phase::kHeavySlow) {
        for (const auto& w : phase_json.value("weeks", nlohmann::json::array())) {
          programme.hsr_weeks.push_back(HsrWeek{IntField(w, "from", 0), IntField(w, "to", 0),
                                                IntField(w, "sets", 0), IntField(w, "reps", 0)});
        }
        auto light =
            ReadExercise(phase_json.value("light_day", nlohmann::json::object()), "light_day");
        if (!light) return Fail(light.error());
        programme.light_day = std::move(*light);
      }
      if (*phase == Phase::kPlyometric) {
        for (const auto& level : phase_json.value("levels", nlohmann::json::array())) {
          PlyometricLevel parsed{IntField(level, "contacts", 0), {}};
          for (const auto& e : level.value("exercises", nlohmann::json::array())) {
            auto exercise = ReadExercise(e, "plyometric level");
            if (!exercise) return Fail(exercise.error());
            parsed.exercises.push_back(std::move(*exercise));
          }
          programme.plyometric_levels.push_back(std::move(parsed));
        }
      }
      if (*phase == Phase::kWalkRun) {
        for (const auto& s : phase_json.value("stages", nlohmann::json::array())) {
          programme.walk_run_stages.push_back(WalkRunStage{
              IntField(s, "walk_min", 0), IntField(s, "run_min", 0), s.value("total_km", 0.0)});
        }
      }
    }
    for (int i = 0; i < kPhaseCount; ++i) {
      if (!seen[static_cast<std::size_t>(i)]) {
        return Bad("phases: \"" + std::string(PhaseId(static_cast<Phase>(i))) + "\" is missing");
      }
    }
    int next_week = 1;
    for (const auto& week : programme.hsr_weeks) {
      if (week.from != next_week || week.to < week.from || week.sets < 1 || week.reps < 1) {
        return Bad("heavy_slow weeks must run on from week 1 with sets and reps");
      }
      next_week = week.to + 1;
    }
    if (programme.hsr_weeks.empty() || programme.plyometric_levels.empty() ||
        programme.walk_run_stages.empty()) {
      return Bad("heavy_slow weeks, plyometric levels and walk_run stages must not be empty");
    }
    return programme;
  }

 private:
  tl::unexpected<Error> Bad(const std::string& what) {
    return Fail(Error::InvalidInput(file_ + ": " + what));
  }

  bool ReadThresholds(const nlohmann::json& t, Thresholds& out) {
    auto number = [&](const char* key, auto& field) {
      auto it = t.find(key);
      if (it == t.end() || !it->is_number()) {
        problem_ = file_ + ": thresholds lack the number \"" + std::string(key) + "\"";
        return false;
      }
      if constexpr (std::is_same_v<std::remove_reference_t<decltype(field)>, int>) {
        field = IntField(t, key, 0);
      } else {
        field = it->get<std::remove_reference_t<decltype(field)>>();
      }
      return true;
    };
    return number("pain_safe", out.pain_safe) && number("pain_acceptable", out.pain_acceptable) &&
           number("run_pain_max", out.run_pain_max) &&
           number("run_spike_factor", out.run_spike_factor) &&
           number("stiffness_rise", out.stiffness_rise) &&
           number("stiffness_rise_repeated", out.stiffness_rise_repeated) &&
           number("baseline_mornings", out.baseline_mornings) &&
           number("alternate_days_full_running", out.alternate_days_full_running) &&
           number("max_running_days_in_a_row", out.max_running_days_in_a_row) &&
           number("flare_streak_days", out.flare_streak_days) &&
           number("repeat_flare_days", out.repeat_flare_days) &&
           number("adherence_low", out.adherence_low) &&
           number("hsr_week_adherence", out.hsr_week_adherence) &&
           number("settle_min_days", out.settle_min_days) &&
           number("floor_min_days", out.floor_min_days) &&
           number("hsr_weeks_before_plyometrics", out.hsr_weeks_before_plyometrics) &&
           number("plyo_level_days", out.plyo_level_days) &&
           number("hop_pain_max", out.hop_pain_max) &&
           number("heel_raise_target", out.heel_raise_target) &&
           number("heel_raise_ratio", out.heel_raise_ratio) &&
           number("walk_run_repeats", out.walk_run_repeats);
  }

  Result<Exercise> ReadExercise(const nlohmann::json& e, std::string_view where) {
    Exercise exercise;
    exercise.name = e.value("name", "");
    exercise.sets = IntField(e, "sets", 0);
    exercise.reps = e.value("reps", "");
    exercise.tempo = e.value("tempo", "");
    exercise.load = e.value("load", "");
    exercise.rest = e.value("rest", "");
    exercise.how = e.value("how", "");
    exercise.below_floor = e.value("below_floor", false);
    if (exercise.name.empty() || exercise.how.empty()) {
      return Bad(std::string(where) + ": every exercise needs a name and a how");
    }
    if (auto variant = e.find("floor_variant"); variant != e.end() && variant->is_object()) {
      exercise.floor_variant = FloorVariant{variant->value("name", ""), variant->value("how", "")};
    }
    // R11 is enforced here: an exercise below the floor must say what insertional runners do.
    if (exercise.below_floor && (!exercise.floor_variant || exercise.floor_variant->name.empty())) {
      return Bad(exercise.name + " goes below the floor but has no floor_variant (R11)");
    }
    return exercise;
  }

  std::string file_;
  std::string problem_;
};

Result<std::vector<Question>> ReadQuestions(const nlohmann::json& list, const std::string& where) {
  std::vector<Question> questions;
  for (const auto& q : list) {
    auto question = ReadQuestion(q, where);
    if (!question) return Fail(question.error());
    questions.push_back(std::move(*question));
  }
  if (questions.empty()) return Fail(Error::InvalidInput(where + " has no questions"));
  return questions;
}

Result<Questions> LoadQuestions(const File& file) {
  auto json = ParseJsonObject(file);
  if (!json) return Fail(json.error());
  Questions questions;
  const std::string& name = file.name;
  try {
    auto onboarding =
        ReadQuestions(json->value("onboarding", nlohmann::json::array()), name + " onboarding");
    auto checkin =
        ReadQuestions(json->value("checkin", nlohmann::json::array()), name + " checkin");
    auto gates = ReadQuestions(json->value("gates", nlohmann::json::array()), name + " gates");
    auto barrier =
        ReadQuestion(json->value("barrier", nlohmann::json::object()), name + " barrier");
    if (!onboarding) return Fail(onboarding.error());
    if (!checkin) return Fail(checkin.error());
    if (!gates) return Fail(gates.error());
    if (!barrier) return Fail(barrier.error());
    questions = Questions{std::move(*onboarding), std::move(*checkin), std::move(*gates),
                          std::move(*barrier)};
  } catch (const nlohmann::json::exception& e) {
    return Fail(Error::InvalidInput(name + ": " + e.what()));
  }
  // The code gives meaning to these ids: each must exist.
  for (const char* id : {"side", "site", "duration", "weekly", "longest", "goal", "raises",
                         "raisepain", "rf_rupture", "rf_quinolone", "rf_infection", "rf_nerve",
                         "rf_systemic", "rf_steroid", "tz", "time"}) {
    if (!Questions::Find(questions.onboarding, id)) {
      return Fail(Error::InvalidInput(name + ": onboarding lacks the question \"" +
                                      std::string(id) + "\""));
    }
  }
  for (const char* id : {"stiff", "ran", "runpain", "session", "rehabpain", "meds", "note"}) {
    if (!Questions::Find(questions.checkin, id)) {
      return Fail(
          Error::InvalidInput(name + ": checkin lacks the question \"" + std::string(id) + "\""));
    }
  }
  for (const char* id : {"hops", "raises_sore", "raises_other", "walking"}) {
    if (!Questions::Find(questions.gates, id)) {
      return Fail(
          Error::InvalidInput(name + ": gates lacks the question \"" + std::string(id) + "\""));
    }
  }
  return questions;
}

// Reading one questionnaire file (content/questionnaires/*.json).
Result<Questionnaire> ReadQuestionnaire(const File& file) {
  auto json = ParseJsonObject(file);
  if (!json) return Fail(json.error());
  const std::string& where = file.name;
  auto bad = [&](const std::string& problem) -> Result<Questionnaire> {
    return Fail(Error::InvalidInput(where + ": " + problem));
  };
  Questionnaire questionnaire;
  try {
    questionnaire.id = json->value("id", "");
    questionnaire.title = json->value("title", "");
    questionnaire.intro = json->value("intro", "");
    questionnaire.every_weeks = IntField(*json, "every_weeks", 1);
    const bool short_id = !questionnaire.id.empty() && questionnaire.id.size() <= 12 &&
                          std::all_of(questionnaire.id.begin(), questionnaire.id.end(), [](char c) {
                            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                          });
    if (!short_id) return bad("the id must be 1-12 of a-z, 0-9 and _");
    if (questionnaire.title.empty()) return bad("a questionnaire needs a title");
    if (questionnaire.every_weeks < 1 || questionnaire.every_weeks > 52) {
      return bad("every_weeks must be 1-52");
    }
    for (const auto& item_json : json->value("items", nlohmann::json::array())) {
      auto question = ReadQuestion(item_json, where);
      if (!question) return Fail(question.error());
      QuestionnaireItem item;
      item.question = std::move(*question);
      const std::string& id = item.question.id;
      if (questionnaire.Find(id) != nullptr) return bad("item " + id + " appears twice");
      if (id.find_first_of(".:") != std::string::npos) return bad(id + ": no . or : in ids");
      item.label = item_json.value("label", id);
      item.unit = item_json.value("unit", "");
      item.min = IntField(item_json, "min", 0);
      item.max = IntField(item_json, "max", 10);
      if (item.min < 0 || item.min > item.max || item.max > 9999) {
        return bad(id + ": min and max must be 0-9999, min first");
      }
      const std::string better = item_json.value("better", "higher");
      if (better != "higher" && better != "lower") return bad(id + ": better is higher or lower");
      item.higher_is_better = better == "higher";
      item.side = item_json.value("side", "");
      if (!item.side.empty() && item.side != "left" && item.side != "right") {
        return bad(id + ": side is left or right");
      }
      const std::string points = item_json.value("points", "");
      if (points == "value") {
        item.points = QuestionnaireItem::Points::kValue;
      } else if (points == "reversed") {
        item.points = QuestionnaireItem::Points::kReversed;
      } else if (!points.empty()) {
        return bad(id + ": points is value or reversed");
      }
      if (item.question.skip && *item.question.skip != kNotAnswered) {
        return bad(id + ": the skip value of a questionnaire item is \"-\"");
      }
      for (const auto& row : item.question.buttons) {
        for (const auto& [label, value] : row) {
          if (!WholeNumber(value, item.min, item.max) && value != kNotAnswered) {
            return bad(id + ": button " + label + " is not a number from min to max");
          }
        }
      }
      questionnaire.items.push_back(std::move(item));
    }
    if (questionnaire.items.empty()) return bad("a questionnaire needs items");
    if (auto outcome = json->find("outcome"); outcome != json->end()) {
      OutcomeRule rule;
      rule.min_gain = IntField(*outcome, "min_gain", rule.min_gain);
      rule.after_weeks = IntField(*outcome, "after_weeks", rule.after_weeks);
      rule.max_drop = IntField(*outcome, "max_drop", rule.max_drop);
      questionnaire.outcome = rule;
      const bool has_points =
          std::any_of(questionnaire.items.begin(), questionnaire.items.end(),
                      [](const auto& i) { return i.points != QuestionnaireItem::Points::kNone; });
      if (!has_points) return bad("an outcome questionnaire needs scored items (points)");
    }
  } catch (const nlohmann::json::exception& e) {
    return bad(e.what());
  }
  return questionnaire;
}

// knowledge.json: entries with an id, a title, ways of asking, an answer, the evidence, and
// follow-ups from "plan" and "book"; synonym groups.
Result<Knowledge> LoadKnowledge(const File& file) {
  auto json = ParseJsonObject(file);
  if (!json) return Fail(json.error());
  const std::string& where = file.name;
  Knowledge knowledge;
  try {
    std::set<std::string> ids;
    for (const auto& e : json->value("entries", nlohmann::json::array())) {
      KnowledgeEntry entry;
      entry.id = e.value("id", "");
      entry.title = e.value("title", "");
      entry.answer = e.value("answer", "");
      entry.evidence = e.value("evidence", "");
      entry.asks = e.value("asks", std::vector<std::string>{});
      entry.follow_ups = e.value("follow_ups", std::vector<std::string>{});
      if (entry.id.empty() || entry.id.size() > 40 || entry.title.empty() || entry.answer.empty() ||
          entry.asks.empty() || entry.evidence.empty()) {
        return Fail(Error::InvalidInput(where + ": entry \"" + entry.id +
                                        "\" needs an id (up to 40 characters), a title, asks, "
                                        "an answer and its evidence"));
      }
      if (!ids.insert(entry.id).second) {
        return Fail(Error::InvalidInput(where + ": entry \"" + entry.id + "\" appears twice"));
      }
      for (const auto& follow_up : entry.follow_ups) {
        if (follow_up != "plan" && follow_up != "book") {
          return Fail(
              Error::InvalidInput(where + ": " + entry.id + ": follow-ups are plan or book"));
        }
      }
      knowledge.entries.push_back(std::move(entry));
    }
    knowledge.synonyms = json->value("synonyms", std::vector<std::vector<std::string>>{});
    knowledge.outside = json->value("outside", std::vector<std::string>{});
    knowledge.inside = json->value("inside", std::vector<std::string>{});
    if (const auto gate = json->value("gate", nlohmann::json::object()); !gate.empty()) {
      const auto weights = gate.at("weights").get<std::vector<double>>();
      if (weights.size() != knowledge.gate.weights.size()) {
        return Fail(Error::InvalidInput(where + ": the gate needs " +
                                        std::to_string(knowledge.gate.weights.size()) +
                                        " weights"));
      }
      std::copy(weights.begin(), weights.end(), knowledge.gate.weights.begin());
      knowledge.gate.threshold = gate.at("threshold").get<double>();
    }
  } catch (const nlohmann::json::exception& e) {
    return Fail(Error::InvalidInput(where + ": " + e.what()));
  }
  if (knowledge.entries.empty()) return Fail(Error::InvalidInput(where + " has no entries"));
  return knowledge;
}

// Every *.json in `dir`, in file name order; none when the folder does not exist.
Result<std::vector<Questionnaire>> LoadQuestionnaires(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Questionnaire> questionnaires;
  for (const auto& path : files) {
    auto text = ReadFile(path);
    if (!text) return Fail(text.error());
    auto questionnaire = ReadQuestionnaire(File{path.string(), *text});
    if (!questionnaire) return Fail(questionnaire.error());
    for (const auto& other : questionnaires) {
      if (other.id == questionnaire->id) {
        return Fail(Error::InvalidInput(path.string() + ": id " + other.id + " is taken"));
      }
    }
    questionnaires.push_back(std::move(*questionnaire));
  }
  return questionnaires;
}

// The figures the engine uses, by the placeholder a text or a knowledge answer names them with
// ("{pain_safe}"): what the bot says about a dose, a threshold or a timeline is read from the
// same content the rules use, so the two cannot disagree.
std::vector<std::pair<std::string, std::string>> ProgrammeFigures(
    const Programme& programme, const std::map<std::string, std::string, std::less<>>& texts) {
  const Thresholds& t = programme.thresholds;
  auto number = [](double value) {
    std::string text = OneDecimal(value);
    if (text.ends_with(".0")) text.resize(text.size() - 2);
    return text;
  };
  std::string doses;
  for (const HsrWeek& week : programme.hsr_weeks) {
    if (!doses.empty()) doses += ", ";
    doses += (week.from == week.to
                  ? "week " + std::to_string(week.from)
                  : "weeks " + std::to_string(week.from) + "-" + std::to_string(week.to)) +
             " " + std::to_string(week.sets) + " x " + std::to_string(week.reps) + "RM";
  }
  const auto& levels = programme.plyometric_levels;
  std::vector<std::pair<std::string, std::string>> figures = {
      {"{pain_safe}", std::to_string(t.pain_safe)},
      {"{pain_acceptable}", std::to_string(t.pain_acceptable)},
      {"{run_pain_max}", std::to_string(t.run_pain_max)},
      {"{hop_pain_max}", std::to_string(t.hop_pain_max)},
      {"{heel_raise_target}", std::to_string(t.heel_raise_target)},
      {"{heel_raise_ratio_pct}", number(t.heel_raise_ratio * 100)},
      {"{spike_factor}", number(t.run_spike_factor)},
      {"{spike_pct}", number((t.run_spike_factor - 1) * 100)},
      {"{repeat_flare_days}", std::to_string(t.repeat_flare_days)},
      {"{alternate_days_full_running}", std::to_string(t.alternate_days_full_running)},
      {"{max_running_days_in_a_row}", std::to_string(t.max_running_days_in_a_row)},
      {"{walk_run_repeats}", std::to_string(t.walk_run_repeats)},
      {"{hsr_weeks_before_plyometrics}", std::to_string(t.hsr_weeks_before_plyometrics)},
      {"{hsr_week_count}", std::to_string(programme.HsrWeeks())},
      {"{hsr_doses}", doses},
      {"{plyo_first}", levels.empty() ? "" : std::to_string(levels.front().contacts)},
      {"{plyo_last}", levels.empty() ? "" : std::to_string(levels.back().contacts)},
  };
  if (auto it = texts.find("heel_lift_weaning_period"); it != texts.end()) {
    figures.emplace_back("{heel_lift_weaning}", it->second);
  }
  return figures;
}

std::string WithFigures(std::string text,
                        const std::vector<std::pair<std::string, std::string>>& figures) {
  for (const auto& [mark, value] : figures) text = ReplaceAll(std::move(text), mark, value);
  return text;
}

using TextMap = std::map<std::string, std::string, std::less<>>;

// texts.json: every value a string, every key the code uses present.
Result<TextMap> LoadTexts(const File& file) {
  auto json = ParseJsonObject(file);
  if (!json) return Fail(json.error());
  TextMap texts;
  for (const auto& [key, value] : json->items()) {
    if (!value.is_string()) {
      return Fail(Error::InvalidInput(file.name + ": \"" + key + "\" must be a string"));
    }
    texts.emplace(key, value.get<std::string>());
  }
  for (const char* key : kRequiredTexts) {
    if (!texts.contains(key)) {
      return Fail(Error::InvalidInput(file.name + " lacks the text \"" + key + "\""));
    }
  }
  return texts;
}

Result<Programme> LoadProgramme(const File& file) {
  auto json = ParseJsonObject(file);
  if (!json) return Fail(json.error());
  try {
    return ProgrammeReader(file.name).Read(*json);
  } catch (const nlohmann::json::exception& e) {
    // A value of the wrong type somewhere (a string where a number belongs).
    return Fail(Error::InvalidInput(file.name + ": " + e.what()));
  }
}

}  // namespace

Texts::Texts(std::map<std::string, std::string, std::less<>> texts) : texts_(std::move(texts)) {}

const std::string& Texts::Get(std::string_view key) const {
  static const std::string kEmpty;
  auto it = texts_.find(key);
  return it == texts_.end() ? kEmpty : it->second;
}

const Questionnaire* Content::FindQuestionnaire(std::string_view id) const {
  for (const auto& questionnaire : questionnaires) {
    if (questionnaire.id == id) return &questionnaire;
  }
  return nullptr;
}

Result<Content> LoadContent(const std::filesystem::path& dir) {
  // Each file is read as its turn comes, so the first problem found is the one reported.
  std::map<std::string, std::string> raw;
  auto read = [&](const char* name) -> Result<File> {
    auto text = ReadFile(dir / name);
    if (!text) return Fail(text.error());
    return File{(dir / name).string(), raw.insert_or_assign(name, std::move(*text)).first->second};
  };
  auto texts = read("texts.json").and_then(LoadTexts);
  if (!texts) return Fail(texts.error());
  auto phrases = read("red_flags.json").and_then(LoadRedFlags);
  if (!phrases) return Fail(phrases.error());
  auto programme = read("programme.json").and_then(LoadProgramme);
  if (!programme) return Fail(programme.error());
  auto questions = read("questions.json").and_then(LoadQuestions);
  if (!questions) return Fail(questions.error());
  auto questionnaires = LoadQuestionnaires(dir / "questionnaires");
  if (!questionnaires) return Fail(questionnaires.error());
  auto knowledge = read("knowledge.json").and_then(LoadKnowledge);
  if (!knowledge) return Fail(knowledge.error());
  const auto figures = ProgrammeFigures(*programme, *texts);
  for (auto& [key, text] : *texts) text = WithFigures(std::move(text), figures);
  for (auto& entry : knowledge->entries) {
    entry.answer = WithFigures(std::move(entry.answer), figures);
    if (entry.answer.find('{') != std::string::npos) {
      return Fail(Error::InvalidInput((dir / "knowledge.json").string() + ": " + entry.id +
                                      " names a figure the programme does not have"));
    }
  }
  return Content{Texts(std::move(*texts)),        std::move(phrases->red_flags),
                 std::move(phrases->shoe_switch), std::move(phrases->flare_up),
                 std::move(*programme),           std::move(*questions),
                 std::move(*questionnaires),      std::move(*knowledge)};
}

Result<void> CheckContentFile(ContentFile kind, std::string_view text) {
  auto checked = [](const auto& loaded) -> Result<void> {
    if (!loaded) return Fail(loaded.error());
    return {};
  };
  switch (kind) {
    case ContentFile::kTexts:
      return checked(LoadTexts(File{"texts.json", text}));
    case ContentFile::kRedFlags: {
      auto phrases = LoadRedFlags(File{"red_flags.json", text});
      if (!phrases) return Fail(phrases.error());
      // The scanner compiles the phrases it is given.
      RedFlagScanner scanner(phrases->red_flags, phrases->shoe_switch, phrases->flare_up);
      scanner.Scan("it popped and now I can't walk, no swelling");
      return {};
    }
    case ContentFile::kProgramme:
      return checked(LoadProgramme(File{"programme.json", text}));
    case ContentFile::kQuestions:
      return checked(LoadQuestions(File{"questions.json", text}));
    case ContentFile::kQuestionnaire:
      return checked(ReadQuestionnaire(File{"questionnaire.json", text}));
    case ContentFile::kKnowledge:
      return checked(LoadKnowledge(File{"knowledge.json", text}));
  }
  return Fail(Error::InvalidInput("unknown content file"));
}

std::filesystem::path BuiltInContentDir() { return ACHILLES_BUILT_IN_CONTENT_DIR; }

}  // namespace achilles::dialogs
