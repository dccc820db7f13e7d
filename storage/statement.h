// Prepared statements kept per connection. Parsing and planning a query cost more than running
// it for the small queries the repositories make (a profile under load had sqlite3_prepare_v2
// at 38% of the process), so each connection keeps the statements it has prepared, by their
// SQL text, and lends one out for each use. Inside storage/ only.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace achilles::storage {

class StatementCache;

// A prepared statement lent for one use. Used like an SQLite::Statement; when it goes out of
// scope it is reset, its bindings cleared, and it goes back to its cache. A use of the same SQL
// while this one is still out (a nested query) gets a statement of its own.
class Statement {
 public:
  Statement(StatementCache* cache, std::string sql, std::unique_ptr<SQLite::Statement> statement)
      : cache_(cache), sql_(std::move(sql)), statement_(std::move(statement)) {}
  Statement(Statement&& other) noexcept = default;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // For the helpers that read rows (ReadRunner, ReadEvent and the like).
  operator SQLite::Statement&() { return *statement_; }

  template <typename... Args>
  void bind(Args&&... args) {
    statement_->bind(std::forward<Args>(args)...);
  }
  bool executeStep() { return statement_->executeStep(); }
  int exec() { return statement_->exec(); }
  template <typename Index>
  SQLite::Column getColumn(Index index) {
    return statement_->getColumn(index);
  }
  int getColumnCount() const { return statement_->getColumnCount(); }
  const char* getColumnName(int index) const { return statement_->getColumnName(index); }
  void reset() { statement_->reset(); }

 private:
  StatementCache* cache_;  // null: not kept after this use
  std::string sql_;
  std::unique_ptr<SQLite::Statement> statement_;
};

// One connection's idle prepared statements. Not thread-safe: it is used under the lock of the
// connection it belongs to, and must be destroyed before that connection.
class StatementCache {
 public:
  explicit StatementCache(SQLite::Database& db) : db_(db) {}

  // A statement for `sql`: an idle one when there is one, else newly prepared.
  Statement Take(std::string sql);

  // Bounds: SQL built with a varying number of placeholders makes a few texts, not many; past
  // these, statements are finalized after their use instead of kept.
  static constexpr std::size_t kMaxTexts = 256;
  static constexpr std::size_t kMaxIdlePerText = 4;

  // How many statements are idle here (for tests).
  std::size_t Idle() const;

 private:
  friend class Statement;
  void Give(std::string sql, std::unique_ptr<SQLite::Statement> statement) noexcept;

  SQLite::Database& db_;
  std::unordered_map<std::string, std::vector<std::unique_ptr<SQLite::Statement>>> idle_;
};

}  // namespace achilles::storage
