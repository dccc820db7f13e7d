#include "bot/app/app.h"

#include <cstdio>
#include <iostream>

#include "bot/app/chat_console.h"
#include "bot/app/foundation.h"
#include "bot/app/platforms.h"
#include "bot/app/quarantine_desk.h"
#include "bot/app/service.h"
#include "bot/inbound/inbound_handler.h"
#include "bot/inbound/squad_desk.h"
#include "bot/runtime/clock.h"
#include "bot/runtime/log.h"
#include "dialogs/coach.h"
#include "dialogs/knowledge_review.h"
#include "storage/checkins.h"

namespace achilles::bot {
int RunServe(const Config& config) {
  auto service = Service::Create(config);
  if (!service) return CommandFailure(service.error().message);
  (*service)->StopOnSignals();
  (*service)->Start();
  LogInfo("listening on " + config.listen.host + ":" + std::to_string((*service)->port()) +
          ", database " + config.database_path);
  (*service)->Wait();
  LogInfo("server drained; stopping the scheduler and the outbox sender");
  (*service)->Stop();
  return 0;
}

int RunChat(const Config& config, const std::string& runner_name) {
  auto foundation = LoadFoundation(config);
  if (!foundation) return CommandFailure(foundation.error().message);
  const dialogs::Content& content = foundation->content;
  storage::Database& database = *foundation->database;
  SystemClock clock;
  const dialogs::Coach coach(content, CoachSettingsOf(config));
  ChatConsole console(database, coach, clock, runner_name);
  return console.Run(std::cin, std::cout);
}

int RunKbAsk(const Config& config, const std::string& question) {
  auto content = dialogs::LoadContent(config.content_dir);
  if (!content) return CommandFailure(content.error().message);
  const dialogs::KnowledgeBase base(content->knowledge);
  const auto matches = base.Search(question, 3);
  for (const auto& match : matches) {
    std::printf("%-28s score %6.2f  coverage %.2f  nearest ask %.2f%s\n", match.entry->id.c_str(),
                match.score, match.coverage, match.nearest_ask,
                match.names_title ? "  names the title" : "");
  }
  const auto answer = dialogs::AnswerQuestion(base, question);
  std::printf("chance right %.3f (the gate: %.3f): ", dialogs::ChanceRight(matches, base.gate()),
              base.gate().threshold);
  switch (answer.kind) {
    case dialogs::QuestionAnswer::Kind::kAnswer:
      std::printf("answered with %s\n", answer.entry->id.c_str());
      break;
    case dialogs::QuestionAnswer::Kind::kUnsure:
      std::printf("not sure, the closest topics offered\n");
      break;
    case dialogs::QuestionAnswer::Kind::kOutOfScope:
      std::printf("%s\n", base.Outside(question) ? "out of scope (another body part or condition)"
                                                 : "out of scope (no word the base knows)");
      break;
  }
  return 0;
}

int RunKbReview(const Config& config, int days) {
  auto foundation = LoadFoundation(config);
  if (!foundation) return CommandFailure(foundation.error().message);
  const dialogs::KnowledgeBase base(foundation->content.knowledge);
  const TimePoint since = SystemClock().Now() - std::chrono::days(days);
  using Kind = dialogs::CoachEvent::Kind;
  auto events = foundation->database->Transact<std::vector<storage::StoredEvent>>(
      [&](storage::Session& session) -> Result<std::vector<storage::StoredEvent>> {
        return storage::EventsSince(session,
                                    {Kind::kQuestionAnswered, Kind::kQuestionUnsure,
                                     Kind::kQuestionOutOfScope, Kind::kAnswerFeedback},
                                    since);
      });
  if (!events) return CommandFailure(events.error().message);
  std::vector<dialogs::RunnerEvent> kept;
  kept.reserve(events->size());
  for (auto& stored : *events) kept.push_back({stored.runner_id, std::move(stored.event)});
  std::cout << dialogs::KnowledgeReviewText(base, kept, days);
  return 0;
}

int RunUpdatesQuarantined(const Config& config) {
  auto database = storage::Database::Open(config.database_path);
  if (!database) return CommandFailure(database.error().message);
  auto text = ListQuarantinedText(**database);
  if (!text) return CommandFailure(text.error().message);
  std::cout << *text;
  return 0;
}

int RunUpdatesReplay(const Config& config, std::int64_t id) {
  auto foundation = LoadFoundation(config);
  if (!foundation) return CommandFailure(foundation.error().message);
  const dialogs::Content& content = foundation->content;
  storage::Database& database = *foundation->database;
  SystemClock clock;
  const dialogs::Coach coach(content, CoachSettingsOf(config));
  // Each platform the environment enables, built without asking it anything: its endpoint
  // parses the entry again, its renderer formats the replies.
  auto platforms = BuildPlatforms(config.platforms, clock, /*offline=*/true);
  if (!platforms) return CommandFailure(platforms.error().message);
  const SquadDesk squads(coach);
  // Replies are queued; the running `serve` sends them on its next sweep.
  InboundHandler inbound(database, coach, clock, platforms->renderers, nullptr, &squads);
  auto replayed = ReplayQuarantined(database, inbound, clock, platforms->endpoints, id);
  if (!replayed) {
    std::cerr << "achilles-coach: update " << id << " not replayed: " << replayed.error().message
              << "\n";
    return 1;
  }
  std::cout << *replayed;
  return 0;
}

}  // namespace achilles::bot
