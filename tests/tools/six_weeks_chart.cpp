// Writes the chart of a simulated runner's first six weeks: the one the README shows. The
// runner onboards, checks in every morning for 42 days (a flare-up after a long run in the third
// week, and the weekly check each seventh day), then asks for /progress; the reply's chart is
// drawn as the bot would send it and its text printed. Pure (the coach driven directly, as in
// the dialog tests), so the same command draws the same picture.
//
//   build/tests/achilles_six_weeks_chart docs/six-weeks.png
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "charts/chart_png.h"
#include "tests/dialogs/chat.h"

namespace achilles::dialogs {
namespace {

using std::chrono::days;

const Day kStart = std::chrono::sys_days{std::chrono::October / 19 / 2026};

// Morning stiffness, rehab pain and the kilometres run the day before, a row a day.
struct Morning {
  int stiffness;
  int rehab;
  double km;
  bool session;
};
constexpr Morning kMornings[] = {
    // Week 1: settling in.
    {4, 3, 0, true},
    {4, 3, 3, true},
    {3, 3, 0, true},
    {4, 3, 3, true},
    {3, 2, 0, false},
    {3, 2, 4, true},
    {3, 2, 0, true},
    // Week 2.
    {3, 2, 4, true},
    {3, 2, 0, true},
    {2, 2, 5, true},
    {3, 2, 0, true},
    {2, 1, 5, true},
    {2, 2, 0, false},
    {3, 2, 6, true},
    // Week 3: a long run on the weekend, a flare-up the next morning, settling again.
    {2, 1, 0, true},
    {2, 1, 5, true},
    {2, 2, 12, true},
    {6, 4, 0, false},
    {5, 3, 0, true},
    {4, 3, 0, true},
    {3, 2, 3, true},
    // Week 4.
    {3, 2, 0, true},
    {2, 2, 4, true},
    {2, 1, 0, true},
    {2, 1, 5, true},
    {2, 1, 0, true},
    {1, 1, 5, false},
    {2, 1, 0, true},
    // Week 5.
    {1, 1, 6, true},
    {1, 1, 0, true},
    {2, 1, 6, true},
    {1, 0, 0, true},
    {1, 1, 7, true},
    {1, 0, 0, true},
    {1, 1, 7, true},
    // Week 6.
    {1, 0, 0, true},
    {1, 1, 8, true},
    {0, 0, 0, true},
    {1, 0, 8, false},
    {0, 0, 0, true},
    {1, 0, 8, true},
    {0, 0, 0, true},
};
static_assert(std::size(kMornings) == kRunnerChartDays);

std::string CheckInText(const Morning& m) {
  std::string text = "stiffness " + std::to_string(m.stiffness) + " rehab " +
                     std::to_string(m.rehab) + " session " + (m.session ? "yes" : "no");
  if (m.km == 0) return text + " ran 0km";
  return text + " ran " + std::to_string(static_cast<int>(m.km)) + "km pain " +
         std::to_string(m.stiffness > 3 ? 3 : 1);
}

void Expect(const Chat& chat, const std::string& asking) {
  if (chat.state.conversation.asking != asking) {
    throw std::runtime_error("expected the bot to ask " + asking + ", it asks " +
                             chat.state.conversation.asking);
  }
}

// The weekly check in week `week` (1-6): heel raises climbing on the sore left side.
void WeeklyCheck(Chat& chat, int week) {
  chat.Prompt(PromptKind::kWeeklyReview);
  Expect(chat, "wk.weekly.stiff_min");
  chat.Press(week < 3 ? "wk:weekly.stiff_min:15" : "wk:weekly.stiff_min:5");
  Expect(chat, "wk.weekly.raises_l");
  chat.Type(std::to_string(10 + 3 * week));
  Expect(chat, "wk.weekly.raises_r");
  chat.Type(std::to_string(26 + week / 2));
  Expect(chat, "wk.weekly.hop_pain");
  chat.Press("wk:weekly.hop_pain:" + std::to_string(week < 4 ? 4 : 2));
  Expect(chat, "wk.weekly.run_func");
  chat.Press("wk:weekly.run_func:" + std::to_string(3 + week));
}

int Run(const char* path) {
  Chat chat;
  chat.now = kStart - days(1) + std::chrono::hours(19);
  chat.Onboard();
  for (int i = 0; i < kRunnerChartDays; ++i) {
    chat.now = kStart + days(i) + std::chrono::hours(7);
    const Decision d = chat.Command("checkin", CheckInText(kMornings[i]));
    if (!d.check_in) throw std::runtime_error("day " + std::to_string(i) + " was not stored");
    if (i % 7 == 6) WeeklyCheck(chat, i / 7 + 1);
  }
  const Decision progress = chat.Command("progress");
  for (const auto& reply : progress.replies) {
    if (!reply.chart) continue;
    std::ofstream(path, std::ios::binary) << charts::DrawPng(*reply.chart).value();
    std::cout << reply.text << "\n\nwrote " << path << "\n";
    return 0;
  }
  std::cerr << "/progress sent no chart:\n" << Chat::AllText(progress);
  return 1;
}

}  // namespace
}  // namespace achilles::dialogs

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT.png\n", argv[0]);
    return 2;
  }
  try {
    return achilles::dialogs::Run(argv[1]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
}
