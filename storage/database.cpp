#include "storage/database.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include "storage/migrations.h"

namespace achilles::storage {

int Database::LatestSchemaVersion() { return static_cast<int>(Migrations().size()); }

Database::Database(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}

Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::Open(const std::string& path) {
  std::unique_ptr<Database> database;
  try {
    auto db = std::make_unique<SQLite::Database>(
        path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX);
    db->setBusyTimeout(5000);
    // WAL lets /healthz and readers proceed during a write; FULL syncs each commit so an
    // acknowledged update survives a power cut, not only a process crash.
    db->exec("PRAGMA journal_mode = WAL");
    db->exec("PRAGMA synchronous = FULL");
    db->exec("PRAGMA foreign_keys = ON");
    database.reset(new Database(std::move(db)));
  } catch (const SQLite::Exception& e) {
    return Fail(Error::Unavailable("cannot open database " + path + ": " + e.what()));
  }
  auto migrated = database->Migrate();
  if (!migrated) return Fail(migrated.error());
  if (path != ":memory:") {
    try {
      database->reader_ =
          std::make_unique<SQLite::Database>(path, SQLite::OPEN_READONLY | SQLite::OPEN_FULLMUTEX);
      database->reader_->setBusyTimeout(2000);
    } catch (const SQLite::Exception& e) {
      return Fail(Error::Unavailable("cannot open database " + path + " to read: " + e.what()));
    }
  }
  return database;
}

int Database::SchemaVersion() {
  std::lock_guard lock(mu_);
  return db_->execAndGet("PRAGMA user_version").getInt();
}

Result<bool> Database::Migrate() {
  const int current = SchemaVersion();
  const int latest = LatestSchemaVersion();
  if (current > latest) {
    return Fail(Error::Incompatible(
        "database schema version " + std::to_string(current) + " is newer than this binary (" +
        std::to_string(latest) + "); run a newer achilles-coach or point ACHILLES_DB elsewhere"));
  }
  for (int version = current; version < latest; ++version) {
    auto applied = TransactImpl([&](Session& session) -> Result<bool> {
      session.db().exec(std::string(Migrations()[static_cast<std::size_t>(version)]));
      session.db().exec("PRAGMA user_version = " + std::to_string(version + 1));
      return true;
    });
    if (!applied) {
      return Fail(Error::Unavailable("migration to schema version " + std::to_string(version + 1) +
                                     " failed: " + applied.error().message));
    }
  }
  return true;
}

namespace {

// Whether a retry can help: a busy or locked database, a full disk, an I/O error or an
// interrupted call are transient (kUnavailable); corruption, a broken constraint, a type
// mismatch or an error raised by our own code (code -1: an unreadable stored value) are not.
Error Classified(const SQLite::Exception& e) {
  const std::string what = std::string("database error: ") + e.what();
  switch (e.getErrorCode() & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_INTERRUPT:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
    case SQLITE_READONLY:
      return Error::Unavailable(what);
    default:
      return Error::Internal(what);
  }
}

}  // namespace

Result<bool> Session::Isolated(const std::function<void()>& work) {
  db_.exec("SAVEPOINT isolated");
  try {
    work();
    db_.exec("RELEASE isolated");
    return true;
  } catch (const SQLite::Exception& e) {
    db_.exec("ROLLBACK TO isolated");
    db_.exec("RELEASE isolated");
    return Fail(Classified(e));
  } catch (const std::exception& e) {
    db_.exec("ROLLBACK TO isolated");
    db_.exec("RELEASE isolated");
    return Fail(Error::Internal(e.what()));
  }
}

Result<bool> Database::TransactImpl(const std::function<Result<bool>(Session&)>& work) {
  std::lock_guard lock(mu_);
  try {
    // IMMEDIATE takes the write lock up front, so a transaction never fails half-way on a
    // read-to-write upgrade when another process (a backup, the sqlite3 shell) holds a lock.
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    Session session(*db_);
    auto result = work(session);
    if (!result) return result;  // the Transaction destructor rolls back
    transaction.commit();
    return true;
  } catch (const SQLite::Exception& e) {
    return Fail(Classified(e));
  } catch (const std::exception& e) {
    // Anything else thrown inside a transaction (a JSON type mismatch, a bad value) is a bug or
    // bad data: the same work would fail again.
    return Fail(Error::Internal(std::string("failed inside a transaction: ") + e.what()));
  } catch (...) {
    return Fail(Error::Internal("failed inside a transaction: an unknown exception"));
  }
}

Result<bool> Database::ReadImpl(const std::function<Result<bool>(Session&)>& work) {
  std::lock_guard lock(ReadLock());
  try {
    // A deferred transaction: one snapshot for every query of `work`; never committed.
    SQLite::Transaction snapshot(ReadConnection(), SQLite::TransactionBehavior::DEFERRED);
    Session session(ReadConnection());
    return work(session);
  } catch (const SQLite::Exception& e) {
    return Fail(Classified(e));
  } catch (const std::exception& e) {
    return Fail(Error::Internal(std::string("failed inside a read: ") + e.what()));
  }
}

Result<bool> Database::Ping(std::chrono::milliseconds timeout) {
  std::unique_lock lock(ReadLock(), std::defer_lock);
  if (!lock.try_lock_for(timeout)) return Fail(Error::Unavailable("database is busy"));
  try {
    ReadConnection().execAndGet("SELECT count(*) FROM sqlite_schema");
    return true;
  } catch (const SQLite::Exception& e) {
    return Fail(Error::Unavailable(std::string("database error: ") + e.what()));
  }
}

}  // namespace achilles::storage
