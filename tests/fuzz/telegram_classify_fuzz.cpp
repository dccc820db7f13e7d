// How an answer from the Bot API is read: two bytes of HTTP status, one of chat scope, then the
// body. Any answer becomes one outcome with a bounded wait.
#include "bot/telegram/telegram_api.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using achilles::bot::SendOutcome;
  using achilles::fuzz::Require;
  achilles::fuzz::FuzzInput input(data, size);
  const int status = input.Short() % 600;
  const auto scope = input.Byte() % 2 == 0 ? achilles::storage::ChatScope::kPrivate
                                           : achilles::storage::ChatScope::kGroup;
  const SendOutcome outcome = achilles::bot::TelegramApi::Classify(status, input.Rest(), scope);
  Require(outcome.retry_after >= std::chrono::milliseconds(0) &&
              outcome.retry_after <= achilles::bot::kLongestRetryAfter,
          "retry_after is clamped");
  Require(outcome.kind == SendOutcome::Kind::kSent || !outcome.error.empty(), "a failure says why");
  Require(outcome.kind != SendOutcome::Kind::kSent || status / 100 == 2, "sent only on 2xx");
  return 0;
}
