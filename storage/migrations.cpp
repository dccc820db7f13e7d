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

// The coaching brain: the runner's profile, programme position and pending question; one
// check-in per runner per local day; events a coach should see. Days are counted from
// 1970-01-01 in the runner's own time zone. Fields the scheduler and the coach views query are
// columns; the rest of the coaching state is JSON the storage layer alone reads and writes.
constexpr std::string_view kV2 = R"sql(
ALTER TABLE runners ADD COLUMN onboarded_at INTEGER;
ALTER TABLE runners ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE runners ADD COLUMN checkin_time TEXT NOT NULL DEFAULT '08:00';
ALTER TABLE runners ADD COLUMN paused_until INTEGER;
ALTER TABLE runners ADD COLUMN stopped_on INTEGER;
ALTER TABLE runners ADD COLUMN phase TEXT NOT NULL DEFAULT 'settle';
ALTER TABLE runners ADD COLUMN phase_step INTEGER NOT NULL DEFAULT 1;
ALTER TABLE runners ADD COLUMN profile TEXT NOT NULL DEFAULT '{}';
ALTER TABLE runners ADD COLUMN progress TEXT NOT NULL DEFAULT '{}';
ALTER TABLE runners ADD COLUMN conversation TEXT NOT NULL DEFAULT '{}';

CREATE TABLE checkins (
  runner_id         INTEGER NOT NULL REFERENCES runners (id),
  day               INTEGER NOT NULL,
  morning_stiffness INTEGER,
  stiffness_minutes INTEGER,
  run_pain          INTEGER,
  rehab_pain        INTEGER,
  run_km            REAL,
  run_minutes       INTEGER,
  no_run            INTEGER NOT NULL DEFAULT 0,
  did_session       INTEGER,
  painkillers       INTEGER,
  note              TEXT    NOT NULL DEFAULT '',
  recorded_at       INTEGER NOT NULL,
  PRIMARY KEY (runner_id, day)
) WITHOUT ROWID;

CREATE TABLE events (
  id        INTEGER PRIMARY KEY,
  runner_id INTEGER NOT NULL REFERENCES runners (id),
  kind      TEXT    NOT NULL,
  detail    TEXT    NOT NULL,
  at        INTEGER NOT NULL
);
CREATE INDEX events_runner ON events (runner_id, at);
)sql";

// The scheduler: when each runner next needs a look (indexed, so a tick reads only the due
// ones), and what was sent on which of their local days; the key allows one prompt, one
// reminder and one weekly review per runner per day. Questionnaire answers, one row per item.
constexpr std::string_view kV3 = R"sql(
ALTER TABLE runners ADD COLUMN next_due_at INTEGER;
CREATE INDEX runners_next_due ON runners (platform, next_due_at)
  WHERE next_due_at IS NOT NULL AND unreachable_since IS NULL;

CREATE TABLE prompts (
  runner_id INTEGER NOT NULL REFERENCES runners (id),
  day       INTEGER NOT NULL,
  kind      TEXT    NOT NULL CHECK (kind IN ('review', 'checkin', 'reminder')),
  sent_at   INTEGER NOT NULL,
  PRIMARY KEY (runner_id, day, kind)
) WITHOUT ROWID;
CREATE INDEX prompts_sent ON prompts (sent_at);

CREATE TABLE questionnaire_answers (
  runner_id     INTEGER NOT NULL REFERENCES runners (id),
  questionnaire TEXT    NOT NULL,
  day           INTEGER NOT NULL,
  item          TEXT    NOT NULL,
  value         INTEGER NOT NULL,
  PRIMARY KEY (runner_id, questionnaire, day, item)
) WITHOUT ROWID;
)sql";

// Squads: a coach's group chat or channel, its coaches, and the runners who joined it (sharing
// their check-in summary with the coaches only once they said yes). squad_alerts makes each
// alert go once: (squad, runner, kind, key) with a key like the day or the event id.
constexpr std::string_view kV4 = R"sql(
CREATE TABLE squads (
  id             INTEGER PRIMARY KEY,
  platform       TEXT    NOT NULL,
  chat_id        TEXT    NOT NULL,
  thread_id      TEXT,
  title          TEXT    NOT NULL DEFAULT '',
  join_code      TEXT    NOT NULL UNIQUE,
  coach_code     TEXT    NOT NULL UNIQUE,
  time_zone      TEXT    NOT NULL DEFAULT 'UTC',
  digest_time    TEXT    NOT NULL DEFAULT '18:00',
  next_digest_at INTEGER,
  created_at     INTEGER NOT NULL,
  UNIQUE (platform, chat_id)
);
CREATE INDEX squads_next_digest ON squads (platform, next_digest_at)
  WHERE next_digest_at IS NOT NULL;

CREATE TABLE squad_coaches (
  squad_id  INTEGER NOT NULL REFERENCES squads (id) ON DELETE CASCADE,
  runner_id INTEGER NOT NULL REFERENCES runners (id) ON DELETE CASCADE,
  PRIMARY KEY (squad_id, runner_id)
) WITHOUT ROWID;
CREATE INDEX squad_coaches_runner ON squad_coaches (runner_id);

CREATE TABLE squad_members (
  squad_id     INTEGER NOT NULL REFERENCES squads (id) ON DELETE CASCADE,
  runner_id    INTEGER NOT NULL REFERENCES runners (id) ON DELETE CASCADE,
  joined_at    INTEGER NOT NULL,
  consented_at INTEGER,
  PRIMARY KEY (squad_id, runner_id)
) WITHOUT ROWID;
CREATE INDEX squad_members_runner ON squad_members (runner_id);

CREATE TABLE squad_alerts (
  squad_id  INTEGER NOT NULL REFERENCES squads (id) ON DELETE CASCADE,
  runner_id INTEGER NOT NULL,
  kind      TEXT    NOT NULL,
  key       TEXT    NOT NULL,
  sent_at   INTEGER NOT NULL,
  PRIMARY KEY (squad_id, runner_id, kind, key)
) WITHOUT ROWID;
)sql";

// R28: a STOP holds until the runner says they were seen. stopped_on (since v2) is now the day
// it began; the rule and "seen, told to rest" join it. A STOP stored before v5 holds too.
constexpr std::string_view kV5 = R"sql(
ALTER TABLE runners ADD COLUMN stop_rule TEXT NOT NULL DEFAULT '';
ALTER TABLE runners ADD COLUMN stop_told_to_rest INTEGER NOT NULL DEFAULT 0;
)sql";

// Updates that failed for good, kept with their raw payload and error for an operator to list
// and replay; once per platform delivery.
constexpr std::string_view kV6 = R"sql(
CREATE TABLE quarantine (
  id          INTEGER PRIMARY KEY,
  platform    TEXT    NOT NULL,
  delivery_id TEXT    NOT NULL,
  source      TEXT    NOT NULL,
  payload     TEXT    NOT NULL,
  error       TEXT    NOT NULL,
  received_at INTEGER NOT NULL,
  replayed_at INTEGER,
  UNIQUE (platform, delivery_id)
);
)sql";

// Charts and files. A check-in keeps the programme position of its day (the charts' phase
// bands). An outbox row may carry uploads (a JSON array: a file's text, or a chart's data that
// the sender draws when it sends) and the call sent instead when the upload fails for good.
constexpr std::string_view kV7 = R"sql(
ALTER TABLE checkins ADD COLUMN phase TEXT;
ALTER TABLE checkins ADD COLUMN step INTEGER;
ALTER TABLE checkins ADD COLUMN hsr_week INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN uploads TEXT;
ALTER TABLE outbox ADD COLUMN fallback_method TEXT;
ALTER TABLE outbox ADD COLUMN fallback_payload TEXT;
)sql";

// Outbox ids are never reused (AUTOINCREMENT), even after the newest row is deleted (by
// housekeeping or /forget): the sender finds new rows as the ids above the last it has seen.
// SQLite cannot add AUTOINCREMENT to a table, so the table is rebuilt with its rows and indexes.
constexpr std::string_view kV8 = R"sql(
CREATE TABLE outbox_v8 (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  platform         TEXT    NOT NULL,
  chat_id          TEXT    NOT NULL,
  chat_kind        TEXT    NOT NULL CHECK (chat_kind IN ('private', 'group')),
  runner_id        INTEGER REFERENCES runners (id),
  method           TEXT    NOT NULL,
  payload          TEXT    NOT NULL,
  status           TEXT    NOT NULL DEFAULT 'pending'
                           CHECK (status IN ('pending', 'sent', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  last_error       TEXT    NOT NULL DEFAULT '',
  created_at       INTEGER NOT NULL,
  finished_at      INTEGER,
  uploads          TEXT,
  fallback_method  TEXT,
  fallback_payload TEXT
);
INSERT INTO outbox_v8 (id, platform, chat_id, chat_kind, runner_id, method, payload, status,
                       attempts, next_attempt_at, last_error, created_at, finished_at, uploads,
                       fallback_method, fallback_payload)
  SELECT id, platform, chat_id, chat_kind, runner_id, method, payload, status, attempts,
         next_attempt_at, last_error, created_at, finished_at, uploads, fallback_method,
         fallback_payload
  FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v8 RENAME TO outbox;
CREATE INDEX outbox_pending_chat ON outbox (platform, chat_id, id) WHERE status = 'pending';
CREATE INDEX outbox_pending_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_finished ON outbox (finished_at) WHERE status <> 'pending';
)sql";

constexpr std::array<std::string_view, 8> kMigrations = {kV1, kV2, kV3, kV4, kV5, kV6, kV7, kV8};

}  // namespace

std::span<const std::string_view> Migrations() { return kMigrations; }

}  // namespace achilles::storage
