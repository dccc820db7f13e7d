#include "bot/app/service.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "bot/app/app.h"
#include "bot/app/foundation.h"
#include "bot/discord/discord_api.h"
#include "bot/discord/discord_interaction.h"
#include "bot/discord/discord_limits.h"
#include "bot/discord/discord_render.h"
#include "bot/discord/discord_signature.h"
#include "bot/http/http_server.h"
#include "bot/http/routes.h"
#include "bot/inbound/squad_desk.h"
#include "bot/plugin/plugin_api.h"
#include "bot/plugin/plugin_event.h"
#include "bot/plugin/plugin_render.h"
#include "bot/runtime/log.h"
#include "bot/runtime/metrics.h"
#include "bot/telegram/chat_admin_cache.h"
#include "bot/telegram/telegram_api.h"
#include "bot/telegram/telegram_render.h"
#include "bot/telegram/telegram_update.h"
#include "storage/deliveries.h"

namespace achilles::bot {
namespace {

// Forgets old delivery ids and finished outbox rows once an hour, until destroyed.
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

}  // namespace

// Declared in the order they are built; destroyed in reverse, so nothing outlives what it uses.
struct Service::Parts {
  ServiceOptions options;
  std::chrono::seconds tick{30};
  SystemClock system_clock;
  const Clock* clock = &system_clock;
  Metrics metrics;
  Foundation foundation;
  std::unique_ptr<dialogs::Coach> coach;

  TelegramRenderer telegram_renderer;
  std::unique_ptr<TelegramApi> telegram_api;
  std::unique_ptr<TelegramApi> member_api;  // getChatMember, with a short timeout of its own
  std::unique_ptr<ChatAdminCache> admins;
  std::optional<TelegramWebhookSettings> telegram_webhook;

  DiscordRenderer discord_renderer;
  std::unique_ptr<DiscordApi> discord_api;
  std::optional<DiscordInteractionSettings> discord_interactions;

  PluginRenderer plugin_renderer;
  std::unique_ptr<PluginApi> plugin_api;
  std::optional<PluginEventSettings> plugin_events;

  std::map<std::string, std::unique_ptr<OutboxSender>> senders;  // by platform

  std::unique_ptr<SquadDesk> squads;
  std::unique_ptr<InboundHandler> inbound;
  std::unique_ptr<Scheduler> scheduler;
  std::unique_ptr<Routes> routes;
  std::unique_ptr<HttpServer> server;
  std::unique_ptr<Housekeeping> housekeeping;
  std::uint16_t port = 0;
  bool started = false;
  bool stopped = false;

  void Wake(const std::string& platform) {
    if (auto it = senders.find(platform); it != senders.end()) it->second->Wake();
  }
};

Result<std::unique_ptr<Service>> Service::Create(const Config& config, ServiceOptions options) {
  auto parts = std::make_unique<Parts>();
  Parts& p = *parts;
  p.options = options;
  p.tick = config.tick;
  if (options.clock != nullptr) p.clock = options.clock;
  auto foundation = LoadFoundation(config);
  if (!foundation) return Fail(foundation.error());
  p.foundation = std::move(*foundation);
  storage::Database& database = *p.foundation.database;
  p.coach = std::make_unique<dialogs::Coach>(p.foundation.content, CoachSettingsOf(config));

  // Each enabled platform's outbox is sent by a sender of its own, within its own limits.
  auto add_sender = [&](const std::string& platform, PlatformApi& api, RateLimits limits,
                        SenderPolicy policy) {
    if (!options.send) return;
    if (options.base_backoff) policy.base_backoff = *options.base_backoff;
    p.senders.emplace(platform, std::make_unique<OutboxSender>(database, platform, api, limits,
                                                               policy, *p.clock, &p.metrics));
  };

  if (config.telegram.enabled()) {
    auto api = TelegramApi::Create(config.telegram.api_base, config.telegram.token);
    if (!api) return Fail(api.error());
    p.telegram_api = std::move(*api);
    std::string username = config.telegram.bot_username;
    if (username.empty()) {
      auto me = p.telegram_api->BotUsername();
      if (!me) {
        return Fail(Error::InvalidInput(
            me.error().message + "; set TELEGRAM_BOT_USERNAME to start without asking Telegram"));
      }
      username = *me;
    }
    p.telegram_renderer = TelegramRenderer(username);
    // Asked while a webhook waits for its answer: a short timeout of its own.
    auto members = TelegramApi::Create(config.telegram.api_base, config.telegram.token,
                                       std::chrono::seconds(5));
    if (!members) return Fail(members.error());
    p.member_api = std::move(*members);
    p.admins = std::make_unique<ChatAdminCache>(
        [api = p.member_api.get()](const std::string& chat, const std::string& user) {
          return api->IsChatAdmin(chat, user);
        },
        *p.clock);
    p.telegram_webhook = TelegramWebhookSettings{
        config.telegram.webhook_secret, username,
        [cache = p.admins.get()](const std::string& chat, const std::string& user) {
          return cache->IsAdmin(chat, user);
        }};
    add_sender(kTelegram, *p.telegram_api, options.telegram_limits.value_or(RateLimits{}),
               SenderPolicy{});
    LogInfo("telegram on as @" + username);
  } else {
    LogInfo("telegram off (TELEGRAM_BOT_TOKEN is not set)");
  }

  if (config.discord.enabled()) {
    auto signature = DiscordSignature::Create(config.discord.public_key);
    if (!signature) return Fail(signature.error());
    auto api = DiscordApi::Create(config.discord.api_base, config.discord.bot_token);
    if (!api) return Fail(api.error());
    p.discord_api = std::move(*api);
    p.discord_interactions = DiscordInteractionSettings{*signature, p.clock};
    add_sender(kDiscord, *p.discord_api, options.discord_limits.value_or(DiscordRateLimits()),
               DiscordSenderPolicy());
    LogInfo("discord on for application " + config.discord.application_id);
  } else {
    LogInfo("discord off (DISCORD_PUBLIC_KEY is not set)");
  }

  if (config.plugin.enabled()) {
    auto api = PluginApi::Create(config.plugin.callback_url, config.plugin.secret, *p.clock);
    if (!api) return Fail(api.error());
    p.plugin_api = std::move(*api);
    p.plugin_events = PluginEventSettings{config.plugin.secret, p.clock};
    add_sender(kPlugin, *p.plugin_api, options.plugin_limits.value_or(PluginRateLimits()),
               PluginSenderPolicy());
    LogInfo("plug-in channel on, replies to " + config.plugin.callback_url);
  } else {
    LogInfo("plug-in channel off (ACHILLES_PLUGIN_SECRET is not set)");
  }

  // Prompts go to the platforms that are on; runners of the others wait, due, until theirs is.
  std::map<std::string, const ReplyRenderer*> renderers;
  if (p.telegram_webhook) renderers.emplace(kTelegram, &p.telegram_renderer);
  if (p.discord_interactions) renderers.emplace(kDiscord, &p.discord_renderer);
  if (p.plugin_events) renderers.emplace(kPlugin, &p.plugin_renderer);
  auto wake = [parts = &p](const std::string& platform) { parts->Wake(platform); };
  p.squads = std::make_unique<SquadDesk>(*p.coach);
  p.inbound = std::make_unique<InboundHandler>(database, *p.coach, *p.clock, renderers, wake,
                                               p.squads.get());
  p.scheduler = std::make_unique<Scheduler>(database, *p.coach, *p.clock, renderers, wake,
                                            &p.metrics, p.squads.get());
  p.routes = std::make_unique<Routes>(database, *p.inbound, p.metrics, p.telegram_webhook,
                                      p.discord_interactions, p.plugin_events);
  ServerOptions server_options;
  server_options.threads = options.server_threads;
  p.server = std::make_unique<HttpServer>(
      server_options, [routes = p.routes.get()](const HttpRequest& r) { return (*routes)(r); });
  auto port = p.server->Listen(config.listen.host, config.listen.port);
  if (!port) {
    return Fail(Error::InvalidInput(port.error().message + " (set ACHILLES_LISTEN)"));
  }
  p.port = *port;
  return std::unique_ptr<Service>(new Service(std::move(parts)));
}

Service::Service(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Service::~Service() { Stop(); }

void Service::Start() {
  Parts& p = *parts_;
  if (p.started) return;
  p.started = true;
  p.housekeeping = std::make_unique<Housekeeping>(*p.foundation.database, *p.clock);
  for (auto& [platform, sender] : p.senders) sender->Start();
  if (p.options.schedule) p.scheduler->Start(p.tick);
  p.server->Start();
}

void Service::StopOnSignals() { parts_->server->StopOnSignals(); }

void Service::Wait() { parts_->server->Wait(); }

void Service::Stop() {
  Parts& p = *parts_;
  if (!p.started || p.stopped) return;
  p.stopped = true;
  p.server->Stop();
  p.server->Wait();
  p.scheduler->Stop();
  for (auto& [platform, sender] : p.senders) sender->Stop();
  p.housekeeping.reset();
}

std::uint16_t Service::port() const { return parts_->port; }
storage::Database& Service::database() { return *parts_->foundation.database; }
Scheduler& Service::scheduler() { return *parts_->scheduler; }
InboundHandler& Service::inbound() { return *parts_->inbound; }
const dialogs::Coach& Service::coach() const { return *parts_->coach; }

}  // namespace achilles::bot
