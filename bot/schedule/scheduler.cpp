#include "bot/schedule/scheduler.h"

#include "bot/runtime/log.h"
#include "dialogs/local_time.h"
#include "storage/outbox.h"
#include "storage/quarantine.h"
#include "storage/runners.h"
#include "storage/schedule.h"

namespace achilles::bot {

Scheduler::Scheduler(storage::Database& database, const dialogs::Coach& coach, const Clock& clock,
                     std::map<std::string, const ReplyRenderer*> renderers,
                     std::function<void(const std::string&)> on_commit, Metrics* metrics,
                     const SquadDesk* squads)
    : database_(database),
      coach_(coach),
      clock_(clock),
      renderers_(std::move(renderers)),
      on_commit_(std::move(on_commit)),
      metrics_(metrics),
      squads_(squads) {}

Scheduler::~Scheduler() { Stop(); }

Result<TickReport> Scheduler::Tick() {
  // Wall time, not the injected clock: how long the tick held the database and this thread.
  const auto started = std::chrono::steady_clock::now();
  auto report = TickEveryPlatform(clock_.Now());
  if (metrics_ != nullptr) metrics_->CountTick(std::chrono::steady_clock::now() - started);
  return report;
}

Result<TickReport> Scheduler::TickEveryPlatform(TimePoint now) {
  TickReport total;
  for (const auto& entry : renderers_) {
    const std::string& platform = entry.first;
    const ReplyRenderer* renderer = entry.second;
    while (true) {
      auto batch = TickBatch(platform, *renderer, now);
      if (!batch) return Fail(batch.error());
      total.runners += batch->runners;
      total.prompts += batch->prompts;
      if (static_cast<std::size_t>(batch->runners) < kBatch) break;
    }
    if (squads_ == nullptr) continue;
    auto digests = database_.Transact<int>([&](storage::Session& session) -> Result<int> {
      int queued = 0;
      for (const auto& [to, replies] :
           squads_->Digests(session, platform, now, renderer->CanOpenPrivateChat())) {
        for (const auto& message : renderer->Render(replies, to)) {
          storage::Enqueue(session, message, now);
          ++queued;
        }
      }
      return queued;
    });
    if (!digests) return Fail(digests.error());
    total.digest_messages += *digests;
    if (*digests > 0 && on_commit_) on_commit_(platform);
  }
  return total;
}

Result<TickReport> Scheduler::TickBatch(const std::string& platform, const ReplyRenderer& renderer,
                                        TimePoint now) {
  auto result =
      database_.Transact<TickReport>([&](storage::Session& session) -> Result<TickReport> {
        TickReport report;
        for (const std::int64_t id : storage::DueRunners(session, platform, now, kBatch)) {
          ++report.runners;
          // One runner whose stored row cannot be used must not stop everyone else's prompts:
          // their work is undone alone, they leave the schedule and are quarantined.
          auto done = session.Isolated([&] { PromptRunner(session, id, renderer, now, report); });
          if (done) continue;
          LogError("scheduler: runner " + std::to_string(id) +
                   " quarantined: " + done.error().message);
          if (done.error().Retryable()) return Fail(done.error());  // the whole tick again later
          storage::SetNextDue(session, id, std::nullopt);
          storage::Quarantine(session, {.platform = platform,
                                        .delivery_id = "runner:" + std::to_string(id),
                                        .source = "scheduler",
                                        .payload = "",
                                        .error = done.error().message,
                                        .received_at = now,
                                        .replayed_at = std::nullopt});
          if (metrics_ != nullptr) metrics_->CountQuarantined("scheduler");
        }
        return report;
      });
  if (result && result->prompts > 0 && on_commit_) on_commit_(platform);
  return result;
}

void Scheduler::PromptRunner(storage::Session& session, std::int64_t id,
                             const ReplyRenderer& renderer, TimePoint now, TickReport& report) {
  const dialogs::ScheduleSettings& settings = coach_.settings().schedule;
  auto runner = storage::LoadRunner(session, id);
  if (!runner) return;
  if (!runner->private_chat_id && !renderer.CanOpenPrivateChat()) {
    // Nowhere to send: off the schedule until they write again (which sets it anew).
    storage::SetNextDue(session, id, std::nullopt);
    return;
  }
  storage::LoadCoachingContext(session, *runner, now);
  runner->state.coaches =
      storage::ReachableCoaches(session, runner->id, renderer.CanOpenPrivateChat());
  const Day today = dialogs::LocalDayIn(runner->state.profile.time_zone, now);
  dialogs::SentOn sent = storage::PromptsSentOn(session, id, today);
  const dialogs::RunnerState stored = runner->state;
  for (const auto& due : dialogs::DuePrompts(runner->state, sent, settings, now)) {
    if (!storage::RecordPrompt(session, id, due.day, due.kind, now)) continue;
    const dialogs::Decision decision =
        coach_.Prompt(runner->state, due.kind, runner->display_name, now);
    storage::StoreDecisionRecords(session, id, decision, now);
    runner->state = decision.state;
    ReplyAddress to =
        ReplyAddress::Chat(runner->private_chat_id.value_or(""), storage::ChatScope::kPrivate, id);
    to.user_id = runner->platform_user_id;
    for (const auto& message : renderer.Render(decision.replies, to)) {
      storage::Enqueue(session, message, now);
    }
    ++report.prompts;
    if (metrics_ != nullptr) metrics_->CountPrompt(dialogs::PromptKindId(due.kind));
    sent.Record(due.kind, now);
  }
  auto next = dialogs::NextDueAt(runner->state, sent, settings, now);
  if (next && *next <= now) {
    // Due yet nothing could go (it had already): look again in a minute, not in a loop.
    LogWarning("scheduler: runner " + std::to_string(id) + " still due after its tick");
    next = now + std::chrono::minutes(1);
  }
  // The state the prompts left and the next due time, in one row update.
  storage::SaveRunnerState(session, id, stored, runner->state, next);
}

void Scheduler::Start(std::chrono::seconds interval) {
  thread_ = std::thread([this, interval] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      lock.unlock();
      try {
        if (auto ticked = Tick(); !ticked) LogWarning("scheduler: " + ticked.error().message);
      } catch (const std::exception& e) {
        LogError(std::string("scheduler: tick failed: ") + e.what());  // never terminate
      }
      lock.lock();
      wake_.wait_for(lock, interval, [this] { return stopping_; });
    }
  });
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace achilles::bot
