#include "storage/database.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <functional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "storage/deliveries.h"
#include "storage/outbox.h"
#include "storage/runners.h"
#include "tests/support/fixtures.h"

namespace achilles::storage {
namespace {

using achilles::testing::TempDir;
using namespace std::chrono_literals;

const TimePoint kNow = FromUnixMillis(1764000000000);

TEST(Database, MigratesANewDatabaseToTheLatestVersion) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ((*db)->SchemaVersion(), Database::LatestSchemaVersion());
  EXPECT_GE(Database::LatestSchemaVersion(), 1);
}

TEST(Database, RefusesADatabaseFromANewerBinary) {
  TempDir dir;
  const auto path = (dir.path() / "future.db").string();
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("PRAGMA user_version = " + std::to_string(Database::LatestSchemaVersion() + 1));
  }
  auto db = Database::Open(path);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, Error::Code::kIncompatible);
  EXPECT_NE(db.error().message.find("newer than this binary"), std::string::npos);
}

TEST(Database, UnopenablePathIsUnavailable) {
  auto db = Database::Open("/nonexistent-dir/for/sure/x.db");
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, Error::Code::kUnavailable);
}

TEST(Database, UsesWalOnFiles) {
  TempDir dir;
  const auto path = (dir.path() / "wal.db").string();
  ASSERT_TRUE(Database::Open(path));
  SQLite::Database raw(path);
  EXPECT_EQ(raw.execAndGet("PRAGMA journal_mode").getString(), "wal");
}

TEST(Database, ErrorInsideATransactionRollsEverythingBack) {
  auto db = *Database::Open(":memory:");
  auto failed = db->Transact<bool>([](Session& session) -> Result<bool> {
    EXPECT_TRUE(RecordDelivery(session, "telegram", "1", kNow));
    return Fail(Error::InvalidInput("changed my mind"));
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message, "changed my mind");
  auto again = db->Transact<bool>([](Session& session) -> Result<bool> {
    return RecordDelivery(session, "telegram", "1", kNow);
  });
  ASSERT_TRUE(again);
  EXPECT_TRUE(*again) << "the rolled-back delivery must not count as seen";
}

TEST(Database, AnSqlErrorInOurOwnQueryIsPermanent) {
  auto db = *Database::Open(":memory:");
  auto failed = db->Transact<bool>([](Session& session) -> Result<bool> {
    SQLite::Statement(session.db(), "SELECT * FROM no_such_table").executeStep();
    return true;
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, Error::Code::kInternal) << "a retry would fail the same way";
}

// Waits (yielding, with a deadline) until `count` callers wait for the writer.
void AwaitWaiting(Database& db, std::uint64_t count) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (db.Writes().waiting < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  ASSERT_EQ(db.Writes().waiting, count);
}

// Whether delivery `id` was recorded and committed.
bool Committed(Database& db, const std::string& id) {
  return *db.Read<bool>(
      [&](Session& session) -> Result<bool> { return DeliverySeen(session, "telegram", id); });
}

// A work that records delivery `id`, then ends as `tail` does.
std::function<Result<bool>(Session&)> Records(
    std::string id,
    std::function<Result<bool>(Session&)> tail = [](Session&) -> Result<bool> { return true; }) {
  return [id = std::move(id), tail = std::move(tail)](Session& session) -> Result<bool> {
    RecordDelivery(session, "telegram", id, kNow);
    return tail(session);
  };
}

// Callers of Transact, started while a transaction is in progress: each on a thread of its own,
// and each waiting for the writer before the next starts, so a group runs them in this order.
class Callers {
 public:
  explicit Callers(Database& db) : db_(db) {}
  ~Callers() { Join(); }

  // Starts `work`, its result kept in `out`.
  void Add(Result<bool>& out, std::function<Result<bool>(Session&)> work) {
    const std::uint64_t waiting = db_.Writes().waiting;
    threads_.emplace_back([this, &out, work = std::move(work)] { out = db_.Transact<bool>(work); });
    AwaitWaiting(db_, waiting + 1);
  }
  void Join() {
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }

 private:
  Database& db_;
  std::vector<std::thread> threads_;
};

const Result<bool> kNotRun = Fail(Error::Unavailable("not run"));

// Transactions that arrive while one is running wait, and then go in one commit together: one
// fsync for the group instead of one each.
TEST(GroupCommit, TransactionsThatArriveDuringOneShareTheNextCommit) {
  TempDir dir;
  auto db = *Database::Open((dir.path() / "g.db").string());
  const WriteCounts before = db->Writes();
  Callers callers(*db);
  std::vector<Result<bool>> results(4, kNotRun);
  auto first = db->Transact<bool>([&](Session& session) -> Result<bool> {
    RecordDelivery(session, "telegram", "first", kNow);
    for (std::size_t i = 0; i < results.size(); ++i) {
      callers.Add(results[i], Records("caller-" + std::to_string(i)));
    }
    return true;
  });
  callers.Join();
  ASSERT_TRUE(first);
  for (const auto& result : results) ASSERT_TRUE(result) << result.error().message;
  const WriteCounts after = db->Writes();
  EXPECT_EQ(after.transactions - before.transactions, 5u);
  EXPECT_EQ(after.commits - before.commits, 2u) << "the four waiting went in one commit";
  EXPECT_EQ(after.waiting, 0u);
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_TRUE(Committed(*db, "caller-" + std::to_string(i)));
  }
}

// Each work in a group has a savepoint of its own: one that fails or throws undoes only its own
// writes and gets its own error; the others commit.
TEST(GroupCommit, AFailingWorkUndoesOnlyItsOwnWrites) {
  TempDir dir;
  auto db = *Database::Open((dir.path() / "g.db").string());
  Callers callers(*db);
  Result<bool> kept = kNotRun;
  Result<bool> refused = kNotRun;
  Result<bool> threw = kNotRun;
  Result<bool> bad_sql = kNotRun;
  Result<bool> after = kNotRun;
  auto first = db->Transact<bool>([&](Session&) -> Result<bool> {
    callers.Add(kept, Records("kept"));
    callers.Add(refused, Records("refused", [](Session&) -> Result<bool> {
                  return Fail(Error::InvalidInput("changed my mind"));
                }));
    callers.Add(threw, Records("threw", [](Session&) -> Result<bool> {
                  throw std::runtime_error("a bug");
                }));
    callers.Add(bad_sql, Records("bad-sql", [](Session& s) -> Result<bool> {
                  SQLite::Statement(s.db(), "SELECT * FROM no_such_table").executeStep();
                  return true;
                }));
    callers.Add(after, Records("after"));
    return true;
  });
  callers.Join();
  ASSERT_TRUE(first);
  ASSERT_TRUE(kept) << kept.error().message;
  ASSERT_TRUE(after) << after.error().message;
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "changed my mind");
  ASSERT_FALSE(threw);
  EXPECT_EQ(threw.error().code, Error::Code::kInternal);
  EXPECT_NE(threw.error().message.find("a bug"), std::string::npos);
  ASSERT_FALSE(bad_sql);
  EXPECT_EQ(bad_sql.error().code, Error::Code::kInternal);
  EXPECT_TRUE(Committed(*db, "kept"));
  EXPECT_TRUE(Committed(*db, "after"));
  EXPECT_FALSE(Committed(*db, "refused")) << "its write was undone";
  EXPECT_FALSE(Committed(*db, "threw")) << "its write was undone";
  EXPECT_FALSE(Committed(*db, "bad-sql")) << "its write was undone";
}

// When a failure ends the whole transaction (SQLite does so itself on a full disk or an I/O
// error; here the work ends it), the works before it in the group lost their writes: they fail
// as retryable, and nothing reports committed what is not. The works after it commit alone.
TEST(GroupCommit, WhenAFailureEndsTheTransactionTheWorksBeforeItFailRetryably) {
  TempDir dir;
  auto db = *Database::Open((dir.path() / "g.db").string());
  Callers callers(*db);
  Result<bool> before = kNotRun;
  Result<bool> ender = kNotRun;
  Result<bool> after = kNotRun;
  auto first = db->Transact<bool>([&](Session&) -> Result<bool> {
    callers.Add(before, Records("b"));
    callers.Add(ender, [](Session& s) -> Result<bool> {
      s.db().exec("ROLLBACK");
      return Fail(Error::Unavailable("disk full"));
    });
    callers.Add(after, Records("a"));
    return true;
  });
  callers.Join();
  ASSERT_TRUE(first);
  ASSERT_FALSE(before);
  EXPECT_EQ(before.error().code, Error::Code::kUnavailable) << "a retry can succeed";
  ASSERT_FALSE(ender);
  EXPECT_EQ(ender.error().message, "disk full");
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_FALSE(Committed(*db, "b"));
  EXPECT_TRUE(Committed(*db, "a"));
  EXPECT_TRUE(db->Transact<bool>([](Session&) -> Result<bool> { return true; }))
      << "the writer still works";
}

TEST(Database, PingAnswersWhenHealthy) {
  auto db = *Database::Open(":memory:");
  EXPECT_TRUE(db->Ping(100ms));
}

TEST(Database, PingFailsWhileTheConnectionIsHeld) {
  auto db = *Database::Open(":memory:");
  Result<bool> ping = true;
  auto held = db->Transact<bool>([&](Session&) -> Result<bool> {
    // Another thread asks while this transaction holds the connection.
    std::thread([&] { ping = db->Ping(50ms); }).join();
    return true;
  });
  ASSERT_TRUE(held);
  ASSERT_FALSE(ping);
  EXPECT_EQ(ping.error().code, Error::Code::kUnavailable);
}

// On a file, reads and pings use a connection of their own: a write in progress (here, this very
// process's writer, inside its transaction) never makes them wait, and they see only what was
// committed.
TEST(Database, ReadsAndPingsDoNotWaitForAWriteInProgress) {
  TempDir dir;
  auto db = *Database::Open((dir.path() / "r.db").string());
  Result<bool> ping = Fail(Error::Unavailable("not asked"));
  Result<bool> seen = Fail(Error::Unavailable("not asked"));
  auto wrote = db->Transact<bool>([&](Session& session) -> Result<bool> {
    RecordDelivery(session, "telegram", "1", kNow);
    std::thread([&] {
      ping = db->Ping(50ms);
      seen = db->Read<bool>(
          [](Session& s) -> Result<bool> { return DeliverySeen(s, "telegram", "1"); });
    }).join();
    return true;
  });
  ASSERT_TRUE(wrote);
  EXPECT_TRUE(ping);
  ASSERT_TRUE(seen) << seen.error().message;
  EXPECT_FALSE(*seen) << "not committed yet";
  EXPECT_TRUE(
      *db->Read<bool>([](Session& s) -> Result<bool> { return DeliverySeen(s, "telegram", "1"); }));
}

TEST(Database, AReadCannotWrite) {
  TempDir dir;
  auto db = *Database::Open((dir.path() / "r.db").string());
  auto wrote = db->Read<bool>(
      [](Session& s) -> Result<bool> { return RecordDelivery(s, "telegram", "1", kNow); });
  EXPECT_FALSE(wrote);
}

TEST(Deliveries, ARepeatedDeliveryIsReportedOnce) {
  auto db = *Database::Open(":memory:");
  auto result = db->Transact<std::vector<bool>>([](Session& s) -> Result<std::vector<bool>> {
    return std::vector<bool>{RecordDelivery(s, "telegram", "912345001", kNow),
                             RecordDelivery(s, "telegram", "912345001", kNow),
                             RecordDelivery(s, "discord", "912345001", kNow)};
  });
  ASSERT_TRUE(result);
  EXPECT_EQ(*result, (std::vector<bool>{true, false, true}));
}

TEST(Deliveries, PruneForgetsOldIdsAndFinishedRowsOnly) {
  auto db = *Database::Open(":memory:");
  auto pruned = db->Transact<int>([](Session& s) -> Result<int> {
    RecordDelivery(s, "telegram", "old", kNow - 48h);
    RecordDelivery(s, "telegram", "new", kNow);
    const auto sent =
        Enqueue(s, {"telegram", "1", ChatScope::kPrivate, {}, "sendMessage", "{}"}, kNow - 48h);
    MarkSent(s, sent, kNow - 48h);
    Enqueue(s, {"telegram", "2", ChatScope::kPrivate, {}, "sendMessage", "{}"}, kNow - 48h);
    return PruneHistory(s, kNow - 24h);
  });
  ASSERT_TRUE(pruned);
  EXPECT_EQ(*pruned, 2);
  auto state = db->Transact<std::pair<bool, std::int64_t>>(
      [](Session& s) -> Result<std::pair<bool, std::int64_t>> {
        return std::make_pair(RecordDelivery(s, "telegram", "old", kNow), PendingCount(s));
      });
  EXPECT_TRUE(state->first) << "an old id is forgotten";
  EXPECT_EQ(state->second, 1) << "a pending row is never pruned";
}

TEST(Runners, CreatedOnFirstContactAndStateRoundTrips) {
  auto db = *Database::Open(":memory:");
  auto runner = db->Transact<Runner>([](Session& s) -> Result<Runner> {
    Runner created = LoadOrCreateRunner(s, "telegram", "508123456", "Maya", kNow);
    dialogs::RunnerState state;
    state.consented_at = kNow;
    state.referral_code = "SQUAD-7KQ2";
    SaveRunnerState(s, created.id, state);
    SetPrivateChat(s, created.id, "508123456");
    return LoadOrCreateRunner(s, "telegram", "508123456", "", kNow + 1h);
  });
  ASSERT_TRUE(runner) << runner.error().message;
  EXPECT_EQ(runner->display_name, "Maya") << "an empty name does not overwrite";
  EXPECT_EQ(runner->state.consented_at, kNow);
  EXPECT_EQ(runner->state.referral_code, "SQUAD-7KQ2");
  EXPECT_EQ(runner->private_chat_id, "508123456");
  EXPECT_FALSE(runner->unreachable_since);
}

TEST(Runners, TheSameIdOnAnotherPlatformIsAnotherRunner) {
  auto db = *Database::Open(":memory:");
  auto ids = db->Transact<std::pair<std::int64_t, std::int64_t>>(
      [](Session& s) -> Result<std::pair<std::int64_t, std::int64_t>> {
        return std::make_pair(LoadOrCreateRunner(s, "telegram", "42", "A", kNow).id,
                              LoadOrCreateRunner(s, "console", "42", "A", kNow).id);
      });
  EXPECT_NE(ids->first, ids->second);
}

// The coaching state's JSON columns are ours, but a row edited by hand or damaged on disk must
// not be converted with undefined behaviour (a double of 1e300 cast to an int): every such field
// fails the transaction as permanent, and a row with fields missing reads them as the defaults.
TEST(Runners, AStoredNumberOutOfItsFieldsRangeIsAPermanentFailureNotAConversion) {
  auto db = *Database::Open(":memory:");
  const auto damaged = [&db](const std::string& column, const std::string& json) {
    return db->Transact<std::optional<Runner>>([&](Session& s) -> Result<std::optional<Runner>> {
      LoadOrCreateRunner(s, "telegram", "9", "Ada", kNow);
      SQLite::Statement update(s.db(), "UPDATE runners SET " + column + " = ?");
      update.bind(1, json);
      update.exec();
      return FindRunner(s, "telegram", "9");
    });
  };
  for (const auto& [column, json] : std::vector<std::pair<std::string, std::string>>{
           {"profile", R"({"side": 1e300})"},
           {"profile", R"({"review_weekday": -1})"},
           {"profile", R"({"ten_heel_raises": 2})"},
           {"progress", R"({"hsr_week": 4294967296})"},
           {"progress", R"({"clean_runs": 2.5})"},
           {"progress", R"({"flare_days": [1e20]})"},
           {"progress", R"({"step_since": 9223372036854775807})"},
           {"progress", R"({"tests": {"hop_pain": 18446744073709551615}})"},
           {"conversation", R"({"answers": {"visa_a_1": 1e10}})"},
           {"conversation", R"({"answers": [1, 2]})"},
           {"conversation", R"({"draft": {"run_pain": "seven"}})"},
       }) {
    const auto read = damaged(column, json);
    ASSERT_FALSE(read) << column << " " << json;
    EXPECT_EQ(read.error().code, Error::Code::kInternal) << column << " " << json;
    EXPECT_FALSE(read.error().Retryable()) << column << " " << json;
  }
  const auto sparse = damaged("progress", R"({"hsr_week": 3, "flare_days": [20400]})");
  ASSERT_TRUE(sparse) << sparse.error().message;
  ASSERT_TRUE(*sparse);
  EXPECT_EQ((*sparse)->state.progress.hsr_week, 3);
  EXPECT_EQ((*sparse)->state.progress.flare_days, std::vector<Day>{Day{std::chrono::days{20400}}});
  EXPECT_EQ((*sparse)->state.progress.clean_runs_at_stage, 0) << "a missing field is the default";
}

TEST(Runners, DataSurvivesClosingAndReopeningTheFile) {
  TempDir dir;
  const auto path = (dir.path() / "durable.db").string();
  {
    auto db = *Database::Open(path);
    ASSERT_TRUE(db->Transact<bool>([](Session& s) -> Result<bool> {
      auto runner = LoadOrCreateRunner(s, "telegram", "7", "Tomás", kNow);
      dialogs::RunnerState state;
      state.consented_at = kNow;
      SaveRunnerState(s, runner.id, state);
      Enqueue(s, {"telegram", "7", ChatScope::kPrivate, runner.id, "sendMessage", "{\"a\":1}"},
              kNow);
      return true;
    }));
  }
  auto db = *Database::Open(path);
  auto reopened = db->Transact<std::pair<std::optional<Runner>, std::int64_t>>(
      [](Session& s) -> Result<std::pair<std::optional<Runner>, std::int64_t>> {
        return std::make_pair(FindRunner(s, "telegram", "7"), PendingCount(s));
      });
  ASSERT_TRUE(reopened);
  ASSERT_TRUE(reopened->first);
  EXPECT_EQ(reopened->first->display_name, "Tomás");
  EXPECT_EQ(reopened->first->state.consented_at, kNow);
  EXPECT_EQ(reopened->second, 1);
}

}  // namespace
}  // namespace achilles::storage

namespace achilles::storage {
namespace {

// Whether a failure inside a transaction may be retried: only a database that is busy, full or
// not answering; a bug or a bad value is permanent (quarantined, never retried forever).
TEST(DatabaseErrors, AreClassifiedRetryableOrPermanent) {
  auto db = *Database::Open(":memory:");
  auto thrown = db->Transact<bool>(
      [](Session&) -> Result<bool> { throw std::runtime_error("a value of the wrong type"); });
  ASSERT_FALSE(thrown);
  EXPECT_EQ(thrown.error().code, Error::Code::kInternal);
  EXPECT_FALSE(thrown.error().Retryable());
  auto constraint = db->Transact<bool>([](Session& s) -> Result<bool> {
    s.db().exec("INSERT INTO deliveries (platform, delivery_id, received_at) VALUES ('t', '1', 0)");
    s.db().exec("INSERT INTO deliveries (platform, delivery_id, received_at) VALUES ('t', '1', 0)");
    return true;
  });
  ASSERT_FALSE(constraint);
  EXPECT_FALSE(constraint.error().Retryable()) << constraint.error().message;
  auto busy = db->Transact<bool>(
      [](Session&) -> Result<bool> { throw SQLite::Exception("database is locked", SQLITE_BUSY); });
  ASSERT_FALSE(busy);
  EXPECT_TRUE(busy.error().Retryable());
  auto non_std = db->Transact<bool>([](Session&) -> Result<bool> { throw 42; });
  ASSERT_FALSE(non_std);
  EXPECT_EQ(non_std.error().code, Error::Code::kInternal);
}

}  // namespace
}  // namespace achilles::storage
