// The content loader, one file at a time: the first byte chooses which file (texts, red flags,
// programme, questions, a questionnaire, knowledge) the rest is read as. A clinician's typo
// becomes an error naming the file, never a crash.
#include "dialogs/content.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using achilles::dialogs::ContentFile;
  achilles::fuzz::FuzzInput input(data, size);
  const auto file = static_cast<ContentFile>(input.Byte() % 6);
  auto checked = achilles::dialogs::CheckContentFile(file, input.Rest());
  if (!checked) achilles::fuzz::Require(!checked.error().message.empty(), "an error says why");
  return 0;
}
