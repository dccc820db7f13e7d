// The production Service (bot/app/service.h) as the integration tests run it: on a loopback
// port the system picks, with the shipped content, never ticking on its own, 2 I/O threads
// and a 50 ms retry backoff.
#pragma once

#include <memory>
#include <string>

#include "bot/app/config.h"
#include "bot/app/service.h"

namespace achilles::testing {

// A configuration with no platform on: `database_path`, 127.0.0.1:0, the built-in content.
bot::Config ServiceConfig(const std::string& database_path);

// The test defaults above; set the clock, the limits or `send` on what it returns.
bot::ServiceOptions TestServiceOptions();

// Builds and starts the service; throws when it cannot be built (a test setup failure).
std::unique_ptr<bot::Service> StartedService(const bot::Config& config,
                                             const bot::ServiceOptions& options);

}  // namespace achilles::testing
