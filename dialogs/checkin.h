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
  // How many of the answers are given (the note aside): "stiffness 3, ran 5km" has two.
  int Answers() const;
  // Reports a run (a distance or a time above zero).
  bool Ran() const;
  bool operator==(const CheckIn&) const = default;
};

// A part of a typed check-in that could not be used (an out-of-range score): which check-in
// question asks it again ("stiff", "ran", "runpain", "rehabpain") and why, in plain words.
struct CheckInProblem {
  std::string question;
  std::string message;
  bool operator==(const CheckInProblem&) const = default;
};

// The outcome of reading a check-in typed as one line ("stiffness 3 pain 2 ran 6km") or a
// sentence ("stiff for 20 min, pain 3 on my 6k"). `check_in` holds every part that was read;
// `problems` the parts that were not. What was read is stored whatever else is off; only the
// unreadable part is asked again.
struct CheckInReading {
  CheckIn check_in;
  std::vector<CheckInProblem> problems;

  // True when at least one answer was read.
  bool Readable() const { return !check_in.Empty(); }
  // True when at least one answer was read and nothing was wrong.
  bool Usable() const { return problems.empty() && Readable(); }
};

CheckInReading ReadCheckIn(std::string_view text);

// True for text that asks something ("is pain 3 ok while running?") rather than reports.
bool LooksLikeQuestion(std::string_view text);

}  // namespace achilles::dialogs
