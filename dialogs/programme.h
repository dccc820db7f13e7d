// The rehab programme as data (content/programme.json) and what it prescribes for one day.
// Pure; a Programme is immutable once loaded and may be shared between threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace achilles::dialogs {

// In order: each phase follows the one before it.
enum class Phase { kSettle, kFloor, kHeavySlow, kPlyometric, kWalkRun, kFullRunning };

inline constexpr int kPhaseCount = 6;

// The id used in content and storage ("settle", "heavy_slow", ...).
std::string_view PhaseId(Phase phase);
std::optional<Phase> PhaseFromId(std::string_view id);

// Where the pain is: insertional (at the heel bone) or mid-portion (2-6 cm above it).
enum class PainSite { kUnknown, kMidportion, kInsertional };

struct FloorVariant {
  std::string name;
  std::string how;
};

struct Exercise {
  std::string name;
  int sets = 0;
  std::string reps;  // "10", "30-45 s hold"; "{reps}" in load is filled with the HSR week's RM
  std::string tempo;
  std::string load;
  std::string rest;
  std::string how;
  bool below_floor = false;  // takes the heel below the forefoot: never for insertional (R11)
  std::optional<FloorVariant> floor_variant;
};

struct HsrWeek {
  int from = 1;
  int to = 1;
  int sets = 3;
  int reps = 15;
};

struct PlyometricLevel {
  int contacts = 60;
  std::vector<Exercise> exercises;
};

struct WalkRunStage {
  int walk_min = 0;  // 0 with run_min 0: continuous running
  int run_min = 0;
  double total_km = 0;
};

// Every threshold the rules use, with its rule number in programme.json's comments.
struct Thresholds {
  int pain_safe = 3;
  int pain_acceptable = 5;
  int run_pain_max = 3;
  double run_spike_factor = 1.1;
  int stiffness_rise = 2;                // R9: one morning this far above the baseline
  int stiffness_rise_repeated = 1;       // R9: or this far on two mornings in a row
  int baseline_mornings = 7;             // R9: the settled mornings the baseline is the median of
  int alternate_days_full_running = 14;  // R18: a rest day between runs this long into running
  int max_running_days_in_a_row = 6;     // then at least one rest day a week
  int flare_streak_days = 3;
  int repeat_flare_days = 14;
  double adherence_low = 0.5;
  double hsr_week_adherence = 0.67;
  int settle_min_days = 3;
  int floor_min_days = 7;
  int hsr_weeks_before_plyometrics = 4;
  int plyo_level_days = 7;
  int hop_pain_max = 3;
  int heel_raise_target = 25;
  double heel_raise_ratio = 0.9;
  int walk_run_repeats = 2;
};

struct PhasePlan {
  Phase phase = Phase::kSettle;
  std::string name;
  std::string goal;
  std::vector<Exercise> exercises;  // settle, floor, heavy_slow (sets/reps from the week), full
};

struct Programme {
  Thresholds thresholds;
  std::vector<PhasePlan> phases;  // one per Phase, in order
  std::vector<HsrWeek> hsr_weeks;
  Exercise light_day;  // the easy day between heavy days
  std::vector<PlyometricLevel> plyometric_levels;
  std::vector<WalkRunStage> walk_run_stages;

  const PhasePlan& Plan(Phase phase) const { return phases[static_cast<std::size_t>(phase)]; }
  int HsrWeeks() const { return hsr_weeks.empty() ? 0 : hsr_weeks.back().to; }
  // Steps within a phase: HSR weeks, plyometric levels, walk-run stages; 1 for the others.
  int StepsIn(Phase phase) const;
};

// Where a runner is: the phase, and the step within it (1-based; see Programme::StepsIn).
struct ProgrammePosition {
  Phase phase = Phase::kSettle;
  int step = 1;
  bool operator==(const ProgrammePosition&) const = default;
};

// One step forward or back through the phases and their steps, clamped at both ends.
ProgrammePosition StepForward(const Programme& programme, ProgrammePosition at);
ProgrammePosition StepBack(const Programme& programme, ProgrammePosition at);

// What a day holds from the heavy slow phase on (R14, R17, R19): heavy slow strength; the load
// of the phase (hops, a walk-run, a run) on the day after; or an easy day. Heavy days are never
// consecutive, and hops and runs never fall on them.
enum class DayKind { kHeavy, kLoad, kEasy };

struct Session {
  ProgrammePosition at;
  std::string title;  // "Heavy slow resistance, week 4"
  std::string goal;
  DayKind day = DayKind::kHeavy;
  int hsr_week = 0;  // the heavy slow week its strength work is dosed from (0: none)
  std::vector<Exercise> exercises;
  std::optional<WalkRunStage> walk_run;
};

// Today's session at `at` on a `day` of that kind; `hsr_week` is the runner's heavy slow week
// (Beyer's 12 weeks go on through plyometrics and the walk-run; in the heavy slow phase it is
// `at.step`). For an insertional runner every below-floor exercise becomes its floor variant
// (R11), so no session ever takes their heel below the floor.
Session Prescribe(const Programme& programme, ProgrammePosition at, PainSite site, DayKind day,
                  int hsr_week = 0);

// The session as chat text: each exercise with sets, reps, tempo, load, rest and how.
std::string DescribeSession(const Session& session);

}  // namespace achilles::dialogs
