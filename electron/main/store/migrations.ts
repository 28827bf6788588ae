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
    version: 7,
    name: 'usage rollups: 15-minute and hourly buckets by model and project, in total, by agent, per session; kept by triggers',
    sql: rollupMigrationSql(),
  },
];

/**
 * Migration 7's SQL. Triggers keep the rollups inside whatever transaction writes usage_records
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
    FROM usage_records GROUP BY 1, 2, 3;
    INSERT INTO usage_rollup_1h
    SELECT (ts / 3600000) * 3600000, model, project, ${backfillSums}, SUM(1 - priced)
    FROM usage_records GROUP BY 1, 2, 3;
    INSERT INTO total_usage_rollup_15m
    SELECT (ts / 900000) * 900000, ${backfillSums}, SUM(1 - priced)
    FROM usage_records GROUP BY 1;
    INSERT INTO agent_usage_rollup_15m
    SELECT (ts / 900000) * 900000, COALESCE(agent_id, ''), ${backfillSums}, SUM(1 - priced)
    FROM usage_records GROUP BY 1, 2;
    INSERT INTO session_usage SELECT session_id, ${backfillSums} FROM usage_records GROUP BY session_id;

    CREATE TRIGGER usage_records_rollup_insert AFTER INSERT ON usage_records BEGIN ${add('NEW')}
    END;
    CREATE TRIGGER usage_records_rollup_delete AFTER DELETE ON usage_records BEGIN ${take('OLD')}
    END;
    CREATE TRIGGER usage_records_rollup_update AFTER UPDATE ON usage_records BEGIN ${take('OLD')} ${add('NEW')}
    END;
  `;
}
