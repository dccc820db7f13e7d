#include "storage/checkins.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <array>

#include "storage/statement.h"

namespace achilles::storage {
namespace {

using dialogs::CoachEvent;

constexpr std::array<std::pair<CoachEvent::Kind, const char*>, 10> kKinds = {{
    {CoachEvent::Kind::kRedFlag, "red_flag"},
    {CoachEvent::Kind::kFlareUp, "flare_up"},
    {CoachEvent::Kind::kConsultPrompted, "consult_prompted"},
    {CoachEvent::Kind::kConsultRequested, "consult_requested"},
    {CoachEvent::Kind::kBarrier, "barrier"},
    {CoachEvent::Kind::kSeen, "seen"},
    {CoachEvent::Kind::kQuestionAnswered, "question_answered"},
    {CoachEvent::Kind::kQuestionUnsure, "question_unsure"},
    {CoachEvent::Kind::kQuestionOutOfScope, "question_out_of_scope"},
    {CoachEvent::Kind::kAnswerFeedback, "answer_feedback"},
}};

template <typename T>
void BindOptional(SQLite::Statement& statement, int index, const std::optional<T>& value) {
  if (value) {
    statement.bind(index, *value);
  } else {
    statement.bind(index);
  }
}

std::optional<int> OptionalInt(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getInt();
}

const char* KindName(CoachEvent::Kind kind) {
  for (const auto& [k, name] : kKinds) {
    if (k == kind) return name;
  }
  return "";
}

StoredEvent ReadEvent(SQLite::Statement& row) {
  StoredEvent stored;
  stored.runner_id = row.getColumn(0).getInt64();
  const std::string kind = row.getColumn(1).getString();
  for (const auto& [k, name] : kKinds) {
    if (kind == name) stored.event.kind = k;
  }
  stored.event.detail = row.getColumn(2).getString();
  stored.at = FromUnixMillis(row.getColumn(3).getInt64());
  return stored;
}

}  // namespace

void UpsertCheckIn(Session& session, std::int64_t runner_id, const dialogs::DayRecord& record,
                   TimePoint now) {
  const dialogs::CheckIn& c = record.check_in;
  Statement upsert = session.Prepare(R"sql(
    INSERT INTO checkins (runner_id, day, morning_stiffness, stiffness_minutes, run_pain,
                          rehab_pain, run_km, run_minutes, no_run, did_session, painkillers, note,
                          recorded_at, phase, step, hsr_week)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
    ON CONFLICT (runner_id, day) DO UPDATE SET
      morning_stiffness = ?3, stiffness_minutes = ?4, run_pain = ?5, rehab_pain = ?6, run_km = ?7,
      run_minutes = ?8, no_run = ?9, did_session = ?10, painkillers = ?11, note = ?12,
      recorded_at = ?13, phase = ?14, step = ?15, hsr_week = ?16)sql");
  upsert.bind(1, runner_id);
  upsert.bind(2, static_cast<std::int64_t>(record.day.time_since_epoch().count()));
  BindOptional(upsert, 3, c.morning_stiffness);
  BindOptional(upsert, 4, c.stiffness_minutes);
  BindOptional(upsert, 5, c.run_pain);
  BindOptional(upsert, 6, c.rehab_pain);
  BindOptional(upsert, 7, c.run_km);
  BindOptional(upsert, 8, c.run_minutes);
  upsert.bind(9, c.no_run ? 1 : 0);
  BindOptional(upsert, 10,
               c.did_session ? std::optional<int>(*c.did_session ? 1 : 0) : std::nullopt);
  BindOptional(upsert, 11,
               c.painkillers ? std::optional<int>(*c.painkillers ? 1 : 0) : std::nullopt);
  upsert.bind(12, c.note);
  upsert.bind(13, ToUnixMillis(now));
  if (record.at) {
    upsert.bind(14, std::string(dialogs::PhaseId(record.at->phase)));
    upsert.bind(15, record.at->step);
  } else {
    upsert.bind(14);
    upsert.bind(15);
  }
  upsert.bind(16, record.hsr_week);
  upsert.exec();
}

std::vector<dialogs::DayRecord> CheckInsSince(Session& session, std::int64_t runner_id, Day since) {
  Statement query = session.Prepare(R"sql(
    SELECT day, morning_stiffness, stiffness_minutes, run_pain, rehab_pain, run_km, run_minutes,
           no_run, did_session, painkillers, note, phase, step, hsr_week
    FROM checkins WHERE runner_id = ? AND day >= ? ORDER BY day)sql");
  query.bind(1, runner_id);
  query.bind(2, static_cast<std::int64_t>(since.time_since_epoch().count()));
  std::vector<dialogs::DayRecord> records;
  while (query.executeStep()) {
    dialogs::DayRecord r;
    r.day = Day{std::chrono::days{query.getColumn(0).getInt64()}};
    r.check_in.morning_stiffness = OptionalInt(query.getColumn(1));
    r.check_in.stiffness_minutes = OptionalInt(query.getColumn(2));
    r.check_in.run_pain = OptionalInt(query.getColumn(3));
    r.check_in.rehab_pain = OptionalInt(query.getColumn(4));
    if (!query.getColumn(5).isNull()) r.check_in.run_km = query.getColumn(5).getDouble();
    r.check_in.run_minutes = OptionalInt(query.getColumn(6));
    r.check_in.no_run = query.getColumn(7).getInt() != 0;
    if (auto v = OptionalInt(query.getColumn(8))) r.check_in.did_session = *v != 0;
    if (auto v = OptionalInt(query.getColumn(9))) r.check_in.painkillers = *v != 0;
    r.check_in.note = query.getColumn(10).getString();
    const auto phase = query.getColumn(11).isNull()
                           ? std::nullopt
                           : dialogs::PhaseFromId(query.getColumn(11).getString());
    if (phase && !query.getColumn(12).isNull()) {
      r.at = dialogs::ProgrammePosition{*phase, query.getColumn(12).getInt()};
    }
    r.hsr_week = query.getColumn(13).getInt();
    records.push_back(std::move(r));
  }
  return records;
}

void RecordEvent(Session& session, std::int64_t runner_id, const dialogs::CoachEvent& event,
                 TimePoint now) {
  Statement insert =
      session.Prepare("INSERT INTO events (runner_id, kind, detail, at) VALUES (?, ?, ?, ?)");
  insert.bind(1, runner_id);
  insert.bind(2, KindName(event.kind));
  insert.bind(3, event.detail);
  insert.bind(4, ToUnixMillis(now));
  insert.exec();
}

std::vector<StoredEvent> EventsFor(Session& session, std::int64_t runner_id) {
  Statement query = session.Prepare(
      "SELECT runner_id, kind, detail, at FROM events WHERE runner_id = ? ORDER BY id");
  query.bind(1, runner_id);
  std::vector<StoredEvent> events;
  while (query.executeStep()) events.push_back(ReadEvent(query));
  return events;
}

std::vector<TimePoint> EventTimes(Session& session, std::int64_t runner_id,
                                  dialogs::CoachEvent::Kind kind, TimePoint since) {
  Statement query = session.Prepare(
      "SELECT at FROM events WHERE runner_id = ? AND kind = ? AND at >= ? "
      "ORDER BY at");
  query.bind(1, runner_id);
  query.bind(2, KindName(kind));
  query.bind(3, ToUnixMillis(since));
  std::vector<TimePoint> times;
  while (query.executeStep()) times.push_back(FromUnixMillis(query.getColumn(0).getInt64()));
  return times;
}

std::vector<StoredEvent> EventsSince(Session& session,
                                     const std::vector<dialogs::CoachEvent::Kind>& kinds,
                                     TimePoint since) {
  std::vector<StoredEvent> events;
  if (kinds.empty()) return events;
  std::string sql = "SELECT runner_id, kind, detail, at FROM events WHERE at >= ? AND kind IN (?";
  for (std::size_t i = 1; i < kinds.size(); ++i) sql += ", ?";
  sql += ") ORDER BY id";
  Statement query = session.Prepare(sql);
  query.bind(1, ToUnixMillis(since));
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    query.bind(static_cast<int>(i + 2), KindName(kinds[i]));
  }
  while (query.executeStep()) events.push_back(ReadEvent(query));
  return events;
}

void SaveQuestionnaireResult(Session& session, std::int64_t runner_id,
                             const dialogs::QuestionnaireResult& result) {
  const auto day = static_cast<std::int64_t>(result.day.time_since_epoch().count());
  Statement clear = session.Prepare(
      "DELETE FROM questionnaire_answers "
      "WHERE runner_id = ? AND questionnaire = ? AND day = ?");
  clear.bind(1, runner_id);
  clear.bind(2, result.questionnaire);
  clear.bind(3, day);
  clear.exec();
  Statement insert = session.Prepare(
      "INSERT INTO questionnaire_answers "
      "(runner_id, questionnaire, day, item, value) VALUES (?, ?, ?, ?, ?)");
  for (const auto& [item, value] : result.answers) {
    insert.bind(1, runner_id);
    insert.bind(2, result.questionnaire);
    insert.bind(3, day);
    insert.bind(4, item);
    insert.bind(5, value);
    insert.exec();
    insert.reset();
  }
}

std::vector<dialogs::QuestionnaireResult> QuestionnaireResults(Session& session,
                                                               std::int64_t runner_id) {
  Statement query = session.Prepare(
      "SELECT questionnaire, day, item, value FROM questionnaire_answers "
      "WHERE runner_id = ? ORDER BY day, questionnaire");
  query.bind(1, runner_id);
  std::vector<dialogs::QuestionnaireResult> results;
  while (query.executeStep()) {
    const std::string questionnaire = query.getColumn(0).getString();
    const Day day{std::chrono::days{query.getColumn(1).getInt64()}};
    if (results.empty() || results.back().questionnaire != questionnaire ||
        results.back().day != day) {
      results.push_back(dialogs::QuestionnaireResult{questionnaire, day, {}});
    }
    results.back().answers[query.getColumn(2).getString()] = query.getColumn(3).getInt();
  }
  return results;
}

}  // namespace achilles::storage
