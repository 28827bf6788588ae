// Schema of migration 11: rollups of the team cache (15-minute buckets per developer, by model and project and by
// agent; per-session totals). Never edit this once it has shipped.
//
// Why: team panels (scope team or one developer) sum a whole team's records; on a team of dozens that is
// millions of rows a month. Only counted rows (not sidechain replays) enter, as in migration 7. They are kept by
// OutboxStore.cacheTeamRows (TeamRollupWriter, team-usage-store.ts) rather than by triggers: a cached batch adds
// one row per key it touches instead of three upserts per record, which halved the cache's write rate.

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

`;
