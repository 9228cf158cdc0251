-- Accounts: students and staff. ID numbers and phones are kept as a keyed
-- hash (lookup), sealed (display to the owner) and masked (lists).
CREATE TABLE accounts (
  id                   INTEGER PRIMARY KEY,
  role                 TEXT    NOT NULL DEFAULT 'student',
  doc_type             TEXT    NOT NULL,
  doc_hash             TEXT    NOT NULL UNIQUE,
  doc_sealed           TEXT    NOT NULL,
  doc_masked           TEXT    NOT NULL,
  mobile_hash          TEXT    NOT NULL,
  mobile_sealed        TEXT    NOT NULL,
  mobile_masked        TEXT    NOT NULL,
  name                 TEXT    NOT NULL,
  email                TEXT    NOT NULL,
  sex                  TEXT    NOT NULL,
  password_hash        TEXT    NOT NULL,
  must_change_password INTEGER NOT NULL DEFAULT 1,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL
);

-- Sessions live in the database because a Worker keeps nothing in memory
-- between requests. Only the token's SHA-256 is stored.
CREATE TABLE sessions (
  token_hash  TEXT    PRIMARY KEY,
  account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

-- Failed logins per key ("acct:<hash>" or "ip:<hash>"), for the lock-out.
CREATE TABLE login_failures (
  key           TEXT    PRIMARY KEY,
  failures      INTEGER NOT NULL,
  first_failed  INTEGER NOT NULL,
  locked_until  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE schools (
  id         INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);

-- Graduate rosters as schools submit them.
CREATE TABLE roster (
  id              INTEGER PRIMARY KEY,
  school_id       INTEGER NOT NULL REFERENCES schools(id),
  college         TEXT    NOT NULL,
  major           TEXT    NOT NULL,
  level           TEXT    NOT NULL,
  student_no      TEXT    NOT NULL,
  name            TEXT    NOT NULL,
  sex             TEXT    NOT NULL,
  doc_hash        TEXT    NOT NULL UNIQUE,
  doc_sealed      TEXT    NOT NULL,
  graduation_date TEXT    NOT NULL,
  imported_at     INTEGER NOT NULL
);

-- One collection per student: the confirmed data, the photo and its state.
CREATE TABLE collections (
  id              INTEGER PRIMARY KEY,
  account_id      INTEGER NOT NULL UNIQUE REFERENCES accounts(id),
  roster_id       INTEGER REFERENCES roster(id),
  school          TEXT    NOT NULL,
  college         TEXT    NOT NULL,
  major           TEXT    NOT NULL,
  level           TEXT    NOT NULL,
  student_no      TEXT    NOT NULL,
  name            TEXT    NOT NULL,
  sex             TEXT    NOT NULL,
  graduation_date TEXT    NOT NULL,
  error_report    TEXT    NOT NULL DEFAULT '',
  state           TEXT    NOT NULL,
  source          TEXT    NOT NULL DEFAULT '',
  photo_id        INTEGER,
  original_id     INTEGER,
  engine_report   TEXT    NOT NULL DEFAULT '',
  return_reason   TEXT    NOT NULL DEFAULT '',
  chsi_code       TEXT    NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX collections_state ON collections(state);

-- Photo bytes: the finished photo, and for album photos the original.
-- idempotency_key makes a replayed upload return the photo it stored.
CREATE TABLE photos (
  id              INTEGER PRIMARY KEY,
  collection_id   INTEGER NOT NULL REFERENCES collections(id),
  kind            TEXT    NOT NULL,
  content_type    TEXT    NOT NULL,
  width           INTEGER NOT NULL,
  height          INTEGER NOT NULL,
  size            INTEGER NOT NULL,
  sha256          TEXT    NOT NULL,
  data            BLOB    NOT NULL,
  idempotency_key TEXT,
  created_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX photos_idempotency ON photos(collection_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE TABLE orders (
  id              INTEGER PRIMARY KEY,
  number          TEXT    NOT NULL UNIQUE,
  account_id      INTEGER NOT NULL REFERENCES accounts(id),
  collection_id   INTEGER NOT NULL REFERENCES collections(id),
  kind            TEXT    NOT NULL,
  state           TEXT    NOT NULL,
  amount_fen      INTEGER NOT NULL,
  quote           TEXT    NOT NULL,
  address_sealed  TEXT    NOT NULL DEFAULT '',
  address_masked  TEXT    NOT NULL DEFAULT '',
  idempotency_key TEXT    NOT NULL,
  provider        TEXT    NOT NULL DEFAULT '',
  transaction_id  TEXT    NOT NULL DEFAULT '',
  carrier         TEXT    NOT NULL DEFAULT '',
  tracking_no     TEXT    NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  expires_at      INTEGER NOT NULL,
  paid_at         INTEGER NOT NULL DEFAULT 0,
  shipped_at      INTEGER NOT NULL DEFAULT 0,
  updated_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX orders_idempotency ON orders(account_id, idempotency_key);
-- At most one open unpaid order per collection, enforced by the database.
CREATE UNIQUE INDEX orders_one_unpaid ON orders(collection_id) WHERE state = 'unpaid';
CREATE INDEX orders_account ON orders(account_id);
CREATE INDEX orders_state ON orders(state, expires_at);

-- Each attempt to pay an order (a channel, a provider payment number).
CREATE TABLE payments (
  out_trade_no   TEXT    PRIMARY KEY,
  order_id       INTEGER NOT NULL REFERENCES orders(id),
  provider       TEXT    NOT NULL,
  channel        TEXT    NOT NULL,
  amount_fen     INTEGER NOT NULL,
  state          TEXT    NOT NULL,
  prepay         TEXT    NOT NULL DEFAULT '',
  transaction_id TEXT    NOT NULL DEFAULT '',
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX payments_order ON payments(order_id);
CREATE INDEX payments_state ON payments(state);

-- Every verified notification and what it did, for audit and replays.
CREATE TABLE payment_events (
  id           INTEGER PRIMARY KEY,
  out_trade_no TEXT    NOT NULL,
  provider     TEXT    NOT NULL,
  transaction_id TEXT  NOT NULL,
  amount_fen   INTEGER NOT NULL,
  outcome      TEXT    NOT NULL,
  received_at  INTEGER NOT NULL
);
CREATE INDEX payment_events_trade ON payment_events(out_trade_no);

CREATE TABLE refunds (
  out_refund_no TEXT    PRIMARY KEY,
  order_id      INTEGER NOT NULL REFERENCES orders(id),
  out_trade_no  TEXT    NOT NULL,
  amount_fen    INTEGER NOT NULL,
  reason        TEXT    NOT NULL,
  refund_id     TEXT    NOT NULL DEFAULT '',
  state         TEXT    NOT NULL,
  created_at    INTEGER NOT NULL
);
