// A runner's own data on their request (/export, /forget). Call only inside Database::Transact.
#pragma once

#include <cstdint>
#include <string>

#include "storage/database.h"

namespace achilles::storage {

// Everything stored about the runner, as indented JSON text: who they are on the platform,
// consent and onboarding times, profile, programme position, every check-in, questionnaire
// answers, coach events, and their squads (with whether they share).
std::string ExportRunnerData(Session& session, std::int64_t runner_id);

// The runner's check-ins as CSV (RFC 4180, a header row, one row a day, oldest first) for a
// spreadsheet: a runner or their physio opens it as it is.
std::string ExportCheckInsCsv(Session& session, std::int64_t runner_id);

// Deletes everything stored about the runner except what lets the bot answer them (the row with
// their platform ids and private chat): check-ins, questionnaire answers, events, prompts, squad
// memberships, coach roles and alerts, and every outbox row for them (sent messages carried their
// data). Their name, consent, profile and programme position are cleared too. The squads they
// coached stay, without them: which of those close is decided first (bot/inbound/squad_desk.h,
// CloseSquadsOfForgottenCoach).
void EraseRunnerData(Session& session, std::int64_t runner_id);

}  // namespace achilles::storage
