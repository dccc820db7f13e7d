// A chat platform, as the rest of the service sees it. Each platform is a folder (bot/telegram/,
// bot/discord/, bot/plugin/) that implements these interfaces and provides one PlatformModule,
// listed once in bot/app/platforms.cpp; nothing else in the service names a platform.
//
//   PlatformModule  what is known before anything is built: the name, the environment it reads
//                   (into PlatformConfigs), its subcommands, and how to build it.
//   Platform        one built and enabled platform: its renderer, its API client with its limits
//                   and retry policy (for the outbox sender), and its inbound endpoint.
//   Endpoint        the inbound side: authenticates, parses and answers one HTTP request, and
//                   replays a quarantined one.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/http/http_types.h"
#include "bot/inbound/inbound_handler.h"
#include "bot/outbox/outbox_sender.h"
#include "bot/outbox/platform_api.h"
#include "bot/outbox/rate_limiter.h"
#include "bot/outbox/reply_renderer.h"
#include "bot/platform/settings.h"
#include "bot/runtime/clock.h"
#include "dialogs/error.h"

namespace achilles::bot {

// What an endpoint hands the envelopes of one request to.
struct Intake {
  InboundHandler& inbound;
  // After handling `envelope` failed with `error`: true when it was quarantined (a retry cannot
  // help; logged and counted), so the request is answered as done; false when the platform
  // should deliver it again.
  std::function<bool(const Envelope& envelope, const Error& error)> quarantined;
};

// Thread-safe: the server's threads call Receive concurrently.
class Endpoint {
 public:
  virtual ~Endpoint() = default;

  // Served as POST path(); route() names it in the metrics and as the quarantine's source.
  virtual std::string_view path() const = 0;
  virtual std::string_view route() const = 0;

  // Authenticates the exact bytes received, then parses and answers: 401 when not authentic,
  // 400 when malformed, a 5xx when nothing was stored (the platform retries), else the 2xx the
  // platform expects once the envelope was committed.
  virtual HttpResponse Receive(const HttpRequest& request, const Intake& intake) const = 0;

  // Handles again `payload`, a request body this endpoint received and quarantined (already
  // authenticated then).
  virtual Result<Delivery> Replay(const std::string& payload, InboundHandler& inbound) const = 0;
};

class Platform {
 public:
  virtual ~Platform() = default;

  // The platform's name wherever it is stored: runners, deliveries, the outbox ("telegram").
  virtual std::string_view name() const = 0;
  virtual const ReplyRenderer& renderer() const = 0;
  virtual const Endpoint& endpoint() const = 0;

  // What the platform's outbox sender needs.
  virtual PlatformApi& api() = 0;
  virtual RateLimits limits() const = 0;
  virtual SenderPolicy sender_policy() const = 0;
};

// What a platform is built from.
struct PlatformSetup {
  const PlatformConfigs& configs;
  const Clock& clock;
  // True for an offline command (`updates replay`): build without asking the platform anything.
  bool offline = false;
};

struct PlatformModule {
  std::string name;
  // The lines of `--help` for its environment variables and its subcommands.
  std::string environment_help;
  std::string commands_help;
  // Why it is off, for the start-up log ("TELEGRAM_BOT_TOKEN is not set").
  std::string when_off;

  // Reads the platform's variables into `configs`; reports each problem (one line naming the
  // variable and what to set it to, never a secret) through `problem`.
  std::function<void(const Environment& env, PlatformConfigs& configs,
                     const std::function<void(const std::string&)>& problem)>
      configure;

  // Builds the platform when its configuration enables it; nullptr when it is off.
  std::function<Result<std::unique_ptr<Platform>>(const PlatformSetup& setup)> create;

  // Runs `args` when they are one of its subcommands ("telegram set-webhook ..."), returning the
  // exit code; nullopt when they are not its. May be unset.
  std::function<std::optional<int>(const std::vector<std::string>& args,
                                   const PlatformConfigs& configs)>
      command;
};

// Prints "achilles-coach: <message>" to stderr and returns 1 (a subcommand that failed).
int CommandFailure(const std::string& message);
// The same with a pointer to --help, returning 2 (a command line that is wrong).
int UsageFailure(const std::string& message);

// The value after `flag` in `args`, if any; whether `flag` is in `args`.
std::optional<std::string> FlagValue(const std::vector<std::string>& args, std::string_view flag);
bool HasFlag(const std::vector<std::string>& args, std::string_view flag);

}  // namespace achilles::bot
