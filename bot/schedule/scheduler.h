// Starts the day for every runner: each tick finds the runners whose next due time has come
// (an indexed query: the cost follows the number due, not the number of runners) and queues
// their check-in prompt, reminder or weekly review in the outbox, in one transaction per batch
// with the record of what was sent. dialogs/schedule.h decides what is due; a unique key in the
// database keeps it to one of each kind per runner per local day, even across restarts.
// Platform-neutral: a runner's platform renderer formats the prompt.
//
// Threads: Start() ticks on its own thread until Stop(). Tests call Tick() with a FakeClock.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "bot/inbound/squad_desk.h"
#include "bot/outbox/reply_renderer.h"
#include "bot/runtime/clock.h"
#include "bot/runtime/metrics.h"
#include "dialogs/coach.h"
#include "storage/database.h"

namespace achilles::bot {

struct TickReport {
  int runners = 0;          // runners looked at
  int prompts = 0;          // prompts queued
  int digest_messages = 0;  // squad digests, weekly summaries and quiet alerts queued
};

class Scheduler {
 public:
  // Every referenced object must outlive the scheduler. `renderers` maps each platform to
  // schedule to its renderer (runners of other platforms wait, due, until theirs is on);
  // `on_commit(platform)` runs after a batch queued messages for it; `metrics` may be null.
  Scheduler(storage::Database& database, const dialogs::Coach& coach, const Clock& clock,
            std::map<std::string, const ReplyRenderer*> renderers,
            std::function<void(const std::string& platform)> on_commit, Metrics* metrics,
            const SquadDesk* squads = nullptr);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // One pass over every runner due now. Fails when the database did; the runners of a failed
  // batch stay due and are looked at again next tick. Its wall time goes to `metrics`.
  Result<TickReport> Tick();

  void Start(std::chrono::seconds interval);
  void Stop();

  static constexpr std::size_t kBatch = 500;  // runners per transaction

 private:
  // The prompts due to runner `id` at `now`, queued; counted in `report`. Throws when the
  // runner's stored row cannot be used (TickBatch isolates and quarantines them).
  void PromptRunner(storage::Session& session, std::int64_t id, const ReplyRenderer& renderer,
                    TimePoint now, TickReport& report);
  Result<TickReport> TickEveryPlatform(TimePoint now);
  Result<TickReport> TickBatch(const std::string& platform, const ReplyRenderer& renderer,
                               TimePoint now);

  storage::Database& database_;
  const dialogs::Coach& coach_;
  const Clock& clock_;
  std::map<std::string, const ReplyRenderer*> renderers_;
  std::function<void(const std::string&)> on_commit_;
  Metrics* metrics_;
  const SquadDesk* squads_;

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace achilles::bot
