#include "storage/outbox.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "storage/runners.h"
#include "tests/support/transaction.h"

namespace achilles::storage {
namespace {

using namespace std::chrono_literals;

const TimePoint kNow = FromUnixMillis(1764000000000);

class OutboxTest : public ::testing::Test {
 protected:
  template <typename T>
  T Run(const std::function<T(Session&)>& work) {
    return testing::InTransaction<T>(*db_, work);
  }
  std::int64_t Add(const std::string& chat, const std::string& payload,
                   std::optional<std::int64_t> runner = {}, TimePoint at = kNow) {
    return Run<std::int64_t>([&](Session& s) {
      return Enqueue(s, {"telegram", chat, ChatScope::kPrivate, runner, "sendMessage", payload},
                     at);
    });
  }
  std::vector<OutboxRow> Due(TimePoint now, int limit = 100) {
    return Run<std::vector<OutboxRow>>(
        [&](Session& s) { return DueMessages(s, "telegram", now, limit); });
  }

  std::unique_ptr<Database> db_ = *Database::Open(":memory:");
};

TEST_F(OutboxTest, OnlyTheOldestPendingRowOfEachChatIsDue) {
  const auto a1 = Add("A", "a1");
  Add("A", "a2");
  const auto b1 = Add("B", "b1");
  auto due = Due(kNow);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].id, a1);
  EXPECT_EQ(due[1].id, b1);
  EXPECT_EQ(due[0].message.payload, "a1");

  Run<bool>([&](Session& s) {
    MarkSent(s, a1, kNow);
    return true;
  });
  due = Due(kNow);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].message.payload, "a2");
}

TEST_F(OutboxTest, ARescheduledRowHoldsBackItsChatUntilDue) {
  const auto a1 = Add("A", "a1");
  Add("A", "a2");
  Run<bool>([&](Session& s) {
    Reschedule(s, a1, 1, kNow + 5s, "HTTP 500");
    return true;
  });
  EXPECT_TRUE(Due(kNow).empty()) << "a2 must not overtake a1";
  EXPECT_EQ(Run<std::optional<TimePoint>>([](Session& s) { return NextDueAt(s, "telegram"); }),
            kNow);
  auto due = Due(kNow + 5s);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].id, a1);
  EXPECT_EQ(due[0].attempts, 1);
}

TEST_F(OutboxTest, FailedRowsLeaveTheQueueAndKeepTheirError) {
  const auto a1 = Add("A", "a1");
  Add("A", "a2");
  Run<bool>([&](Session& s) {
    MarkFailed(s, a1, 8, "HTTP 400: Bad Request", kNow);
    return true;
  });
  auto due = Due(kNow);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].message.payload, "a2");
}

TEST_F(OutboxTest, UnreachableRunnersGetNothing) {
  const auto runner =
      Run<Runner>([](Session& s) { return LoadOrCreateRunner(s, "telegram", "9", "Sam", kNow); });
  Add("9", "to sam", runner.id);
  Add("group", "to group");
  Run<bool>([&](Session& s) {
    MarkUnreachable(s, runner.id, kNow);
    return true;
  });
  auto due = Due(kNow);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].message.chat_id, "group");
  EXPECT_EQ(
      Run<int>([&](Session& s) { return FailPendingForRunner(s, runner.id, "blocked", kNow); }), 1);
  Run<bool>([&](Session& s) {
    MarkReachable(s, runner.id);
    return true;
  });
  EXPECT_EQ(Due(kNow).size(), 1u) << "the failed row stays failed after unblocking";
}

TEST_F(OutboxTest, RowsAreReadBackExactly) {
  const auto runner =
      Run<Runner>([](Session& s) { return LoadOrCreateRunner(s, "telegram", "5", "Ana", kNow); });
  Run<std::int64_t>([&](Session& s) {
    return Enqueue(s,
                   {"telegram", "-100123", ChatScope::kGroup, runner.id, "sendMessage",
                    R"({"text":"ünïcödé"})"},
                   kNow);
  });
  auto due = Due(kNow);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].message.platform, "telegram");
  EXPECT_EQ(due[0].message.chat_id, "-100123");
  EXPECT_EQ(due[0].message.scope, ChatScope::kGroup);
  EXPECT_EQ(due[0].message.runner_id, runner.id);
  EXPECT_EQ(due[0].message.payload, R"({"text":"ünïcödé"})");
  EXPECT_EQ(due[0].next_attempt_at, kNow);
}

TEST_F(OutboxTest, UploadsAndTheFallbackAreReadBackAndTheFallbackReplacesTheCall) {
  OutgoingMessage photo{.platform = "telegram",
                        .chat_id = "A",
                        .method = "sendPhoto",
                        .payload = R"({"caption":"six weeks"})"};
  photo.uploads = {{"photo", "chart.png", "image/png", R"({"runner":{}})", true},
                   {"document", "a.csv", "text/csv", std::string("x\0y", 3), false}};
  photo.fallback = Fallback{"sendMessage", R"({"text":"in words"})"};
  const auto id = Run<std::int64_t>([&](Session& s) { return Enqueue(s, photo, kNow); });
  auto due = Due(kNow);
  ASSERT_EQ(due.size(), 1u);
  ASSERT_EQ(due[0].message.uploads.size(), 2u);
  EXPECT_EQ(due[0].message.uploads[0].field, "photo");
  EXPECT_EQ(due[0].message.uploads[0].filename, "chart.png");
  EXPECT_EQ(due[0].message.uploads[0].media_type, "image/png");
  EXPECT_EQ(due[0].message.uploads[0].content, R"({"runner":{}})");
  EXPECT_TRUE(due[0].message.uploads[0].chart);
  EXPECT_EQ(due[0].message.uploads[1].content, std::string("x\0y", 3)) << "bytes kept whole";
  EXPECT_FALSE(due[0].message.uploads[1].chart);
  ASSERT_TRUE(due[0].message.fallback);
  EXPECT_EQ(due[0].message.fallback->method, "sendMessage");

  // It fails for good: the fallback takes its place, due now, with no uploads and no fallback.
  Run<bool>([&](Session& s) {
    Reschedule(s, id, 3, kNow + 5s, "HTTP 502");
    return UseFallback(s, id, "HTTP 400: wrong file", kNow + 1s);
  });
  due = Due(kNow + 1s);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].id, id);
  EXPECT_EQ(due[0].attempts, 0);
  EXPECT_EQ(due[0].message.method, "sendMessage");
  EXPECT_EQ(due[0].message.payload, R"({"text":"in words"})");
  EXPECT_TRUE(due[0].message.uploads.empty());
  EXPECT_FALSE(due[0].message.fallback);
  EXPECT_FALSE(Run<bool>([&](Session& s) { return UseFallback(s, id, "again", kNow); }))
      << "a fallback has no fallback";
}

TEST_F(OutboxTest, OtherPlatformsAndTheLimitAreRespected) {
  for (int i = 0; i < 5; ++i) Add("chat" + std::to_string(i), "x");
  Run<std::int64_t>([](Session& s) {
    return Enqueue(s, {"console", "me", ChatScope::kPrivate, {}, "print", "{}"}, kNow);
  });
  EXPECT_EQ(Due(kNow, 3).size(), 3u);
  EXPECT_EQ(Due(kNow).size(), 5u);
  EXPECT_EQ(Run<std::int64_t>([](Session& s) { return PendingCount(s); }), 6);
  EXPECT_EQ(Run<std::vector<OutboxRow>>([](Session& s) {
              return PendingForChat(s, "console", "me");
            }).size(),
            1u);
}

TEST_F(OutboxTest, NothingDueInTheFuture) {
  Add("A", "later", {}, kNow + 1min);
  EXPECT_TRUE(Due(kNow).empty());
  EXPECT_EQ(Due(kNow + 1min).size(), 1u);
}

TEST_F(OutboxTest, PendingAfterListsThePendingRowsAboveAnIdInOrder) {
  const auto a1 = Add("A", "a1");
  const auto b1 = Add("B", "b1", {}, kNow + 1min);
  const auto a2 = Add("A", "a2");
  Run<std::int64_t>([](Session& s) {
    return Enqueue(s, {"console", "me", ChatScope::kPrivate, {}, "print", "{}"}, kNow);
  });
  Run<bool>([&](Session& s) {
    MarkSent(s, a2, kNow);
    return true;
  });
  auto after = [&](std::int64_t id) {
    return Run<std::vector<PendingRef>>(
        [&](Session& s) { return PendingAfter(s, "telegram", id); });
  };
  const auto all = after(0);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, a1);
  EXPECT_EQ(all[0].chat_id, "A");
  EXPECT_EQ(all[0].method, "sendMessage");
  EXPECT_EQ(all[0].scope, ChatScope::kPrivate);
  EXPECT_EQ(all[1].id, b1);
  EXPECT_EQ(all[1].next_attempt_at, kNow + 1min);
  ASSERT_EQ(after(a1).size(), 1u);
  EXPECT_EQ(after(a1)[0].id, b1);
  EXPECT_TRUE(after(b1).empty());
}

TEST_F(OutboxTest, ReadPendingTellsSendableHeldAndGoneApart) {
  const auto runner =
      Run<Runner>([](Session& s) { return LoadOrCreateRunner(s, "telegram", "9", "Sam", kNow); });
  const auto to_sam = Add("9", "to sam", runner.id);
  const auto to_group = Add("group", "to group");
  const auto sent = Add("other", "sent already");
  Run<bool>([&](Session& s) {
    MarkUnreachable(s, runner.id, kNow);
    MarkSent(s, sent, kNow);
    return true;
  });
  const auto found = Run<PendingRows>([&](Session& s) {
    return ReadPending(s, "telegram", {sent, to_group, to_sam, 999});
  });
  ASSERT_EQ(found.sendable.size(), 1u);
  EXPECT_EQ(found.sendable[0].id, to_group);
  EXPECT_EQ(found.sendable[0].message.payload, "to group");
  EXPECT_EQ(found.held, (std::vector<std::int64_t>{to_sam}));
  EXPECT_TRUE(
      Run<PendingRows>([](Session& s) { return ReadPending(s, "telegram", {}); }).sendable.empty());
}

// The sender finds new rows as the ids above the last it saw, so an id must never come back,
// even after the newest row is deleted (housekeeping, /forget).
TEST_F(OutboxTest, IdsAreNeverReused) {
  Add("A", "one");
  const auto newest = Add("A", "two");
  Run<bool>([&](Session& s) {
    s.db().exec("DELETE FROM outbox WHERE id = " + std::to_string(newest));
    return true;
  });
  EXPECT_GT(Add("A", "three"), newest);
}

}  // namespace
}  // namespace achilles::storage
