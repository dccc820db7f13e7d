#include "charts/chart_png.h"

#include <cairo.h>
#include <gtest/gtest.h>

#include <cstring>
#include <memory>

namespace achilles::charts {
namespace {

using dialogs::Chart;
using dialogs::ChartDay;
using std::chrono::days;

const Day kFirst = std::chrono::sys_days{std::chrono::year{2026} / 10 / 22};

struct Image {
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface{
      nullptr, &cairo_surface_destroy};
  int width() const { return cairo_image_surface_get_width(surface.get()); }
  int height() const { return cairo_image_surface_get_height(surface.get()); }
  // The pixel at (x, y) as 0xRRGGBB.
  std::uint32_t At(double x, double y) const {
    const auto* data = cairo_image_surface_get_data(surface.get());
    const int stride = cairo_image_surface_get_stride(surface.get());
    const auto row = static_cast<std::size_t>(y) * static_cast<std::size_t>(stride);
    std::uint32_t pixel = 0;
    std::memcpy(&pixel, data + row + static_cast<std::size_t>(x) * 4, 4);
    return pixel & 0xFFFFFF;
  }
};

// Decodes PNG bytes with Cairo's own reader.
Image Decode(const std::string& png) {
  struct Reader {
    const std::string* bytes;
    std::size_t at = 0;
  } reader{&png};
  Image image;
  image.surface.reset(cairo_image_surface_create_from_png_stream(
      [](void* closure, unsigned char* data, unsigned int length) {
        auto* r = static_cast<Reader*>(closure);
        if (r->bytes->size() - r->at < length) return CAIRO_STATUS_READ_ERROR;
        std::memcpy(data, r->bytes->data() + r->at, length);
        r->at += length;
        return CAIRO_STATUS_SUCCESS;
      },
      &reader));
  cairo_surface_flush(image.surface.get());
  return image;
}

bool IsPng(const std::string& bytes) { return bytes.rfind("\x89PNG\r\n\x1a\n", 0) == 0; }

// A runner's six weeks: stiffness 4 every day, pain 2, 5 km every third day, a flare-up on
// day 20 and a red flag on day 30.
dialogs::RunnerChart SixWeeks() {
  dialogs::RunnerChart chart;
  chart.title = "Your last 6 weeks";
  for (int i = 0; i < dialogs::kRunnerChartDays; ++i) {
    ChartDay day{.day = kFirst + days(i), .stiffness = 4, .pain = 2};
    day.km = i % 3 == 0 ? 5.0 : 0.0;
    day.session_done = i % 2 == 0;
    day.flare = i == 20;
    day.red_flag = i == 30;
    chart.days.push_back(day);
  }
  chart.bands = {{kFirst, kFirst + days(13), "Settle", dialogs::Phase::kSettle},
                 {kFirst + days(14), kFirst + days(41), "HSR wk 1", dialogs::Phase::kHeavySlow}};
  chart.heel_raises = {{kFirst + days(35), 18, 25}};
  return chart;
}

TEST(ChartPng, TheRunnersChartIsAPhoneSizedPngWithItsLinesWhereTheyBelong) {
  const auto chart = SixWeeks();
  const std::string png = DrawPng(Chart{.runner = chart}).value();
  ASSERT_TRUE(IsPng(png));
  const Image image = Decode(png);
  ASSERT_EQ(cairo_surface_status(image.surface.get()), CAIRO_STATUS_SUCCESS);
  EXPECT_GE(image.width(), 1000);
  EXPECT_EQ(image.height(), RunnerLayout::kHeight);
  EXPECT_EQ(image.At(5, 5), 0xFFFFFFu) << "white background";

  using L = RunnerLayout;
  const std::size_t n = chart.days.size();
  // Between two days' points (no mark there), on the 3/10 line: its grey, not the background.
  const double between = (L::X(9, n) + L::X(10, n)) / 2;
  // The dashed 3/10 line: inked over much of its length, and only at its height.
  int on_line = 0, above = 0;
  for (double x = L::kLeft; x < L::kLeft + 200; x += 1) {
    on_line += image.At(x, L::Y(3)) != 0xFFFFFFu ? 1 : 0;
    above += image.At(x, L::Y(3) - 6) != 0xFFFFFFu ? 1 : 0;
  }
  EXPECT_GT(on_line, 80) << "the 3/10 line";
  EXPECT_LT(above, on_line / 2);
  // Day 10's stiffness point (4/10) is blue; its pain point (2/10) orange.
  const std::uint32_t blue = image.At(L::X(10, n), L::Y(4));
  EXPECT_LT(blue >> 16, 0x40u) << std::hex << blue;
  EXPECT_GT(blue & 0xFF, 0x90u) << std::hex << blue;
  const std::uint32_t orange = image.At(L::X(10, n), L::Y(2));
  EXPECT_GT(orange >> 16, 0xC0u) << std::hex << orange;
  EXPECT_LT(orange & 0xFF, 0x40u) << std::hex << orange;
  // Nothing drawn at score 8 between points: the background.
  EXPECT_EQ(image.At(between, L::Y(8)), 0xFFFFFFu);
  // A km bar on day 9 (5 km), none on day 10.
  const double bar_y = (L::kKmTop + L::kKmBottom) / 2;
  EXPECT_NE(image.At(L::X(9, n), bar_y), 0xFFFFFFu);
  EXPECT_EQ(image.At(L::X(10, n), bar_y), 0xFFFFFFu);
  // The flare-up day is shaded; the day before is not.
  EXPECT_NE(image.At(L::X(20, n), L::Y(8)), 0xFFFFFFu);
  EXPECT_EQ(image.At(L::X(19, n), L::Y(8)), 0xFFFFFFu);
  // The phase band along the bottom.
  EXPECT_NE(image.At(L::X(2, n), L::kBandTop + 3), 0xFFFFFFu);
}

TEST(ChartPng, AChartWithoutCheckInsSaysSoInsteadOfFailing) {
  dialogs::RunnerChart empty;
  empty.title = "Your last 6 weeks";
  for (int i = 0; i < dialogs::kRunnerChartDays; ++i)
    empty.days.push_back({.day = kFirst + days(i)});
  const Image image = Decode(DrawPng(Chart{.runner = empty}).value());
  ASSERT_EQ(cairo_surface_status(image.surface.get()), CAIRO_STATUS_SUCCESS);
  // The words "No check-ins yet" are written in the middle: some pixels there are not white.
  int inked = 0;
  for (int x = 400; x < 800; x += 2) {
    if (image.At(x, RunnerLayout::kHeight / 2.0 - 12) != 0xFFFFFFu) ++inked;
  }
  EXPECT_GT(inked, 10);
  // And no grid is drawn.
  for (double x = RunnerLayout::kLeft; x < RunnerLayout::kLeft + 200; x += 1) {
    ASSERT_EQ(image.At(x, RunnerLayout::Y(3)), 0xFFFFFFu);
  }
  // Nothing at all to draw from is the same picture, not a crash.
  EXPECT_TRUE(IsPng(DrawPng(Chart{}).value()));
}

TEST(ChartPng, TheSquadChartHasAPanelPerRunnerThreeAcross) {
  dialogs::SquadChart squad{.title = "Harriers: the last 14 days"};
  for (int r = 0; r < 5; ++r) {
    dialogs::ChartPanel panel{.name = "Runner " + std::to_string(r)};
    for (int i = 0; i < dialogs::kPanelDays; ++i) {
      panel.days.push_back({.day = kFirst + days(i), .stiffness = r, .pain = 1});
    }
    squad.panels.push_back(panel);
  }
  const Image image = Decode(DrawPng(Chart{.squad = squad}).value());
  EXPECT_EQ(image.width(), SquadLayout::kWidth);
  EXPECT_EQ(image.height(), SquadLayout::Height(5));
  EXPECT_EQ(SquadLayout::Height(5), SquadLayout::kTitleHeight + 2 * SquadLayout::kPanelHeight);

  // More panels than one image holds is refused, not drawn as an ever taller image.
  while (squad.panels.size() <= dialogs::kPanelsPerChart) squad.panels.push_back(squad.panels[0]);
  const auto refused = DrawPng(Chart{.squad = squad});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Error::Code::kInvalidInput);
}

TEST(ChartJson, AChartSurvivesTheRoundTripAndBrokenDataIsRefused) {
  const Chart runner{.runner = SixWeeks()};
  auto back = ChartFromJson(ChartJson(runner));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, runner);

  dialogs::SquadChart squad{.title = "Harriers"};
  squad.panels.push_back(
      {.name = "Ana", .days = {{.day = kFirst, .pain = 3}}, .flags = {"flare-up"}});
  auto squad_back = ChartFromJson(ChartJson(Chart{.squad = squad}));
  ASSERT_TRUE(squad_back);
  EXPECT_EQ(*squad_back, Chart{.squad = squad});

  for (const char* broken : {"", "[]", "{}", R"({"runner": {"title": 3}})",
                             R"({"runner": {"title": "x", "days": [{"day": "today"}]}})"}) {
    EXPECT_FALSE(ChartFromJson(broken)) << broken;
  }
}

}  // namespace
}  // namespace achilles::charts
