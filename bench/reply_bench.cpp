// Issue 16: how long a whole reply takes to reach a private chat. RUNNERS new runners (10 by
// default) go through onboarding and a check-in at the same moments, as a new user would: /start,
// then the first button under the last message, round after round (2 s after the last reply
// arrived: reading and tapping take a runner at least that), and a one-line check-in when a
// message has no buttons. The real service sends through a fake Bot API on loopback that holds
// it to Telegram's limits (30 messages a second overall, one a second per chat; 429 otherwise).
// For each update: from its webhook's 200 to the arrival of the last message it caused.
// Prints the messages per reply and the p50, p99 and slowest whole reply. Real time, not a test.
//
//   build/bench/achilles_bench_replies [RUNNERS] [ROUNDS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "bot/app/service.h"
#include "bot/telegram/telegram_platform.h"
#include "storage/outbox.h"
#include "tests/support/fake_bot_api.h"
#include "tests/support/fixtures.h"
#include "tests/support/http_client.h"
#include "tests/support/service.h"

namespace achilles::bench {
namespace {

using namespace std::chrono;
using nlohmann::json;
using Clock = steady_clock;

constexpr char kSecret[] = "bench-secret";
constexpr auto kTimeToRead = std::chrono::seconds(2);

json Chat(std::int64_t chat) {
  return {{"id", chat}, {"type", "private"}, {"first_name", "Runner"}};
}
json From(std::int64_t chat) {
  return {{"id", chat}, {"is_bot", false}, {"first_name", "Runner"}, {"language_code", "en"}};
}
std::string Text(int update_id, std::int64_t chat, const std::string& text) {
  return json{{"update_id", update_id},
              {"message",
               {{"message_id", update_id},
                {"date", 1764000000},
                {"chat", Chat(chat)},
                {"from", From(chat)},
                {"text", text}}}}
      .dump();
}
std::string Press(int update_id, std::int64_t chat, const std::string& data) {
  return json{
      {"update_id", update_id},
      {"callback_query",
       {{"id", "cb" + std::to_string(update_id)},
        {"from", From(chat)},
        {"message", {{"message_id", 1}, {"date", 1764000000}, {"chat", Chat(chat)}, {"text", "?"}}},
        {"chat_instance", "1"},
        {"data", data}}}}
      .dump();
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto at = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(at, values.size() - 1)];
}

int Run(int runners, int rounds) {
  testing::TempDir dir;
  testing::FakeBotApi fake;
  fake.EnforceLimits(30, milliseconds(1000));
  bot::Config config = testing::ServiceConfig((dir.path() / "replies.db").string());
  auto& telegram = config.platforms.Get<bot::TelegramConfig>();
  telegram.token = "7000000001:BENCH";
  telegram.webhook_secret = kSecret;
  telegram.api_base = fake.base_url();
  telegram.bot_username = "AchillesCoachBot";
  // The production limits and backoff, not the tests' shorter ones.
  bot::ServiceOptions options;
  auto service = testing::StartedService(config, options);
  const std::map<std::string, std::string> headers{{"Content-Type", "application/json"},
                                                   {"X-Telegram-Bot-Api-Secret-Token", kSecret}};

  // Each chat's next update: the last message's first button, else a one-line check-in.
  std::map<std::int64_t, std::string> next;
  std::map<std::int64_t, bool> checked_in;
  for (int i = 0; i < runners; ++i) next[910000000 + i] = "/start";
  std::vector<double> seconds;
  std::size_t messages = 0;
  std::size_t replies = 0;
  int update_id = 1;
  for (int round = 0; round < rounds && !next.empty(); ++round) {
    std::map<std::int64_t, Clock::time_point> answered;
    const std::size_t calls_before = fake.Calls().size();
    for (const auto& [chat, what] : next) {
      const std::string body = what.rfind("press:", 0) == 0 ? Press(update_id, chat, what.substr(6))
                                                            : Text(update_id, chat, what);
      ++update_id;
      const auto response =
          testing::HttpCall(service->port(), "POST", "/telegram/webhook", body, headers);
      if (response.status != 200) {
        std::fprintf(stderr, "webhook answered %u\n", response.status);
        return 1;
      }
      answered[chat] = Clock::now();
    }
    // Until everything this round queued has been sent.
    const auto deadline = Clock::now() + minutes(2);
    while (true) {
      const auto pending = service->database().Read<std::int64_t>(
          [](storage::Session& s) -> Result<std::int64_t> { return storage::PendingCount(s); });
      if (pending && *pending == 0) break;
      if (Clock::now() > deadline) {
        std::fprintf(stderr, "the outbox did not empty within 2 minutes\n");
        return 1;
      }
      std::this_thread::sleep_for(milliseconds(10));
    }
    const auto calls = fake.Calls();
    std::map<std::int64_t, Clock::time_point> last;
    std::map<std::int64_t, json> last_message;
    std::map<std::int64_t, int> count;
    for (std::size_t i = calls_before; i < calls.size(); ++i) {
      const auto& call = calls[i];
      if (call.method != "sendMessage" && call.method != "sendPhoto") continue;
      const auto chat = call.payload["chat_id"].get<std::int64_t>();
      last[chat] = std::max(last[chat], call.at);
      last_message[chat] = call.payload;
      ++count[chat];
    }
    std::map<std::int64_t, std::string> following;
    for (const auto& [chat, at] : answered) {
      if (!last.contains(chat)) continue;
      seconds.push_back(duration<double>(last[chat] - at).count());
      messages += static_cast<std::size_t>(count[chat]);
      ++replies;
      const json& message = last_message[chat];
      if (message.contains("reply_markup") && message["reply_markup"].contains("inline_keyboard")) {
        const auto& button = message["reply_markup"]["inline_keyboard"][0][0];
        if (button.contains("callback_data")) {
          following[chat] = "press:" + button["callback_data"].get<std::string>();
          continue;
        }
      }
      if (!checked_in[chat]) {
        following[chat] = "/checkin stiffness 2 pain 1 rehab 1 ran 3km";
        checked_in[chat] = true;
      }
    }
    next = std::move(following);
    std::this_thread::sleep_for(kTimeToRead);
  }
  std::printf("%d runners at once, %zu replies, %.2f messages a reply, 429 answers: %zu\n", runners,
              replies,
              replies == 0 ? 0.0 : static_cast<double>(messages) / static_cast<double>(replies),
              fake.TooManyRequests());
  std::printf(
      "whole reply (webhook 200 to its last message): p50 %.3f s, p99 %.3f s, "
      "slowest %.3f s (target 1 s)\n",
      Percentile(seconds, 0.5), Percentile(seconds, 0.99), Percentile(seconds, 1.0));
  return 0;
}

}  // namespace
}  // namespace achilles::bench

int main(int argc, char** argv) {
  const int runners = argc > 1 ? std::atoi(argv[1]) : 10;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 12;
  return achilles::bench::Run(runners, rounds);
}
