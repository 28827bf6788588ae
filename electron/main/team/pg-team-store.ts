// The team's records in Postgres: idempotent batched upserts keyed by the local stable ids, and catch-up
// reads by cursor. All SQL for these tables lives here; parameters are always bound (arrays via unnest).
import pg from 'pg';
import type { LocalRunRow, LocalSessionRow, LocalUsageRow } from '../store/outbox-store';
import { migratePostgres } from './pg-schema';
import type { CatchUpCursor, TeamRunRecord, TeamSessionRow, TeamUsageRow } from './team-records';
import { postgresConnection, TEAM_NAME, type TeamConfig } from './team-config';

// A row changes only when something in it changed: a batch sent twice (crash before the outbox was
// acknowledged) leaves Postgres, its seq and everyone's catch-up untouched.
const UPSERT_SESSIONS = `
  INSERT INTO team_sessions AS t (team, developer, id, project, cwd, git_branch, version, title, first_ts, last_ts)
  SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                               $9::bigint[], $10::bigint[])
  ON CONFLICT (team, id) DO UPDATE SET
    developer = excluded.developer, project = excluded.project, cwd = excluded.cwd,
    git_branch = excluded.git_branch, version = excluded.version, title = excluded.title,
    first_ts = excluded.first_ts, last_ts = excluded.last_ts,
    seq = nextval('team_change_seq'), xid = pg_current_xact_id(), updated_at = now()
  WHERE (t.developer, t.project, t.cwd, t.git_branch, t.version, t.title, t.first_ts, t.last_ts)
        IS DISTINCT FROM
        (excluded.developer, excluded.project, excluded.cwd, excluded.git_branch, excluded.version,
         excluded.title, excluded.first_ts, excluded.last_ts)
  RETURNING ${sessionColumns('')}`;

const UPSERT_USAGE = `
  INSERT INTO team_usage_records AS t (team, developer, id, session_id, project, agent_id, is_sidechain, ts, model,
    input_tokens, output_tokens, cache_creation_tokens, cache_creation_1h, cache_read_tokens, total_tokens, speed,
    cost_usd, priced, counted)
  SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::bigint[],
    $9::text[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[], $14::bigint[], $15::bigint[],
    $16::text[], $17::float8[], $18::boolean[], $19::boolean[])
  ON CONFLICT (team, id) DO UPDATE SET
    developer = excluded.developer, session_id = excluded.session_id, project = excluded.project,
    agent_id = excluded.agent_id, is_sidechain = excluded.is_sidechain, ts = excluded.ts, model = excluded.model,
    input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
    cache_creation_tokens = excluded.cache_creation_tokens, cache_creation_1h = excluded.cache_creation_1h,
    cache_read_tokens = excluded.cache_read_tokens, total_tokens = excluded.total_tokens, speed = excluded.speed,
    cost_usd = excluded.cost_usd, priced = excluded.priced, counted = excluded.counted,
    seq = nextval('team_change_seq'), xid = pg_current_xact_id(), updated_at = now()
  WHERE (t.developer, t.session_id, t.project, t.agent_id, t.is_sidechain, t.ts, t.model, t.input_tokens,
         t.output_tokens, t.cache_creation_tokens, t.cache_creation_1h, t.cache_read_tokens, t.total_tokens,
         t.speed, t.cost_usd, t.priced, t.counted)
        IS DISTINCT FROM
        (excluded.developer, excluded.session_id, excluded.project, excluded.agent_id, excluded.is_sidechain,
         excluded.ts, excluded.model, excluded.input_tokens, excluded.output_tokens, excluded.cache_creation_tokens,
         excluded.cache_creation_1h, excluded.cache_read_tokens, excluded.total_tokens, excluded.speed,
         excluded.cost_usd, excluded.priced, excluded.counted)
  RETURNING ${usageColumns('')}`;

const UPSERT_RUNS = `
  INSERT INTO team_agent_runs AS t (team, developer, id, session_id, agent_id, agent_type, status, started_at, ended_at)
  SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[])
  ON CONFLICT (team, id) DO UPDATE SET
    developer = excluded.developer, session_id = excluded.session_id, agent_id = excluded.agent_id,
    agent_type = excluded.agent_type, status = excluded.status, started_at = excluded.started_at,
    ended_at = excluded.ended_at, seq = nextval('team_change_seq'), xid = pg_current_xact_id(), updated_at = now()
  WHERE (t.developer, t.session_id, t.agent_id, t.agent_type, t.status, t.started_at, t.ended_at)
        IS DISTINCT FROM
        (excluded.developer, excluded.session_id, excluded.agent_id, excluded.agent_type, excluded.status,
         excluded.started_at, excluded.ended_at)
  RETURNING ${runColumns('')}`;

function runColumns(p: string): string {
  return `${p}team, ${p}developer, ${p}id, ${p}session_id AS "sessionId", ${p}agent_id AS "agentId",
    ${p}agent_type AS "agentType", ${p}status, ${p}started_at AS "startedAt", ${p}ended_at AS "endedAt", ${p}seq,
    ${p}xid::text AS xid`;
}

function sessionColumns(p: string): string {
  return `${p}team, ${p}developer, ${p}id, ${p}project, ${p}cwd, ${p}git_branch AS "gitBranch", ${p}version,
    ${p}title, ${p}first_ts AS "firstTs", ${p}last_ts AS "lastTs", ${p}seq, ${p}xid::text AS xid`;
}

function usageColumns(p: string): string {
  return `${p}team, ${p}developer, ${p}id, ${p}session_id AS "sessionId", ${p}project, ${p}agent_id AS "agentId",
    ${p}is_sidechain AS "isSidechain", ${p}ts, ${p}model, ${p}input_tokens AS "inputTokens",
    ${p}output_tokens AS "outputTokens", ${p}cache_creation_tokens AS "cacheCreationTokens",
    ${p}cache_creation_1h AS "cacheCreation1hTokens", ${p}cache_read_tokens AS "cacheReadTokens",
    ${p}total_tokens AS "totalTokens", ${p}speed, ${p}cost_usd AS "costUsd", ${p}priced, ${p}counted, ${p}seq,
    ${p}xid::text AS xid`;
}

/**
 * Catch-up by (xid, seq), reading only rows whose writing transaction is older than every transaction still
 * running. A plain `seq > cursor` would skip a row whose transaction took seq 103 but committed after the
 * one that took 110; a transaction id below the snapshot's xmin can no longer commit anything new.
 */
function catchUpQuery(table: string, columns: string): string {
  return `SELECT ${columns} FROM ${table}
    WHERE team = $1 AND (xid, seq) > ($2::xid8, $3::bigint)
      AND xid < pg_snapshot_xmin(pg_current_snapshot())
    ORDER BY xid, seq LIMIT $4`;
}
const CATCH_UP_SESSIONS = catchUpQuery('team_sessions', sessionColumns(''));
const CATCH_UP_USAGE = catchUpQuery('team_usage_records', usageColumns(''));
const CATCH_UP_RUNS = catchUpQuery('team_agent_runs', runColumns(''));

type Numeric = string | number;
type RawSession = Omit<TeamSessionRow, 'firstTs' | 'lastTs' | 'seq'> & {
  firstTs: Numeric;
  lastTs: Numeric;
  seq: Numeric;
  xid: string;
};
type RawUsage = Omit<
  TeamUsageRow,
  | 'ts'
  | 'inputTokens'
  | 'outputTokens'
  | 'cacheCreationTokens'
  | 'cacheCreation1hTokens'
  | 'cacheReadTokens'
  | 'totalTokens'
  | 'seq'
> & {
  ts: Numeric;
  inputTokens: Numeric;
  outputTokens: Numeric;
  cacheCreationTokens: Numeric;
  cacheCreation1hTokens: Numeric;
  cacheReadTokens: Numeric;
  totalTokens: Numeric;
  seq: Numeric;
  xid: string;
};

// bigint columns arrive as strings; every value here is far below 2^53.
const toSession = ({ xid: _xid, ...r }: RawSession): TeamSessionRow => ({
  ...r,
  firstTs: Number(r.firstTs),
  lastTs: Number(r.lastTs),
  seq: Number(r.seq),
});
const toUsage = ({ xid: _xid, ...r }: RawUsage): TeamUsageRow => ({
  ...r,
  ts: Number(r.ts),
  inputTokens: Number(r.inputTokens),
  outputTokens: Number(r.outputTokens),
  cacheCreationTokens: Number(r.cacheCreationTokens),
  cacheCreation1hTokens: Number(r.cacheCreation1hTokens),
  cacheReadTokens: Number(r.cacheReadTokens),
  totalTokens: Number(r.totalTokens),
  seq: Number(r.seq),
});

type RawRun = Omit<TeamRunRecord, 'startedAt' | 'endedAt' | 'seq'> & {
  startedAt: Numeric | null;
  endedAt: Numeric | null;
  seq: Numeric;
  xid: string;
};
const toRun = ({ xid: _xid, ...r }: RawRun): TeamRunRecord => ({
  ...r,
  startedAt: r.startedAt === null ? null : Number(r.startedAt),
  endedAt: r.endedAt === null ? null : Number(r.endedAt),
  seq: Number(r.seq),
});

export interface CatchUpPage<T> {
  rows: T[];
  /** Where the next page starts; unchanged when the page is empty. */
  next: CatchUpCursor;
}

export class PgTeamStore {
  readonly pool: pg.Pool;

  constructor(
    private readonly config: Pick<TeamConfig, 'databaseUrl' | 'team' | 'developer'>,
    onPoolError: (error: Error) => void,
    poolSize = 4,
  ) {
    if (!TEAM_NAME.test(config.team)) throw new Error(`Invalid team name ${JSON.stringify(config.team)}`);
    this.pool = new pg.Pool({
      ...postgresConnection(config.databaseUrl),
      max: poolSize,
      connectionTimeoutMillis: 5_000,
      query_timeout: 30_000,
      keepAlive: true,
      application_name: `subforge-monitor:${config.developer}`,
      // Every connection works for this app's team only, set at connection start (no extra round trip);
      // row-level security checks it on every row. TEAM_NAME allows no spaces or quotes, so it is one word.
      options: `-c app.team=${config.team}`,
    });
    // An idle connection that drops must not crash the app; the next query reconnects.
    this.pool.on('error', onPoolError);
  }

  migrate(): Promise<{ applied: number[] }> {
    return migratePostgres(this.pool);
  }

  /** Upserts sessions, usage and runs in one transaction; returns the rows that changed, with their new seq. */
  async push(
    sessions: LocalSessionRow[],
    usage: LocalUsageRow[],
    runs: LocalRunRow[] = [],
  ): Promise<{ sessions: TeamSessionRow[]; usage: TeamUsageRow[]; runs: TeamRunRecord[] }> {
    const { team, developer } = this.config;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const s =
        sessions.length === 0
          ? []
          : (
              await client.query<RawSession>(UPSERT_SESSIONS, [
                team,
                developer,
                sessions.map((r) => r.id),
                sessions.map((r) => r.project),
                sessions.map((r) => r.cwd),
                sessions.map((r) => r.gitBranch),
                sessions.map((r) => r.version),
                sessions.map((r) => r.title),
                sessions.map((r) => r.firstTs),
                sessions.map((r) => r.lastTs),
              ])
            ).rows.map(toSession);
      const u =
        usage.length === 0
          ? []
          : (
              await client.query<RawUsage>(UPSERT_USAGE, [
                team,
                developer,
                usage.map((r) => r.id),
                usage.map((r) => r.sessionId),
                usage.map((r) => r.project),
                usage.map((r) => r.agentId),
                usage.map((r) => r.isSidechain),
                usage.map((r) => r.ts),
                usage.map((r) => r.model),
                usage.map((r) => r.inputTokens),
                usage.map((r) => r.outputTokens),
                usage.map((r) => r.cacheCreationTokens),
                usage.map((r) => r.cacheCreation1hTokens),
                usage.map((r) => r.cacheReadTokens),
                usage.map((r) => r.totalTokens),
                usage.map((r) => r.speed),
                usage.map((r) => r.costUsd),
                usage.map((r) => r.priced),
                usage.map((r) => r.counted),
              ])
            ).rows.map(toUsage);
      const r =
        runs.length === 0
          ? []
          : (
              await client.query<RawRun>(UPSERT_RUNS, [
                team,
                developer,
                runs.map((x) => x.id),
                runs.map((x) => x.sessionId),
                runs.map((x) => x.agentId),
                runs.map((x) => x.agentType),
                runs.map((x) => x.status),
                runs.map((x) => x.startedAt),
                runs.map((x) => x.endedAt),
              ])
            ).rows.map(toRun);
      await client.query('COMMIT');
      return { sessions: s, usage: u, runs: r };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async sessionsSince(cursor: CatchUpCursor, limit: number): Promise<CatchUpPage<TeamSessionRow>> {
    const r = await this.pool.query<RawSession>(CATCH_UP_SESSIONS, [this.config.team, cursor.xid, cursor.seq, limit]);
    const last = r.rows.at(-1);
    return { rows: r.rows.map(toSession), next: last ? { xid: last.xid, seq: Number(last.seq) } : cursor };
  }

  async usageSince(cursor: CatchUpCursor, limit: number): Promise<CatchUpPage<TeamUsageRow>> {
    const r = await this.pool.query<RawUsage>(CATCH_UP_USAGE, [this.config.team, cursor.xid, cursor.seq, limit]);
    const last = r.rows.at(-1);
    return { rows: r.rows.map(toUsage), next: last ? { xid: last.xid, seq: Number(last.seq) } : cursor };
  }

  async runsSince(cursor: CatchUpCursor, limit: number): Promise<CatchUpPage<TeamRunRecord>> {
    const r = await this.pool.query<RawRun>(CATCH_UP_RUNS, [this.config.team, cursor.xid, cursor.seq, limit]);
    const last = r.rows.at(-1);
    return { rows: r.rows.map(toRun), next: last ? { xid: last.xid, seq: Number(last.seq) } : cursor };
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
