// The scheduler's storage: the indexed due query, next due times, and one prompt of each kind
// per runner per local day enforced by the database.
#include "storage/schedule.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "storage/runners.h"
#include "tests/support/transaction.h"

namespace achilles::storage {
namespace {

using dialogs::PromptKind;
using std::chrono::days;
using std::chrono::minutes;

const TimePoint kNow = FromUnixMillis(1764000000000);
const Day kToday = std::chrono::floor<days>(kNow);

class ScheduleStorageTest : public ::testing::Test {
 protected:
  template <typename T>
  T Run(const std::function<T(Session&)>& work) {
    return testing::InTransaction<T>(*db_, work);
  }
  std::int64_t Runner(const std::string& platform, const std::string& user,
                      std::optional<TimePoint> due) {
    return Run<std::int64_t>([&](Session& s) {
      const auto id = LoadOrCreateRunner(s, platform, user, "", kNow).id;
      SetNextDue(s, id, due);
      return id;
    });
  }
  std::vector<std::int64_t> Due(const std::string& platform, TimePoint now,
                                std::size_t limit = 10) {
    return Run<std::vector<std::int64_t>>(
        [&](Session& s) { return DueRunners(s, platform, now, limit); });
  }

  std::unique_ptr<Database> db_ = *Database::Open(":memory:");
};

TEST_F(ScheduleStorageTest, DueRunnersAreTheDueReachableOnesOfThePlatformSoonestFirst) {
  const auto later = Runner("telegram", "1", kNow - minutes(1));
  const auto sooner = Runner("telegram", "2", kNow - minutes(5));
  Runner("telegram", "3", kNow + minutes(1));  // not yet
  Runner("telegram", "4", std::nullopt);       // off the schedule
  Runner("discord", "5", kNow - minutes(9));   // another platform
  const auto blocked = Runner("telegram", "6", kNow - minutes(9));
  Run<bool>([&](Session& s) {
    MarkUnreachable(s, blocked, kNow);
    return true;
  });
  EXPECT_EQ(Due("telegram", kNow), (std::vector{sooner, later}));
  EXPECT_EQ(Due("telegram", kNow, 1), std::vector{sooner});
  EXPECT_EQ(Due("discord", kNow).size(), 1u);
}

// DueRunners names the index (INDEXED BY: SQLite refuses the query if it cannot use it); this
// shows the plan is a search on it, not a scan of every runner.
TEST_F(ScheduleStorageTest, TheDueQueryReadsTheIndex) {
  Runner("telegram", "1", kNow);
  const std::string plan = Run<std::string>([](Session& s) {
    SQLite::Statement explain(
        s.db(),
        "EXPLAIN QUERY PLAN SELECT id FROM runners INDEXED BY runners_next_due "
        "WHERE next_due_at IS NOT NULL AND unreachable_since IS NULL "
        "AND platform = 'telegram' AND next_due_at <= 0 ORDER BY next_due_at LIMIT 10");
    std::string text;
    while (explain.executeStep()) text += explain.getColumn(3).getString() + "\n";
    return text;
  });
  EXPECT_NE(plan.find("SEARCH runners USING INDEX runners_next_due (platform=?"), std::string::npos)
      << plan;
  EXPECT_EQ(plan.find("SCAN"), std::string::npos) << plan;
}

TEST_F(ScheduleStorageTest, EachKindOfPromptIsRecordedOncePerDay) {
  const auto id = Runner("telegram", "1", kNow);
  Run<bool>([&](Session& s) {
    EXPECT_TRUE(RecordPrompt(s, id, kToday, PromptKind::kCheckIn, kNow));
    EXPECT_FALSE(RecordPrompt(s, id, kToday, PromptKind::kCheckIn, kNow + minutes(60)));
    EXPECT_TRUE(RecordPrompt(s, id, kToday, PromptKind::kReminder, kNow + minutes(180)));
    EXPECT_TRUE(RecordPrompt(s, id, kToday + days(1), PromptKind::kCheckIn, kNow + days(1)));
    return true;
  });
  const auto sent = Run<dialogs::SentOn>([&](Session& s) { return PromptsSentOn(s, id, kToday); });
  EXPECT_EQ(sent.day, kToday);
  EXPECT_EQ(sent.check_in, kNow) << "the first send's time is kept";
  EXPECT_TRUE(sent.reminder);
  EXPECT_FALSE(sent.review);
  const auto none =
      Run<dialogs::SentOn>([&](Session& s) { return PromptsSentOn(s, id, kToday - days(1)); });
  EXPECT_FALSE(none.check_in);
}

}  // namespace
}  // namespace achilles::storage
