// The SQLite database: opening, schema migrations and transactions.
//
// One writing connection guarded by a mutex: Transact() may be called from any thread; calls run
// one at a time. A second, read-only connection serves Read() and Ping(), so /healthz and
// /metrics answer while writes queue (WAL: a reader never waits for a writer). SQLiteCpp's types
// are forward-declared so its headers stay inside storage/.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "dialogs/error.h"

namespace SQLite {
class Database;
}

namespace achilles::storage {

// A transaction in progress. Repository functions (runners.h, outbox.h, deliveries.h) take one,
// so they can only run inside Database::Transact. They throw SQLite exceptions, which Transact
// turns into Error values.
class Session {
 public:
  explicit Session(SQLite::Database& db) : db_(db) {}
  SQLite::Database& db() { return db_; }

  // Runs `work` in a savepoint of this transaction: when it throws, only its own writes are
  // undone and the error comes back, classified as Transact classifies it; the transaction goes
  // on. For background work that must survive one bad row among many.
  Result<bool> Isolated(const std::function<void()>& work);

 private:
  SQLite::Database& db_;
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

  // Runs `work` in one transaction. Commits when it returns a value; rolls back when it returns
  // an error or throws. SQLite errors become kUnavailable.
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
  Result<bool> ReadImpl(const std::function<Result<bool>(Session&)>& work);
  // The connection reads use, and its lock: the reader when there is one, else the writer.
  std::timed_mutex& ReadLock() { return reader_ ? read_mu_ : mu_; }
  SQLite::Database& ReadConnection() { return reader_ ? *reader_ : *db_; }

  std::timed_mutex mu_;
  std::unique_ptr<SQLite::Database> db_;
  std::timed_mutex read_mu_;
  std::unique_ptr<SQLite::Database> reader_;  // none for ":memory:"
};

}  // namespace achilles::storage
