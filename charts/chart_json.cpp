// A chart's data as JSON, for the outbox row that carries it until the sender draws it.
#include <nlohmann/json.hpp>

#include "charts/chart_png.h"

namespace achilles::charts {
namespace {

using dialogs::Chart;
using dialogs::ChartDay;
using nlohmann::json;

json DayNumber(Day day) { return day.time_since_epoch().count(); }

json OptionalJson(const std::optional<int>& value) { return value ? json(*value) : json(nullptr); }

json DaysJson(const std::vector<ChartDay>& days) {
  json list = json::array();
  for (const auto& d : days) {
    list.push_back({{"day", DayNumber(d.day)},
                    {"stiffness", OptionalJson(d.stiffness)},
                    {"pain", OptionalJson(d.pain)},
                    {"km", d.km},
                    {"session_done", d.session_done ? json(*d.session_done) : json(nullptr)},
                    {"flare", d.flare},
                    {"red_flag", d.red_flag}});
  }
  return list;
}

// Reading stored JSON: every field by type, with a throw (caught below) on anything else.
Day DayFrom(const json& value) { return Day(std::chrono::days(value.get<std::int64_t>())); }

std::optional<int> OptionalFrom(const json& value) {
  if (value.is_null()) return std::nullopt;
  return std::clamp(value.get<int>(), 0, 10);
}

std::vector<ChartDay> DaysFrom(const json& list) {
  std::vector<ChartDay> days;
  for (const auto& d : list) {
    ChartDay day;
    day.day = DayFrom(d.at("day"));
    day.stiffness = OptionalFrom(d.at("stiffness"));
    day.pain = OptionalFrom(d.at("pain"));
    day.km = std::max(0.0, d.at("km").get<double>());
    if (!d.at("session_done").is_null()) day.session_done = d.at("session_done").get<bool>();
    day.flare = d.at("flare").get<bool>();
    day.red_flag = d.at("red_flag").get<bool>();
    days.push_back(day);
  }
  return days;
}

}  // namespace

std::string ChartJson(const Chart& chart) {
  json out;
  if (chart.runner) {
    const auto& r = *chart.runner;
    json bands = json::array();
    for (const auto& b : r.bands) {
      bands.push_back({{"first", DayNumber(b.first)},
                       {"last", DayNumber(b.last)},
                       {"label", b.label},
                       {"phase", static_cast<int>(b.phase)}});
    }
    json raises = json::array();
    for (const auto& h : r.heel_raises) {
      raises.push_back({{"day", DayNumber(h.day)},
                        {"left", OptionalJson(h.left)},
                        {"right", OptionalJson(h.right)}});
    }
    out["runner"] = {
        {"title", r.title}, {"days", DaysJson(r.days)}, {"bands", bands}, {"heel_raises", raises}};
  }
  if (chart.squad) {
    json panels = json::array();
    for (const auto& p : chart.squad->panels) {
      panels.push_back({{"name", p.name}, {"days", DaysJson(p.days)}, {"flags", p.flags}});
    }
    out["squad"] = {{"title", chart.squad->title}, {"panels", panels}};
  }
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<Chart> ChartFromJson(std::string_view text) {
  const json in = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!in.is_object()) return Fail(Error::InvalidInput("chart data is not a JSON object"));
  try {
    Chart chart;
    if (auto runner = in.find("runner"); runner != in.end()) {
      dialogs::RunnerChart r;
      r.title = runner->at("title").get<std::string>();
      r.days = DaysFrom(runner->at("days"));
      for (const auto& b : runner->at("bands")) {
        const int phase = std::clamp(b.at("phase").get<int>(), 0, dialogs::kPhaseCount - 1);
        r.bands.push_back({DayFrom(b.at("first")), DayFrom(b.at("last")),
                           b.at("label").get<std::string>(), static_cast<dialogs::Phase>(phase)});
      }
      for (const auto& h : runner->at("heel_raises")) {
        dialogs::HeelRaiseCount count;
        count.day = DayFrom(h.at("day"));
        if (!h.at("left").is_null()) count.left = h.at("left").get<int>();
        if (!h.at("right").is_null()) count.right = h.at("right").get<int>();
        r.heel_raises.push_back(count);
      }
      chart.runner = std::move(r);
    }
    if (auto squad = in.find("squad"); squad != in.end()) {
      dialogs::SquadChart s;
      s.title = squad->at("title").get<std::string>();
      for (const auto& p : squad->at("panels")) {
        s.panels.push_back({p.at("name").get<std::string>(), DaysFrom(p.at("days")),
                            p.at("flags").get<std::vector<std::string>>()});
      }
      chart.squad = std::move(s);
    }
    if (chart.runner.has_value() == chart.squad.has_value()) {
      return Fail(Error::InvalidInput("chart data holds neither or both of runner and squad"));
    }
    return chart;
  } catch (const std::exception& e) {
    return Fail(Error::InvalidInput(std::string("chart data is malformed: ") + e.what()));
  }
}

}  // namespace achilles::charts
