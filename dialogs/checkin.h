// A daily check-in: how the tendon was, as the runner reports it. A plain value.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace achilles::dialogs {

struct CheckIn {
  std::optional<int> morning_stiffness;  // 0-10, on getting up
  std::optional<int> stiffness_minutes;  // how long the morning stiffness lasted
  std::optional<int> run_pain;           // 0-10, during the last run
  std::optional<int> rehab_pain;         // 0-10, during the last rehab session
  std::optional<double> run_km;
  std::optional<int> run_minutes;
  bool no_run = false;              // said they did not run
  std::optional<bool> did_session;  // did the last rehab session
  std::optional<bool> painkillers;  // took painkillers (R25: scores are confounded)
  std::string note;                 // free text, scanned for red flags

  bool Empty() const;
  // Reports a run (a distance or a time above zero).
  bool Ran() const;
  bool operator==(const CheckIn&) const = default;
};

// The outcome of reading a check-in typed as one line ("stiffness 3 pain 2 ran 6km") or a
// sentence ("stiff for 20 min, pain 3 on my 6k"). `problems` says, in the runner's words, what
// could not be used (an out-of-range score); when it is not empty, `check_in` must not be stored.
struct CheckInReading {
  CheckIn check_in;
  std::vector<std::string> problems;

  // True when at least one answer was read and nothing was wrong.
  bool Usable() const { return problems.empty() && !check_in.Empty(); }
};

CheckInReading ReadCheckIn(std::string_view text);

// True for text that asks something ("is pain 3 ok while running?") rather than reports.
bool LooksLikeQuestion(std::string_view text);

}  // namespace achilles::dialogs
