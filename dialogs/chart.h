// What a chart shows, as plain data: /progress and the weekly review show the runner's last six
// weeks, /team one small panel per sharing runner. Built from the runner's state by the
// functions in summary.h (pure); drawn at the edge (charts/) when the reply is sent.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dialogs/programme.h"
#include "dialogs/time.h"

namespace achilles::dialogs {

// One day of a chart. A day without a check-in has no scores.
struct ChartDay {
  Day day{};
  std::optional<int> stiffness{};      // morning stiffness, 0-10
  std::optional<int> pain{};           // the worse of run and rehab pain, 0-10
  double km = 0;                       // run that day
  std::optional<bool> session_done{};  // the rehab session, when reported
  bool flare = false;                  // a flare-up recorded that day (R9, or the runner said so)
  bool red_flag = false;               // a red flag raised that day (R1-R6, R26, R27)
  bool operator==(const ChartDay&) const = default;
};

// A stretch of days in one phase (and, from heavy slow work on, one HSR week): a band along the
// bottom of the runner's chart.
struct ChartBand {
  Day first{};
  Day last{};
  std::string label{};  // "Settle", "HSR wk 3", "Walk-run"
  Phase phase = Phase::kSettle;
  bool operator==(const ChartBand&) const = default;
};

// The weekly check's heel-raise counts on one day, for each side answered.
struct HeelRaiseCount {
  Day day{};
  std::optional<int> left{};
  std::optional<int> right{};
  bool operator==(const HeelRaiseCount&) const = default;
};

// One runner's chart: a day each from the first to the last, oldest first.
struct RunnerChart {
  std::string title{};  // "Your last 6 weeks"
  std::vector<ChartDay> days{};
  std::vector<ChartBand> bands{};
  std::vector<HeelRaiseCount> heel_raises{};
  bool operator==(const RunnerChart&) const = default;
};

// A coach's view of one sharing runner: their last 14 days and their open flags.
struct ChartPanel {
  std::string name{};
  std::vector<ChartDay> days{};
  std::vector<std::string> flags{};  // as /team writes them: "flare-up", "RED FLAG"
  bool operator==(const ChartPanel&) const = default;
};

// Up to kPanelsPerChart runners on one image.
struct SquadChart {
  std::string title{};  // "Harriers: the last 14 days (1 of 2)"
  std::vector<ChartPanel> panels{};
  bool operator==(const SquadChart&) const = default;
};

inline constexpr int kRunnerChartDays = 42;
inline constexpr int kPanelDays = 14;
inline constexpr std::size_t kPanelsPerChart = 12;

// One picture: a runner's or a squad's. Exactly one of the two is set.
struct Chart {
  std::optional<RunnerChart> runner{};
  std::optional<SquadChart> squad{};
  bool operator==(const Chart&) const = default;
};

}  // namespace achilles::dialogs
