#include "dialogs/schedule.h"

#include <algorithm>

#include "dialogs/local_time.h"

namespace achilles::dialogs {
namespace {

using std::chrono::days;
using std::chrono::minutes;

// Every prompt the runner is owed on the local day the clock shows at `now` and the next
// one, whether or not its time has come (or passed).
std::vector<DuePrompt> Candidates(const RunnerState& state, const SentOn& sent,
                                  const ScheduleSettings& settings, TimePoint now) {
  if (!state.consented_at || !state.onboarded_at) return {};
  const std::string& zone = state.profile.time_zone;
  const minutes at = ParseClockTime(state.profile.checkin_time).value_or(minutes(8 * 60));
  const Day today = LocalDayIn(zone, now);
  Day first = today;
  if (state.paused_until && *state.paused_until >= today) first = *state.paused_until + days(1);

  std::vector<DuePrompt> candidates;
  for (Day day : {first, first + days(1)}) {
    const bool logged = sent.day == day;
    const bool checked_in = RecordOn(state.recent, day) != nullptr;
    const TimePoint prompt_at = LocalTimeOn(zone, day, at);
    if (state.stop) {
      // R28: while a STOP holds, the daily prompt asks whether they were seen (Coach::Prompt);
      // no reminder and no weekly review.
      if (!(logged && sent.check_in)) candidates.push_back({PromptKind::kCheckIn, day, prompt_at});
      continue;
    }
    if (std::chrono::weekday(day).c_encoding() == state.profile.review_weekday &&
        !(logged && sent.review)) {
      candidates.push_back({PromptKind::kWeeklyReview, day, prompt_at});
    }
    if (checked_in) continue;
    if (!(logged && sent.check_in)) {
      candidates.push_back({PromptKind::kCheckIn, day, prompt_at});
    } else if (!sent.reminder) {
      const TimePoint remind_at = *sent.check_in + settings.reminder_delay;
      // A reminder after midnight would belong to the next day: none then.
      if (LocalDayIn(zone, remind_at) == day) {
        candidates.push_back({PromptKind::kReminder, day, remind_at});
      }
    }
  }
  return candidates;
}

bool TooLate(const DuePrompt& prompt, const ScheduleSettings& settings, TimePoint now) {
  return prompt.at < now - settings.catch_up;
}

}  // namespace

void SentOn::Record(PromptKind kind, TimePoint at) {
  switch (kind) {
    case PromptKind::kWeeklyReview:
      review = true;
      break;
    case PromptKind::kCheckIn:
      check_in = at;
      break;
    case PromptKind::kReminder:
      reminder = true;
      break;
  }
}

std::string_view PromptKindId(PromptKind kind) {
  switch (kind) {
    case PromptKind::kWeeklyReview:
      return "review";
    case PromptKind::kCheckIn:
      return "checkin";
    case PromptKind::kReminder:
      return "reminder";
  }
  return "";
}

std::optional<PromptKind> PromptKindFromId(std::string_view id) {
  for (PromptKind kind : {PromptKind::kWeeklyReview, PromptKind::kCheckIn, PromptKind::kReminder}) {
    if (PromptKindId(kind) == id) return kind;
  }
  return std::nullopt;
}

std::vector<DuePrompt> DuePrompts(const RunnerState& state, const SentOn& sent,
                                  const ScheduleSettings& settings, TimePoint now) {
  std::vector<DuePrompt> due;
  for (const auto& prompt : Candidates(state, sent, settings, now)) {
    if (prompt.at <= now && !TooLate(prompt, settings, now)) due.push_back(prompt);
  }
  return due;  // candidates come in day order, the review first: the order to send
}

std::optional<TimePoint> NextDueAt(const RunnerState& state, const SentOn& sent,
                                   const ScheduleSettings& settings, TimePoint now) {
  std::optional<TimePoint> next;
  for (const auto& prompt : Candidates(state, sent, settings, now)) {
    if (TooLate(prompt, settings, now)) continue;
    if (!next || prompt.at < *next) next = prompt.at;
  }
  return next;
}

std::optional<TimePoint> NextCheckInPrompt(const RunnerState& state, TimePoint now) {
  RunnerState ahead = state;
  ahead.recent.clear();  // "next prompt" means the next time, whatever today's check-in
  for (const auto& prompt : Candidates(ahead, SentOn{}, ScheduleSettings{}, now)) {
    if (prompt.kind == PromptKind::kCheckIn && prompt.at > now) return prompt.at;
  }
  return std::nullopt;
}

}  // namespace achilles::dialogs
