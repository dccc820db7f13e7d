#include "charts/chart_png.h"

#include <cairo.h>
#include <png.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <vector>

#include "dialogs/text.h"

namespace achilles::charts {
namespace {

using dialogs::Chart;
using dialogs::ChartDay;

struct Colour {
  double r, g, b;
};

// Okabe-Ito.
constexpr Colour kBlue{0.0, 0.447, 0.698};        // stiffness
constexpr Colour kOrange{0.902, 0.624, 0.0};      // pain
constexpr Colour kGreen{0.0, 0.620, 0.451};       // km
constexpr Colour kVermillion{0.835, 0.369, 0.0};  // red flags
constexpr Colour kSky{0.337, 0.706, 0.914};       // flare-up days
constexpr Colour kBlack{0.0, 0.0, 0.0};
constexpr Colour kGrey{0.45, 0.45, 0.45};
constexpr Colour kLight{0.88, 0.88, 0.88};
constexpr Colour kWhite{1.0, 1.0, 1.0};
constexpr Colour kPhaseColours[] = {{0.80, 0.87, 0.94}, {0.85, 0.92, 0.85}, {0.98, 0.90, 0.78},
                                    {0.93, 0.85, 0.93}, {0.96, 0.96, 0.80}, {0.82, 0.90, 0.90}};

using Surface = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using Context = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

void Use(cairo_t* cr, Colour c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

void Font(cairo_t* cr, double size, bool bold = false) {
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

enum class Align { kLeft, kCentre, kRight };

// How far `text` (valid UTF-8) advances in the current font.
double Width(cairo_t* cr, const std::string& text) {
  cairo_text_extents_t extents;
  cairo_text_extents(cr, text.c_str(), &extents);
  return extents.x_advance;
}

// `text` (made valid UTF-8) with its baseline at y.
void Write(cairo_t* cr, double x, double y, const std::string& text, Align align = Align::kLeft) {
  const std::string valid = dialogs::ValidUtf8(text);
  if (align == Align::kCentre) x -= Width(cr, valid) / 2;
  if (align == Align::kRight) x -= Width(cr, valid);
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, valid.c_str());
}

void Line(cairo_t* cr, double x0, double y0, double x1, double y1, double width) {
  cairo_set_line_width(cr, width);
  cairo_move_to(cr, x0, y0);
  cairo_line_to(cr, x1, y1);
  cairo_stroke(cr);
}

void Mark(cairo_t* cr, double x, double y, double size, bool square) {
  if (square) {
    cairo_rectangle(cr, x - size, y - size, 2 * size, 2 * size);
  } else {
    cairo_arc(cr, x, y, size, 0, 2 * M_PI);
  }
  cairo_fill(cr);
}

bool AnyCheckIn(const std::vector<ChartDay>& days) {
  return std::any_of(days.begin(), days.end(), [](const ChartDay& d) {
    return d.stiffness || d.pain || d.session_done || d.km > 0;
  });
}

// A score series as a line through the days that have one (a gap where a day has none), with a
// mark on each point.
template <typename Score, typename XOf, typename YOf>
void Series(cairo_t* cr, const std::vector<ChartDay>& days, Score score, XOf x_of, YOf y_of,
            Colour colour, bool dashed, double width, double mark) {
  Use(cr, colour);
  const double dashes[] = {3 * width, 2 * width};
  cairo_set_dash(cr, dashes, dashed ? 2 : 0, 0);
  cairo_set_line_width(cr, width);
  bool drawing = false;
  for (std::size_t i = 0; i < days.size(); ++i) {
    const auto value = score(days[i]);
    if (!value) {
      drawing = false;
      continue;
    }
    if (drawing) {
      cairo_line_to(cr, x_of(i), y_of(*value));
    } else {
      cairo_move_to(cr, x_of(i), y_of(*value));
      drawing = true;
    }
  }
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);
  for (std::size_t i = 0; i < days.size(); ++i) {
    if (const auto value = score(days[i])) Mark(cr, x_of(i), y_of(*value), mark, dashed);
  }
}

// Light lines at `scores` with their numbers at the left, and the pain-monitoring model's
// 3/10 (acceptable) and 5/10 (the limit) as dashed lines `width` wide.
template <typename YOf>
void ScoreLines(cairo_t* cr, double left, double right, YOf y_of, std::initializer_list<int> scores,
                double font, double width) {
  Font(cr, font);
  for (int score : scores) {
    Use(cr, kLight);
    Line(cr, left, y_of(score), right, y_of(score), 1);
    Use(cr, kGrey);
    Write(cr, left - font / 2, y_of(score) + font / 3, std::to_string(score), Align::kRight);
  }
  const double dashes[] = {4 * width, 3 * width};
  cairo_set_dash(cr, dashes, 2, 0);
  Use(cr, kGrey);
  Line(cr, left, y_of(3), right, y_of(3), width);
  Use(cr, kVermillion);
  Line(cr, left, y_of(5), right, y_of(5), width);
  cairo_set_dash(cr, nullptr, 0, 0);
}

// The 0-10 grid with the 3/10 (acceptable) and 5/10 (the limit) lines marked and named.
template <typename YOf>
void ScoreGrid(cairo_t* cr, double left, double right, YOf y_of, double font) {
  ScoreLines(cr, left, right, y_of, {0, 5, 10}, font, 2);
  Font(cr, font * 0.85);
  Use(cr, kGrey);
  Write(cr, right - 4, y_of(3) - 5, "3/10 acceptable", Align::kRight);
  Use(cr, kVermillion);
  Write(cr, right - 4, y_of(5) - 5, "5/10 limit", Align::kRight);
}

// Flare-up days as shaded columns, red flags as a bold column edge with "!".
template <typename XOf>
void DayMarks(cairo_t* cr, const std::vector<ChartDay>& days, XOf x_of, double step, double top,
              double bottom, double font) {
  for (std::size_t i = 0; i < days.size(); ++i) {
    const double x = x_of(i);
    if (days[i].flare) {
      cairo_set_source_rgba(cr, kSky.r, kSky.g, kSky.b, 0.35);
      cairo_rectangle(cr, x - step / 2, top, step, bottom - top);
      cairo_fill(cr);
    }
    if (days[i].red_flag) {
      Use(cr, kVermillion);
      Line(cr, x, top, x, bottom, 3);
      Font(cr, font, true);
      Write(cr, x, top - 4, "!", Align::kCentre);
    }
  }
}

// The surface as PNG bytes, encoded by libpng's simplified API with its fast settings (no row
// filters, zlib level 3): a chart is flat colour, so that is about 4x faster than Cairo's own
// writer (adaptive filters, level 6) for a smaller file.
Result<std::string> Png(cairo_surface_t* surface) {
  const int width = cairo_image_surface_get_width(surface);
  const int height = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  // RGB24 pixels are native-endian 32-bit words, 0x00RRGGBB.
  std::vector<unsigned char> rgb(static_cast<std::size_t>(width) *
                                 static_cast<std::size_t>(height) * 3);
  for (int y = 0; y < height; ++y) {
    const unsigned char* row = data + static_cast<std::ptrdiff_t>(y) * stride;
    unsigned char* out =
        rgb.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(width) * 3;
    for (int x = 0; x < width; ++x) {
      std::uint32_t pixel = 0;
      std::memcpy(&pixel, row + static_cast<std::ptrdiff_t>(x) * 4, 4);
      *out++ = static_cast<unsigned char>(pixel >> 16);
      *out++ = static_cast<unsigned char>(pixel >> 8);
      *out++ = static_cast<unsigned char>(pixel);
    }
  }
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(width);
  image.height = static_cast<png_uint_32>(height);
  image.format = PNG_FORMAT_RGB;
  image.flags = PNG_IMAGE_FLAG_FAST;
  std::string png(PNG_IMAGE_PNG_SIZE_MAX(image), '\0');
  png_alloc_size_t size = png.size();
  const bool written =
      png_image_write_to_memory(&image, png.data(), &size, 0, rgb.data(), 0, nullptr) != 0;
  const std::string failure = image.message;
  png_image_free(&image);
  if (!written) return tl::unexpected(Error::Internal("the chart's PNG: " + failure));
  png.resize(size);
  return png;
}

void DrawRunner(cairo_t* cr, const dialogs::RunnerChart& chart) {
  using L = RunnerLayout;
  const auto& days = chart.days;
  Use(cr, kBlack);
  Font(cr, 34, true);
  Write(cr, L::kLeft, 52, chart.title);
  if (!AnyCheckIn(days)) {
    Font(cr, 40);
    Use(cr, kGrey);
    Write(cr, L::kWidth / 2.0, L::kHeight / 2.0, "No check-ins yet", Align::kCentre);
    Font(cr, 24);
    Write(cr, L::kWidth / 2.0, L::kHeight / 2.0 + 44, "Send /checkin to start your chart.",
          Align::kCentre);
    return;
  }
  // Legend.
  Font(cr, 22);
  Use(cr, kBlue);
  Line(cr, L::kLeft, 86, L::kLeft + 40, 86, 4);
  Mark(cr, L::kLeft + 20, 86, 6, false);
  Write(cr, L::kLeft + 50, 94, "Morning stiffness");
  Use(cr, kOrange);
  const double dashes[] = {12, 8};
  cairo_set_dash(cr, dashes, 2, 0);
  Line(cr, L::kLeft + 270, 86, L::kLeft + 310, 86, 4);
  cairo_set_dash(cr, nullptr, 0, 0);
  Mark(cr, L::kLeft + 290, 86, 6, true);
  Write(cr, L::kLeft + 320, 94, "Session pain");
  cairo_set_source_rgba(cr, kSky.r, kSky.g, kSky.b, 0.5);
  cairo_rectangle(cr, L::kLeft + 500, 74, 24, 24);
  cairo_fill(cr);
  Use(cr, kBlack);
  Write(cr, L::kLeft + 532, 94, "Flare-up");
  Use(cr, kVermillion);
  Line(cr, L::kLeft + 650, 72, L::kLeft + 650, 100, 3);
  Write(cr, L::kLeft + 662, 94, "! Red flag");

  const auto x_of = [&](std::size_t i) { return L::X(i, days.size()); };
  const double step = days.empty() ? 0 : (L::kRight - L::kLeft) / static_cast<double>(days.size());
  DayMarks(cr, days, x_of, step, L::kScoreTop, L::kSessionsY + 12, 24);
  ScoreGrid(cr, L::kLeft, L::kRight, L::Y, 20);
  Series(
      cr, days, [](const ChartDay& d) { return d.stiffness; }, x_of, L::Y, kBlue, false, 4, 6);
  Series(
      cr, days, [](const ChartDay& d) { return d.pain; }, x_of, L::Y, kOrange, true, 4, 6);

  // Km as bars, scaled to the longest day (at least 5 km).
  double most = 5;
  for (const auto& d : days) most = std::max(most, d.km);
  Font(cr, 20);
  Use(cr, kGrey);
  const std::string longest =
      most == std::floor(most) ? std::to_string(static_cast<int>(most)) : dialogs::OneDecimal(most);
  Write(cr, L::kLeft - 10, L::kKmTop + 16, longest + " km", Align::kRight);
  Write(cr, L::kLeft - 10, L::kKmBottom, "0 km", Align::kRight);
  Use(cr, kLight);
  Line(cr, L::kLeft, L::kKmBottom, L::kRight, L::kKmBottom, 1);
  Use(cr, kGreen);
  for (std::size_t i = 0; i < days.size(); ++i) {
    if (days[i].km <= 0) continue;
    const double h = (L::kKmBottom - L::kKmTop) * days[i].km / most;
    cairo_rectangle(cr, x_of(i) - step * 0.35, L::kKmBottom - h, step * 0.7, h);
    cairo_fill(cr);
  }

  // Sessions: a filled dot for done, a ring for not done.
  Use(cr, kGrey);
  Font(cr, 20);
  Write(cr, L::kLeft - 10, L::kSessionsY + 7, "Rehab", Align::kRight);
  Use(cr, kBlack);
  for (std::size_t i = 0; i < days.size(); ++i) {
    if (!days[i].session_done) continue;
    cairo_arc(cr, x_of(i), L::kSessionsY, std::min(8.0, step * 0.4), 0, 2 * M_PI);
    if (*days[i].session_done) {
      cairo_fill(cr);
    } else {
      cairo_set_line_width(cr, 2);
      cairo_stroke(cr);
    }
  }

  // Phase bands, labelled where they fit.
  for (const auto& band : chart.bands) {
    if (days.empty()) break;
    const auto first = std::max<std::int64_t>(0, (band.first - days.front().day).count());
    const auto last = std::min<std::int64_t>(static_cast<std::int64_t>(days.size()) - 1,
                                             (band.last - days.front().day).count());
    if (last < first) continue;
    const double x0 = x_of(static_cast<std::size_t>(first)) - step / 2;
    const double x1 = x_of(static_cast<std::size_t>(last)) + step / 2;
    const Colour colour = kPhaseColours[static_cast<int>(band.phase) % 6];
    Use(cr, colour);
    cairo_rectangle(cr, x0, L::kBandTop, x1 - x0, L::kBandBottom - L::kBandTop);
    cairo_fill(cr);
    Use(cr, kWhite);
    Line(cr, x0, L::kBandTop, x0, L::kBandBottom, 2);
    Use(cr, kBlack);
    Font(cr, 18);
    cairo_text_extents_t extents;
    cairo_text_extents(cr, band.label.c_str(), &extents);
    if (extents.x_advance + 8 < x1 - x0) {
      Write(cr, (x0 + x1) / 2, L::kBandBottom - 17, band.label, Align::kCentre);
    }
  }

  // Dates under the bands, a week apart, ending today.
  Font(cr, 18);
  Use(cr, kGrey);
  for (std::size_t i = days.size(); i-- > 0;) {
    if ((days.size() - 1 - i) % 7 != 0) continue;
    Line(cr, x_of(i), L::kBandBottom, x_of(i), L::kBandBottom + 8, 1);
    Write(cr, x_of(i), L::kBandBottom + 28, dialogs::ShortDate(days[i].day), Align::kCentre);
  }

  if (!chart.heel_raises.empty()) {
    // "left / right" for each weekly check, the newest that fit the width.
    Font(cr, 20);
    Use(cr, kBlack);
    const std::string label = "Single-leg heel raises, left / right:";
    std::string shown;
    for (auto it = chart.heel_raises.rbegin(); it != chart.heel_raises.rend(); ++it) {
      const auto side = [](std::optional<int> n) { return n ? std::to_string(*n) : "-"; };
      std::string with = "   " + dialogs::ShortDate(it->day) + " " + side(it->left) + " / " +
                         side(it->right) + shown;
      if (Width(cr, label + with) > L::kRight - L::kLeft) break;
      shown = std::move(with);
    }
    Write(cr, L::kLeft, L::kHeight - 40, label + shown);
  }
}

void DrawPanel(cairo_t* cr, const dialogs::ChartPanel& panel, double x, double y) {
  const double w = SquadLayout::kPanelWidth;
  const double h = SquadLayout::kPanelHeight;
  Use(cr, kLight);
  cairo_set_line_width(cr, 2);
  cairo_rectangle(cr, x + 8, y + 8, w - 16, h - 16);
  cairo_stroke(cr);
  Use(cr, kBlack);
  Font(cr, 24, true);
  Write(cr, x + 20, y + 40, dialogs::Utf8Prefix(panel.name, 24));
  std::string flags;
  for (const auto& flag : panel.flags) flags += (flags.empty() ? "" : ", ") + flag;
  Font(cr, 16);
  Use(cr, flags.empty() ? kGrey : kVermillion);
  Write(cr, x + 20, y + 64, flags.empty() ? "no open flags" : dialogs::Utf8Prefix(flags, 44));
  const double left = x + 50, right = x + w - 20, top = y + 90, bottom = y + h - 30;
  const auto y_of = [&](double score) { return bottom - (bottom - top) * score / 10; };
  const auto& days = panel.days;
  const double step = days.empty() ? 0 : (right - left) / static_cast<double>(days.size());
  const auto x_of = [&](std::size_t i) { return left + step * (static_cast<double>(i) + 0.5); };
  if (!AnyCheckIn(days)) {
    Font(cr, 20);
    Use(cr, kGrey);
    Write(cr, (left + right) / 2, (top + bottom) / 2, "No check-ins yet", Align::kCentre);
    return;
  }
  DayMarks(cr, days, x_of, step, top, bottom, 18);
  ScoreLines(cr, left, right, y_of, {0, 10}, 14, 1.5);
  Series(
      cr, days, [](const ChartDay& d) { return d.stiffness; }, x_of, y_of, kBlue, false, 3, 4);
  Series(
      cr, days, [](const ChartDay& d) { return d.pain; }, x_of, y_of, kOrange, true, 3, 4);
}

void DrawSquad(cairo_t* cr, const dialogs::SquadChart& chart) {
  Use(cr, kBlack);
  Font(cr, 30, true);
  Write(cr, 24, 44, chart.title);
  Font(cr, 18);
  Use(cr, kBlue);
  Write(cr, 24, 70, "solid, round: morning stiffness");
  Use(cr, kOrange);
  Write(cr, 340, 70, "dashed, square: session pain");
  Use(cr, kGrey);
  Write(cr, 640, 70, "lines at 3/10 and 5/10; shaded: flare-up; !: red flag");
  if (chart.panels.empty()) {
    Font(cr, 30);
    Write(cr, SquadLayout::kWidth / 2.0, 200, "No runners sharing yet", Align::kCentre);
    return;
  }
  for (std::size_t i = 0; i < chart.panels.size(); ++i) {
    const auto column = static_cast<double>(i % SquadLayout::kColumns);
    const auto row = static_cast<double>(i / SquadLayout::kColumns);
    DrawPanel(cr, chart.panels[i], column * SquadLayout::kPanelWidth,
              SquadLayout::kTitleHeight + row * SquadLayout::kPanelHeight);
  }
}

}  // namespace

double RunnerLayout::X(std::size_t index, std::size_t days) {
  const double step = (kRight - kLeft) / static_cast<double>(std::max<std::size_t>(days, 1));
  return kLeft + step * (static_cast<double>(index) + 0.5);
}

double RunnerLayout::Y(double score) {
  return kScoreBottom - (kScoreBottom - kScoreTop) * std::clamp(score, 0.0, 10.0) / 10;
}

int SquadLayout::Height(std::size_t panels) {
  const auto rows = std::max<std::size_t>(1, (panels + kColumns - 1) / kColumns);
  return kTitleHeight + static_cast<int>(rows) * kPanelHeight;
}

Result<std::string> DrawPng(const Chart& chart) {
  const bool squad = chart.squad.has_value();
  // The image's size follows the panels: at most kPanelsPerChart keep it (and memory) bounded.
  if (squad && chart.squad->panels.size() > dialogs::kPanelsPerChart) {
    return tl::unexpected(Error::InvalidInput(
        "a squad chart has at most " + std::to_string(dialogs::kPanelsPerChart) + " panels, not " +
        std::to_string(chart.squad->panels.size())));
  }
  const int width = squad ? SquadLayout::kWidth : RunnerLayout::kWidth;
  const int height =
      squad ? SquadLayout::Height(chart.squad->panels.size()) : RunnerLayout::kHeight;
  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height),
                  &cairo_surface_destroy);
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return tl::unexpected(
        Error::Internal(std::string("the chart's surface: ") +
                        cairo_status_to_string(cairo_surface_status(surface.get()))));
  }
  Context cr(cairo_create(surface.get()), &cairo_destroy);
  Use(cr.get(), kWhite);
  cairo_paint(cr.get());
  if (squad) {
    DrawSquad(cr.get(), *chart.squad);
  } else if (chart.runner) {
    DrawRunner(cr.get(), *chart.runner);
  } else {
    DrawRunner(cr.get(), dialogs::RunnerChart{});
  }
  cairo_surface_flush(surface.get());
  return Png(surface.get());
}

}  // namespace achilles::charts
