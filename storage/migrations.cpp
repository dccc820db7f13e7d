#include "storage/migrations.h"

#include <array>

namespace achilles::storage {
namespace {

// Times are Unix milliseconds (UTC). Ids from the platforms are stored as text: Telegram ids
// exceed 32 bits and Discord snowflakes exceed what JSON numbers carry safely.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE runners (
  id                INTEGER PRIMARY KEY,
  platform          TEXT    NOT NULL,
  platform_user_id  TEXT    NOT NULL,
  display_name      TEXT    NOT NULL DEFAULT '',
  private_chat_id   TEXT,
  consented_at      INTEGER,
  referral_code     TEXT    NOT NULL DEFAULT '',
  unreachable_since INTEGER,
  created_at        INTEGER NOT NULL,
  UNIQUE (platform, platform_user_id)
);

CREATE TABLE deliveries (
  platform    TEXT    NOT NULL,
  delivery_id TEXT    NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (platform, delivery_id)
) WITHOUT ROWID;
CREATE INDEX deliveries_received ON deliveries (received_at);

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  platform        TEXT    NOT NULL,
  chat_id         TEXT    NOT NULL,
  chat_kind       TEXT    NOT NULL CHECK (chat_kind IN ('private', 'group')),
  runner_id       INTEGER REFERENCES runners (id),
  method          TEXT    NOT NULL,
  payload         TEXT    NOT NULL,
  status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT    NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  finished_at     INTEGER
);
CREATE INDEX outbox_pending_chat ON outbox (platform, chat_id, id) WHERE status = 'pending';
CREATE INDEX outbox_pending_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_finished ON outbox (finished_at) WHERE status <> 'pending';
)sql";

constexpr std::array<std::string_view, 1> kMigrations = {kV1};

}  // namespace

std::span<const std::string_view> Migrations() { return kMigrations; }

}  // namespace achilles::storage
