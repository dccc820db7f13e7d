#include "bot/outbox/outbox_sender.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include "bot/telegram/telegram_platform.h"
#include "charts/chart_png.h"
#include "storage/outbox.h"
#include "storage/runners.h"

namespace achilles::bot {
namespace {

using namespace std::chrono_literals;
using storage::ChatScope;
using Kind = SendOutcome::Kind;

const TimePoint kT0 = FromUnixMillis(1764000000000);

// Answers from a script (sent when empty). With `hold`, answers wait until Release().
class ScriptedApi final : public PlatformApi {
 public:
  void Send(const storage::OutgoingMessage& message,
            std::function<void(SendOutcome)> done) override {
    calls.push_back(message);
    if (message.payload == "unreadable") throw std::runtime_error("cannot read the stored row");
    SendOutcome outcome;
    if (!script.empty()) {
      outcome = script.front();
      script.pop_front();
    }
    if (hold) {
      held.push_back([done, outcome] { done(outcome); });
    } else {
      done(outcome);
    }
  }
  void Release() {
    auto pending = std::move(held);
    held.clear();
    for (auto& f : pending) f();
  }

  std::vector<storage::OutgoingMessage> calls;
  std::deque<SendOutcome> script;
  bool hold = false;
  std::vector<std::function<void()>> held;
};

struct RowStatus {
  std::string status;
  int attempts;
  std::string last_error;
};

class OutboxSenderTest : public ::testing::Test {
 protected:
  OutboxSenderTest() { policy_.max_attempts = 3; }

  OutboxSender& Sender() {
    if (!sender_) {
      sender_ = std::make_unique<OutboxSender>(*db_, "telegram", api_, RateLimits{}, policy_,
                                               clock_, &metrics_, /*jitter_seed=*/42);
    }
    return *sender_;
  }
  std::int64_t Add(const std::string& chat, const std::string& text,
                   std::optional<std::int64_t> runner = {}, std::string method = "sendMessage",
                   ChatScope scope = ChatScope::kPrivate) {
    return *db_->Transact<std::int64_t>([&](storage::Session& s) -> Result<std::int64_t> {
      return storage::Enqueue(s, {"telegram", chat, scope, runner, method, text}, clock_.Now());
    });
  }
  std::int64_t AddRunner(const std::string& id) {
    return db_
        ->Transact<std::int64_t>([&](storage::Session& s) -> Result<std::int64_t> {
          return storage::LoadOrCreateRunner(s, "telegram", id, "R", kT0).id;
        })
        .value();
  }
  RowStatus Status(std::int64_t id) {
    return *db_->Transact<RowStatus>([&](storage::Session& s) -> Result<RowStatus> {
      SQLite::Statement q(s.db(), "SELECT status, attempts, last_error FROM outbox WHERE id = ?");
      q.bind(1, id);
      q.executeStep();
      return RowStatus{q.getColumn(0).getString(), q.getColumn(1).getInt(),
                       q.getColumn(2).getString()};
    });
  }
  std::optional<TimePoint> Unreachable(const std::string& id) {
    return db_
        ->Transact<std::optional<TimePoint>>(
            [&](storage::Session& s) -> Result<std::optional<TimePoint>> {
              return storage::FindRunner(s, "telegram", id)->unreachable_since;
            })
        .value();
  }
  std::vector<std::string> Texts() const {
    std::vector<std::string> texts;
    for (const auto& call : api_.calls) texts.push_back(call.payload);
    return texts;
  }

  std::unique_ptr<storage::Database> db_ = *storage::Database::Open(":memory:");
  FakeClock clock_{kT0};
  ScriptedApi api_;
  Metrics metrics_;
  SenderPolicy policy_ = TelegramSenderPolicy();  // the rows are Telegram calls
  std::unique_ptr<OutboxSender> sender_;
};

TEST_F(OutboxSenderTest, SendsDueRowsAndMarksThemSent) {
  const auto a = Add("A", "a");
  const auto b = Add("B", "b");
  Sender().Step();
  EXPECT_EQ(Texts(), (std::vector<std::string>{"a", "b"}));
  Sender().Step();
  EXPECT_EQ(Status(a).status, "sent");
  EXPECT_EQ(Status(b).status, "sent");
  EXPECT_NE(metrics_.Render({}).find("result=\"sent\"} 2"), std::string::npos);
}

// A chart row: its data in the row, drawn into a PNG as it is sent; its text as the fallback.
storage::OutgoingMessage ChartRow(std::string chart_data) {
  storage::OutgoingMessage row{.platform = "telegram",
                               .chat_id = "A",
                               .method = "sendPhoto",
                               .payload = R"({"caption":"six weeks"})"};
  row.uploads.push_back({"photo", "chart.png", "image/png", std::move(chart_data), true});
  row.fallback = storage::Fallback{"sendMessage", R"({"text":"six weeks, in words"})"};
  return row;
}

TEST_F(OutboxSenderTest, AChartIsDrawnWhenItIsSentAndItsRowKeepsTheData) {
  const dialogs::Chart chart{.runner = dialogs::RunnerChart{.title = "Your last 6 weeks"}};
  const auto id = *db_->Transact<std::int64_t>([&](storage::Session& s) -> Result<std::int64_t> {
    return storage::Enqueue(s, ChartRow(charts::ChartJson(chart)), clock_.Now());
  });
  Sender().Step();
  ASSERT_EQ(api_.calls.size(), 1u);
  ASSERT_EQ(api_.calls[0].uploads.size(), 1u);
  EXPECT_FALSE(api_.calls[0].uploads[0].chart);
  EXPECT_EQ(api_.calls[0].uploads[0].content.rfind("\x89PNG", 0), 0u);
  Sender().Step();
  EXPECT_EQ(Status(id).status, "sent");
}

TEST_F(OutboxSenderTest, AnUploadThatFailsForGoodIsSentAsItsTextNeverAsNothing) {
  // Rejected (a 400 for the photo): the next call is the text, due at once.
  const auto rejected =
      *db_->Transact<std::int64_t>([&](storage::Session& s) -> Result<std::int64_t> {
        return storage::Enqueue(
            s, ChartRow(charts::ChartJson(dialogs::Chart{.runner = dialogs::RunnerChart{}})),
            clock_.Now());
      });
  api_.script = {SendOutcome::Failure(Kind::kRejected, "HTTP 400: wrong file")};
  Sender().Step();
  Sender().Step();
  EXPECT_EQ(Status(rejected).status, "pending");
  EXPECT_NE(Status(rejected).last_error.find("wrong file"), std::string::npos);
  clock_.Advance(2s);  // the chat's one-a-second window
  Sender().Step();
  ASSERT_EQ(api_.calls.size(), 2u);
  EXPECT_EQ(api_.calls[1].method, "sendMessage");
  EXPECT_EQ(api_.calls[1].payload, R"({"text":"six weeks, in words"})");
  EXPECT_TRUE(api_.calls[1].uploads.empty());
  Sender().Step();
  EXPECT_EQ(Status(rejected).status, "sent");

  // Chart data that cannot be drawn is rejected before any call, and falls back the same way;
  // a text that then fails for good is kept as failed (no fallback of a fallback).
  api_.calls.clear();
  const auto spoiled =
      *db_->Transact<std::int64_t>([&](storage::Session& s) -> Result<std::int64_t> {
        return storage::Enqueue(s, ChartRow("not a chart"), clock_.Now());
      });
  clock_.Advance(2s);
  Sender().Step();
  EXPECT_TRUE(api_.calls.empty());
  Sender().Step();
  clock_.Advance(2s);
  api_.script = {SendOutcome::Failure(Kind::kRejected, "HTTP 400: no")};
  Sender().Step();
  ASSERT_EQ(api_.calls.size(), 1u);
  EXPECT_EQ(api_.calls[0].method, "sendMessage");
  Sender().Step();
  EXPECT_EQ(Status(spoiled).status, "failed");

  // Transient failures up to the limit, then the text.
  api_.calls.clear();
  const auto flaky = *db_->Transact<std::int64_t>([&](storage::Session& s) -> Result<std::int64_t> {
    return storage::Enqueue(
        s, ChartRow(charts::ChartJson(dialogs::Chart{.runner = dialogs::RunnerChart{}})),
        clock_.Now());
  });
  for (int i = 0; i < policy_.max_attempts; ++i) {
    api_.script.push_back(SendOutcome::Failure(Kind::kTransient, "HTTP 502"));
  }
  for (int i = 0; i < 40 && api_.calls.size() < static_cast<std::size_t>(policy_.max_attempts) + 1;
       ++i) {
    clock_.Advance(std::chrono::minutes(11));
    Sender().Step();
  }
  ASSERT_EQ(api_.calls.size(), static_cast<std::size_t>(policy_.max_attempts) + 1);
  EXPECT_EQ(api_.calls.back().method, "sendMessage");
  Sender().Step();
  EXPECT_EQ(Status(flaky).status, "sent");
}

TEST_F(OutboxSenderTest, NothingToDoMeansNoWakeUpByTheClock) {
  EXPECT_FALSE(Sender().Step());
  EXPECT_TRUE(api_.calls.empty());
}

// Every window is held a little longer than Telegram's (RateLimits::margin).
const auto kMargin = RateLimits{}.margin;

TEST_F(OutboxSenderTest, OneChatGetsOneMessageASecondInOrder) {
  Add("A", "1");
  Add("A", "2");
  Add("A", "3");
  Sender().Step();
  auto next = Sender().Step();
  EXPECT_EQ(Texts(), (std::vector<std::string>{"1"}));
  ASSERT_TRUE(next);
  EXPECT_EQ(*next, kT0 + 1s + kMargin);
  clock_.Advance(1s + kMargin);
  Sender().Step();
  Sender().Step();
  clock_.Advance(1s + kMargin);
  Sender().Step();
  EXPECT_EQ(Texts(), (std::vector<std::string>{"1", "2", "3"}));
}

TEST_F(OutboxSenderTest, ButtonAnswersDoNotCountTowardTheChatLimit) {
  Add("A", "ack", {}, "answerCallbackQuery");
  Add("A", "reply");
  Sender().Step();
  Sender().Step();
  EXPECT_EQ(Texts(), (std::vector<std::string>{"ack", "reply"}));
}

TEST_F(OutboxSenderTest, AtMostThirtyMessagesASecondOverall) {
  for (int i = 0; i < 40; ++i) Add("chat" + std::to_string(i), std::to_string(i));
  auto next = Sender().Step();
  EXPECT_EQ(api_.calls.size(), 8u) << "max_in_flight caps a single step";
  for (int i = 0; i < 10; ++i) next = Sender().Step();
  EXPECT_EQ(api_.calls.size(), 30u);
  ASSERT_TRUE(next);
  EXPECT_EQ(*next, kT0 + 1s + kMargin);
  clock_.Advance(1s + kMargin);
  for (int i = 0; i < 5; ++i) Sender().Step();
  EXPECT_EQ(api_.calls.size(), 40u);
}

TEST_F(OutboxSenderTest, AFullBatchThatIsAllRateLimitedWaitsInsteadOfSpinning) {
  policy_.batch = 4;
  policy_.max_in_flight = 100;
  for (int i = 0; i < 40; ++i) Add("chat" + std::to_string(i), std::to_string(i));
  std::optional<TimePoint> next;
  for (int i = 0; i < 20; ++i) next = Sender().Step();
  ASSERT_EQ(api_.calls.size(), 30u);
  ASSERT_TRUE(next);
  EXPECT_EQ(*next, kT0 + 1s + kMargin) << "not `now`: nothing can go before the window frees";
}

TEST_F(OutboxSenderTest, RetryAfterIsHonouredAndNotCountedAsAnAttempt) {
  const auto id = Add("A", "a");
  api_.script.push_back(
      SendOutcome::Failure(Kind::kRetryAfter, "HTTP 429: Too Many Requests: retry after 7", 7s));
  Sender().Step();
  auto next = Sender().Step();
  EXPECT_EQ(Status(id).status, "pending");
  EXPECT_EQ(Status(id).attempts, 0);
  ASSERT_TRUE(next);
  EXPECT_EQ(*next, kT0 + 7s);
  clock_.Advance(6900ms);
  Sender().Step();
  EXPECT_EQ(api_.calls.size(), 1u) << "not before retry_after";
  clock_.Advance(100ms);
  Sender().Step();
  Sender().Step();
  EXPECT_EQ(api_.calls.size(), 2u);
  EXPECT_EQ(Status(id).status, "sent");
  EXPECT_NE(metrics_.Render({}).find("reason=\"rate_limited\"} 1"), std::string::npos);
}

TEST_F(OutboxSenderTest, TransientFailuresBackOffThenSucceed) {
  // Failed attempts count toward the chat's 1/s window too, so back off for longer than that.
  policy_.base_backoff = 2s;
  const auto id = Add("A", "a");
  api_.script.push_back(SendOutcome::Failure(Kind::kTransient, "HTTP 502"));
  api_.script.push_back(SendOutcome::Failure(Kind::kTransient, "no answer: timeout"));
  Sender().Step();
  auto next = Sender().Step();
  ASSERT_TRUE(next);
  EXPECT_GE(*next, kT0 + 1s);
  EXPECT_LE(*next, kT0 + 2s);
  EXPECT_EQ(Status(id).attempts, 1);
  EXPECT_EQ(Status(id).last_error, "HTTP 502");
  clock_.Set(*next);
  Sender().Step();
  next = Sender().Step();
  ASSERT_TRUE(next);
  EXPECT_GE(*next - clock_.Now(), 2s) << "the second backoff is longer";
  EXPECT_LE(*next - clock_.Now(), 4s);
  clock_.Set(*next);
  Sender().Step();
  Sender().Step();
  EXPECT_EQ(Status(id).status, "sent");
  EXPECT_EQ(api_.calls.size(), 3u);
}

TEST_F(OutboxSenderTest, GivesUpAfterMaxAttemptsAndKeepsTheError) {
  const auto id = Add("A", "a");
  for (int i = 0; i < 5; ++i)
    api_.script.push_back(SendOutcome::Failure(Kind::kTransient, "HTTP 500"));
  for (int i = 0; i < 10; ++i) {
    Sender().Step();
    clock_.Advance(1min);
  }
  EXPECT_EQ(api_.calls.size(), 3u);
  EXPECT_EQ(Status(id).status, "failed");
  EXPECT_EQ(Status(id).attempts, 3);
  EXPECT_EQ(Status(id).last_error, "HTTP 500");
}

TEST_F(OutboxSenderTest, ABlockedRunnerIsMarkedUnreachableAndGetsNothingMore) {
  const auto maya = AddRunner("508123456");
  const auto tom = AddRunner("508123457");
  const auto first = Add("508123456", "m1", maya);
  const auto second = Add("508123456", "m2", maya);
  Add("508123457", "t1", tom);
  api_.script.push_back(
      SendOutcome::Failure(Kind::kBlocked, "HTTP 403: Forbidden: bot was blocked by the user"));
  Sender().Step();
  Sender().Step();
  clock_.Advance(5s);
  Sender().Step();
  EXPECT_EQ(Texts(), (std::vector<std::string>{"m1", "t1"}));
  EXPECT_EQ(Status(first).status, "failed");
  EXPECT_EQ(Status(second).status, "failed");
  EXPECT_EQ(Status(second).last_error, "runner blocked the bot");
  EXPECT_TRUE(Unreachable("508123456"));
  EXPECT_FALSE(Unreachable("508123457"));
}

// The sender's queue is in memory; the database has the last word on what is still pending.
TEST_F(OutboxSenderTest, ARowDeletedAfterTheSenderSawItIsNotSentAndDoesNotHoldUpItsChat) {
  api_.hold = true;
  Add("A", "a1");
  const auto gone = Add("A", "a2");
  Add("A", "a3");
  Sender().Step();  // a1 in flight; a2 and a3 queued behind it
  *db_->Transact<bool>([&](storage::Session& s) -> Result<bool> {
    s.db().exec("DELETE FROM outbox WHERE id = " + std::to_string(gone));  // as /forget does
    return true;
  });
  api_.hold = false;
  api_.Release();
  for (int i = 0; i < 4; ++i) {
    clock_.Advance(1s + kMargin);
    Sender().Step();
  }
  EXPECT_EQ(Texts(), (std::vector<std::string>{"a1", "a3"}));
}

TEST_F(OutboxSenderTest, ARunnerWhoBlockedTheBotGetsTheirWaitingRowsInOrderWhenTheyWriteAgain) {
  const auto maya = AddRunner("508123456");
  *db_->Transact<bool>([&](storage::Session& s) -> Result<bool> {
    storage::MarkUnreachable(s, maya, kT0);
    return true;
  });
  Add("508123456", "written while blocked", maya);
  Sender().Step();
  Sender().Step();
  EXPECT_TRUE(api_.calls.empty());
  // They write again: the same transaction clears the mark and queues the reply.
  clock_.Advance(2s);
  *db_->Transact<bool>([&](storage::Session& s) -> Result<bool> {
    storage::MarkReachable(s, maya);
    storage::Enqueue(s,
                     {"telegram", "508123456", ChatScope::kPrivate, maya, "sendMessage", "reply"},
                     clock_.Now());
    return true;
  });
  Sender().Step();
  clock_.Advance(1s + kMargin);
  Sender().Step();
  Sender().Step();
  EXPECT_EQ(Texts(), (std::vector<std::string>{"written while blocked", "reply"}));
}

TEST_F(OutboxSenderTest, ARejectedCallFailsAloneAndTheChatMovesOn) {
  const auto bad = Add("A", "bad", {}, "answerCallbackQuery");
  Add("A", "good");
  api_.script.push_back(
      SendOutcome::Failure(Kind::kRejected, "HTTP 400: Bad Request: query is too old"));
  Sender().Step();
  Sender().Step();
  Sender().Step();
  EXPECT_EQ(Status(bad).status, "failed");
  EXPECT_EQ(Texts(), (std::vector<std::string>{"bad", "good"}));
}

// A stored row the client cannot read (it throws rather than answering) settles as failed with
// the reason; it is not left in flight forever, and its chat moves on.
TEST_F(OutboxSenderTest, ARowTheClientCannotReadFailsAloneAndTheChatMovesOn) {
  const auto bad = Add("A", "unreadable");
  Add("A", "good");
  Sender().Step();
  Sender().Step();
  EXPECT_EQ(Sender().InFlight(), 0u);
  EXPECT_EQ(Status(bad).status, "failed");
  clock_.Advance(1100ms);  // the chat's own limit, and its margin
  Sender().Step();
  EXPECT_NE(Status(bad).last_error.find("cannot read the stored row"), std::string::npos);
  EXPECT_EQ(Texts(), (std::vector<std::string>{"unreadable", "good"}));
}

TEST_F(OutboxSenderTest, ARowInFlightIsNeverSentAgain) {
  api_.hold = true;
  const auto id = Add("A", "a");
  Sender().Step();
  Sender().Step();
  clock_.Advance(1min);
  Sender().Step();
  EXPECT_EQ(api_.calls.size(), 1u);
  EXPECT_EQ(Sender().InFlight(), 1u);
  api_.Release();
  Sender().Step();
  EXPECT_EQ(Sender().InFlight(), 0u);
  EXPECT_EQ(Status(id).status, "sent");
}

// Signals the test thread when the first call arrives.
class SignallingApi final : public PlatformApi {
 public:
  void Send(const storage::OutgoingMessage&, std::function<void(SendOutcome)> done) override {
    done(SendOutcome{});
    std::call_once(once_, [this] { called.set_value(); });
  }
  std::promise<void> called;

 private:
  std::once_flag once_;
};

TEST_F(OutboxSenderTest, TheThreadSendsAsSoonAsItIsWoken) {
  SystemClock clock;
  SignallingApi api;
  OutboxSender sender(*db_, "telegram", api, RateLimits{}, policy_, clock, nullptr);
  sender.Start();
  const auto id = *db_->Transact<std::int64_t>([&](storage::Session& s) -> Result<std::int64_t> {
    return storage::Enqueue(s, {"telegram", "A", ChatScope::kPrivate, {}, "sendMessage", "x"},
                            clock.Now());
  });
  sender.Wake();
  // The sender's own sweep comes only every 30 s: a call within 10 s means Wake() worked.
  EXPECT_EQ(api.called.get_future().wait_for(10s), std::future_status::ready);
  sender.Stop();  // settles what is in flight before it returns
  EXPECT_EQ(Status(id).status, "sent");
}

// Records each call's text, in order, and signals when one with `awaited` arrives.
class RecordingApi final : public PlatformApi {
 public:
  explicit RecordingApi(std::string awaited) : awaited_(std::move(awaited)) {}
  void Send(const storage::OutgoingMessage& message,
            std::function<void(SendOutcome)> done) override {
    {
      std::lock_guard lock(mu_);
      texts_.push_back(message.payload);
    }
    done(SendOutcome{});
    if (message.payload == awaited_) std::call_once(once_, [this] { arrived.set_value(); });
  }
  std::vector<std::string> Texts() {
    std::lock_guard lock(mu_);
    return texts_;
  }
  std::promise<void> arrived;

 private:
  const std::string awaited_;
  std::mutex mu_;
  std::vector<std::string> texts_;
  std::once_flag once_;
};

// While the overall limit refuses, the thread lets wakes wait instead of stepping on each; a row
// exempt from that limit (a button's answer) still goes within moments, not when the limit frees.
TEST_F(OutboxSenderTest, WhileTheOverallLimitRefusesAButtonAnswerStillGoesAtOnce) {
  SystemClock clock;
  RecordingApi api("ack");
  RateLimits limits;
  limits.overall = {3, std::chrono::minutes(10)};
  OutboxSender sender(*db_, "telegram", api, limits, policy_, clock, nullptr);
  auto add = [&](const std::string& chat, const std::string& text, const std::string& method) {
    db_->Transact<std::int64_t>([&](storage::Session& s) -> Result<std::int64_t> {
      return storage::Enqueue(s, {"telegram", chat, ChatScope::kPrivate, {}, method, text},
                              clock.Now());
    });
  };
  for (const char* text : {"m0", "m1", "m2", "m3", "m4"}) {
    add(std::string("chat-") + text, text, "sendMessage");
  }
  sender.Start();
  sender.Wake();
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (api.Texts().size() < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  ASSERT_EQ(api.Texts().size(), 3u) << "three go, then the overall limit refuses";
  add("chatB", "ack", "answerCallbackQuery");
  sender.Wake();
  EXPECT_EQ(api.arrived.get_future().wait_for(10s), std::future_status::ready);
  sender.Stop();
  EXPECT_EQ(api.Texts(), (std::vector<std::string>{"m0", "m1", "m2", "ack"}))
      << "the other two wait for the limit's window";
}

// Answers each call on a thread of its own, at once, as cpprestsdk's threads do: the answer races
// the sender's Stop() and destruction.
class ThreadedApi final : public PlatformApi {
 public:
  ~ThreadedApi() {
    for (auto& thread : threads_) thread.join();
  }
  void Send(const storage::OutgoingMessage&, std::function<void(SendOutcome)> done) override {
    std::lock_guard lock(mu_);
    threads_.emplace_back([done = std::move(done)] { done(SendOutcome{}); });
    ++calls;
  }
  std::atomic<int> calls{0};

 private:
  std::mutex mu_;
  std::vector<std::thread> threads_;
};

// Issue 13: the answer's callback notified the sender after unlocking, so Stop() could return
// and the sender be destroyed while a client thread was still inside it. Stopped right as
// answers arrive, many times over (ASan reports a use after free if the callback outlives it).
TEST_F(OutboxSenderTest, StoppingAsAnAnswerArrivesIsSafe) {
  SystemClock clock;
  ThreadedApi api;
  for (int round = 0; round < 100; ++round) {
    OutboxSender sender(*db_, "telegram", api, RateLimits{}, policy_, clock, nullptr);
    const auto id = *db_->Transact<std::int64_t>([&](storage::Session& s) -> Result<std::int64_t> {
      return storage::Enqueue(
          s,
          {"telegram", "chat" + std::to_string(round), ChatScope::kPrivate, {}, "sendMessage", "x"},
          clock.Now());
    });
    const int before = api.calls;
    sender.Start();
    sender.Wake();
    while (api.calls == before) std::this_thread::yield();  // the call is out: stop now
    sender.Stop();
    EXPECT_EQ(Status(id).status, "sent") << "round " << round << ": settled before Stop returned";
  }
}

}  // namespace
}  // namespace achilles::bot
