// Command text as Telegram and the terminal write it ("/checkin@AchillesCoachBot stiff 3").
#include "bot/inbound/command_text.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using achilles::fuzz::Require;
  const achilles::fuzz::FuzzInput input(data, size);
  for (std::string_view bot : {"AchillesCoachBot", ""}) {
    auto command = achilles::bot::ParseCommandText(input.Rest(), bot);
    if (!command) continue;
    Require(!command->name.empty() && command->name.size() <= 32, "a name is 1-32 characters");
    for (char c : command->name) {
      Require((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_',
              "a name is lower-case [a-z0-9_]");
    }
    Require(command->arguments.size() < input.Rest().size(), "arguments come from the text");
  }
  return 0;
}
