// Versioned schema of the local store. Append a migration; never edit one that has shipped.
import { activitySchemaV2 } from './activity-schema';
import { teamRollupSchemaV11 } from './team-rollup-schema';
import { PENDING_COUNT_MIGRATION_SQL, pendingRollupsMigrationSql } from './usage-rollups';

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
      CREATE TABLE report_rollup_15m (
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
        INSERT INTO report_rollup_15m (bucket, model, input_tokens, output_tokens, cache_creation_tokens,
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
        UPDATE report_rollup_15m SET
          input_tokens = input_tokens - OLD.input_tokens, output_tokens = output_tokens - OLD.output_tokens,
          cache_creation_tokens = cache_creation_tokens - OLD.cache_creation_tokens,
          cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens, total_tokens = total_tokens - OLD.total_tokens,
          cost_usd = cost_usd - OLD.cost_usd, records = records - 1, unpriced = unpriced - (1 - OLD.priced)
        WHERE bucket = OLD.ts / 900000
          AND model = CASE WHEN OLD.speed = 'fast' THEN OLD.model || '-fast' ELSE OLD.model END;
        DELETE FROM report_rollup_15m WHERE bucket = OLD.ts / 900000 AND records = 0;
      END;

      -- An update is the old row leaving and the new one arriving.
      CREATE TRIGGER usage_rollup_update_old AFTER UPDATE ON usage_records WHEN OLD.counted = 1 BEGIN
        UPDATE report_rollup_15m SET
          input_tokens = input_tokens - OLD.input_tokens, output_tokens = output_tokens - OLD.output_tokens,
          cache_creation_tokens = cache_creation_tokens - OLD.cache_creation_tokens,
          cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens, total_tokens = total_tokens - OLD.total_tokens,
          cost_usd = cost_usd - OLD.cost_usd, records = records - 1, unpriced = unpriced - (1 - OLD.priced)
        WHERE bucket = OLD.ts / 900000
          AND model = CASE WHEN OLD.speed = 'fast' THEN OLD.model || '-fast' ELSE OLD.model END;
        DELETE FROM report_rollup_15m WHERE bucket = OLD.ts / 900000 AND records = 0;
      END;

      CREATE TRIGGER usage_rollup_update_new AFTER UPDATE ON usage_records WHEN NEW.counted = 1 BEGIN
        INSERT INTO report_rollup_15m (bucket, model, input_tokens, output_tokens, cache_creation_tokens,
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

      INSERT INTO report_rollup_15m (bucket, model, input_tokens, output_tokens, cache_creation_tokens,
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
  {
    version: 7,
    name: 'usage rollups: 15-minute and hourly buckets by model and project, in total, by agent, per session; kept by triggers',
    sql: rollupMigrationSql(),
  },
  {
    version: 9,
    name: 'indexes for the session list: start time, models and agent types of a session, failed tool calls',
    sql: `
      CREATE INDEX IF NOT EXISTS sessions_first_ts ON sessions(first_ts);
      -- Answers "has this session used model X" and "which models" from the index alone, counted rows only.
      CREATE INDEX IF NOT EXISTS usage_records_session_model ON usage_records(session_id, model) WHERE counted = 1;
      CREATE INDEX IF NOT EXISTS tool_calls_failed ON tool_calls(session_id) WHERE is_error = 1;
      -- Without it "has a run of type X" walks every run of that type once per session.
      CREATE INDEX IF NOT EXISTS agent_runs_session_type ON agent_runs(session_id, subagent_type);
    `,
  },
  {
    version: 10,
    name: 'app settings (retention, typed hook project folders)',
    sql: `
      -- One row per setting; value is JSON, validated with zod on every read and write.
      CREATE TABLE app_settings (
        key         TEXT PRIMARY KEY,
        value       TEXT NOT NULL,
        updated_at  INTEGER NOT NULL
      );
    `,
  },
  {
    version: 11,
    name: 'team cache rollups: 15-minute buckets per developer by model and project, by agent, per session',
    sql: teamRollupSchemaV11,
  },
  {
    version: 12,
    name: 'usage rollups folded in once per transaction from pending changes, not by six upserts per row',
    sql: pendingRollupsMigrationSql(),
  },
  {
    version: 13,
    name: 'subagent runs shared with the team: outbox entries of kind run, and the team cache of runs',
    sql: `
      -- SQLite cannot change a CHECK in place: the outbox is copied into a table that also takes runs.
      CREATE TABLE team_outbox_v13 (
        seq          INTEGER PRIMARY KEY AUTOINCREMENT,
        kind         TEXT NOT NULL CHECK (kind IN ('session', 'usage', 'run')),
        entity_id    TEXT NOT NULL,
        session_id   TEXT NOT NULL,
        enqueued_at  INTEGER NOT NULL
      );
      INSERT INTO team_outbox_v13 (seq, kind, entity_id, session_id, enqueued_at)
        SELECT seq, kind, entity_id, session_id, enqueued_at FROM team_outbox;
      DROP TABLE team_outbox;
      ALTER TABLE team_outbox_v13 RENAME TO team_outbox;
      CREATE UNIQUE INDEX team_outbox_entity ON team_outbox(kind, entity_id);

      -- Teammates' subagent runs as Postgres has them (type, status, times; never the prompt). id is the
      -- Task/Agent call's tool_use id, agent_id the run's own id (what usage records name).
      CREATE TABLE team_agent_runs (
        team        TEXT NOT NULL,
        id          TEXT NOT NULL,
        developer   TEXT NOT NULL,
        session_id  TEXT NOT NULL,
        agent_id    TEXT,
        agent_type  TEXT NOT NULL,
        status      TEXT NOT NULL,
        started_at  INTEGER,
        ended_at    INTEGER,
        seq         INTEGER NOT NULL,
        PRIMARY KEY (team, id)
      ) WITHOUT ROWID;
      CREATE INDEX team_agent_runs_type ON team_agent_runs(team, agent_type);
    `,
  },
  {
    version: 14,
    name: "team cache usage by session, for the team's session list",
    sql: `
      -- The team Sessions list reads a page's models and agent ids, and filters by model, per cached session.
      CREATE INDEX team_usage_records_session ON team_usage_records(team, session_id);
    `,
  },
  {
    version: 15,
    name: 'snapshot of each source tree, for warm scans',
    sql: `
      -- What the last completed scan of a root saw (store/source-tree.ts): folders with their modification times
      -- and entries, and each transcript's read end.
      CREATE TABLE source_trees (
        root      TEXT PRIMARY KEY,
        snapshot  TEXT NOT NULL
      );
      -- Files whose state was written since their root's snapshot: for them the snapshot's read end is not used.
      -- Kept by triggers, so no writer of source_files can leave a snapshot vouching for a stale end. (Not INSERT
      -- OR IGNORE: the upsert that fires them would override that conflict policy with its own, ABORT.)
      CREATE TABLE source_files_changed (
        path  TEXT PRIMARY KEY,
        root  TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TRIGGER source_files_changed_insert AFTER INSERT ON source_files
      WHEN NOT EXISTS (SELECT 1 FROM source_files_changed WHERE path = NEW.path)
      BEGIN INSERT INTO source_files_changed (path, root) VALUES (NEW.path, NEW.root); END;
      CREATE TRIGGER source_files_changed_update AFTER UPDATE ON source_files
      WHEN NOT EXISTS (SELECT 1 FROM source_files_changed WHERE path = NEW.path)
      BEGIN INSERT INTO source_files_changed (path, root) VALUES (NEW.path, NEW.root); END;
      CREATE TRIGGER source_files_changed_delete AFTER DELETE ON source_files
      WHEN NOT EXISTS (SELECT 1 FROM source_files_changed WHERE path = OLD.path)
      BEGIN INSERT INTO source_files_changed (path, root) VALUES (OLD.path, OLD.root); END;
    `,
  },
  {
    version: 16,
    name: 'files with skipped lines, for the notes of every report',
    sql: `
      -- Every report says how many damaged lines each root had: from the few files that had any, not all of them.
      CREATE INDEX source_files_skipped ON source_files(root, skipped_lines) WHERE skipped_lines > 0;
    `,
  },
  {
    version: 17,
    name: 'pending rollup rows that stand for many records, for rebuilds',
    sql: PENDING_COUNT_MIGRATION_SQL,
  },
  {
    version: 18,
    name: 'usage indexes no query needs',
    sql: `
      -- Replays are found by id (UsageStore's dropReplay and dropIfReplay), and the session report groups by
      -- transcript as fast without an index. Building the two took ~130 ms of a 500 MB cold import, and 13 MB.
      DROP INDEX IF EXISTS usage_records_message;
      DROP INDEX IF EXISTS usage_records_source;
    `,
  },
  {
    version: 19,
    name: 'changed files marked only under a snapshot',
    sql: `
      -- A root without a snapshot has no read ends to vouch for, and the scan that writes its first one clears its
      -- changed files anyway (UsageStore.endScan). A cold import wrote, then deleted, a row here for every file,
      -- probed at each of its ~12,000 batches: ~35 ms of 12,000 file-state upserts in a scratch loop.
      DROP TRIGGER source_files_changed_insert;
      DROP TRIGGER source_files_changed_update;
      DROP TRIGGER source_files_changed_delete;
      CREATE TRIGGER source_files_changed_insert AFTER INSERT ON source_files
      WHEN EXISTS (SELECT 1 FROM source_trees WHERE root = NEW.root)
        AND NOT EXISTS (SELECT 1 FROM source_files_changed WHERE path = NEW.path)
      BEGIN INSERT INTO source_files_changed (path, root) VALUES (NEW.path, NEW.root); END;
      CREATE TRIGGER source_files_changed_update AFTER UPDATE ON source_files
      WHEN EXISTS (SELECT 1 FROM source_trees WHERE root = NEW.root)
        AND NOT EXISTS (SELECT 1 FROM source_files_changed WHERE path = NEW.path)
      BEGIN INSERT INTO source_files_changed (path, root) VALUES (NEW.path, NEW.root); END;
      CREATE TRIGGER source_files_changed_delete AFTER DELETE ON source_files
      WHEN EXISTS (SELECT 1 FROM source_trees WHERE root = OLD.root)
        AND NOT EXISTS (SELECT 1 FROM source_files_changed WHERE path = OLD.path)
      BEGIN INSERT INTO source_files_changed (path, root) VALUES (OLD.path, OLD.root); END;
    `,
  },
];

/**
 * Migration 7's SQL. Only counted rows (not sidechain replays) enter the rollups. Triggers keep the rollups inside whatever transaction writes usage_records
 * (UsageStore.applyBatch): an insert adds its record, an update (a duplicate line that grew) takes OLD out and
 * puts NEW in, a delete takes its record out. 15-minute buckets are fine enough for every real time zone.
 * Agents get their own table: subagent runs are many and short, and in the model × project table they would
 * multiply its rows thirtyfold (measured by bench/dashboard-queries.ts).
 */
function rollupMigrationSql(): string {
  const bucket = (row: string) => `(${row}.ts / 900000) * 900000`;
  const tables = [
    {
      name: 'usage_rollup_15m',
      keys: ['bucket', 'model', 'project'],
      values: (row: string) => [bucket(row), `${row}.model`, `${row}.project`],
    },
    {
      name: 'usage_rollup_1h',
      keys: ['bucket', 'model', 'project'],
      values: (row: string) => [`(${row}.ts / 3600000) * 3600000`, `${row}.model`, `${row}.project`],
    },
    {
      name: 'total_usage_rollup_15m',
      keys: ['bucket'],
      values: (row: string) => [bucket(row)],
    },
    {
      name: 'agent_usage_rollup_15m',
      keys: ['bucket', 'agent_id'],
      values: (row: string) => [bucket(row), `COALESCE(${row}.agent_id, '')`],
    },
  ];
  const sums = (row: string) =>
    `${row}.input_tokens, ${row}.output_tokens, ${row}.cache_creation_tokens, ${row}.cache_read_tokens, ${row}.cost_usd`;
  const addTo = (t: (typeof tables)[number], row: string) => `
    INSERT INTO ${t.name} VALUES (${t.values(row).join(', ')}, ${sums(row)}, 1, 1 - ${row}.priced)
    ON CONFLICT (${t.keys.join(', ')}) DO UPDATE SET
      input_tokens = input_tokens + excluded.input_tokens,
      output_tokens = output_tokens + excluded.output_tokens,
      cache_creation_tokens = cache_creation_tokens + excluded.cache_creation_tokens,
      cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
      cost_usd = cost_usd + excluded.cost_usd,
      requests = requests + 1,
      unpriced = unpriced + excluded.unpriced;`;
  const takeFrom = (t: (typeof tables)[number], row: string) => {
    const where = t.keys.map((k, i) => `${k} = ${t.values(row)[i]}`).join(' AND ');
    return `
    UPDATE ${t.name} SET
      input_tokens = input_tokens - ${row}.input_tokens,
      output_tokens = output_tokens - ${row}.output_tokens,
      cache_creation_tokens = cache_creation_tokens - ${row}.cache_creation_tokens,
      cache_read_tokens = cache_read_tokens - ${row}.cache_read_tokens,
      cost_usd = cost_usd - ${row}.cost_usd,
      requests = requests - 1,
      unpriced = unpriced - (1 - ${row}.priced)
    WHERE ${where};
    DELETE FROM ${t.name} WHERE ${where} AND requests <= 0;`;
  };
  const sessionAdd = (row: string) => `
    INSERT INTO session_usage VALUES (${row}.session_id, ${sums(row)}, 1)
    ON CONFLICT (session_id) DO UPDATE SET
      input_tokens = input_tokens + excluded.input_tokens,
      output_tokens = output_tokens + excluded.output_tokens,
      cache_creation_tokens = cache_creation_tokens + excluded.cache_creation_tokens,
      cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
      cost_usd = cost_usd + excluded.cost_usd,
      requests = requests + 1;`;
  const sessionTake = (row: string) => `
    UPDATE session_usage SET
      input_tokens = input_tokens - ${row}.input_tokens,
      output_tokens = output_tokens - ${row}.output_tokens,
      cache_creation_tokens = cache_creation_tokens - ${row}.cache_creation_tokens,
      cache_read_tokens = cache_read_tokens - ${row}.cache_read_tokens,
      cost_usd = cost_usd - ${row}.cost_usd,
      requests = requests - 1
    WHERE session_id = ${row}.session_id;
    DELETE FROM session_usage WHERE session_id = ${row}.session_id AND requests <= 0;`;
  const add = (row: string) => tables.map((t) => addTo(t, row)).join('') + sessionAdd(row);
  const take = (row: string) => tables.map((t) => takeFrom(t, row)).join('') + sessionTake(row);
  const sumColumns = `
      input_tokens           INTEGER NOT NULL,
      output_tokens          INTEGER NOT NULL,
      cache_creation_tokens  INTEGER NOT NULL,
      cache_read_tokens      INTEGER NOT NULL,
      cost_usd               REAL NOT NULL,
      requests               INTEGER NOT NULL`;
  const backfillSums = `SUM(input_tokens), SUM(output_tokens), SUM(cache_creation_tokens), SUM(cache_read_tokens),
      SUM(cost_usd), COUNT(*)`;
  return `
    CREATE TABLE usage_rollup_15m (
      bucket INTEGER NOT NULL, model TEXT NOT NULL, project TEXT NOT NULL, ${sumColumns},
      unpriced INTEGER NOT NULL,
      PRIMARY KEY (bucket, model, project)
    ) WITHOUT ROWID;
    -- The same by hour: a quarter of the rows for week and month views in zones with whole-hour offsets.
    CREATE TABLE usage_rollup_1h (
      bucket INTEGER NOT NULL, model TEXT NOT NULL, project TEXT NOT NULL, ${sumColumns},
      unpriced INTEGER NOT NULL,
      PRIMARY KEY (bucket, model, project)
    ) WITHOUT ROWID;
    -- Everything per 15 minutes: one row a bucket, for totals over time (Analytics, blocks, the developer view).
    CREATE TABLE total_usage_rollup_15m (
      bucket INTEGER NOT NULL PRIMARY KEY, ${sumColumns},
      unpriced INTEGER NOT NULL
    ) WITHOUT ROWID;
    -- agent_id '' is the main session (usage_records.agent_id NULL).
    CREATE TABLE agent_usage_rollup_15m (
      bucket INTEGER NOT NULL, agent_id TEXT NOT NULL, ${sumColumns},
      unpriced INTEGER NOT NULL,
      PRIMARY KEY (bucket, agent_id)
    ) WITHOUT ROWID;
    CREATE TABLE session_usage (session_id TEXT PRIMARY KEY, ${sumColumns}) WITHOUT ROWID;

    INSERT INTO usage_rollup_15m
    SELECT (ts / 900000) * 900000, model, project, ${backfillSums}, SUM(1 - priced)
    FROM usage_records WHERE counted = 1 GROUP BY 1, 2, 3;
    INSERT INTO usage_rollup_1h
    SELECT (ts / 3600000) * 3600000, model, project, ${backfillSums}, SUM(1 - priced)
    FROM usage_records WHERE counted = 1 GROUP BY 1, 2, 3;
    INSERT INTO total_usage_rollup_15m
    SELECT (ts / 900000) * 900000, ${backfillSums}, SUM(1 - priced)
    FROM usage_records WHERE counted = 1 GROUP BY 1;
    INSERT INTO agent_usage_rollup_15m
    SELECT (ts / 900000) * 900000, COALESCE(agent_id, ''), ${backfillSums}, SUM(1 - priced)
    FROM usage_records WHERE counted = 1 GROUP BY 1, 2;
    INSERT INTO session_usage SELECT session_id, ${backfillSums} FROM usage_records WHERE counted = 1 GROUP BY session_id;

    CREATE TRIGGER usage_records_rollup_insert AFTER INSERT ON usage_records WHEN NEW.counted = 1
    BEGIN ${add('NEW')}
    END;
    CREATE TRIGGER usage_records_rollup_delete AFTER DELETE ON usage_records WHEN OLD.counted = 1
    BEGIN ${take('OLD')}
    END;
    -- An update (a duplicate that grew, a replay found out, a new price) takes the old row out if it counted
    -- and puts the new one in if it counts.
    CREATE TRIGGER usage_records_rollup_update_out AFTER UPDATE ON usage_records WHEN OLD.counted = 1
    BEGIN ${take('OLD')}
    END;
    CREATE TRIGGER usage_records_rollup_update_in AFTER UPDATE ON usage_records WHEN NEW.counted = 1
    BEGIN ${add('NEW')}
    END;
  `;
}
