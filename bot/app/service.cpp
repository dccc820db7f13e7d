#include "bot/app/service.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bot/app/foundation.h"
#include "bot/app/platforms.h"
#include "bot/http/http_server.h"
#include "bot/http/routes.h"
#include "bot/inbound/squad_desk.h"
#include "bot/runtime/log.h"
#include "bot/runtime/metrics.h"
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

  EnabledPlatforms platforms;
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

  // Prompts go to the platforms that are on; runners of the others wait, due, until theirs is.
  auto enabled = BuildPlatforms(config.platforms, *p.clock, /*offline=*/false);
  if (!enabled) return Fail(enabled.error());
  p.platforms = std::move(*enabled);
  // Each platform's outbox is sent by a sender of its own, within its own limits.
  for (const auto& platform : p.platforms.platforms) {
    if (!options.send) continue;  // replies stay in the outbox (ServiceOptions::send)
    const std::string name(platform->name());
    SenderPolicy policy = platform->sender_policy();
    if (options.base_backoff) policy.base_backoff = *options.base_backoff;
    auto limits = options.limits.find(name);
    p.senders.emplace(
        name, std::make_unique<OutboxSender>(
                  database, name, platform->api(),
                  limits != options.limits.end() ? limits->second : platform->limits(), policy,
                  *p.clock, &p.metrics));
  }
  auto wake = [parts = &p](const std::string& platform) { parts->Wake(platform); };
  p.squads = std::make_unique<SquadDesk>(*p.coach);
  p.inbound = std::make_unique<InboundHandler>(database, *p.coach, *p.clock, p.platforms.renderers,
                                               wake, p.squads.get());
  p.scheduler = std::make_unique<Scheduler>(database, *p.coach, *p.clock, p.platforms.renderers,
                                            wake, &p.metrics, p.squads.get());
  p.routes = std::make_unique<Routes>(database, *p.inbound, p.metrics, p.platforms.endpoints);
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
const std::vector<const Endpoint*>& Service::endpoints() const {
  return parts_->platforms.endpoints;
}

}  // namespace achilles::bot
