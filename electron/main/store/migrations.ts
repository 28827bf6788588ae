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
    version: 4,
    name: 'team outbox, team cache and sync cursors',
    sql: `
      -- Local changes bound for the team's Postgres. Rows name what changed; the drainer reads the current
      -- state when it sends, so a row updated while queued goes out once, in its latest form.
      CREATE TABLE team_outbox (
        seq          INTEGER PRIMARY KEY AUTOINCREMENT,
        kind         TEXT NOT NULL CHECK (kind IN ('session', 'usage')),
        entity_id    TEXT NOT NULL,
        session_id   TEXT NOT NULL,
        enqueued_at  INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX team_outbox_entity ON team_outbox(kind, entity_id);

      -- The team's records as Postgres has them, for offline review. seq is Postgres's change sequence.
      CREATE TABLE team_sessions (
        team        TEXT NOT NULL,
        id          TEXT NOT NULL,
        developer   TEXT NOT NULL,
        project     TEXT NOT NULL,
        cwd         TEXT,
        git_branch  TEXT,
        version     TEXT,
        title       TEXT,
        first_ts    INTEGER NOT NULL,
        last_ts     INTEGER NOT NULL,
        seq         INTEGER NOT NULL,
        PRIMARY KEY (team, id)
      );
      CREATE TABLE team_usage_records (
        team                   TEXT NOT NULL,
        id                     TEXT NOT NULL,
        developer              TEXT NOT NULL,
        session_id             TEXT NOT NULL,
        project                TEXT NOT NULL,
        agent_id               TEXT,
        is_sidechain           INTEGER NOT NULL,
        ts                     INTEGER NOT NULL,
        model                  TEXT NOT NULL,
        input_tokens           INTEGER NOT NULL,
        output_tokens          INTEGER NOT NULL,
        cache_creation_tokens  INTEGER NOT NULL,
        cache_creation_1h      INTEGER NOT NULL,
        cache_read_tokens      INTEGER NOT NULL,
        total_tokens           INTEGER NOT NULL,
        speed                  TEXT,
        cost_usd               REAL NOT NULL,
        priced                 INTEGER NOT NULL,
        seq                    INTEGER NOT NULL,
        PRIMARY KEY (team, id)
      );
      CREATE INDEX team_usage_records_ts ON team_usage_records(team, ts);

      -- Catch-up cursors (Postgres transaction id + seq) and one-off markers such as the first backfill.
      CREATE TABLE team_sync_state (
        team   TEXT NOT NULL,
        key    TEXT NOT NULL,
        value  TEXT NOT NULL,
        PRIMARY KEY (team, key)
      );
    `,
  },
];
