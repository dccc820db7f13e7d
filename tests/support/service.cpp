#include "tests/support/service.h"

#include <chrono>
#include <stdexcept>

#include "dialogs/content.h"

namespace achilles::testing {

bot::Config ServiceConfig(const std::string& database_path) {
  bot::Config config;
  config.database_path = database_path;
  config.listen = {"127.0.0.1", 0};
  config.content_dir = dialogs::BuiltInContentDir();
  return config;
}

bot::ServiceOptions TestServiceOptions() {
  bot::ServiceOptions options;
  options.schedule = false;
  options.base_backoff = std::chrono::milliseconds(50);
  options.server_threads = 2;
  return options;
}

std::unique_ptr<bot::Service> StartedService(const bot::Config& config,
                                             const bot::ServiceOptions& options) {
  auto service = bot::Service::Create(config, options);
  if (!service) throw std::runtime_error("the service did not start: " + service.error().message);
  (*service)->Start();
  return std::move(*service);
}

}  // namespace achilles::testing
