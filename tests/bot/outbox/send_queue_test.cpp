#include "bot/outbox/send_queue.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "storage/outbox.h"
#include "tests/support/transaction.h"

namespace achilles::bot {
namespace {

using namespace std::chrono_literals;
using storage::PendingRef;

const TimePoint kT0 = FromUnixMillis(1764000000000);

PendingRef Ref(std::int64_t id, std::string chat, TimePoint due = kT0,
               std::optional<std::int64_t> runner = {}) {
  PendingRef ref;
  ref.id = id;
  ref.chat_id = std::move(chat);
  ref.runner_id = runner;
  ref.method = "sendMessage";
  ref.next_attempt_at = due;
  return ref;
}

std::vector<std::int64_t> Ids(const std::vector<PendingRef>& refs) {
  std::vector<std::int64_t> ids;
  for (const auto& ref : refs) ids.push_back(ref.id);
  return ids;
}

TEST(SendQueue, OnlyEachChatsFirstRowIsDueSoonestFirst) {
  SendQueue queue;
  queue.Add(Ref(1, "A", kT0 + 2s));
  queue.Add(Ref(2, "A"));
  queue.Add(Ref(3, "B", kT0 + 1s));
  queue.Add(Ref(4, "C"));
  EXPECT_EQ(Ids(queue.Due(kT0, 10)), (std::vector<std::int64_t>{4}));
  EXPECT_EQ(Ids(queue.Due(kT0 + 5s, 10)), (std::vector<std::int64_t>{4, 3, 1}));
  EXPECT_EQ(Ids(queue.Due(kT0 + 5s, 2)), (std::vector<std::int64_t>{4, 3}));
  EXPECT_EQ(queue.NextAt(), kT0);
  EXPECT_EQ(queue.last_id(), 4);
  EXPECT_EQ(queue.size(), 4u);
}

TEST(SendQueue, ARowAddedOutOfOrderStillLeavesInIdOrder) {
  SendQueue queue;
  queue.Add(Ref(7, "A"));
  queue.Add(Ref(5, "A"));
  EXPECT_EQ(Ids(queue.Due(kT0, 10)), (std::vector<std::int64_t>{5}));
  queue.Remove(5);
  EXPECT_EQ(Ids(queue.Due(kT0, 10)), (std::vector<std::int64_t>{7}));
}

TEST(SendQueue, RemovingTheFirstRowMakesTheNextOneDue) {
  SendQueue queue;
  queue.Add(Ref(1, "A"));
  queue.Add(Ref(2, "A", kT0 + 3s));
  queue.Remove(1);
  EXPECT_TRUE(queue.Due(kT0, 10).empty());
  EXPECT_EQ(queue.NextAt(), kT0 + 3s);
  queue.Remove(2);
  EXPECT_FALSE(queue.NextAt());
  EXPECT_EQ(queue.size(), 0u);
  queue.Remove(2);  // an unknown id changes nothing
  EXPECT_EQ(queue.size(), 0u);
}

TEST(SendQueue, ARescheduledFirstRowHoldsBackItsChat) {
  SendQueue queue;
  queue.Add(Ref(1, "A"));
  queue.Add(Ref(2, "A"));
  queue.Reschedule(1, kT0 + 10s);
  EXPECT_TRUE(queue.Due(kT0 + 9s, 10).empty());
  EXPECT_EQ(Ids(queue.Due(kT0 + 10s, 10)), (std::vector<std::int64_t>{1}));
}

TEST(SendQueue, ADeferredRowWaitsUntilANewRowInItsChatOrItsTime) {
  SendQueue queue;
  queue.Add(Ref(1, "A"));
  queue.Add(Ref(2, "B"));
  queue.Defer(1, kT0 + 1s);
  EXPECT_EQ(Ids(queue.Due(kT0, 10)), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(Ids(queue.Due(kT0 + 1s, 10)), (std::vector<std::int64_t>{2, 1}));
  queue.Defer(1, kT0 + 30s);
  queue.Add(Ref(3, "A"));  // the runner wrote again
  EXPECT_EQ(Ids(queue.Due(kT0, 10)), (std::vector<std::int64_t>{1, 2}));
}

TEST(SendQueue, ABlockedRunnersRowsAllLeave) {
  SendQueue queue;
  queue.Add(Ref(1, "A", kT0, 10));
  queue.Add(Ref(2, "A", kT0, 10));
  queue.Add(Ref(3, "B", kT0, 11));
  queue.RemoveRunner(10);
  EXPECT_EQ(Ids(queue.Due(kT0, 10)), (std::vector<std::int64_t>{3}));
  EXPECT_EQ(queue.size(), 1u);
}

TEST(SendQueue, ClearForgetsEverything) {
  SendQueue queue;
  queue.Add(Ref(9, "A"));
  queue.Clear();
  EXPECT_EQ(queue.size(), 0u);
  EXPECT_EQ(queue.last_id(), 0);
  EXPECT_FALSE(queue.NextAt());
}

// What happens to the outbox, at random: rows written, first rows sent, failed or rescheduled.
enum class Op { kEnqueue, kSent, kFailed, kReschedule };

// The queue, fed only the rows above its last id after each change, and told of each settled
// row as the sender tells it, agrees with the database's own answer (storage::DueMessages) at
// every step and every moment: the same first rows, in the same order.
RC_GTEST_PROP(SendQueueProperty, AgreesWithTheDatabaseAtEveryStep, ()) {
  // One database for every case (opening and migrating one per case would take most of the
  // time), emptied at the start of each.
  static const auto db = *storage::Database::Open(":memory:");
  testing::InTransaction<bool>(*db, [](storage::Session& s) {
    s.db().exec("DELETE FROM outbox");
    return true;
  });
  SendQueue queue;
  // Up to 30 changes a case (the suite runs the binary's 1,500 cases): enough for several rows
  // in each of four chats.
  const auto ops = *rc::gen::resize(
      30, rc::gen::container<std::vector<std::tuple<Op, int, int>>>(rc::gen::tuple(
              rc::gen::element(Op::kEnqueue, Op::kEnqueue, Op::kSent, Op::kFailed, Op::kReschedule),
              rc::gen::inRange(0, 4), rc::gen::inRange(0, 5))));
  for (const auto& [op, chat, seconds] : ops) {
    const TimePoint at = kT0 + std::chrono::seconds(seconds);
    const std::string chat_id = "chat-" + std::to_string(chat);
    auto due = testing::InTransaction<std::vector<storage::OutboxRow>>(
        *db, [&](storage::Session& s) { return storage::DueMessages(s, "telegram", at, 100); });
    // The first row of the chosen chat, if it has one due now.
    const auto head = std::find_if(due.begin(), due.end(),
                                   [&](const auto& row) { return row.message.chat_id == chat_id; });
    testing::InTransaction<bool>(*db, [&](storage::Session& s) {
      switch (op) {
        case Op::kEnqueue:
          storage::Enqueue(s, {"telegram", chat_id, storage::ChatScope::kPrivate, {}, "m", "p"},
                           at);
          break;
        case Op::kSent:
          if (head == due.end()) break;
          storage::MarkSent(s, head->id, at);
          queue.Remove(head->id);
          break;
        case Op::kFailed:
          if (head == due.end()) break;
          storage::MarkFailed(s, head->id, 1, "gone", at);
          queue.Remove(head->id);
          break;
        case Op::kReschedule:
          if (head == due.end()) break;
          storage::Reschedule(s, head->id, 1, at + 2s, "HTTP 500");
          queue.Reschedule(head->id, at + 2s);
          break;
      }
      return true;
    });
    for (const auto& ref :
         testing::InTransaction<std::vector<PendingRef>>(*db, [&](storage::Session& s) {
           return storage::PendingAfter(s, "telegram", queue.last_id());
         })) {
      queue.Add(ref);
    }
    for (const auto later : {0s, 2s, 4s, 8s}) {
      const TimePoint now = kT0 + later;
      const auto expected = testing::InTransaction<std::vector<storage::OutboxRow>>(
          *db, [&](storage::Session& s) { return storage::DueMessages(s, "telegram", now, 100); });
      std::vector<std::int64_t> expected_ids;
      for (const auto& row : expected) expected_ids.push_back(row.id);
      RC_ASSERT(Ids(queue.Due(now, 100)) == expected_ids);
    }
  }
}

}  // namespace
}  // namespace achilles::bot
