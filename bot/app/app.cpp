#include "bot/app/app.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "bot/app/chat_console.h"
#include "bot/app/foundation.h"
#include "bot/app/quarantine_desk.h"
#include "bot/app/service.h"
#include "bot/discord/discord_api.h"
#include "bot/discord/discord_commands.h"
#include "bot/discord/discord_interaction.h"
#include "bot/discord/discord_render.h"
#include "bot/inbound/inbound_handler.h"
#include "bot/inbound/squad_desk.h"
#include "bot/plugin/plugin_event.h"
#include "bot/plugin/plugin_render.h"
#include "bot/runtime/clock.h"
#include "bot/runtime/log.h"
#include "bot/telegram/telegram_api.h"
#include "bot/telegram/telegram_render.h"
#include "bot/telegram/telegram_update.h"
#include "dialogs/coach.h"
#include "dialogs/knowledge_review.h"
#include "storage/checkins.h"

namespace achilles::bot {
namespace {

// Start-up failures: say what to fix, exit non-zero.
int StartupError(const std::string& message) {
  std::cerr << "achilles-coach: " << message << "\n";
  return 1;
}

}  // namespace

int RunServe(const Config& config) {
  auto service = Service::Create(config);
  if (!service) return StartupError(service.error().message);
  (*service)->StopOnSignals();
  (*service)->Start();
  LogInfo("listening on " + config.listen.host + ":" + std::to_string((*service)->port()) +
          ", database " + config.database_path);
  (*service)->Wait();
  LogInfo("server drained; stopping the scheduler and the outbox sender");
  (*service)->Stop();
  return 0;
}

int RunChat(const Config& config, const std::string& runner_name) {
  auto foundation = LoadFoundation(config);
  if (!foundation) return StartupError(foundation.error().message);
  const dialogs::Content& content = foundation->content;
  storage::Database& database = *foundation->database;
  SystemClock clock;
  const dialogs::Coach coach(content, CoachSettingsOf(config));
  ChatConsole console(database, coach, clock, runner_name);
  return console.Run(std::cin, std::cout);
}

int RunKbAsk(const Config& config, const std::string& question) {
  auto content = dialogs::LoadContent(config.content_dir);
  if (!content) return StartupError(content.error().message);
  const dialogs::KnowledgeBase base(content->knowledge);
  const auto matches = base.Search(question, 3);
  for (const auto& match : matches) {
    std::printf("%-28s score %6.2f  coverage %.2f%s\n", match.entry->id.c_str(), match.score,
                match.coverage, match.names_title ? "  names the title" : "");
  }
  const auto answer = dialogs::AnswerQuestion(base, question);
  std::printf("chance right %.3f (the gate: %.3f): ", dialogs::ChanceRight(matches, base.gate()),
              base.gate().threshold);
  switch (answer.kind) {
    case dialogs::QuestionAnswer::Kind::kAnswer:
      std::printf("answered with %s\n", answer.entry->id.c_str());
      break;
    case dialogs::QuestionAnswer::Kind::kUnsure:
      std::printf("not sure, the closest topics offered\n");
      break;
    case dialogs::QuestionAnswer::Kind::kOutOfScope:
      std::printf("%s\n", base.Outside(question) ? "out of scope (another body part or condition)"
                                                 : "out of scope (no word the base knows)");
      break;
  }
  return 0;
}

int RunKbReview(const Config& config, int days) {
  auto foundation = LoadFoundation(config);
  if (!foundation) return StartupError(foundation.error().message);
  const dialogs::KnowledgeBase base(foundation->content.knowledge);
  const TimePoint since = SystemClock().Now() - std::chrono::days(days);
  using Kind = dialogs::CoachEvent::Kind;
  auto events = foundation->database->Transact<std::vector<storage::StoredEvent>>(
      [&](storage::Session& session) -> Result<std::vector<storage::StoredEvent>> {
        return storage::EventsSince(session,
                                    {Kind::kQuestionAnswered, Kind::kQuestionUnsure,
                                     Kind::kQuestionOutOfScope, Kind::kAnswerFeedback},
                                    since);
      });
  if (!events) return StartupError(events.error().message);
  std::vector<dialogs::RunnerEvent> kept;
  kept.reserve(events->size());
  for (auto& stored : *events) kept.push_back({stored.runner_id, std::move(stored.event)});
  std::cout << dialogs::KnowledgeReviewText(base, kept, days);
  return 0;
}

int RunUpdatesQuarantined(const Config& config) {
  auto database = storage::Database::Open(config.database_path);
  if (!database) return StartupError(database.error().message);
  auto text = ListQuarantinedText(**database);
  if (!text) return StartupError(text.error().message);
  std::cout << *text;
  return 0;
}

int RunUpdatesReplay(const Config& config, std::int64_t id) {
  auto foundation = LoadFoundation(config);
  if (!foundation) return StartupError(foundation.error().message);
  const dialogs::Content& content = foundation->content;
  storage::Database& database = *foundation->database;
  SystemClock clock;
  const dialogs::Coach coach(content, CoachSettingsOf(config));
  TelegramRenderer telegram_renderer(config.telegram.bot_username);
  DiscordRenderer discord_renderer;
  PluginRenderer plugin_renderer;
  const SquadDesk squads(coach);
  // Replies are queued; the running `serve` sends them on its next sweep.
  InboundHandler inbound(
      database, coach, clock,
      {{kTelegram, &telegram_renderer}, {kDiscord, &discord_renderer}, {kPlugin, &plugin_renderer}},
      nullptr, &squads);
  auto replayed = ReplayQuarantined(database, inbound, clock, config.telegram.bot_username, id);
  if (!replayed) {
    std::cerr << "achilles-coach: update " << id << " not replayed: " << replayed.error().message
              << "\n";
    return 1;
  }
  std::cout << *replayed;
  return 0;
}

int RunTelegramSetWebhook(const Config& config, const std::string& url, bool drop_pending) {
  if (!config.telegram.enabled()) {
    return StartupError("set TELEGRAM_BOT_TOKEN (and TELEGRAM_WEBHOOK_SECRET) first");
  }
  if (url.rfind("https://", 0) != 0) {
    return StartupError("--url must be the public https:// address of /telegram/webhook");
  }
  auto api = TelegramApi::Create(config.telegram.api_base, config.telegram.token);
  if (!api) return StartupError(api.error().message);
  const nlohmann::json request = {{"url", url},
                                  {"secret_token", config.telegram.webhook_secret},
                                  {"allowed_updates", TelegramUpdateTypes()},
                                  {"drop_pending_updates", drop_pending}};
  auto answer = (*api)->Call("setWebhook", request.dump());
  if (!answer) return StartupError(answer.error().message);
  std::cout << *answer << "\n";
  const auto parsed = nlohmann::json::parse(*answer, nullptr, false);
  return parsed.is_object() && parsed.value("ok", false) ? 0 : 1;
}

int RunDiscordRegisterCommands(const Config& config, const std::string& guild) {
  if (config.discord.application_id.empty() || config.discord.bot_token.empty()) {
    return StartupError("set DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN first");
  }
  if (!guild.empty() &&
      !std::all_of(guild.begin(), guild.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return StartupError("--guild must be the server's numeric id");
  }
  auto api = DiscordApi::Create(config.discord.api_base, config.discord.bot_token);
  if (!api) return StartupError(api.error().message);
  std::string path = "/applications/" + config.discord.application_id;
  if (!guild.empty()) path += "/guilds/" + guild;
  path += "/commands";
  auto answer = (*api)->Call("PUT", path, DiscordCommandsJson());
  if (!answer) return StartupError(answer.error().message);
  std::cout << answer->body << "\n";
  return answer->status / 100 == 2 ? 0 : 1;
}

}  // namespace achilles::bot
