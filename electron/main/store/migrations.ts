// Versioned schema of the local store. Append a migration; never edit one that has shipped.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'sessions, usage records and source files',
    sql: `
      CREATE TABLE source_files (
        path          TEXT PRIMARY KEY,
        root          TEXT NOT NULL,
        kind          TEXT NOT NULL,
        inode         INTEGER NOT NULL DEFAULT 0,
        size          INTEGER NOT NULL DEFAULT 0,
        offset        INTEGER NOT NULL DEFAULT 0,
        lines         INTEGER NOT NULL DEFAULT 0,
        skipped_lines INTEGER NOT NULL DEFAULT 0,
        last_error    TEXT,
        updated_at    INTEGER NOT NULL
      );

      CREATE TABLE sessions (
        id            TEXT PRIMARY KEY,
        project       TEXT NOT NULL,
        cwd           TEXT,
        git_branch    TEXT,
        version       TEXT,
        title         TEXT,
        first_ts      INTEGER NOT NULL,
        last_ts       INTEGER NOT NULL
      );
      CREATE INDEX sessions_last_ts ON sessions(last_ts);

      -- One row per API response. id is message.id:requestId, or file:offset for a line without them.
      CREATE TABLE usage_records (
        id                     TEXT PRIMARY KEY,
        session_id             TEXT NOT NULL,
        project                TEXT NOT NULL,
        agent_id               TEXT,
        is_sidechain           INTEGER NOT NULL DEFAULT 0,
        ts                     INTEGER NOT NULL,
        model                  TEXT NOT NULL,
        input_tokens           INTEGER NOT NULL,
        output_tokens          INTEGER NOT NULL,
        cache_creation_tokens  INTEGER NOT NULL,
        cache_creation_1h      INTEGER NOT NULL DEFAULT 0,
        cache_read_tokens      INTEGER NOT NULL,
        total_tokens           INTEGER NOT NULL,
        speed                  TEXT,
        cost_usd               REAL NOT NULL,
        priced                 INTEGER NOT NULL
      );
      CREATE INDEX usage_records_ts ON usage_records(ts);
      CREATE INDEX usage_records_session ON usage_records(session_id, ts);
    `,
  },
  {
    version: 6,
    name: 'alerts and alert rule settings',
    sql: `
      CREATE TABLE alerts (
        id              TEXT PRIMARY KEY,
        rule            TEXT NOT NULL,
        severity        TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        title           TEXT NOT NULL,
        body            TEXT NOT NULL,
        session_id      TEXT,
        subject         TEXT NOT NULL,
        created_at      INTEGER NOT NULL,
        acknowledged_at INTEGER,
        group_id        TEXT,
        notified        INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX alerts_created ON alerts(created_at);
      CREATE INDEX alerts_subject ON alerts(subject);
      CREATE INDEX alerts_group ON alerts(group_id);

      -- One row: the user's alert settings as JSON, validated with zod on every read and write.
      CREATE TABLE alert_settings (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        settings    TEXT NOT NULL,
        updated_at  INTEGER NOT NULL
      );
    `,
  },
];
