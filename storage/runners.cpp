#include "storage/runners.h"

#include <SQLiteCpp/SQLiteCpp.h>

namespace achilles::storage {
namespace {

std::optional<TimePoint> OptionalTime(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return FromUnixMillis(column.getInt64());
}

void BindOptionalTime(SQLite::Statement& statement, int index, std::optional<TimePoint> time) {
  if (time) {
    statement.bind(index, ToUnixMillis(*time));
  } else {
    statement.bind(index);
  }
}

}  // namespace

std::optional<Runner> FindRunner(Session& session, std::string_view platform,
                                 std::string_view platform_user_id) {
  SQLite::Statement query(session.db(),
                          "SELECT id, display_name, private_chat_id, unreachable_since, "
                          "consented_at, referral_code FROM runners "
                          "WHERE platform = ? AND platform_user_id = ?");
  query.bind(1, std::string(platform));
  query.bind(2, std::string(platform_user_id));
  if (!query.executeStep()) return std::nullopt;
  Runner runner;
  runner.id = query.getColumn(0).getInt64();
  runner.platform = platform;
  runner.platform_user_id = platform_user_id;
  runner.display_name = query.getColumn(1).getString();
  if (!query.getColumn(2).isNull()) runner.private_chat_id = query.getColumn(2).getString();
  runner.unreachable_since = OptionalTime(query.getColumn(3));
  runner.state.consented_at = OptionalTime(query.getColumn(4));
  runner.state.referral_code = query.getColumn(5).getString();
  return runner;
}

Runner LoadOrCreateRunner(Session& session, std::string_view platform,
                          std::string_view platform_user_id, std::string_view display_name,
                          TimePoint now) {
  SQLite::Statement upsert(session.db(),
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

void SaveRunnerState(Session& session, std::int64_t runner_id, const dialogs::RunnerState& state) {
  SQLite::Statement update(session.db(),
                           "UPDATE runners SET consented_at = ?, referral_code = ? WHERE id = ?");
  BindOptionalTime(update, 1, state.consented_at);
  update.bind(2, state.referral_code);
  update.bind(3, runner_id);
  update.exec();
}

void SetPrivateChat(Session& session, std::int64_t runner_id, std::string_view chat_id) {
  SQLite::Statement update(session.db(), "UPDATE runners SET private_chat_id = ? WHERE id = ?");
  update.bind(1, std::string(chat_id));
  update.bind(2, runner_id);
  update.exec();
}

void MarkUnreachable(Session& session, std::int64_t runner_id, TimePoint now) {
  SQLite::Statement update(session.db(),
                           "UPDATE runners SET unreachable_since = ? "
                           "WHERE id = ? AND unreachable_since IS NULL");
  update.bind(1, ToUnixMillis(now));
  update.bind(2, runner_id);
  update.exec();
}

void MarkReachable(Session& session, std::int64_t runner_id) {
  SQLite::Statement update(session.db(),
                           "UPDATE runners SET unreachable_since = NULL WHERE id = ?");
  update.bind(1, runner_id);
  update.exec();
}

}  // namespace achilles::storage
