// When the bot starts the conversation: each runner's check-in prompt at their local check-in
// time, one reminder if it stays unanswered, and the weekly review on their chosen weekday.
// Pure: bot/schedule/scheduler stores what was sent and calls these on every tick.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

#include "dialogs/runner_state.h"
#include "dialogs/time.h"

namespace achilles::dialogs {

enum class PromptKind { kWeeklyReview, kCheckIn, kReminder };

// "review", "checkin", "reminder": how storage names them.
std::string_view PromptKindId(PromptKind kind);
std::optional<PromptKind> PromptKindFromId(std::string_view id);

struct ScheduleSettings {
  std::chrono::minutes reminder_delay{180};  // after the prompt, if still unanswered
  // A prompt this late (the service was down) is skipped, not sent at 3 a.m.
  std::chrono::minutes catch_up{120};
};

// What was already sent to a runner on one local day.
struct SentOn {
  Day day{};
  std::optional<TimePoint> check_in;  // when the day's check-in prompt was sent
  bool reminder = false;
  bool review = false;

  // Notes that `kind` went out at `at`.
  void Record(PromptKind kind, TimePoint at);
};

struct DuePrompt {
  PromptKind kind;
  Day day;       // the runner's local day it belongs to
  TimePoint at;  // when it is due
  bool operator==(const DuePrompt&) const = default;
};

// The prompts due at `now`, in the order to send them (the review before the check-in
// prompt). `sent` is what went out on the runner's local day at `now`. Nothing for a runner
// who has not finished onboarding, is paused, or was stopped today by a red flag; no prompt
// or reminder once today's check-in is in.
std::vector<DuePrompt> DuePrompts(const RunnerState& state, const SentOn& sent,
                                  const ScheduleSettings& settings, TimePoint now);

// When the scheduler should next look at the runner: the earliest prompt not yet sent nor
// too late to send (possibly already due). Nullopt when nothing will ever be due.
std::optional<TimePoint> NextDueAt(const RunnerState& state, const SentOn& sent,
                                   const ScheduleSettings& settings, TimePoint now);

// The next check-in prompt after `now` as the runner would be told it ("Tue 25 Nov, 08:00").
std::optional<TimePoint> NextCheckInPrompt(const RunnerState& state, TimePoint now);

}  // namespace achilles::dialogs
