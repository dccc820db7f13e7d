// What the coaching core remembers about one runner between messages. A plain value: storage/
// persists it, dialogs/ reads it and returns the next version in a Decision.
#pragma once

#include <optional>
#include <string>

#include "dialogs/time.h"

namespace achilles::dialogs {

struct RunnerState {
  // When the runner pressed "I understand" under the not-medical-advice notice. Coaching starts
  // only after consent.
  std::optional<TimePoint> consented_at;
  // The code from a `/start CODE` deep link (a coach's squad invitation), kept until used.
  std::string referral_code;

  bool operator==(const RunnerState&) const = default;
};

}  // namespace achilles::dialogs
