#include "bot/platform/platform.h"

#include <iostream>

namespace achilles::bot {

int CommandFailure(const std::string& message) {
  std::cerr << "achilles-coach: " << message << "\n";
  return 1;
}

int UsageFailure(const std::string& message) {
  std::cerr << "achilles-coach: " << message << "\nRun achilles-coach --help for usage.\n";
  return 2;
}

std::optional<std::string> FlagValue(const std::vector<std::string>& args, std::string_view flag) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == flag) return args[i + 1];
  }
  return std::nullopt;
}

bool HasFlag(const std::vector<std::string>& args, std::string_view flag) {
  for (const auto& arg : args) {
    if (arg == flag) return true;
  }
  return false;
}

}  // namespace achilles::bot
