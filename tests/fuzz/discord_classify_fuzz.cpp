// How an answer from Discord's API is read: two bytes of HTTP status, one of chat scope, then
// header lines ("name: value") up to a blank line, then the body. Any answer becomes one
// outcome with bounded waits.
#include "bot/discord/discord_api.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using achilles::bot::SendOutcome;
  using achilles::fuzz::Require;
  achilles::fuzz::FuzzInput input(data, size);
  achilles::bot::DiscordAnswer answer;
  answer.status = input.Short() % 600;
  const auto scope = input.Byte() % 2 == 0 ? achilles::storage::ChatScope::kPrivate
                                           : achilles::storage::ChatScope::kGroup;
  std::string_view rest = input.Rest();
  while (!rest.empty()) {
    const std::size_t end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    if (line.empty()) break;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    answer.headers[std::string(line.substr(0, colon))] = std::string(value);
  }
  answer.body = std::string(rest);
  const SendOutcome outcome = achilles::bot::DiscordApi::Classify(answer, scope);
  const auto longest = std::chrono::milliseconds(achilles::bot::kLongestRetryAfter);
  Require(outcome.retry_after >= std::chrono::milliseconds(0) && outcome.retry_after <= longest,
          "retry_after is clamped");
  Require(outcome.chat_pause >= std::chrono::milliseconds(0) && outcome.chat_pause <= longest,
          "a bucket's pause is clamped");
  Require(outcome.kind == SendOutcome::Kind::kSent || !outcome.error.empty(), "a failure says why");
  return 0;
}
