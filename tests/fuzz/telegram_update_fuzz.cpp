// Telegram webhook bodies: any bytes are parsed or refused with an error, never a crash; what is
// accepted has an update id and, when it is for the coach, a chat and a sender.
#include "bot/telegram/telegram_update.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using achilles::bot::TelegramUpdate;
  const achilles::fuzz::FuzzInput input(data, size);
  auto update = achilles::bot::ParseTelegramUpdate(input.Rest(), "AchillesCoachBot");
  if (update && update->kind == TelegramUpdate::Kind::kInbound) {
    achilles::fuzz::Require(!update->envelope.chat_id.empty(), "an inbound update has a chat");
    achilles::fuzz::Require(!update->envelope.user_id.empty(), "an inbound update has a sender");
    achilles::fuzz::Require(!update->envelope.delivery_id.empty(), "an update has a delivery id");
  }
  return 0;
}
