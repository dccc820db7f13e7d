#include "storage/database.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <algorithm>

#include "storage/migrations.h"
#include "storage/statement.h"

namespace achilles::storage {

int Database::LatestSchemaVersion() { return static_cast<int>(Migrations().size()); }

Database::Database(std::unique_ptr<SQLite::Database> db)
    : db_(std::move(db)), write_cache_(std::make_unique<StatementCache>(*db_)) {}

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
    // Every work runs in a savepoint (group commit, and the scheduler's per-runner ones), and a
    // savepoint keeps the pages it changes in a sub-journal: in memory, not written to a temp
    // file for each one (a third of the scheduler's tick was those writes). Bounded by what one
    // work changes; emptied when it is released.
    db->exec("PRAGMA temp_store = MEMORY");
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
      database->reader_cache_ = std::make_unique<StatementCache>(*database->reader_);
    } catch (const SQLite::Exception& e) {
      return Fail(Error::Unavailable("cannot open database " + path + " to read: " + e.what()));
    }
  }
  return database;
}

WriteCounts Database::Writes() const {
  std::lock_guard lock(queue_mu_);
  WriteCounts counts = writes_;
  counts.waiting = queue_.size();
  return counts;
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

Statement Session::Prepare(std::string sql) {
  if (cache_ != nullptr) return cache_->Take(std::move(sql));
  auto statement = std::make_unique<SQLite::Statement>(db_, sql);
  return Statement(nullptr, std::move(sql), std::move(statement));
}

Result<bool> Session::Isolated(const std::function<void()>& work) {
  // Prepared, as a sweep runs these once for every row it looks at.
  const auto run = [this](const char* sql) { Prepare(sql).exec(); };
  run("SAVEPOINT isolated");
  try {
    work();
    run("RELEASE isolated");
    return true;
  } catch (const SQLite::Exception& e) {
    run("ROLLBACK TO isolated");
    run("RELEASE isolated");
    return Fail(Classified(e));
  } catch (const std::exception& e) {
    run("ROLLBACK TO isolated");
    run("RELEASE isolated");
    return Fail(Error::Internal(e.what()));
  }
}

Result<bool> Database::TransactImpl(const std::function<Result<bool>(Session&)>& work) {
  Queued mine;
  mine.work = &work;
  std::unique_lock lock(queue_mu_);
  queue_.push_back(&mine);
  // Wait while another caller commits, unless this one's work was in its group. The caller at
  // the head of the queue when the writer frees up commits next.
  mine.wake.wait(lock, [&] { return mine.done || (!committing_ && queue_.front() == &mine); });
  if (mine.done) return std::move(*mine.result);
  // The writer is free: commit everyone waiting, this caller included.
  committing_ = true;
  std::vector<Queued*> group;
  group.swap(queue_);
  lock.unlock();
  std::uint64_t commits = 0;
  try {
    commits = CommitGroup(group);
  } catch (...) {
    // Only running out of memory gets here. What was not committed is undone, every caller is
    // told to retry (a retry of what did commit is a repeat the delivery key drops), and the
    // writer is freed for the next group rather than left taken forever.
    std::lock_guard connection(mu_);
    RollBackIfOpen();
    for (Queued* queued : group) {
      queued->result = Fail(Error::Unavailable("database error: the write was not committed"));
    }
  }
  lock.lock();
  committing_ = false;
  writes_.transactions += group.size();
  writes_.commits += commits;
  for (Queued* queued : group) {
    queued->done = true;
    if (queued != &mine) queued->wake.notify_one();
  }
  if (!queue_.empty()) queue_.front()->wake.notify_one();
  return std::move(*mine.result);
}

namespace {

// What one work returned or threw, as a result.
Result<bool> RunWork(const std::function<Result<bool>(Session&)>& work, Session& session) {
  try {
    return work(session);
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

}  // namespace

void Database::RollBackIfOpen() noexcept {
  if (sqlite3_get_autocommit(db_->getHandle()) != 0) return;
  try {
    db_->exec("ROLLBACK");
  } catch (...) {
    // Nothing more to undo here: the next BEGIN reports the connection's state.
  }
}

std::uint64_t Database::CommitGroup(const std::vector<Queued*>& group) {
  std::lock_guard lock(mu_);
  sqlite3* handle = db_->getHandle();
  const auto in_transaction = [&] { return sqlite3_get_autocommit(handle) == 0; };
  // These run for every work, so they too are kept prepared.
  const auto run = [&](const char* sql) { write_cache_->Take(sql).exec(); };
  std::uint64_t commits = 0;
  std::size_t next = 0;
  // Normally one pass. SQLite rolls a whole transaction back itself on some errors (a full disk,
  // an I/O error); then the works before the failure have lost their writes and fail too, and
  // the works after it go in a transaction of their own.
  while (next < group.size()) {
    const std::size_t first = next;
    try {
      // IMMEDIATE takes the write lock up front, so a transaction never fails half-way on a
      // read-to-write upgrade when another process (a backup, the sqlite3 shell) holds a lock.
      run("BEGIN IMMEDIATE");
    } catch (const SQLite::Exception& e) {
      for (; next < group.size(); ++next) group[next]->result = Fail(Classified(e));
      break;
    }
    Session session(*db_, write_cache_.get());
    bool lost = false;
    for (; next < group.size() && !lost; ++next) {
      Queued& queued = *group[next];
      try {
        run("SAVEPOINT work");
      } catch (const SQLite::Exception& e) {
        queued.result = Fail(Classified(e));
        lost = !in_transaction();
        continue;
      }
      queued.result = RunWork(*queued.work, session);
      try {
        if (!in_transaction()) {
          lost = true;
        } else if (*queued.result) {
          run("RELEASE work");
        } else {
          run("ROLLBACK TO work");
          run("RELEASE work");
        }
      } catch (const SQLite::Exception& e) {
        if (*queued.result) queued.result = Fail(Classified(e));
        RollBackIfOpen();
        lost = true;
      }
    }
    const auto fail_succeeded = [&](const Error& error) {
      for (std::size_t i = first; i < next; ++i) {
        if (*group[i]->result) group[i]->result = Fail(error);
      }
    };
    if (lost) {
      fail_succeeded(Error::Unavailable(
          "database error: the transaction was rolled back by a failure in work committed with "
          "it"));
      RollBackIfOpen();
      continue;
    }
    const bool any_succeeded = std::any_of(group.begin() + static_cast<std::ptrdiff_t>(first),
                                           group.begin() + static_cast<std::ptrdiff_t>(next),
                                           [](const Queued* q) { return bool(*q->result); });
    try {
      if (any_succeeded) {
        run("COMMIT");
        ++commits;
      } else {
        RollBackIfOpen();
      }
    } catch (const SQLite::Exception& e) {
      fail_succeeded(Classified(e));
      RollBackIfOpen();
    }
  }
  return commits;
}

Result<bool> Database::ReadImpl(const std::function<Result<bool>(Session&)>& work) {
  std::lock_guard lock(ReadLock());
  try {
    // A deferred transaction: one snapshot for every query of `work`; never committed.
    SQLite::Transaction snapshot(ReadConnection(), SQLite::TransactionBehavior::DEFERRED);
    Session session(ReadConnection(), ReadCache());
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
