// The SQLite database: opening, schema migrations and transactions.
//
// One writing connection: Transact() may be called from any thread. Calls that arrive while the
// connection is busy are committed together (group commit): the first caller to find it free
// runs every waiting caller's work in one transaction, each in a savepoint of its own, so one
// work's failure undoes only that work, and one fsync covers them all. Every caller returns only
// after its work is committed. A second, read-only connection serves Read() and Ping(), so
// /healthz and /metrics answer while writes queue (WAL: a reader never waits for a writer).
// SQLiteCpp's types are forward-declared so its headers stay inside storage/.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dialogs/error.h"

namespace SQLite {
class Database;
}

namespace achilles::storage {

class Statement;
class StatementCache;

// A transaction in progress. Repository functions (runners.h, outbox.h, deliveries.h) take one,
// so they can only run inside Database::Transact. They throw SQLite exceptions, which Transact
// turns into Error values.
class Session {
 public:
  explicit Session(SQLite::Database& db, StatementCache* cache = nullptr)
      : db_(db), cache_(cache) {}
  SQLite::Database& db() { return db_; }

  // A prepared statement for `sql`, from the connection's cache (statement.h): use it like an
  // SQLite::Statement. Prefer it to constructing one, which parses and plans the SQL each time.
  Statement Prepare(std::string sql);

  // Runs `work` in a savepoint of this transaction: when it throws, only its own writes are
  // undone and the error comes back, classified as Transact classifies it; the transaction goes
  // on. For background work that must survive one bad row among many.
  Result<bool> Isolated(const std::function<void()>& work);

 private:
  SQLite::Database& db_;
  StatementCache* cache_;
};

// How many transactions the writer has run and in how many commits (group commit makes the
// second smaller under concurrent load), and how many callers wait for it now.
struct WriteCounts {
  std::uint64_t transactions = 0;
  std::uint64_t commits = 0;
  std::uint64_t waiting = 0;
};

class Database {
 public:
  // The schema version this binary writes (PRAGMA user_version).
  static int LatestSchemaVersion();

  // Opens (creating if needed) the SQLite file at `path`, or an in-memory database for
  // ":memory:", and migrates it to the latest schema. Fails with kIncompatible when the file was
  // written by a newer binary, kUnavailable when it cannot be opened or migrated.
  static Result<std::unique_ptr<Database>> Open(const std::string& path);

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs `work` in a transaction and returns once it is committed. Commits when it returns a
  // value; rolls back its writes when it returns an error or throws. Transient SQLite errors
  // become kUnavailable, the rest kInternal. `work` may run on another caller's thread (the one
  // committing a group) while this one waits, so it must not wait for another Transact.
  template <typename T>
  Result<T> Transact(const std::function<Result<T>(Session&)>& work) {
    return Typed<T>(&Database::TransactImpl, work);
  }

  // Runs read-only `work` in a snapshot on the reading connection: it never waits for a write
  // in progress. An in-memory database has one connection, so there reads take their turn.
  template <typename T>
  Result<T> Read(const std::function<Result<T>(Session&)>& work) {
    return Typed<T>(&Database::ReadImpl, work);
  }

  // Succeeds when the database answers a query within `timeout`, on the reading connection (so
  // a queue of writes does not make it fail). Used by /healthz.
  Result<bool> Ping(std::chrono::milliseconds timeout);

  int SchemaVersion();

  WriteCounts Writes() const;

 private:
  explicit Database(std::unique_ptr<SQLite::Database> db);
  Result<bool> Migrate();
  using Runner = Result<bool> (Database::*)(const std::function<Result<bool>(Session&)>&);
  // Runs typed `work` through `run` (TransactImpl or ReadImpl), which see only success or error.
  template <typename T>
  Result<T> Typed(Runner run, const std::function<Result<T>(Session&)>& work) {
    std::optional<Result<T>> result;
    auto status = (this->*run)([&](Session& session) -> Result<bool> {
      result.emplace(work(session));
      if (!*result) return Fail(result->error());
      return true;
    });
    if (!status) return Fail(status.error());
    return std::move(*result);
  }
  Result<bool> TransactImpl(const std::function<Result<bool>(Session&)>& work);
  // One caller's work waiting for the writer. Each has its own condition, so finishing a group
  // wakes only its callers and the one that commits next, not every waiting thread.
  struct Queued {
    const std::function<Result<bool>(Session&)>* work = nullptr;
    std::optional<Result<bool>> result{};
    bool done = false;
    std::condition_variable wake{};
  };
  // Runs `group` in one transaction on the writing connection, sets each one's result, and
  // returns how many commits it took (one, unless SQLite rolled a transaction back itself).
  std::uint64_t CommitGroup(const std::vector<Queued*>& group);
  // Ends the writing connection's transaction, if one is open, undoing it. Holds mu_.
  void RollBackIfOpen() noexcept;
  Result<bool> ReadImpl(const std::function<Result<bool>(Session&)>& work);
  // The connection reads use, and its lock: the reader when there is one, else the writer.
  std::timed_mutex& ReadLock() { return reader_ ? read_mu_ : mu_; }
  SQLite::Database& ReadConnection() { return reader_ ? *reader_ : *db_; }
  StatementCache* ReadCache() { return reader_ ? reader_cache_.get() : write_cache_.get(); }

  std::timed_mutex mu_;  // the writing connection
  std::unique_ptr<SQLite::Database> db_;
  // The callers waiting for the writer, and whether one of them is committing a group.
  mutable std::mutex queue_mu_;
  std::vector<Queued*> queue_;
  bool committing_ = false;
  WriteCounts writes_{};
  std::timed_mutex read_mu_;
  std::unique_ptr<SQLite::Database> reader_;  // none for ":memory:"
  // Each connection's prepared statements; declared after the connections, so they are
  // finalized before the connections close.
  std::unique_ptr<StatementCache> write_cache_;
  std::unique_ptr<StatementCache> reader_cache_;
};

}  // namespace achilles::storage
