// Versioned schema of the local store. Append a migration; never edit one that has shipped.
import { activitySchemaV2 } from './activity-schema';

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
    version: 2,
    name: 'tool calls, agent runs, tasks, session events, agent registry and SubForge files',
    sql: activitySchemaV2,
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
        counted                INTEGER NOT NULL DEFAULT 1,
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
  {
    version: 5,
    name: 'usage counted as ccusage counts it, and a 15-minute rollup for reports',
    sql: `
      -- message_id: to drop sidechain lines that replay a main-chain response (any requestId).
      -- sidechain_line: the line's own isSidechain flag (is_sidechain also marks subagent files).
      -- counted: 0 for a replayed sidechain response; every report reads counted rows only.
      -- source_path: the transcript the kept line came from (ccusage's session and project come from it).
      -- line_cost_usd: a cost the line stated itself (costUSD), which repricing leaves alone.
      ALTER TABLE usage_records ADD COLUMN message_id TEXT;
      ALTER TABLE usage_records ADD COLUMN sidechain_line INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE usage_records ADD COLUMN counted INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE usage_records ADD COLUMN source_path TEXT;
      ALTER TABLE usage_records ADD COLUMN line_cost_usd REAL;
      UPDATE usage_records SET
        message_id = CASE WHEN instr(id, ':') > 2 AND substr(id, 1, 1) <> '/' THEN substr(id, 1, instr(id, ':') - 1) END,
        sidechain_line = is_sidechain;
      CREATE INDEX usage_records_message ON usage_records(message_id) WHERE message_id IS NOT NULL;
      CREATE INDEX usage_records_source ON usage_records(source_path);

      -- Totals per 15-minute bucket and reported model name (a fast-mode response reports as <model>-fast).
      -- Every time zone's midnight falls on a 15-minute boundary, so days in any zone are exact sums of buckets.
      CREATE TABLE usage_rollup_15m (
        bucket                 INTEGER NOT NULL,
        model                  TEXT NOT NULL,
        input_tokens           INTEGER NOT NULL DEFAULT 0,
        output_tokens          INTEGER NOT NULL DEFAULT 0,
        cache_creation_tokens  INTEGER NOT NULL DEFAULT 0,
        cache_read_tokens      INTEGER NOT NULL DEFAULT 0,
        total_tokens           INTEGER NOT NULL DEFAULT 0,
        cost_usd               REAL NOT NULL DEFAULT 0,
        records                INTEGER NOT NULL DEFAULT 0,
        unpriced               INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (bucket, model)
      ) WITHOUT ROWID;

      CREATE TRIGGER usage_rollup_insert AFTER INSERT ON usage_records WHEN NEW.counted = 1 BEGIN
        INSERT INTO usage_rollup_15m (bucket, model, input_tokens, output_tokens, cache_creation_tokens,
          cache_read_tokens, total_tokens, cost_usd, records, unpriced)
        VALUES (NEW.ts / 900000, CASE WHEN NEW.speed = 'fast' THEN NEW.model || '-fast' ELSE NEW.model END,
          NEW.input_tokens, NEW.output_tokens, NEW.cache_creation_tokens, NEW.cache_read_tokens, NEW.total_tokens,
          NEW.cost_usd, 1, 1 - NEW.priced)
        ON CONFLICT(bucket, model) DO UPDATE SET
          input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
          cache_creation_tokens = cache_creation_tokens + excluded.cache_creation_tokens,
          cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
          total_tokens = total_tokens + excluded.total_tokens, cost_usd = cost_usd + excluded.cost_usd,
          records = records + 1, unpriced = unpriced + excluded.unpriced;
      END;

      CREATE TRIGGER usage_rollup_delete AFTER DELETE ON usage_records WHEN OLD.counted = 1 BEGIN
        UPDATE usage_rollup_15m SET
          input_tokens = input_tokens - OLD.input_tokens, output_tokens = output_tokens - OLD.output_tokens,
          cache_creation_tokens = cache_creation_tokens - OLD.cache_creation_tokens,
          cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens, total_tokens = total_tokens - OLD.total_tokens,
          cost_usd = cost_usd - OLD.cost_usd, records = records - 1, unpriced = unpriced - (1 - OLD.priced)
        WHERE bucket = OLD.ts / 900000
          AND model = CASE WHEN OLD.speed = 'fast' THEN OLD.model || '-fast' ELSE OLD.model END;
        DELETE FROM usage_rollup_15m WHERE bucket = OLD.ts / 900000 AND records = 0;
      END;

      -- An update is the old row leaving and the new one arriving.
      CREATE TRIGGER usage_rollup_update_old AFTER UPDATE ON usage_records WHEN OLD.counted = 1 BEGIN
        UPDATE usage_rollup_15m SET
          input_tokens = input_tokens - OLD.input_tokens, output_tokens = output_tokens - OLD.output_tokens,
          cache_creation_tokens = cache_creation_tokens - OLD.cache_creation_tokens,
          cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens, total_tokens = total_tokens - OLD.total_tokens,
          cost_usd = cost_usd - OLD.cost_usd, records = records - 1, unpriced = unpriced - (1 - OLD.priced)
        WHERE bucket = OLD.ts / 900000
          AND model = CASE WHEN OLD.speed = 'fast' THEN OLD.model || '-fast' ELSE OLD.model END;
        DELETE FROM usage_rollup_15m WHERE bucket = OLD.ts / 900000 AND records = 0;
      END;

      CREATE TRIGGER usage_rollup_update_new AFTER UPDATE ON usage_records WHEN NEW.counted = 1 BEGIN
        INSERT INTO usage_rollup_15m (bucket, model, input_tokens, output_tokens, cache_creation_tokens,
          cache_read_tokens, total_tokens, cost_usd, records, unpriced)
        VALUES (NEW.ts / 900000, CASE WHEN NEW.speed = 'fast' THEN NEW.model || '-fast' ELSE NEW.model END,
          NEW.input_tokens, NEW.output_tokens, NEW.cache_creation_tokens, NEW.cache_read_tokens, NEW.total_tokens,
          NEW.cost_usd, 1, 1 - NEW.priced)
        ON CONFLICT(bucket, model) DO UPDATE SET
          input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
          cache_creation_tokens = cache_creation_tokens + excluded.cache_creation_tokens,
          cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
          total_tokens = total_tokens + excluded.total_tokens, cost_usd = cost_usd + excluded.cost_usd,
          records = records + 1, unpriced = unpriced + excluded.unpriced;
      END;

      INSERT INTO usage_rollup_15m (bucket, model, input_tokens, output_tokens, cache_creation_tokens,
        cache_read_tokens, total_tokens, cost_usd, records, unpriced)
      SELECT ts / 900000, CASE WHEN speed = 'fast' THEN model || '-fast' ELSE model END, SUM(input_tokens),
        SUM(output_tokens), SUM(cache_creation_tokens), SUM(cache_read_tokens), SUM(total_tokens), SUM(cost_usd),
        COUNT(*), SUM(1 - priced)
      FROM usage_records WHERE counted = 1 GROUP BY 1, 2;

      -- Which price table the stored costs were computed with; a change reprices them.
      CREATE TABLE pricing_state (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        fingerprint  TEXT NOT NULL
      );
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
