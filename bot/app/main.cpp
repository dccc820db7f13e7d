// achilles-coach: the command line. Parses arguments, reads the configuration from the
// environment, and runs one subcommand (bot/app/app.h).
#include <charconv>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "bot/app/app.h"
#include "bot/app/config.h"
#include "bot/app/platforms.h"

namespace {

// The usage text: the shared subcommands and settings, then each platform's.
std::string Usage() {
  using achilles::bot::PlatformModules;
  std::string usage = R"(achilles-coach: a coaching bot for runners with Achilles tendon pain.

Usage:
  achilles-coach chat [--as NAME]       talk to the coach in this terminal (no tokens needed)
  achilles-coach serve                  run the webhook server and the outbox sender
  achilles-coach updates quarantined    the updates that failed for good, kept for you
  achilles-coach updates replay ID      handle one again once its cause is fixed
  achilles-coach kb ask QUESTION        how the knowledge base reads a question
  achilles-coach kb review [--since DAYS]
                                        the questions runners asked and how it did [30 days]
)";
  for (const auto* module : PlatformModules()) usage += module->commands_help;
  usage += R"(  achilles-coach --help | --version

Environment (defaults in brackets):
  ACHILLES_LISTEN          address:port of the webhook server [127.0.0.1:8080]
  ACHILLES_DB              SQLite file [achilles-coach.db]
  ACHILLES_BOOKING_URL     the coach's consult booking link []
  ACHILLES_TICK_SECONDS    scheduler tick [30]
  ACHILLES_REMINDER_MINUTES  reminder after an unanswered prompt [180]
  ACHILLES_CONTENT_DIR     coaching texts and rules [the build's dialogs/content]
)";
  for (const auto* module : PlatformModules()) usage += module->environment_help;
  usage += "\nNot medical advice: the bot says so, and so do we.\n";
  return usage;
}

}  // namespace

using achilles::bot::FlagValue;
using achilles::bot::HasFlag;
using achilles::bot::UsageFailure;

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || HasFlag(args, "--help") || HasFlag(args, "-h")) {
    std::cout << Usage();
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "achilles-coach " << ACHILLES_VERSION << "\n";
    return 0;
  }

  auto config = achilles::bot::LoadConfig(achilles::bot::ProcessEnvironment());
  if (!config) {
    std::cerr << "achilles-coach: configuration problems:\n" << config.error().message << "\n";
    return 1;
  }

  if (args[0] == "serve" && args.size() == 1) return achilles::bot::RunServe(*config);
  if (args[0] == "chat") {
    std::string name = FlagValue(args, "--as").value_or("");
    if (name.empty() && HasFlag(args, "--as")) return UsageFailure("--as needs a name");
    if (name.empty()) {
      const char* user = std::getenv("USER");
      name = user != nullptr && *user != '\0' ? user : "runner";
    }
    return achilles::bot::RunChat(*config, name);
  }
  if (args[0] == "updates" && args.size() == 2 && args[1] == "quarantined") {
    return achilles::bot::RunUpdatesQuarantined(*config);
  }
  if (args[0] == "updates" && args.size() >= 2 && args[1] == "replay") {
    std::int64_t id = 0;
    const std::string text = args.size() == 3 ? args[2] : "";
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || id <= 0) {
      return UsageFailure("updates replay needs the id `updates quarantined` shows");
    }
    return achilles::bot::RunUpdatesReplay(*config, id);
  }
  if (args[0] == "kb" && args.size() >= 2 && args[1] == "ask") {
    if (args.size() != 3 || args[2].empty())
      return UsageFailure("kb ask needs a question in quotes");
    return achilles::bot::RunKbAsk(*config, args[2]);
  }
  if (args[0] == "kb" && args.size() >= 2 && args[1] == "review") {
    int days = 30;
    if (args.size() != 2) {
      const auto since = FlagValue(args, "--since");
      const std::string text = since.value_or("");
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), days);
      if (args.size() != 4 || text.empty() || ec != std::errc() ||
          end != text.data() + text.size() || days <= 0 || days > 3650) {
        return UsageFailure("kb review takes --since DAYS, a whole number of days from 1 to 3650");
      }
    }
    return achilles::bot::RunKbReview(*config, days);
  }
  for (const auto* module : achilles::bot::PlatformModules()) {
    if (!module->command) continue;
    if (auto code = module->command(args, config->platforms)) return *code;
  }
  return UsageFailure("unknown command: " + args[0]);
}
