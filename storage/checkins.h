// Check-ins (one per runner per local day), questionnaire results and coach events. Call only
// inside Database::Transact.
#pragma once

#include <cstdint>
#include <vector>

#include "dialogs/decision.h"
#include "dialogs/pain_monitoring.h"
#include "storage/database.h"

namespace achilles::storage {

// Stores `record` for its day, replacing that day's earlier check-in.
void UpsertCheckIn(Session& session, std::int64_t runner_id, const dialogs::DayRecord& record,
                   TimePoint now);

// The runner's check-ins from `since` on, oldest first.
std::vector<dialogs::DayRecord> CheckInsSince(Session& session, std::int64_t runner_id, Day since);

// Stores a completed questionnaire, replacing one of the same questionnaire and day.
void SaveQuestionnaireResult(Session& session, std::int64_t runner_id,
                             const dialogs::QuestionnaireResult& result);

// Every questionnaire result of the runner, oldest first.
std::vector<dialogs::QuestionnaireResult> QuestionnaireResults(Session& session,
                                                               std::int64_t runner_id);

struct StoredEvent {
  std::int64_t runner_id = 0;
  dialogs::CoachEvent event;
  TimePoint at;
};

void RecordEvent(Session& session, std::int64_t runner_id, const dialogs::CoachEvent& event,
                 TimePoint now);

// The runner's events, oldest first.
std::vector<StoredEvent> EventsFor(Session& session, std::int64_t runner_id);

// When the runner's events of `kind` at or after `since` happened, oldest first.
std::vector<TimePoint> EventTimes(Session& session, std::int64_t runner_id,
                                  dialogs::CoachEvent::Kind kind, TimePoint since);

// Every runner's events of `kinds` at or after `since`, oldest first.
std::vector<StoredEvent> EventsSince(Session& session,
                                     const std::vector<dialogs::CoachEvent::Kind>& kinds,
                                     TimePoint since);

}  // namespace achilles::storage
