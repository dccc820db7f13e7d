// What the coaching core knows about one runner when a message arrives. A plain value: storage/
// persists it, dialogs/ reads it and returns the next version in a Decision.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dialogs/checkin.h"
#include "dialogs/pain_monitoring.h"
#include "dialogs/programme.h"
#include "dialogs/questionnaire.h"
#include "dialogs/time.h"

namespace achilles::dialogs {

enum class Side { kUnknown, kLeft, kRight, kBoth };

// Answers from onboarding (and /settings). Unanswered questions keep the safe defaults.
struct Profile {
  Side side = Side::kUnknown;
  PainSite site = PainSite::kUnknown;  // unknown is coached as insertional: floor only (R11)
  std::string duration;                // "under 6 weeks", ...
  std::optional<double> weekly_km;
  std::optional<double> longest_run_km;  // in the 30 days before onboarding (R18 until runs)
  std::string goal;
  std::optional<bool> ten_heel_raises;  // 10 single-leg heel raises on the sore side
  std::optional<int> heel_raise_pain;   // 0-10
  std::string time_zone = "UTC";        // IANA name or UTC+H[:MM]
  std::string checkin_time = "08:00";   // local HH:MM
  unsigned review_weekday = 0;          // the weekly review's day: 0 Sunday ... 6 Saturday
  bool skipped_safety = false;          // skipped a red-flag screening question
  // The screening questions skipped ("rf_rupture"): asked again, gently, before the next
  // check-in or plan, until answered.
  std::vector<std::string> unanswered_safety;
  bool operator==(const Profile&) const = default;
};

// The question the bot is waiting for an answer to, and the answers so far.
struct Conversation {
  std::string asking;  // a question id ("onboard.side", "checkin.stiffness"); empty: none
  CheckIn draft;       // a check-in being answered one question at a time
  std::optional<Day> draft_day;
  std::optional<Day> specialist_prompted_on;  // R21: at most once a month
  std::optional<Day> barrier_asked_on;        // R22: asked at most once a week
  std::optional<Day> screening_asked_on;      // a skipped screening question: once a day
  std::optional<Day> weekly_due;  // the weekly review's day: questionnaires follow the check-in
  std::map<std::string, int> answers;  // a questionnaire being answered ("wk.<id>.<item>")
  // The knowledge topic last answered, and the day: a follow-up that day ("and hills?") is read
  // with it.
  std::string last_topic;
  std::optional<Day> last_topic_on;
  bool operator==(const Conversation&) const = default;
};

// R28: after a STOP red flag (R1-R3, R26) coaching stays stopped, day after day, until the
// runner says they were seen and what they were told.
struct Stop {
  Day since{};                // the day the STOP began
  std::string rule;           // "R1", "R2", "R3", "R26"
  bool told_to_rest = false;  // seen and told to rest: held until a clinician clears them
  bool operator==(const Stop&) const = default;
};

struct RunnerState {
  // When the runner pressed "I understand" under the not-medical-advice notice. Coaching starts
  // only after consent.
  std::optional<TimePoint> consented_at;
  // The code from a `/start CODE` deep link (a coach's squad invitation), kept until used.
  std::string referral_code;

  Profile profile;
  std::optional<TimePoint> onboarded_at;
  Progress progress;
  Conversation conversation;
  std::optional<Stop> stop;         // a STOP red flag: no exercise dose until seen (R28)
  std::optional<Day> paused_until;  // /pause: no prompts until this day (inclusive)

  // Context loaded with the state, not changed by a decision:
  std::vector<DayRecord> recent;             // check-ins of the last 42 days, any order
  std::chrono::minutes utc_offset{0};        // the runner's time zone offset now
  std::vector<QuestionnaireResult> results;  // every completed questionnaire, any order
  std::vector<Day> red_flag_days;  // local days of the last 42 with a red flag raised, any order
  int coaches = 0;                 // coaches who get this runner's alerts (squads they share with)

  bool operator==(const RunnerState&) const = default;
};

// The runner's local calendar day at `now`.
inline Day LocalDay(const RunnerState& state, TimePoint now) {
  return std::chrono::floor<std::chrono::days>(now + state.utc_offset);
}

}  // namespace achilles::dialogs
