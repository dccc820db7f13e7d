// The composition root: the whole server (content, database, each enabled platform's API
// client, renderer and outbox sender, the inbound handler, the scheduler, the routes, the HTTP
// server and housekeeping) built from one Config. `achilles-coach serve` runs it, and so do the
// integration tests: they change only the clock, the platforms' API base URLs, the database
// path and the knobs in ServiceOptions.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bot/app/config.h"
#include "bot/inbound/inbound_handler.h"
#include "bot/outbox/outbox_sender.h"
#include "bot/outbox/rate_limiter.h"
#include "bot/platform/platform.h"
#include "bot/runtime/clock.h"
#include "bot/schedule/scheduler.h"
#include "dialogs/coach.h"
#include "dialogs/error.h"
#include "storage/database.h"

namespace achilles::bot {

struct ServiceOptions {
  const Clock* clock = nullptr;  // the system clock when unset; must outlive the Service
  // False: replies are stored in the outbox and nothing is sent (a crash before the sender ran).
  bool send = true;
  // False: the scheduler does not tick on its own; scheduler().Tick() is called by hand.
  bool schedule = true;
  // Send limits by platform name, and the retry backoff; each platform's own where unset.
  std::map<std::string, RateLimits> limits;
  std::optional<std::chrono::milliseconds> base_backoff;
  unsigned server_threads = 0;  // I/O threads; 0: one per core
};

class Service {
 public:
  // Loads the content, opens the database, builds each platform the config enables
  // (bot/app/platforms.h; Telegram asks for the bot's name when TELEGRAM_BOT_USERNAME is unset)
  // and binds config.listen.
  // Nothing runs until Start().
  static Result<std::unique_ptr<Service>> Create(const Config& config, ServiceOptions options = {});
  ~Service();  // stops whatever still runs
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Starts the senders, the scheduler's ticks and the server.
  void Start();
  // Stops the server on SIGINT or SIGTERM (Wait() then returns).
  void StopOnSignals();
  // Until the server has stopped and drained.
  void Wait();
  // The server, then the scheduler and the senders. Safe to call twice.
  void Stop();

  std::uint16_t port() const;  // the bound port (config.listen's, or the one chosen for 0)
  storage::Database& database();
  Scheduler& scheduler();
  InboundHandler& inbound();
  const dialogs::Coach& coach() const;
  // The enabled platforms' inbound endpoints (for replaying what they quarantined).
  const std::vector<const Endpoint*>& endpoints() const;

 private:
  struct Parts;
  explicit Service(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace achilles::bot
