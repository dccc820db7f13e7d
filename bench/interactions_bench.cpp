// Issue 6: what answering a Discord interaction costs before its HTTP response can go, against
// Discord's 3-second deadline: Ed25519 verification alone, a PING (verify, parse, PONG), and a
// command handled and committed with its reply in the outbox (a WAL database file). The same
// command through the Telegram webhook (secret header, no signature) is the baseline.
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>

#include "bot/discord/discord_interaction.h"
#include "bot/discord/discord_platform.h"
#include "bot/discord/discord_render.h"
#include "bot/discord/discord_signature.h"
#include "bot/http/routes.h"
#include "bot/inbound/squad_desk.h"
#include "bot/telegram/telegram_platform.h"
#include "bot/telegram/telegram_render.h"
#include "bot/telegram/telegram_update.h"
#include "tests/support/discord_signer.h"
#include "tests/support/fixtures.h"

namespace achilles::bench {
namespace {

using nlohmann::json;

constexpr char kSecret[] = "bench-secret";

class Service {
 public:
  Service()
      : database_(*storage::Database::Open((dir_.path() / "bench.db").string())),
        coach_(testing::ShippedContent()),
        squads_(coach_),
        inbound_(*database_, coach_, clock_,
                 {{bot::kDiscord, &discord_}, {bot::kTelegram, &telegram_}}, nullptr, &squads_),
        telegram_webhook_(bot::TelegramWebhookSettings{kSecret, "AchillesCoachBot", {}}),
        discord_interactions_(*bot::DiscordSignature::Create(testing::kDiscordTestPublicKey),
                              clock_),
        routes_(*database_, inbound_, metrics_, {&telegram_webhook_, &discord_interactions_}) {}

  // A request as Discord sends it, signed now (signing is Discord's cost: done untimed).
  bot::HttpRequest Discord(const std::string& body) const {
    const std::string timestamp = std::to_string(ToUnixMillis(clock_.Now()) / 1000);
    bot::HttpRequest request{"POST", "/discord/interactions", {}, body};
    request.headers["x-signature-timestamp"] = timestamp;
    request.headers["x-signature-ed25519"] = testing::SignDiscord(timestamp, body);
    return request;
  }
  static bot::HttpRequest Telegram(const std::string& body) {
    bot::HttpRequest request{"POST", "/telegram/webhook", {}, body};
    request.headers["x-telegram-bot-api-secret-token"] = kSecret;
    return request;
  }
  bot::HttpResponse Answer(const bot::HttpRequest& request) const { return routes_(request); }

 private:
  testing::TempDir dir_;
  bot::SystemClock clock_;
  bot::Metrics metrics_;
  std::unique_ptr<storage::Database> database_;
  dialogs::Coach coach_;
  bot::SquadDesk squads_;
  bot::DiscordRenderer discord_;
  bot::TelegramRenderer telegram_;
  bot::InboundHandler inbound_;
  bot::TelegramWebhook telegram_webhook_;
  bot::DiscordInteractions discord_interactions_;
  bot::Routes routes_;
};

void BM_VerifySignature(benchmark::State& state) {
  const auto index = json::parse(testing::ReadFixture("discord/signatures.json"));
  const auto key = *bot::DiscordSignature::Create(index["public_key"].get<std::string>());
  const std::string body = testing::ReadFixture("discord/command_checkin_dm.json");
  const std::string timestamp = index["signed"][1]["timestamp"];
  const std::string signature = index["signed"][1]["signature"];
  for (auto _ : state) benchmark::DoNotOptimize(key.Verify(timestamp, body, signature));
}
BENCHMARK(BM_VerifySignature);

void BM_DiscordPing(benchmark::State& state) {
  Service service;
  const auto ping = service.Discord(testing::ReadFixture("discord/ping.json"));
  for (auto _ : state) {
    if (service.Answer(ping).status != 200) state.SkipWithError("ping refused");
  }
}
BENCHMARK(BM_DiscordPing)->Unit(benchmark::kMicrosecond);

void BM_DiscordHelpCommitted(benchmark::State& state) {
  Service service;
  json body = json::parse(testing::ReadFixture("discord/command_checkin_dm.json"));
  body["data"] = {{"name", "help"}, {"type", 1}};
  std::int64_t id = 1400000000000000000;
  for (auto _ : state) {
    state.PauseTiming();
    body["id"] = std::to_string(++id);
    const auto request = service.Discord(body.dump());
    state.ResumeTiming();
    if (service.Answer(request).status != 200) state.SkipWithError("not committed");
  }
}
BENCHMARK(BM_DiscordHelpCommitted)->Unit(benchmark::kMicrosecond);

void BM_TelegramHelpCommitted(benchmark::State& state) {
  Service service;
  json update = json::parse(testing::ReadFixture("telegram/private_start.json"));
  update["message"]["text"] = "/help";
  update["message"]["entities"][0]["length"] = 5;
  std::int64_t id = 1;
  for (auto _ : state) {
    state.PauseTiming();
    update["update_id"] = ++id;
    const auto request = Service::Telegram(update.dump());
    state.ResumeTiming();
    if (service.Answer(request).status != 200) state.SkipWithError("not committed");
  }
}
BENCHMARK(BM_TelegramHelpCommitted)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace achilles::bench

BENCHMARK_MAIN();
