// Charts drawn with Cairo into PNG bytes in memory: the runner's six weeks (/progress, the
// weekly review) and a coach's squad panels (/team). The data comes from dialogs/ (pure); the
// drawing is the edge. Colours are the Okabe-Ito colour-blind-safe palette, and no series is
// told apart by colour alone: stiffness is a solid line with round marks, pain a dashed line
// with square marks. Thread-safe: each call draws on its own surface.
#pragma once

#include <string>
#include <string_view>

#include "dialogs/chart.h"
#include "dialogs/error.h"

namespace achilles::charts {

// Where the runner chart puts things, for the drawing and for tests that probe its pixels.
struct RunnerLayout {
  static constexpr int kWidth = 1200;
  static constexpr int kHeight = 820;
  static constexpr double kLeft = 90;
  static constexpr double kRight = 1160;
  static constexpr double kScoreTop = 120;     // score 10
  static constexpr double kScoreBottom = 460;  // score 0
  static constexpr double kKmTop = 490;
  static constexpr double kKmBottom = 590;
  static constexpr double kSessionsY = 625;
  static constexpr double kBandTop = 655;
  static constexpr double kBandBottom = 705;

  // The centre of day `index` of `days`.
  static double X(std::size_t index, std::size_t days);
  // The height of score `score` (0-10).
  static double Y(double score);
};

// Where the squad chart puts its panels: three across, as many rows as needed.
struct SquadLayout {
  static constexpr int kWidth = 1200;
  static constexpr int kColumns = 3;
  static constexpr int kTitleHeight = 80;
  static constexpr int kPanelWidth = 400;
  static constexpr int kPanelHeight = 280;
  static int Height(std::size_t panels);
};

// The chart as PNG bytes. A chart without one check-in is an image that says so ("No check-ins
// yet"), never an error; fails (kInternal) only when Cairo or libpng does (out of memory).
Result<std::string> DrawPng(const dialogs::Chart& chart);

// The chart's data as JSON text (stored with an outbox row, drawn when it is sent), and back.
// Fails with kInvalidInput on text that is not a chart.
std::string ChartJson(const dialogs::Chart& chart);
Result<dialogs::Chart> ChartFromJson(std::string_view text);

}  // namespace achilles::charts
