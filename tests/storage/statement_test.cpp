#include "storage/statement.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace achilles::storage {
namespace {

class StatementCacheTest : public ::testing::Test {
 protected:
  StatementCacheTest() : db_(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) {
    db_.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
    db_.exec("INSERT INTO t (id, v) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
  }
  static const SQLite::Statement* Address(Statement& statement) {
    return &static_cast<SQLite::Statement&>(statement);
  }

  SQLite::Database db_;
  StatementCache cache_{db_};
};

TEST_F(StatementCacheTest, ASecondUseOfTheSameSqlReusesTheStatement) {
  const SQLite::Statement* first = nullptr;
  {
    Statement query = cache_.Take("SELECT v FROM t WHERE id = ?");
    first = Address(query);
    query.bind(1, 2);
    ASSERT_TRUE(query.executeStep());
    EXPECT_EQ(query.getColumn(0).getString(), "b");
  }
  EXPECT_EQ(cache_.Idle(), 1u);
  Statement again = cache_.Take("SELECT v FROM t WHERE id = ?");
  EXPECT_EQ(Address(again), first);
  EXPECT_EQ(cache_.Idle(), 0u);
  again.bind(1, 3);
  ASSERT_TRUE(again.executeStep()) << "reset when it came back, though its last row was unread";
  EXPECT_EQ(again.getColumn(0).getString(), "c");
}

TEST_F(StatementCacheTest, AStatementComesBackWithItsBindingsCleared) {
  {
    Statement query = cache_.Take("SELECT ? IS NULL");
    query.bind(1, "a value");
    ASSERT_TRUE(query.executeStep());
    EXPECT_EQ(query.getColumn(0).getInt(), 0);
  }
  Statement again = cache_.Take("SELECT ? IS NULL");
  ASSERT_TRUE(again.executeStep());
  EXPECT_EQ(again.getColumn(0).getInt(), 1) << "no value left over from the last use";
}

// A query run inside a loop over the same query's rows gets a statement of its own, so the
// outer loop keeps its place.
TEST_F(StatementCacheTest, ANestedUseOfTheSameSqlGetsItsOwnStatement) {
  const std::string sql = "SELECT id, v FROM t WHERE id >= ? ORDER BY id";
  std::vector<std::string> seen;
  {
    Statement outer = cache_.Take(sql);
    outer.bind(1, 1);
    while (outer.executeStep()) {
      Statement inner = cache_.Take(sql);
      EXPECT_NE(Address(inner), Address(outer));
      inner.bind(1, 3);
      ASSERT_TRUE(inner.executeStep());
      seen.push_back(outer.getColumn(1).getString() + inner.getColumn(1).getString());
    }
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"ac", "bc", "cc"}));
  EXPECT_EQ(cache_.Idle(), 2u);
}

TEST_F(StatementCacheTest, AStatementWhoseStepFailedIsStillUsable) {
  {
    Statement insert = cache_.Take("INSERT INTO t (id, v) VALUES (?, ?)");
    insert.bind(1, 1);  // taken
    insert.bind(2, "x");
    EXPECT_THROW(insert.exec(), SQLite::Exception);
  }
  Statement insert = cache_.Take("INSERT INTO t (id, v) VALUES (?, ?)");
  insert.bind(1, 4);
  insert.bind(2, "d");
  EXPECT_EQ(insert.exec(), 1);
  EXPECT_EQ(db_.execAndGet("SELECT v FROM t WHERE id = 4").getString(), "d");
}

// SQL built with values in it would make a new text each time: the cache stays bounded.
TEST_F(StatementCacheTest, KeepsABoundedNumberOfStatements) {
  for (std::size_t i = 0; i < StatementCache::kMaxTexts + 50; ++i) {
    cache_.Take("SELECT " + std::to_string(i)).executeStep();
  }
  EXPECT_EQ(cache_.Idle(), StatementCache::kMaxTexts);
  {
    std::vector<Statement> out;
    for (std::size_t i = 0; i < StatementCache::kMaxIdlePerText + 3; ++i) {
      out.push_back(cache_.Take("SELECT 0"));
    }
  }
  EXPECT_EQ(cache_.Idle(), StatementCache::kMaxTexts - 1 + StatementCache::kMaxIdlePerText);
}

}  // namespace
}  // namespace achilles::storage
