// The red-flag scanner with the shipped phrases: any text is read without a crash, and every
// flag comes back once, most urgent (the enum's order) first. One Read is what Scan,
// MentionsShoeSwitch and MentionsFlareUp each return a part of.
#include <algorithm>
#include <set>

#include "dialogs/content.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

const achilles::dialogs::RedFlagScanner& Scanner() {
  static const achilles::dialogs::RedFlagScanner scanner = [] {
    auto content = achilles::dialogs::LoadContent(achilles::dialogs::BuiltInContentDir());
    achilles::fuzz::Require(content.has_value(), "the shipped content loads");
    return achilles::dialogs::RedFlagScanner(content->red_flags, content->shoe_switch,
                                             content->flare_up);
  }();
  return scanner;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const achilles::fuzz::FuzzInput input(data, size);
  const auto& scanner = Scanner();
  const auto reading = scanner.Read(input.Rest());
  const auto& flags = reading.flags;
  std::set<achilles::dialogs::RedFlag> once(flags.begin(), flags.end());
  achilles::fuzz::Require(once.size() == flags.size(), "each flag once");
  achilles::fuzz::Require(std::is_sorted(flags.begin(), flags.end()), "most urgent first");
  return 0;
}
