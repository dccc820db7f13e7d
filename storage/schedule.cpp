#include "storage/schedule.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "dialogs/local_time.h"
#include "storage/statement.h"

namespace achilles::storage {

std::vector<std::int64_t> DueRunners(Session& session, std::string_view platform, TimePoint now,
                                     std::size_t limit) {
  // The WHERE repeats the partial index's condition so SQLite may use it.
  Statement query = session.Prepare(
      "SELECT id FROM runners INDEXED BY runners_next_due "
      "WHERE next_due_at IS NOT NULL AND unreachable_since IS NULL "
      "AND platform = ? AND next_due_at <= ? ORDER BY next_due_at LIMIT ?");
  query.bind(1, std::string(platform));
  query.bind(2, ToUnixMillis(now));
  query.bind(3, static_cast<std::int64_t>(limit));
  std::vector<std::int64_t> ids;
  while (query.executeStep()) ids.push_back(query.getColumn(0).getInt64());
  return ids;
}

void SetNextDue(Session& session, std::int64_t runner_id, std::optional<TimePoint> at) {
  Statement update = session.Prepare("UPDATE runners SET next_due_at = ? WHERE id = ?");
  if (at) {
    update.bind(1, ToUnixMillis(*at));
  } else {
    update.bind(1);
  }
  update.bind(2, runner_id);
  update.exec();
}

dialogs::SentOn PromptsSentOn(Session& session, std::int64_t runner_id, Day day) {
  Statement query =
      session.Prepare("SELECT kind, sent_at FROM prompts WHERE runner_id = ? AND day = ?");
  query.bind(1, runner_id);
  query.bind(2, static_cast<std::int64_t>(day.time_since_epoch().count()));
  dialogs::SentOn sent;
  sent.day = day;
  while (query.executeStep()) {
    if (const auto kind = dialogs::PromptKindFromId(query.getColumn(0).getString())) {
      sent.Record(*kind, FromUnixMillis(query.getColumn(1).getInt64()));
    }
  }
  return sent;
}

std::optional<TimePoint> NextDue(Session& session, std::int64_t runner_id,
                                 const dialogs::RunnerState& state,
                                 const dialogs::ScheduleSettings& settings, TimePoint now) {
  const auto sent =
      PromptsSentOn(session, runner_id, dialogs::LocalDayIn(state.profile.time_zone, now));
  return dialogs::NextDueAt(state, sent, settings, now);
}

void UpdateNextDue(Session& session, std::int64_t runner_id, const dialogs::RunnerState& state,
                   const dialogs::ScheduleSettings& settings, TimePoint now) {
  SetNextDue(session, runner_id, NextDue(session, runner_id, state, settings, now));
}

bool RecordPrompt(Session& session, std::int64_t runner_id, Day day, dialogs::PromptKind kind,
                  TimePoint now) {
  Statement insert = session.Prepare(
      "INSERT INTO prompts (runner_id, day, kind, sent_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT DO NOTHING");
  insert.bind(1, runner_id);
  insert.bind(2, static_cast<std::int64_t>(day.time_since_epoch().count()));
  insert.bind(3, std::string(dialogs::PromptKindId(kind)));
  insert.bind(4, ToUnixMillis(now));
  return insert.exec() == 1;
}

}  // namespace achilles::storage
