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
    version: 3,
    name: 'hook events, live session and subagent status, tool call outcomes',
    sql: `
      -- One row per accepted Claude Code hook event; payload is the body as JSON, long strings cut.
      CREATE TABLE hook_events (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id    TEXT NOT NULL,
        event         TEXT NOT NULL,
        tool_name     TEXT,
        tool_use_id   TEXT,
        agent_id      TEXT,
        agent_type    TEXT,
        received_at   INTEGER NOT NULL,
        detail        TEXT,
        payload       TEXT NOT NULL,
        truncated     INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX hook_events_session ON hook_events(session_id, id);
      CREATE INDEX hook_events_received ON hook_events(received_at);

      CREATE TABLE live_sessions (
        session_id        TEXT PRIMARY KEY,
        status            TEXT NOT NULL,
        since             INTEGER NOT NULL,
        last_event        TEXT NOT NULL,
        last_event_at     INTEGER NOT NULL,
        cwd               TEXT,
        project           TEXT,
        transcript_path   TEXT,
        waiting_for       TEXT,
        detail            TEXT,
        current_tool      TEXT,
        failed_tool_calls INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX live_sessions_last_event_at ON live_sessions(last_event_at);

      CREATE TABLE live_agents (
        session_id        TEXT NOT NULL,
        agent_id          TEXT NOT NULL,
        agent_type        TEXT,
        status            TEXT NOT NULL,
        since             INTEGER NOT NULL,
        last_event        TEXT NOT NULL,
        last_event_at     INTEGER NOT NULL,
        waiting_for       TEXT,
        current_tool      TEXT,
        failed_tool_calls INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (session_id, agent_id)
      );

      CREATE TABLE hook_tool_calls (
        tool_use_id   TEXT PRIMARY KEY,
        session_id    TEXT NOT NULL,
        agent_id      TEXT,
        tool_name     TEXT,
        outcome       TEXT NOT NULL,
        started_at    INTEGER,
        ended_at      INTEGER,
        error         TEXT
      );
      CREATE INDEX hook_tool_calls_session ON hook_tool_calls(session_id, outcome);
    `,
  },
];
