#include "storage/personal_data.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <nlohmann/json.hpp>

#include "dialogs/text.h"
#include "storage/checkins.h"
#include "storage/json_text.h"
#include "storage/squads.h"
#include "storage/statement.h"

namespace achilles::storage {
namespace {

using nlohmann::json;

json TimeOrNull(const SQLite::Column& column) {
  if (column.isNull()) return nullptr;
  return FromUnixMillis(column.getInt64()).time_since_epoch().count() / 1000;  // Unix seconds
}

json ValueOrNull(const SQLite::Column& column) {
  if (column.isNull()) return nullptr;
  if (column.isInteger()) return column.getInt64();
  if (column.isFloat()) return column.getDouble();
  return column.getString();
}

std::string DayText(std::int64_t day) { return dialogs::IsoDate(Day(std::chrono::days(day))); }

}  // namespace

std::string ExportRunnerData(Session& session, std::int64_t runner_id) {
  json data;
  Statement runner = session.Prepare(
      "SELECT platform, platform_user_id, display_name, consented_at, "
      "onboarded_at, created_at, profile, progress FROM runners WHERE id = ?");
  runner.bind(1, runner_id);
  if (!runner.executeStep()) return "{}";
  data["platform"] = runner.getColumn(0).getString();
  data["user_id"] = runner.getColumn(1).getString();
  data["name"] = runner.getColumn(2).getString();
  data["consented_at_unix"] = TimeOrNull(runner.getColumn(3));
  data["onboarded_at_unix"] = TimeOrNull(runner.getColumn(4));
  data["first_seen_unix"] = TimeOrNull(runner.getColumn(5));
  data["profile"] = json::parse(runner.getColumn(6).getString(), nullptr, false);
  data["programme"] = json::parse(runner.getColumn(7).getString(), nullptr, false);

  Statement checkins = session.Prepare(
      "SELECT day, morning_stiffness, stiffness_minutes, run_pain, rehab_pain, run_km, "
      "run_minutes, no_run, did_session, painkillers, note FROM checkins WHERE runner_id = ? "
      "ORDER BY day");
  checkins.bind(1, runner_id);
  data["check_ins"] = json::array();
  while (checkins.executeStep()) {
    json row = {{"day", DayText(checkins.getColumn(0).getInt64())}};
    for (int i = 1; i < checkins.getColumnCount(); ++i) {
      row[checkins.getColumnName(i)] = ValueOrNull(checkins.getColumn(i));
    }
    data["check_ins"].push_back(std::move(row));
  }

  Statement answers = session.Prepare(
      "SELECT questionnaire, day, item, value FROM questionnaire_answers "
      "WHERE runner_id = ? ORDER BY day, questionnaire, item");
  answers.bind(1, runner_id);
  data["questionnaire_answers"] = json::array();
  while (answers.executeStep()) {
    data["questionnaire_answers"].push_back({{"questionnaire", answers.getColumn(0).getString()},
                                             {"day", DayText(answers.getColumn(1).getInt64())},
                                             {"item", answers.getColumn(2).getString()},
                                             {"value", answers.getColumn(3).getInt64()}});
  }

  Statement events =
      session.Prepare("SELECT kind, detail, at FROM events WHERE runner_id = ? ORDER BY id");
  events.bind(1, runner_id);
  data["coach_events"] = json::array();
  while (events.executeStep()) {
    data["coach_events"].push_back({{"kind", events.getColumn(0).getString()},
                                    {"detail", events.getColumn(1).getString()},
                                    {"at_unix", TimeOrNull(events.getColumn(2))}});
  }

  data["squads"] = json::array();
  for (const auto& membership : MembershipsOf(session, runner_id)) {
    data["squads"].push_back({{"squad", membership.squad.title},
                              {"role", "runner"},
                              {"shares_with_coaches", membership.sharing}});
  }
  for (const auto& squad : SquadsCoachedBy(session, runner_id)) {
    data["squads"].push_back({{"squad", squad.title}, {"role", "coach"}});
  }
  return JsonText(data, 2);
}

std::string ExportCheckInsCsv(Session& session, std::int64_t runner_id) {
  Statement checkins = session.Prepare(
      "SELECT day, morning_stiffness, stiffness_minutes, run_pain, rehab_pain, run_km, "
      "run_minutes, no_run, did_session, painkillers, phase, step, note FROM checkins "
      "WHERE runner_id = ? ORDER BY day");
  checkins.bind(1, runner_id);
  std::string csv =
      "date,morning_stiffness,stiffness_minutes,run_pain,rehab_pain,run_km,run_minutes,no_run,"
      "did_session,painkillers,phase,step,note\r\n";
  while (checkins.executeStep()) {
    csv += DayText(checkins.getColumn(0).getInt64());
    for (int i = 1; i < checkins.getColumnCount(); ++i) {
      csv += ',';
      const SQLite::Column column = checkins.getColumn(i);
      if (column.isNull()) continue;
      if (column.isFloat()) {
        csv += dialogs::OneDecimal(column.getDouble());
        continue;
      }
      // RFC 4180: a field in quotes, its quotes doubled. A field a spreadsheet would read as a
      // formula (=, +, -, @ first) gets a leading apostrophe.
      std::string text = dialogs::ValidUtf8(column.getString());
      const bool formula = column.isText() && !text.empty() &&
                           (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@');
      if (!column.isText()) {
        csv += text;
        continue;
      }
      csv += formula ? "\"'" : "\"";
      for (char c : text) {
        if (c == '"') csv += '"';
        csv += c;
      }
      csv += '"';
    }
    csv += "\r\n";
  }
  return csv;
}

void EraseRunnerData(Session& session, std::int64_t runner_id) {
  for (const char* table : {"checkins", "questionnaire_answers", "events", "prompts",
                            "squad_members", "squad_coaches", "squad_alerts", "outbox"}) {
    Statement erase = session.Prepare(std::string("DELETE FROM ") + table + " WHERE runner_id = ?");
    erase.bind(1, runner_id);
    erase.exec();
  }
  Statement reset = session.Prepare(
      "UPDATE runners SET display_name = '', referral_code = '', "
      "consented_at = NULL, onboarded_at = NULL, next_due_at = NULL WHERE id = ?");
  reset.bind(1, runner_id);
  reset.exec();
}

}  // namespace achilles::storage
