// The team's Postgres schema: versioned migrations recorded in schema_migrations, applied under an advisory
// lock so apps starting together do not race. Every team table carries `team` and `developer` and is
// guarded by row-level security (see README "Team mode").
import type { Pool, PoolClient } from 'pg';

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Rows may be read and written only for the team this connection set with `SET app.team`, and, once
 * `team_members` lists anyone, only by roles listed for that team. Uncorrelated subqueries: Postgres
 * evaluates them once per statement, not once per row.
 */
const TEAM_POLICY = `
  team = current_setting('app.team', true)
  AND (
    NOT EXISTS (SELECT 1 FROM team_members)
    OR EXISTS (SELECT 1 FROM team_members m
               WHERE m.team = current_setting('app.team', true) AND m.role_name = current_user)
  )`;

export const pgMigrations: readonly PgMigration[] = [
  {
    version: 1,
    name: 'team sessions, usage records, members, row-level security',
    sql: `
      -- One change sequence for every team table: a row gets a new seq each time it changes.
      CREATE SEQUENCE team_change_seq;

      -- Who may see which team. Empty = one trusted role shares the database and app.team alone separates
      -- teams; with rows, a role sees only the teams it is listed for.
      CREATE TABLE team_members (
        team       text NOT NULL,
        role_name  name NOT NULL,
        PRIMARY KEY (team, role_name)
      );

      CREATE TABLE team_sessions (
        team        text   NOT NULL,
        id          text   NOT NULL,
        developer   text   NOT NULL,
        project     text   NOT NULL,
        cwd         text,
        git_branch  text,
        version     text,
        title       text,
        first_ts    bigint NOT NULL,
        last_ts     bigint NOT NULL,
        seq         bigint NOT NULL DEFAULT nextval('team_change_seq'),
        -- The writing transaction: catch-up reads only rows of finished transactions (see pg-team-store.ts).
        xid         xid8   NOT NULL DEFAULT pg_current_xact_id(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team, id)
      );
      CREATE INDEX team_sessions_cursor ON team_sessions (team, xid, seq);

      CREATE TABLE team_usage_records (
        team                   text    NOT NULL,
        id                     text    NOT NULL,
        developer              text    NOT NULL,
        session_id             text    NOT NULL,
        project                text    NOT NULL,
        agent_id               text,
        is_sidechain           boolean NOT NULL,
        ts                     bigint  NOT NULL,
        model                  text    NOT NULL,
        input_tokens           bigint  NOT NULL,
        output_tokens          bigint  NOT NULL,
        cache_creation_tokens  bigint  NOT NULL,
        cache_creation_1h      bigint  NOT NULL,
        cache_read_tokens      bigint  NOT NULL,
        total_tokens           bigint  NOT NULL,
        speed                  text,
        cost_usd               double precision NOT NULL,
        priced                 boolean NOT NULL,
        -- false for a sidechain line that replays a main-chain response: kept, never summed.
        counted                boolean NOT NULL DEFAULT true,
        seq                    bigint  NOT NULL DEFAULT nextval('team_change_seq'),
        xid                    xid8    NOT NULL DEFAULT pg_current_xact_id(),
        updated_at             timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team, id)
      );
      CREATE INDEX team_usage_records_cursor ON team_usage_records (team, xid, seq);
      CREATE INDEX team_usage_records_ts ON team_usage_records (team, ts);

      ALTER TABLE team_sessions ENABLE ROW LEVEL SECURITY;
      ALTER TABLE team_sessions FORCE ROW LEVEL SECURITY;
      CREATE POLICY team_isolation ON team_sessions USING (${TEAM_POLICY}) WITH CHECK (${TEAM_POLICY});
      ALTER TABLE team_usage_records ENABLE ROW LEVEL SECURITY;
      ALTER TABLE team_usage_records FORCE ROW LEVEL SECURITY;
      CREATE POLICY team_isolation ON team_usage_records USING (${TEAM_POLICY}) WITH CHECK (${TEAM_POLICY});
    `,
  },
  {
    version: 2,
    name: 'subagent runs: type, status and times of each Task/Agent call',
    sql: `
      CREATE TABLE team_agent_runs (
        team        text   NOT NULL,
        id          text   NOT NULL,
        developer   text   NOT NULL,
        session_id  text   NOT NULL,
        agent_id    text,
        agent_type  text   NOT NULL,
        status      text   NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        started_at  bigint,
        ended_at    bigint,
        seq         bigint NOT NULL DEFAULT nextval('team_change_seq'),
        xid         xid8   NOT NULL DEFAULT pg_current_xact_id(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team, id)
      );
      CREATE INDEX team_agent_runs_cursor ON team_agent_runs (team, xid, seq);
      ALTER TABLE team_agent_runs ENABLE ROW LEVEL SECURITY;
      ALTER TABLE team_agent_runs FORCE ROW LEVEL SECURITY;
      CREATE POLICY team_isolation ON team_agent_runs USING (${TEAM_POLICY}) WITH CHECK (${TEAM_POLICY});
    `,
  },
];

export const PG_SCHEMA_VERSION = pgMigrations.at(-1)?.version ?? 0;

export class PgSchemaError extends Error {
  readonly code = 'TEAM_SCHEMA_OUTDATED';
}

async function currentVersion(client: PoolClient): Promise<number> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!exists.rows[0]?.t) return 0;
  const v = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM schema_migrations`);
  return v.rows[0]?.v ?? 0;
}

/**
 * Brings the team database up to date. A role that may not change the schema (a developer's role in the
 * per-developer setup) succeeds when the schema is current and gets TEAM_SCHEMA_OUTDATED otherwise.
 */
export async function migratePostgres(pool: Pool): Promise<{ applied: number[] }> {
  const client = await pool.connect();
  try {
    if ((await currentVersion(client)) >= PG_SCHEMA_VERSION) return { applied: [] };
    const applied: number[] = [];
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('subforge-monitor schema'))`);
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const current = await currentVersion(client); // again, under the lock: another app may have migrated
      for (const m of pgMigrations) {
        if (m.version <= current) continue;
        await client.query(m.sql);
        await client.query(`INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
        applied.push(m.version);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      const pgCode = (error as { code?: string }).code;
      if (pgCode === '42501') {
        throw new PgSchemaError(
          `The team database needs schema version ${PG_SCHEMA_VERSION} and this role may not create it: ask the database owner to run \`subforge-monitor sync --once\` with an owner's URL.`,
        );
      }
      throw error;
    }
    return { applied };
  } finally {
    client.release();
  }
}
