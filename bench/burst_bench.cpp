// Issue 5: a burst of check-in prompts due in the same minute (10,000 by default) leaves at
// Telegram's rate, measured against a fake Bot API on loopback that holds the sender to the
// limits (30 messages a second overall, 1 a second per chat) and answers 429 when they are
// broken. Prints the tick's time, the send rate, the 429 count and the peak memory. Real time:
// a 10,000 burst takes about six minutes.
//
//   build/bench/achilles_bench_burst [PROMPTS]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "bench/peak_memory.h"
#include "bot/outbox/outbox_sender.h"
#include "bot/schedule/scheduler.h"
#include "bot/telegram/telegram_api.h"
#include "bot/telegram/telegram_platform.h"
#include "bot/telegram/telegram_render.h"
#include "bot/telegram/telegram_update.h"
#include "storage/outbox.h"
#include "storage/runners.h"
#include "storage/schedule.h"
#include "tests/support/fake_bot_api.h"
#include "tests/support/fixtures.h"
#include "tests/support/runners.h"

namespace achilles::bench {
namespace {

using namespace std::chrono;

int Run(int prompts) {
  testing::TempDir dir;
  auto db = *storage::Database::Open((dir.path() / "burst.db").string());
  bot::SystemClock clock;
  const dialogs::Coach coach(testing::ShippedContent());
  bot::TelegramRenderer renderer;
  testing::FakeBotApi fake;
  fake.EnforceLimits(30, milliseconds(1000));

  // Everyone's check-in time is this minute (UTC), so all are due at the first tick.
  const TimePoint now = clock.Now();
  const auto minute = floor<minutes>(now - floor<days>(now)).count();
  char time[16];
  std::snprintf(time, sizeof time, "%02d:%02d", static_cast<int>(minute / 60),
                static_cast<int>(minute % 60));
  auto populated = db->Transact<bool>([&](storage::Session& s) -> Result<bool> {
    for (int i = 0; i < prompts; ++i) {
      dialogs::Profile profile;
      profile.time_zone = "UTC";
      profile.checkin_time = time;
      // The review is on another day: one message per runner.
      profile.review_weekday = (weekday(floor<days>(now)).c_encoding() + 1) % 7;
      testing::AddPromptableRunner(s, bot::kTelegram, std::to_string(200000000 + i), profile,
                                   coach.settings().schedule, now);
    }
    return true;
  });
  if (!populated) {
    std::fprintf(stderr, "%s\n", populated.error().message.c_str());
    return 1;
  }

  auto api = *bot::TelegramApi::Create(fake.base_url(), "7000000001:BENCH");
  bot::OutboxSender sender(*db, bot::kTelegram, *api, bot::TelegramRateLimits(),
                           bot::TelegramSenderPolicy(), clock, nullptr);
  bot::Scheduler scheduler(
      *db, coach, clock, {{bot::kTelegram, &renderer}}, [&](const std::string&) { sender.Wake(); },
      nullptr);
  sender.Start();
  const auto started = steady_clock::now();
  const auto ticked = scheduler.Tick();
  const double tick_ms = duration<double, std::milli>(steady_clock::now() - started).count();
  if (!ticked) {
    std::fprintf(stderr, "tick failed: %s\n", ticked.error().message.c_str());
    return 1;
  }
  std::printf("tick queued %d prompts in %.0f ms\n", ticked->prompts, tick_ms);

  // Waits for every prompt to be accepted, printing progress every ten seconds.
  std::size_t accepted = 0;
  auto last_report = steady_clock::now();
  while (accepted < static_cast<std::size_t>(ticked->prompts)) {
    fake.WaitForCalls("sendMessage", fake.TooManyRequests() + accepted + 1, seconds(1));
    accepted = fake.CallsTo("sendMessage").size() - fake.TooManyRequests();
    if (steady_clock::now() - last_report >= seconds(10)) {
      last_report = steady_clock::now();
      std::printf("  %zu sent, %zu answered 429\n", accepted, fake.TooManyRequests());
      std::fflush(stdout);
    }
    if (steady_clock::now() - started > minutes(30)) {
      std::fprintf(stderr, "gave up after 30 minutes\n");
      return 1;
    }
  }
  const double seconds_taken = duration<double>(steady_clock::now() - started).count();
  sender.Stop();

  // The busiest second as the fake saw it.
  const auto calls = fake.CallsTo("sendMessage");
  std::size_t busiest = 0;
  for (std::size_t first = 0, last = 0; last < calls.size(); ++last) {
    while (calls[last].at - calls[first].at >= seconds(1)) ++first;
    busiest = std::max(busiest, last - first + 1);
  }
  std::printf("prompts: %d, sent: %zu in %.1f s\n", ticked->prompts, accepted, seconds_taken);
  std::printf("send rate: %.2f messages/s (limit 30/s; %.2fx the limit)\n",
              static_cast<double>(accepted) / seconds_taken,
              static_cast<double>(accepted) / seconds_taken / 30.0);
  std::printf("busiest second at the fake API: %zu calls\n", busiest);
  std::printf("429 answers: %zu\n", fake.TooManyRequests());
  std::printf("peak memory of the process: %.1f MiB\n", PeakMemoryMiB());
  return fake.TooManyRequests() == 0 ? 0 : 2;
}

}  // namespace
}  // namespace achilles::bench

int main(int argc, char** argv) {
  const int prompts = argc > 1 ? std::atoi(argv[1]) : 10'000;
  if (prompts < 1) {
    std::fprintf(stderr, "usage: achilles_bench_burst [PROMPTS]\n");
    return 64;
  }
  return achilles::bench::Run(prompts);
}
