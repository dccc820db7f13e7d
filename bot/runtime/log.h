// Minimal structured logging to stderr, one line per event. Thread-safe.
// Never pass a token or a runner's message text; log ids and outcomes.
#pragma once

#include <string_view>

namespace achilles::bot {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

void SetLogLevel(LogLevel level);
void Log(LogLevel level, std::string_view message);

inline void LogInfo(std::string_view message) { Log(LogLevel::kInfo, message); }
inline void LogWarning(std::string_view message) { Log(LogLevel::kWarning, message); }
inline void LogError(std::string_view message) { Log(LogLevel::kError, message); }

}  // namespace achilles::bot
