// Schema of migration 11: rollups of the team cache (15-minute buckets per developer, by model and project and by
// agent; per-session totals), kept by triggers on team_usage_records. Never edit this once it has shipped.
//
// Why: team panels (scope team or one developer) sum a whole team's records; on a team of dozens that is
// millions of rows a month. Only counted rows (not sidechain replays) enter, as in migration 7. The cache's
// upsert (a newer Postgres version of a row) fires the UPDATE triggers: the old row leaves, the new one enters.

const TABLES = [
  {
    name: 'team_usage_rollup_15m',
    keys: ['team', 'bucket', 'developer', 'model', 'project'],
    values: (row: string) => [
      `${row}.team`,
      `(${row}.ts / 900000) * 900000`,
      `${row}.developer`,
      `${row}.model`,
      `${row}.project`,
    ],
  },
  {
    name: 'team_agent_usage_rollup_15m',
    keys: ['team', 'bucket', 'developer', 'agent_id'],
    values: (row: string) => [
      `${row}.team`,
      `(${row}.ts / 900000) * 900000`,
      `${row}.developer`,
      `COALESCE(${row}.agent_id, '')`,
    ],
  },
  {
    name: 'team_session_usage',
    keys: ['team', 'session_id', 'developer'],
    values: (row: string) => [`${row}.team`, `${row}.session_id`, `${row}.developer`],
  },
] as const;

const sums = (row: string) =>
  `${row}.input_tokens, ${row}.output_tokens, ${row}.cache_creation_tokens, ${row}.cache_read_tokens, ${row}.cost_usd, 1, 1 - ${row}.priced`;

const addTo = (t: (typeof TABLES)[number], row: string) => `
    INSERT INTO ${t.name} VALUES (${t.values(row).join(', ')}, ${sums(row)})
    ON CONFLICT (${t.keys.join(', ')}) DO UPDATE SET
      input_tokens = input_tokens + excluded.input_tokens,
      output_tokens = output_tokens + excluded.output_tokens,
      cache_creation_tokens = cache_creation_tokens + excluded.cache_creation_tokens,
      cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
      cost_usd = cost_usd + excluded.cost_usd,
      requests = requests + 1,
      unpriced = unpriced + excluded.unpriced;`;

const takeFrom = (t: (typeof TABLES)[number], row: string) => {
  const values = t.values(row);
  const where = t.keys.map((k, i) => `${k} = ${values[i]}`).join(' AND ');
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

const SUM_COLUMNS = `
      input_tokens           INTEGER NOT NULL,
      output_tokens          INTEGER NOT NULL,
      cache_creation_tokens  INTEGER NOT NULL,
      cache_read_tokens      INTEGER NOT NULL,
      cost_usd               REAL NOT NULL,
      requests               INTEGER NOT NULL,
      unpriced               INTEGER NOT NULL`;

const BACKFILL_SUMS = `SUM(input_tokens), SUM(output_tokens), SUM(cache_creation_tokens), SUM(cache_read_tokens),
      SUM(cost_usd), COUNT(*), SUM(1 - priced)`;

const add = (row: string) => TABLES.map((t) => addTo(t, row)).join('');
const take = (row: string) => TABLES.map((t) => takeFrom(t, row)).join('');

export const teamRollupSchemaV11 = `
    CREATE TABLE team_usage_rollup_15m (
      team TEXT NOT NULL, bucket INTEGER NOT NULL, developer TEXT NOT NULL, model TEXT NOT NULL,
      project TEXT NOT NULL, ${SUM_COLUMNS},
      PRIMARY KEY (team, bucket, developer, model, project)
    ) WITHOUT ROWID;
    -- agent_id '' is a main session (team_usage_records.agent_id NULL).
    CREATE TABLE team_agent_usage_rollup_15m (
      team TEXT NOT NULL, bucket INTEGER NOT NULL, developer TEXT NOT NULL, agent_id TEXT NOT NULL, ${SUM_COLUMNS},
      PRIMARY KEY (team, bucket, developer, agent_id)
    ) WITHOUT ROWID;
    CREATE TABLE team_session_usage (
      team TEXT NOT NULL, session_id TEXT NOT NULL, developer TEXT NOT NULL, ${SUM_COLUMNS},
      PRIMARY KEY (team, session_id, developer)
    ) WITHOUT ROWID;
    -- One developer's view reads its own rows without walking the whole team's.
    CREATE INDEX team_usage_rollup_developer ON team_usage_rollup_15m(team, developer, bucket);
    CREATE INDEX team_usage_records_developer ON team_usage_records(team, developer, ts);
    CREATE INDEX team_sessions_developer ON team_sessions(team, developer, last_ts);

    INSERT INTO team_usage_rollup_15m
    SELECT team, (ts / 900000) * 900000, developer, model, project, ${BACKFILL_SUMS}
    FROM team_usage_records WHERE counted = 1 GROUP BY 1, 2, 3, 4, 5;
    INSERT INTO team_agent_usage_rollup_15m
    SELECT team, (ts / 900000) * 900000, developer, COALESCE(agent_id, ''), ${BACKFILL_SUMS}
    FROM team_usage_records WHERE counted = 1 GROUP BY 1, 2, 3, 4;
    INSERT INTO team_session_usage
    SELECT team, session_id, developer, ${BACKFILL_SUMS}
    FROM team_usage_records WHERE counted = 1 GROUP BY 1, 2, 3;

    CREATE TRIGGER team_usage_rollup_insert AFTER INSERT ON team_usage_records WHEN NEW.counted = 1
    BEGIN ${add('NEW')}
    END;
    CREATE TRIGGER team_usage_rollup_delete AFTER DELETE ON team_usage_records WHEN OLD.counted = 1
    BEGIN ${take('OLD')}
    END;
    CREATE TRIGGER team_usage_rollup_update_out AFTER UPDATE ON team_usage_records WHEN OLD.counted = 1
    BEGIN ${take('OLD')}
    END;
    CREATE TRIGGER team_usage_rollup_update_in AFTER UPDATE ON team_usage_records WHEN NEW.counted = 1
    BEGIN ${add('NEW')}
    END;
`;
