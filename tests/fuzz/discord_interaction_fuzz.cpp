// Discord interaction bodies (already authenticated): parsed or refused, never a crash.
#include "bot/discord/discord_interaction.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using achilles::bot::DiscordInteraction;
  const achilles::fuzz::FuzzInput input(data, size);
  auto interaction = achilles::bot::ParseDiscordInteraction(input.Rest());
  if (interaction && interaction->kind == DiscordInteraction::Kind::kInbound) {
    achilles::fuzz::Require(!interaction->envelope.user_id.empty(),
                            "an inbound interaction has a user");
    achilles::fuzz::Require(!interaction->envelope.delivery_id.empty(),
                            "an interaction has a delivery id");
  }
  return 0;
}
