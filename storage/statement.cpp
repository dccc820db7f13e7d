#include "storage/statement.h"

#include <sqlite3.h>

namespace achilles::storage {

Statement::~Statement() {
  if (statement_ && cache_ != nullptr) cache_->Give(std::move(sql_), std::move(statement_));
}

Statement StatementCache::Take(std::string sql) {
  if (auto found = idle_.find(sql); found != idle_.end() && !found->second.empty()) {
    auto statement = std::move(found->second.back());
    found->second.pop_back();
    return Statement(this, std::move(sql), std::move(statement));
  }
  auto statement = std::make_unique<SQLite::Statement>(db_, sql);
  return Statement(this, std::move(sql), std::move(statement));
}

std::size_t StatementCache::Idle() const {
  std::size_t count = 0;
  for (const auto& [sql, statements] : idle_) count += statements.size();
  return count;
}

void StatementCache::Give(std::string sql, std::unique_ptr<SQLite::Statement> statement) noexcept {
  // A statement whose reset or unbinding fails is not lent again.
  if (statement->tryReset() != SQLITE_OK && statement->tryReset() != SQLITE_OK) return;
  try {
    statement->clearBindings();
    auto found = idle_.find(sql);
    if (found == idle_.end()) {
      if (idle_.size() >= kMaxTexts) return;
      found =
          idle_.emplace(std::move(sql), std::vector<std::unique_ptr<SQLite::Statement>>{}).first;
    }
    if (found->second.size() < kMaxIdlePerText) found->second.push_back(std::move(statement));
  } catch (...) {
    // Out of memory, or an unbinding that failed: the statement is finalized instead.
  }
}

}  // namespace achilles::storage
