#include "storage/runners.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <nlohmann/json.hpp>
#include <type_traits>
#include <utility>

#include "dialogs/local_time.h"
#include "storage/checkins.h"
#include "storage/json_text.h"
#include "storage/schedule.h"
#include "storage/statement.h"

namespace achilles::storage {
namespace {

using nlohmann::json;

std::optional<TimePoint> OptionalTime(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return FromUnixMillis(column.getInt64());
}

std::optional<Day> OptionalDay(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return Day{std::chrono::days{column.getInt64()}};
}

void BindOptionalTime(SQLite::Statement& statement, int index, std::optional<TimePoint> time) {
  if (time) {
    statement.bind(index, ToUnixMillis(*time));
  } else {
    statement.bind(index);
  }
}

void BindOptionalDay(SQLite::Statement& statement, int index, std::optional<Day> day) {
  if (day) {
    statement.bind(index, static_cast<std::int64_t>(day->time_since_epoch().count()));
  } else {
    statement.bind(index);
  }
}

// JSON for the parts of the coaching state no query needs. Unknown or missing fields read as
// the defaults, so older rows keep working as fields are added. A field of the wrong type throws
// json::type_error (as nlohmann's own get does for a string read as a bool): a number that is
// not a whole one in the field's range (1e300 as a side, -1 as a weekday) too, because
// converting it would be undefined. The caller's transaction fails and the update is
// quarantined; nothing is read as something else.
template <typename T>
T As(const json& value) {
  if constexpr (std::is_same_v<T, Day>) {
    // Days since 1970, within ten thousand years of it (date arithmetic on anything further
    // could overflow).
    constexpr std::int64_t kLimit = 3'652'425;
    const auto days = As<std::int64_t>(value);
    if (days < -kLimit || days > kLimit) {
      throw json::type_error::create(302, "stored day is out of range", &value);
    }
    return Day{std::chrono::days{days}};
  } else {
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      const bool fits =
          value.is_number_unsigned()
              ? std::in_range<T>(value.get<std::uint64_t>())
              : value.is_number_integer() && std::in_range<T>(value.get<std::int64_t>());
      if (!fits) {
        throw json::type_error::create(302, "stored number is not a whole one in range", &value);
      }
    }
    return value.get<T>();
  }
}
template <typename T>
T Field(const json& j, const char* key, T fallback) {
  const auto it = j.find(key);
  return it == j.end() || it->is_null() ? fallback : As<T>(*it);
}
std::string Text(const json& j, const char* key) { return Field<std::string>(j, key, ""); }
template <typename T>
void Put(json& j, const char* key, const std::optional<T>& value) {
  if (value) j[key] = *value;
}
template <typename T>
void Get(const json& j, const char* key, std::optional<T>& value) {
  if (auto it = j.find(key); it != j.end() && !it->is_null()) value = As<T>(*it);
}
void PutDay(json& j, const char* key, const std::optional<Day>& day) {
  if (day) j[key] = day->time_since_epoch().count();
}

json ProfileJson(const dialogs::Profile& p) {
  json j = {{"side", static_cast<int>(p.side)},
            {"site", static_cast<int>(p.site)},
            {"duration", p.duration},
            {"goal", p.goal},
            {"skipped_safety", p.skipped_safety},
            {"unanswered_safety", p.unanswered_safety},
            {"review_weekday", p.review_weekday}};
  Put(j, "weekly_km", p.weekly_km);
  Put(j, "longest_run_km", p.longest_run_km);
  Put(j, "ten_heel_raises", p.ten_heel_raises);
  Put(j, "heel_raise_pain", p.heel_raise_pain);
  return j;
}

void ReadProfile(const json& j, dialogs::Profile& p) {
  p.side = static_cast<dialogs::Side>(std::clamp(Field(j, "side", 0), 0, 3));
  p.site = static_cast<dialogs::PainSite>(std::clamp(Field(j, "site", 0), 0, 2));
  p.duration = Text(j, "duration");
  p.goal = Text(j, "goal");
  p.skipped_safety = Field(j, "skipped_safety", false);
  p.unanswered_safety = Field(j, "unanswered_safety", std::vector<std::string>{});
  p.review_weekday = std::min(Field(j, "review_weekday", 0u), 6u);
  Get(j, "weekly_km", p.weekly_km);
  Get(j, "longest_run_km", p.longest_run_km);
  Get(j, "ten_heel_raises", p.ten_heel_raises);
  Get(j, "heel_raise_pain", p.heel_raise_pain);
}

json CheckInJson(const dialogs::CheckIn& c) {
  json j = {{"no_run", c.no_run}, {"note", c.note}};
  Put(j, "morning_stiffness", c.morning_stiffness);
  Put(j, "stiffness_minutes", c.stiffness_minutes);
  Put(j, "run_pain", c.run_pain);
  Put(j, "rehab_pain", c.rehab_pain);
  Put(j, "run_km", c.run_km);
  Put(j, "run_minutes", c.run_minutes);
  Put(j, "did_session", c.did_session);
  Put(j, "painkillers", c.painkillers);
  return j;
}

dialogs::CheckIn ReadCheckIn(const json& j) {
  dialogs::CheckIn c;
  c.no_run = Field(j, "no_run", false);
  c.note = Text(j, "note");
  Get(j, "morning_stiffness", c.morning_stiffness);
  Get(j, "stiffness_minutes", c.stiffness_minutes);
  Get(j, "run_pain", c.run_pain);
  Get(j, "rehab_pain", c.rehab_pain);
  Get(j, "run_km", c.run_km);
  Get(j, "run_minutes", c.run_minutes);
  Get(j, "did_session", c.did_session);
  Get(j, "painkillers", c.painkillers);
  return c;
}

json ProgressJson(const dialogs::Progress& p) {
  json j = {{"step_since", p.step_since.time_since_epoch().count()},
            {"clean_runs", p.clean_runs_at_stage}};
  PutDay(j, "last_heavy_day", p.last_heavy_day);
  PutDay(j, "judged_on", p.judged_on);
  PutDay(j, "load_raised_on", p.load_raised_on);
  j["hsr_week"] = p.hsr_week;
  j["hsr_week_since"] = p.hsr_week_since.time_since_epoch().count();
  json flares = json::array();
  for (Day d : p.flare_days) flares.push_back(d.time_since_epoch().count());
  j["flare_days"] = flares;
  json tests = json::object();
  Put(tests, "hop_pain", p.tests.hop_pain);
  Put(tests, "heel_raises_sore", p.tests.heel_raises_sore);
  Put(tests, "heel_raises_other", p.tests.heel_raises_other);
  Put(tests, "walking_pain_free", p.tests.walking_pain_free);
  PutDay(tests, "tested_on", p.tests.tested_on);
  j["tests"] = tests;
  if (p.episode) {
    json episode = {{"since", p.episode->since.time_since_epoch().count()},
                    {"consulted", p.episode->consulted}};
    Put(episode, "baseline", p.episode->baseline);
    j["episode"] = episode;
  }
  return j;
}

void ReadProgress(const json& j, dialogs::Progress& p) {
  p.step_since = Field(j, "step_since", Day{});
  p.clean_runs_at_stage = Field(j, "clean_runs", 0);
  Get(j, "last_heavy_day", p.last_heavy_day);
  Get(j, "judged_on", p.judged_on);
  Get(j, "load_raised_on", p.load_raised_on);
  p.hsr_week = Field(j, "hsr_week", 0);
  p.hsr_week_since = Field(j, "hsr_week_since", Day{});
  for (const auto& d : Field(j, "flare_days", json::array())) p.flare_days.push_back(As<Day>(d));
  const json tests = Field(j, "tests", json::object());
  Get(tests, "hop_pain", p.tests.hop_pain);
  Get(tests, "heel_raises_sore", p.tests.heel_raises_sore);
  Get(tests, "heel_raises_other", p.tests.heel_raises_other);
  Get(tests, "walking_pain_free", p.tests.walking_pain_free);
  Get(tests, "tested_on", p.tests.tested_on);
  if (const auto it = j.find("episode"); it != j.end() && it->is_object()) {
    dialogs::Episode episode;
    episode.since = Field(*it, "since", Day{});
    episode.consulted = Field(*it, "consulted", false);
    Get(*it, "baseline", episode.baseline);
    p.episode = episode;
  }
}

json ConversationJson(const dialogs::Conversation& c) {
  json j = {{"asking", c.asking}, {"draft", CheckInJson(c.draft)}};
  PutDay(j, "draft_day", c.draft_day);
  PutDay(j, "barrier_asked_on", c.barrier_asked_on);
  PutDay(j, "screening_asked_on", c.screening_asked_on);
  PutDay(j, "specialist_prompted_on", c.specialist_prompted_on);
  PutDay(j, "weekly_due", c.weekly_due);
  if (!c.answers.empty()) j["answers"] = c.answers;
  if (!c.last_topic.empty()) j["last_topic"] = c.last_topic;
  PutDay(j, "last_topic_on", c.last_topic_on);
  return j;
}

void ReadConversation(const json& j, dialogs::Conversation& c) {
  c.asking = Text(j, "asking");
  c.draft = ReadCheckIn(Field(j, "draft", json::object()));
  Get(j, "draft_day", c.draft_day);
  Get(j, "barrier_asked_on", c.barrier_asked_on);
  Get(j, "screening_asked_on", c.screening_asked_on);
  Get(j, "specialist_prompted_on", c.specialist_prompted_on);
  Get(j, "weekly_due", c.weekly_due);
  if (const auto it = j.find("answers"); it != j.end() && !it->is_null()) {
    if (!it->is_object())
      throw json::type_error::create(302, "stored answers are not an object", &*it);
    for (const auto& [id, answer] : it->items()) c.answers[id] = As<int>(answer);
  }
  c.last_topic = Text(j, "last_topic");
  Get(j, "last_topic_on", c.last_topic_on);
}

json Parse(const std::string& text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  return j.is_object() ? j : json::object();
}

// How far back the coach looks: R10 compares three weeks, R18 thirty days, /progress fourteen.
constexpr std::chrono::days kHistory{42};

// Every column a Runner holds, in the order ReadRunner reads them.
constexpr std::string_view kSelectRunner = R"sql(
    SELECT id, display_name, private_chat_id, unreachable_since, consented_at, referral_code,
           onboarded_at, time_zone, checkin_time, paused_until, stopped_on, phase, phase_step,
           profile, progress, conversation, platform, platform_user_id, stop_rule,
           stop_told_to_rest
    FROM runners)sql";

std::optional<Runner> ReadRunner(SQLite::Statement& query) {
  if (!query.executeStep()) return std::nullopt;
  Runner runner;
  runner.id = query.getColumn(0).getInt64();
  runner.platform = query.getColumn(16).getString();
  runner.platform_user_id = query.getColumn(17).getString();
  runner.display_name = query.getColumn(1).getString();
  if (!query.getColumn(2).isNull()) runner.private_chat_id = query.getColumn(2).getString();
  runner.unreachable_since = OptionalTime(query.getColumn(3));
  dialogs::RunnerState& state = runner.state;
  state.consented_at = OptionalTime(query.getColumn(4));
  state.referral_code = query.getColumn(5).getString();
  state.onboarded_at = OptionalTime(query.getColumn(6));
  try {
    ReadProfile(Parse(query.getColumn(13).getString()), state.profile);
    ReadProgress(Parse(query.getColumn(14).getString()), state.progress);
    ReadConversation(Parse(query.getColumn(15).getString()), state.conversation);
  } catch (const json::exception& e) {
    // A value of the wrong type in stored JSON: surfaced as a database error by Transact.
    throw SQLite::Exception(std::string("runner ") + std::to_string(runner.id) +
                            " has unreadable coaching state: " + e.what());
  }
  state.profile.time_zone = query.getColumn(7).getString();
  state.profile.checkin_time = query.getColumn(8).getString();
  state.paused_until = OptionalDay(query.getColumn(9));
  if (const auto since = OptionalDay(query.getColumn(10))) {
    state.stop =
        dialogs::Stop{*since, query.getColumn(18).getString(), query.getColumn(19).getInt() != 0};
  }
  state.progress.at.phase =
      dialogs::PhaseFromId(query.getColumn(11).getString()).value_or(dialogs::Phase::kSettle);
  state.progress.at.step = std::max(1, query.getColumn(12).getInt());
  return runner;
}

}  // namespace

std::optional<Runner> FindRunner(Session& session, std::string_view platform,
                                 std::string_view platform_user_id) {
  Statement query =
      session.Prepare(std::string(kSelectRunner) + " WHERE platform = ? AND platform_user_id = ?");
  query.bind(1, std::string(platform));
  query.bind(2, std::string(platform_user_id));
  return ReadRunner(query);
}

std::optional<Runner> LoadRunner(Session& session, std::int64_t runner_id) {
  Statement query = session.Prepare(std::string(kSelectRunner) + " WHERE id = ?");
  query.bind(1, runner_id);
  return ReadRunner(query);
}

Runner LoadOrCreateRunner(Session& session, std::string_view platform,
                          std::string_view platform_user_id, std::string_view display_name,
                          TimePoint now) {
  Statement upsert = session.Prepare(
      "INSERT INTO runners (platform, platform_user_id, display_name, "
      "created_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (platform, platform_user_id) DO UPDATE SET "
      "display_name = excluded.display_name "
      "WHERE excluded.display_name <> '' "
      "AND excluded.display_name <> runners.display_name");
  upsert.bind(1, std::string(platform));
  upsert.bind(2, std::string(platform_user_id));
  upsert.bind(3, std::string(display_name));
  upsert.bind(4, ToUnixMillis(now));
  upsert.exec();
  return *FindRunner(session, platform, platform_user_id);
}

namespace {

// One UPDATE of the runner's state, and of their next due time when `next_due` is set.
void UpdateState(Session& session, std::int64_t runner_id, const dialogs::RunnerState& state,
                 const std::optional<std::optional<TimePoint>>& next_due) {
  constexpr std::string_view kColumns = R"sql(
    UPDATE runners SET consented_at = ?1, referral_code = ?2, onboarded_at = ?3, time_zone = ?4,
      checkin_time = ?5, paused_until = ?6, stopped_on = ?7, phase = ?8, phase_step = ?9,
      profile = ?10, progress = ?11, conversation = ?12, stop_rule = ?13, stop_told_to_rest = ?14)sql";
  Statement update = session.Prepare(std::string(kColumns) +
                                     (next_due ? ", next_due_at = ?16" : "") + " WHERE id = ?15");
  BindOptionalTime(update, 1, state.consented_at);
  update.bind(2, state.referral_code);
  BindOptionalTime(update, 3, state.onboarded_at);
  update.bind(4, state.profile.time_zone);
  update.bind(5, state.profile.checkin_time);
  BindOptionalDay(update, 6, state.paused_until);
  BindOptionalDay(update, 7, state.stop ? std::optional(state.stop->since) : std::nullopt);
  update.bind(8, std::string(dialogs::PhaseId(state.progress.at.phase)));
  update.bind(9, state.progress.at.step);
  update.bind(10, JsonText(ProfileJson(state.profile)));
  update.bind(11, JsonText(ProgressJson(state.progress)));
  update.bind(12, JsonText(ConversationJson(state.conversation)));
  update.bind(13, state.stop ? state.stop->rule : std::string());
  update.bind(14, state.stop && state.stop->told_to_rest ? 1 : 0);
  update.bind(15, runner_id);
  if (next_due) BindOptionalTime(update, 16, *next_due);
  update.exec();
}

}  // namespace

void SaveRunnerState(Session& session, std::int64_t runner_id, const dialogs::RunnerState& state) {
  UpdateState(session, runner_id, state, std::nullopt);
}

void SaveRunnerState(Session& session, std::int64_t runner_id, const dialogs::RunnerState& stored,
                     const dialogs::RunnerState& state, std::optional<TimePoint> next_due) {
  if (state != stored) {
    UpdateState(session, runner_id, state, next_due);
  } else {
    SetNextDue(session, runner_id, next_due);
  }
}

void SetPrivateChat(Session& session, std::int64_t runner_id, std::string_view chat_id) {
  Statement update = session.Prepare("UPDATE runners SET private_chat_id = ? WHERE id = ?");
  update.bind(1, std::string(chat_id));
  update.bind(2, runner_id);
  update.exec();
}

void MarkUnreachable(Session& session, std::int64_t runner_id, TimePoint now) {
  Statement update = session.Prepare(
      "UPDATE runners SET unreachable_since = ? "
      "WHERE id = ? AND unreachable_since IS NULL");
  update.bind(1, ToUnixMillis(now));
  update.bind(2, runner_id);
  update.exec();
}

void MarkReachable(Session& session, std::int64_t runner_id) {
  Statement update = session.Prepare("UPDATE runners SET unreachable_since = NULL WHERE id = ?");
  update.bind(1, runner_id);
  update.exec();
}

void LoadCoachingContext(Session& session, Runner& runner, TimePoint now) {
  dialogs::RunnerState& state = runner.state;
  state.utc_offset =
      dialogs::UtcOffset(state.profile.time_zone, now).value_or(std::chrono::minutes(0));
  state.recent = CheckInsSince(session, runner.id, dialogs::LocalDay(state, now) - kHistory);
  state.results = QuestionnaireResults(session, runner.id);
  state.red_flag_days.clear();
  for (const TimePoint at : EventTimes(session, runner.id, dialogs::CoachEvent::Kind::kRedFlag,
                                       now - kHistory - std::chrono::days(1))) {
    const Day day = dialogs::LocalDay(state, at);
    if (state.red_flag_days.empty() || state.red_flag_days.back() != day) {
      state.red_flag_days.push_back(day);
    }
  }
}

int ReachableCoaches(Session& session, std::int64_t runner_id, bool platform_opens_private_chats) {
  Statement coaches = session.Prepare(R"sql(
    SELECT COUNT(DISTINCT c.runner_id)
    FROM squad_members m
    JOIN squad_coaches c ON c.squad_id = m.squad_id
    JOIN runners r ON r.id = c.runner_id
    WHERE m.runner_id = ? AND m.consented_at IS NOT NULL AND r.unreachable_since IS NULL
      AND c.runner_id <> m.runner_id
      AND (r.private_chat_id IS NOT NULL OR ?))sql");
  coaches.bind(1, runner_id);
  coaches.bind(2, platform_opens_private_chats ? 1 : 0);
  return coaches.executeStep() ? coaches.getColumn(0).getInt() : 0;
}

void StoreDecision(Session& session, const Runner& runner, const dialogs::Decision& decision,
                   TimePoint now, std::optional<TimePoint> next_due) {
  SaveRunnerState(session, runner.id, runner.state, decision.state, next_due);
  StoreDecisionRecords(session, runner.id, decision, now);
}

void StoreDecisionRecords(Session& session, std::int64_t runner_id,
                          const dialogs::Decision& decision, TimePoint now) {
  if (decision.check_in) UpsertCheckIn(session, runner_id, *decision.check_in, now);
  if (decision.questionnaire_result) {
    SaveQuestionnaireResult(session, runner_id, *decision.questionnaire_result);
  }
  for (const auto& event : decision.events) RecordEvent(session, runner_id, event, now);
}

}  // namespace achilles::storage
