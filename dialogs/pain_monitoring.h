// The pain-monitoring model: what one check-in says about today's load, and how the programme
// moves in response. Rules R7-R10, R12-R19, R22, R23 and R25 of CLINICAL.md, each cited where it
// is applied. Pure functions of their arguments.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dialogs/checkin.h"
#include "dialogs/programme.h"
#include "dialogs/time.h"

namespace achilles::dialogs {

// One stored check-in and the local day it describes.
struct DayRecord {
  Day day;
  CheckIn check_in;
  // Where the runner was in the programme when they checked in that day (the charts' bands);
  // unknown for check-ins stored before it was kept.
  std::optional<ProgrammePosition> at{};
  int hsr_week = 0;
  bool operator==(const DayRecord&) const = default;
};

// Results of the functional tests that gate later phases (R16, R19). Asked when a gate is near.
struct GateTests {
  std::optional<int> hop_pain;           // pain 0-10 on 10 small single-leg hops
  std::optional<int> heel_raises_sore;   // single-leg heel raises to fatigue, sore side
  std::optional<int> heel_raises_other;  // the other side
  std::optional<bool> walking_pain_free;
  std::optional<Day> tested_on;  // answers older than a week are asked again while a gate is shut
  bool operator==(const GateTests&) const = default;
};

// R9/R10: a flare-up episode, from the morning R9 fired (or the runner said it flared) until a
// morning is back at the baseline. The baseline is fixed when it starts: it does not drift up
// with a sustained rise.
struct Episode {
  Day since{};
  std::optional<double> baseline;  // the median of the settled mornings before it, if known
  bool consulted = false;          // R10 fired in it (once per episode)
  bool operator==(const Episode&) const = default;
};

// Where a runner is in the programme and what the gates need to know.
struct Progress {
  ProgrammePosition at;
  Day step_since{};                   // the day the current step began
  std::optional<Day> last_heavy_day;  // the last heavy slow session day
  int clean_runs_at_stage = 0;        // walk-run runs at this stage with no next-day flare (R17)
  std::vector<Day> flare_days;        // days a flare-up was recorded (R9 or the runner said so)
  GateTests tests;
  std::optional<Day> judged_on;    // the last day whose check-in moved the programme
  std::optional<Episode> episode;  // an open flare-up episode: no running while it lasts
  // R14: Beyer's heavy slow week (1-12), kept through plyometrics, the walk-run and running; in
  // the heavy slow phase it is at.step. 0 before heavy slow work began.
  int hsr_week = 0;
  Day hsr_week_since{};
  std::optional<Day> load_raised_on;  // the last day a load went up: never two on one day
  bool operator==(const Progress&) const = default;
};

enum class Verdict { kProgress, kHold, kStepBack };

struct Judgement {
  Verdict verdict = Verdict::kHold;
  std::string because;           // one plain sentence: "Session pain was 3/10 and ..."
  bool flare = false;            // R9: flare-up advice, and the heel lift offer (R23)
  bool drop_phase = false;       // R10: step back a whole phase
  bool consult = false;          // R10 or a repeat flare within repeat_flare_days
  bool confounded = false;       // R25: painkillers; today's scores do not count toward progress
  bool running_allowed = false;  // R15
  std::optional<double> run_cap_km;    // R18: the longest run allowed today, in km
  std::optional<int> run_cap_minutes;  // R18 when the runner logs time only
  bool low_adherence = false;          // R22
  // R9/R10 episodes: the baseline this morning was judged against, whether the morning is back
  // at it (the episode ends), and whether an episode is open after today.
  std::optional<double> baseline;
  bool settled = false;
  bool in_episode = false;
};

// The record for `day` in `records`, or null.
const DayRecord* RecordOn(std::span<const DayRecord> records, Day day);

// Judges `today` (for day `day`) against the runner's earlier days (`history`, any order, not
// including `day`). `longest_recent_run_km` is the longest run the runner reported in
// onboarding, used when no run is logged in the last 30 days; pass it only within 30 days of
// onboarding (R18: no stale figure).
Judgement Judge(const Thresholds& t, const CheckIn& today, Day day,
                std::span<const DayRecord> history, const Progress& progress,
                std::optional<double> longest_recent_run_km);

// R9: the morning baseline `day` is judged against: the open episode's, or the median of the
// settled mornings before it.
std::optional<double> MorningBaseline(const Thresholds& t, std::span<const DayRecord> history,
                                      Day day, const Progress& progress);

// Whether a flare-up was recorded on `day` (R9, or the runner said so).
bool IsFlareDay(const Progress& progress, Day day);

// True on a flare day or while a flare-up episode is open: no running is offered (R9).
bool RunningPaused(const Progress& progress, Day day);

// The test a gate is waiting for, if any: the runner is asked it with the next session.
enum class GateTest { kHops, kHeelRaises, kWalking };
std::optional<GateTest> PendingTest(const Programme& programme, const Progress& progress, Day day);

// The flare days and the flare-up episode after `judgement` on `day` (R9, R10): Advance does
// it, and an amended check-in that does not move the programme again does it alone.
Progress TrackEpisode(Progress progress, const Judgement& judgement, Day day);

// The runner's progress after `judgement` on `day` (R12-R14, R16, R17, R19 decide whether a
// kProgress verdict may move on). `history` as for Judge; `today` is the day's check-in.
Progress Advance(const Programme& programme, Progress progress, const Judgement& judgement,
                 const CheckIn& today, Day day, std::span<const DayRecord> history);

// How far today's run may go, or nullopt when today is not a running day (R15, R17): the
// walk-run stage's distance or, in full running, the cap, never more than the R18 cap.
std::optional<double> PlannedRunKm(const Session& session, const Judgement& judgement);

// What `day` holds from the heavy slow phase on: in the heavy slow phase a heavy day and an easy
// one in turn (three a week, never consecutive); from plyometrics on a heavy day, the phase's
// load (hops, the walk-run) the day after, then an easy day (heavy work at least twice a week,
// hops never daily, R14, R19). A heavy day that was not checked in waits for the runner.
// Before the heavy slow phase every day is the phase's session (kHeavy).
DayKind DayKindOn(const Progress& progress, Day day);

// DayKindOn(...) == kHeavy from the heavy slow phase on.
bool IsHeavyDay(const Progress& progress, Day day);

}  // namespace achilles::dialogs
