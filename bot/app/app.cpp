#include "bot/app/app.h"

#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "bot/app/chat_console.h"
#include "bot/app/quarantine_desk.h"
#include "bot/discord/discord_api.h"
#include "bot/discord/discord_commands.h"
#include "bot/discord/discord_interaction.h"
#include "bot/discord/discord_render.h"
#include "bot/http/http_server.h"
#include "bot/http/routes.h"
#include "bot/inbound/inbound_handler.h"
#include "bot/outbox/outbox_sender.h"
#include "bot/runtime/clock.h"
#include "bot/runtime/log.h"
#include "bot/runtime/metrics.h"
#include "bot/schedule/scheduler.h"
#include "bot/telegram/chat_admin_cache.h"
#include "bot/telegram/telegram_api.h"
#include "bot/telegram/telegram_render.h"
#include "bot/telegram/telegram_update.h"
#include "dialogs/coach.h"
#include "dialogs/knowledge_review.h"
#include "dialogs/local_time.h"
#include "storage/checkins.h"
#include "storage/deliveries.h"

namespace achilles::bot {
namespace {

// Update types the bot acts on; everything else Telegram would send is noise.
const nlohmann::json kAllowedUpdates = {"message", "edited_message", "callback_query",
                                        "my_chat_member"};

// Start-up failures: say what to fix, exit non-zero.
int StartupError(const std::string& message) {
  std::cerr << "achilles-coach: " << message << "\n";
  return 1;
}

// Forgets old delivery ids and finished outbox rows once an hour, until stopped.
class Housekeeping {
 public:
  Housekeeping(storage::Database& database, const Clock& clock)
      : thread_([this, &database, &clock] {
          std::unique_lock lock(mu_);
          while (!stopping_) {
            lock.unlock();
            try {
              auto pruned = database.Transact<int>([&](storage::Session& session) -> Result<int> {
                return storage::PruneHistory(session, clock.Now() - std::chrono::hours(24 * 7));
              });
              if (!pruned) LogWarning("housekeeping: " + pruned.error().message);
            } catch (const std::exception& e) {
              LogError(std::string("housekeeping failed: ") + e.what());  // never terminate
            }
            lock.lock();
            wake_.wait_for(lock, std::chrono::hours(1), [this] { return stopping_; });
          }
        }) {}
  ~Housekeeping() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

// Reads the time zone database now, not on a runner's first message.
void WarmTimeZones() {
  if (!dialogs::WarmTimeZones()) {
    LogWarning("no time zone database (install tzdata): only UTC+H offsets will be understood");
  }
}

dialogs::CoachSettings CoachSettingsOf(const Config& config) {
  dialogs::CoachSettings settings;
  settings.booking_url = config.booking_url;
  settings.schedule.reminder_delay = config.reminder_delay;
  return settings;
}

// What every subcommand that coaches needs first: the time zones warmed, the content and the
// database. The content must outlive every Coach built on it.
struct Foundation {
  dialogs::Content content;
  std::unique_ptr<storage::Database> database;
};

Result<Foundation> LoadFoundation(const Config& config) {
  WarmTimeZones();
  auto content = dialogs::LoadContent(config.content_dir);
  if (!content) return Fail(content.error());
  auto database = storage::Database::Open(config.database_path);
  if (!database) return Fail(database.error());
  return Foundation{std::move(*content), std::move(*database)};
}

}  // namespace

RateLimits DiscordRateLimits() {
  RateLimits limits;
  limits.overall = {45, std::chrono::milliseconds(1000)};
  limits.per_private_chat = {5, std::chrono::milliseconds(5000)};
  limits.per_group = {5, std::chrono::milliseconds(5000)};
  return limits;
}

SenderPolicy DiscordSenderPolicy() {
  SenderPolicy policy;
  policy.unmetered_methods = {kDiscordEditOriginal, kDiscordFollowUp};
  return policy;
}

int RunServe(const Config& config) {
  auto foundation = LoadFoundation(config);
  if (!foundation) return StartupError(foundation.error().message);
  const dialogs::Content& content = foundation->content;
  storage::Database& database = *foundation->database;

  SystemClock clock;
  Metrics metrics;
  const dialogs::Coach coach(content, CoachSettingsOf(config));
  TelegramRenderer telegram_renderer;

  std::unique_ptr<TelegramApi> telegram_api;
  std::unique_ptr<TelegramApi> member_api;
  std::unique_ptr<ChatAdminCache> admins;
  std::unique_ptr<OutboxSender> telegram_sender;
  std::optional<TelegramWebhookSettings> telegram_webhook;
  if (config.telegram.enabled()) {
    auto api = TelegramApi::Create(config.telegram.api_base, config.telegram.token);
    if (!api) return StartupError(api.error().message);
    telegram_api = std::move(*api);
    std::string username = config.telegram.bot_username;
    if (username.empty()) {
      auto me = telegram_api->BotUsername();
      if (!me) {
        return StartupError(me.error().message +
                            "; set TELEGRAM_BOT_USERNAME to start without asking Telegram");
      }
      username = *me;
    }
    // Asked while a webhook waits for its answer: a short timeout of its own.
    auto members = TelegramApi::Create(config.telegram.api_base, config.telegram.token,
                                       std::chrono::seconds(5));
    if (!members) return StartupError(members.error().message);
    member_api = std::move(*members);
    admins = std::make_unique<ChatAdminCache>(
        [api = member_api.get()](const std::string& chat, const std::string& user) {
          return api->IsChatAdmin(chat, user);
        },
        clock);
    telegram_webhook = TelegramWebhookSettings{
        config.telegram.webhook_secret, username,
        [cache = admins.get()](const std::string& chat, const std::string& user) {
          return cache->IsAdmin(chat, user);
        }};
    telegram_sender = std::make_unique<OutboxSender>(database, kTelegram, *telegram_api,
                                                     RateLimits{}, SenderPolicy{}, clock, &metrics);
    LogInfo("telegram on as @" + username);
  } else {
    LogInfo("telegram off (TELEGRAM_BOT_TOKEN is not set)");
  }

  DiscordRenderer discord_renderer;
  std::unique_ptr<DiscordApi> discord_api;
  std::unique_ptr<OutboxSender> discord_sender;
  std::optional<DiscordInteractionSettings> discord_interactions;
  if (config.discord.enabled()) {
    auto signature = DiscordSignature::Create(config.discord.public_key);
    if (!signature) return StartupError(signature.error().message);
    auto api = DiscordApi::Create(config.discord.api_base, config.discord.bot_token);
    if (!api) return StartupError(api.error().message);
    discord_api = std::move(*api);
    discord_interactions = DiscordInteractionSettings{*signature, &clock};
    discord_sender =
        std::make_unique<OutboxSender>(database, kDiscord, *discord_api, DiscordRateLimits(),
                                       DiscordSenderPolicy(), clock, &metrics);
    LogInfo("discord on for application " + config.discord.application_id);
  } else {
    LogInfo("discord off (DISCORD_PUBLIC_KEY is not set)");
  }

  auto wake_sender = [&](const std::string& platform) {
    if (platform == kTelegram && telegram_sender) telegram_sender->Wake();
    if (platform == kDiscord && discord_sender) discord_sender->Wake();
  };
  // Prompts go to the platforms that are on; runners of the others wait, due, until theirs is.
  std::map<std::string, const ReplyRenderer*> renderers;
  if (telegram_sender) renderers.emplace(kTelegram, &telegram_renderer);
  if (discord_sender) renderers.emplace(kDiscord, &discord_renderer);
  const SquadDesk squads(coach, telegram_webhook ? telegram_webhook->username : "");
  InboundHandler inbound(database, coach, clock, renderers, wake_sender, &squads);
  Scheduler scheduler(database, coach, clock, renderers, wake_sender, &metrics, &squads);
  Routes routes(database, inbound, metrics, telegram_webhook, discord_interactions);
  HttpServer server(ServerOptions{},
                    [&routes](const HttpRequest& request) { return routes(request); });
  auto port = server.Listen(config.listen.host, config.listen.port);
  if (!port) return StartupError(port.error().message + " (set ACHILLES_LISTEN)");

  Housekeeping housekeeping(database, clock);
  if (telegram_sender) telegram_sender->Start();
  if (discord_sender) discord_sender->Start();
  scheduler.Start(config.tick);
  server.StopOnSignals();
  server.Start();
  LogInfo("listening on " + config.listen.host + ":" + std::to_string(*port) + ", database " +
          config.database_path);
  server.Wait();
  LogInfo("server drained; stopping the scheduler and the outbox sender");
  scheduler.Stop();
  if (telegram_sender) telegram_sender->Stop();
  if (discord_sender) discord_sender->Stop();
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
  TelegramRenderer telegram_renderer;
  DiscordRenderer discord_renderer;
  const SquadDesk squads(coach, config.telegram.bot_username);
  // Replies are queued; the running `serve` sends them on its next sweep.
  InboundHandler inbound(database, coach, clock,
                         {{kTelegram, &telegram_renderer}, {kDiscord, &discord_renderer}}, nullptr,
                         &squads);
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
                                  {"allowed_updates", kAllowedUpdates},
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
