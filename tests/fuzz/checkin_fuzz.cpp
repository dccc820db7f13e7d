// The check-in reader, one-line ("stiffness 3 pain 2 ran 6km") and sentence ("stiff for 20 min,
// pain 3 on my 6k"): any text is read without a crash, and whatever it reads is in range.
#include "dialogs/checkin.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

bool Score(const std::optional<int>& value) { return !value || (*value >= 0 && *value <= 10); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using achilles::fuzz::Require;
  const achilles::fuzz::FuzzInput input(data, size);
  const auto reading = achilles::dialogs::ReadCheckIn(input.Rest());
  const auto& check_in = reading.check_in;
  Require(Score(check_in.morning_stiffness), "stiffness is 0-10");
  Require(Score(check_in.run_pain), "run pain is 0-10");
  Require(Score(check_in.rehab_pain), "rehab pain is 0-10");
  Require(!check_in.run_km || *check_in.run_km >= 0, "km are not negative");
  Require(!check_in.run_minutes || *check_in.run_minutes >= 0, "minutes are not negative");
  Require(!check_in.stiffness_minutes || *check_in.stiffness_minutes >= 0,
          "stiffness minutes are not negative");
  for (const auto& problem : reading.problems) {
    Require(!problem.question.empty() && !problem.message.empty(), "a problem says what and why");
  }
  achilles::dialogs::LooksLikeQuestion(input.Rest());
  return 0;
}
