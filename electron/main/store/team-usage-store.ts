// Reads of the local team cache for one team, or one developer of it: the same questions the local store and its
// rollups answer (Overview, Metrics, Analytics, `report`), asked of team_usage_records and migration 11's rollups.
// Counted rows only. Works offline: nothing here touches the network. All its SQL lives here.
import type { Statement } from 'better-sqlite3';
import type { RunOutcomeRow, TypeTotalsRow } from './activity-queries';
import type { SqliteDatabase } from './database';
import {
  ceilTo,
  floorTo,
  groupExpression,
  binnedInParts,
  SUMS,
  ROLLUP_BUCKET_MS,
  type BinnedSums,
  type RollupGroup,
  type SessionCost,
  type UsageRollups,
} from './rollup-store';
import { TOTALS_COLUMNS, type DayTotalsRow, type SourceTotalsRow, type TotalsRow } from './usage-store';

/** Whose rows: a whole team, or one developer of it. */
export interface TeamScope {
  team: string;
  /** null: every developer of the team. */
  developer: string | null;
}

/** One developer seen in the team cache. */
export interface TeamDeveloper {
  developer: string;
  sessions: number;
  requests: number;
  totalCost: number;
  lastActivity: number | null;
}

// Per group, from this fixed map (never from input): the rollup table, its column, the raw table's column.
const GROUPS: Record<RollupGroup, { table: string; rollup: string; raw: string }> = {
  model: { table: 'team_usage_rollup_15m', rollup: 'model', raw: 'model' },
  project: { table: 'team_usage_rollup_15m', rollup: 'project', raw: 'project' },
  agent: { table: 'team_agent_usage_rollup_15m', rollup: 'agent_id', raw: "COALESCE(agent_id, '')" },
  none: { table: 'team_usage_rollup_15m', rollup: "''", raw: "''" },
  developer: { table: 'team_usage_rollup_15m', rollup: 'developer', raw: 'developer' },
};

/** Rows of this team, and of the developer when one is named (@developer NULL: all). */
export const MINE = `team = @team AND (@developer IS NULL OR developer = @developer)`;

const REPORTED_MODEL = `CASE WHEN speed = 'fast' THEN model || '-fast' ELSE model END`;

/** A report's range as the records' times can hold it. */
const clampRange = (from: number, to: number) => ({
  from: Math.max(0, from),
  to: Math.min(to, Number.MAX_SAFE_INTEGER),
});

/** Statements are shared by every scope over one database; the scope is a bound parameter. */
const cache = new WeakMap<SqliteDatabase, Map<string, Statement>>();

/** A teammate's subagent run, for the task board. */
export interface TeamRunTaskRow {
  id: string;
  developer: string;
  sessionId: string;
  project: string | null;
  agentType: string;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: number | null;
  updatedAt: number;
  totalTokens: number | null;
  totalCost: number | null;
}

export class TeamUsageStore implements UsageRollups {
  private readonly scope: { team: string; developer: string | null };

  constructor(
    private readonly db: SqliteDatabase,
    scope: TeamScope,
  ) {
    this.scope = { team: scope.team, developer: scope.developer };
  }

  private statement(key: string, sql: () => string): Statement {
    let statements = cache.get(this.db);
    if (!statements) cache.set(this.db, (statements = new Map()));
    let s = statements.get(key);
    if (!s) {
      s = this.db.prepare(sql());
      statements.set(key, s);
    }
    return s;
  }

  // --- the rollup questions (Metrics, Analytics) ------------------------------------------------------------

  /** Usage in [from, to) per local bin and group: whole quarters from the rollup, ragged edges from the records. */
  binned(
    group: RollupGroup,
    from: number,
    to: number,
    offsetMs: number,
    binMs: number,
    keep?: readonly string[],
  ): BinnedSums[] {
    return binnedInParts(
      from,
      to,
      offsetMs,
      binMs,
      (a, b) => this.rawBinned(group, a, b, offsetMs, binMs, keep),
      (a, b) => this.rollupBinned(group, a, b, offsetMs, binMs, keep),
    );
  }

  private rollupBinned(
    group: RollupGroup,
    from: number,
    to: number,
    offsetMs: number,
    binMs: number,
    keep?: readonly string[],
  ): BinnedSums[] {
    if (to <= from) return [];
    const g = GROUPS[group];
    return this.statement(
      `rollup:${group}:${keep ? 'fold' : 'all'}`,
      () => `
        SELECT (bucket + CAST(@offset AS INTEGER)) / CAST(@bin AS INTEGER) AS bin,
               ${groupExpression(g.rollup, keep !== undefined)} AS grp, ${SUMS},
               SUM(requests) AS requests, SUM(unpriced) AS unpriced
        FROM ${g.table} WHERE ${MINE} AND bucket >= @from AND bucket < @to
        GROUP BY bin, grp`,
    ).all(this.params({ from, to, offset: offsetMs, bin: binMs, keep })) as BinnedSums[];
  }

  private rawBinned(
    group: RollupGroup,
    from: number,
    to: number,
    offsetMs: number,
    binMs: number,
    keep?: readonly string[],
  ): BinnedSums[] {
    if (to <= from) return [];
    const g = GROUPS[group];
    return this.statement(
      `raw:${group}:${keep ? 'fold' : 'all'}`,
      () => `
        SELECT (ts + CAST(@offset AS INTEGER)) / CAST(@bin AS INTEGER) AS bin,
               ${groupExpression(g.raw, keep !== undefined)} AS grp, ${SUMS},
               COUNT(*) AS requests, SUM(1 - priced) AS unpriced
        FROM team_usage_records WHERE ${MINE} AND ts >= @from AND ts < @to AND counted = 1
        GROUP BY bin, grp`,
    ).all(this.params({ from, to, offset: offsetMs, bin: binMs, keep })) as BinnedSums[];
  }

  /** The `limit` largest groups of [from, to) by cost, then tokens (ranked on whole quarters, as locally). */
  topGroups(group: RollupGroup, from: number, to: number, limit: number): string[] {
    const g = GROUPS[group];
    const inner = [ceilTo(from, ROLLUP_BUCKET_MS), floorTo(to, ROLLUP_BUCKET_MS)] as const;
    const rolled = inner[0] < inner[1];
    const [table, column, time] = rolled ? [g.table, g.rollup, 'bucket'] : ['team_usage_records', g.raw, 'ts'];
    const range = rolled ? inner : ([from, to] as const);
    const rows = this.statement(
      `top:${group}:${table}`,
      () => `
        SELECT ${column} AS grp FROM ${table}
        WHERE ${MINE} AND ${time} >= @from AND ${time} < @to ${rolled ? '' : 'AND counted = 1'}
        GROUP BY grp
        ORDER BY SUM(cost_usd) DESC,
                 SUM(input_tokens + output_tokens + cache_creation_tokens + cache_read_tokens) DESC, grp
        LIMIT @limit`,
    ).all(this.params({ from: range[0], to: range[1], limit })) as { grp: string }[];
    return rows.map((r) => r.grp);
  }

  /** Models with at least one unpriced response in [from, to). */
  unpricedModels(from: number, to: number): string[] {
    const rows = this.statement(
      'unpriced',
      () => `
        SELECT DISTINCT model FROM team_usage_records
        WHERE ${MINE} AND ts >= @from AND ts < @to AND counted = 1 AND priced = 0 ORDER BY model`,
    ).all(this.params({ from, to })) as { model: string }[];
    return rows.map((r) => r.model);
  }

  /** The most expensive sessions (all their usage) among those active since `since`. */
  topSessions(since: number, limit: number): SessionCost[] {
    return this.statement(
      'sessions:top',
      () => `
        SELECT s.id, s.project, s.title, s.last_ts AS lastActivity,
               u.input_tokens AS inputTokens, u.output_tokens AS outputTokens,
               u.cache_creation_tokens AS cacheCreationTokens, u.cache_read_tokens AS cacheReadTokens,
               u.cost_usd AS totalCost, u.requests, u.unpriced
        FROM team_sessions s JOIN team_session_usage u ON u.team = s.team AND u.session_id = s.id
        WHERE s.team = @team AND (@developer IS NULL OR u.developer = @developer) AND s.last_ts >= @since
        ORDER BY u.cost_usd DESC, (u.input_tokens + u.output_tokens + u.cache_creation_tokens + u.cache_read_tokens) DESC
        LIMIT @limit`,
    ).all(this.params({ since, limit })) as SessionCost[];
  }

  /** The first and last response times in [from, to), or null when there is none. */
  activitySpan(from: number, to: number): { first: number; last: number } | null {
    const row = this.statement(
      'span',
      () => `SELECT MIN(ts) AS first, MAX(ts) AS last FROM team_usage_records
             WHERE ${MINE} AND ts >= @from AND ts < @to AND counted = 1`,
    ).get(this.params({ from, to })) as { first: number | null; last: number | null };
    return row.first === null || row.last === null ? null : { first: row.first, last: row.last };
  }

  // --- the Overview's questions -----------------------------------------------------------------------------

  totals(from: number, to: number): TotalsRow & { sessions: number } {
    return this.statement(
      'totals',
      () => `SELECT ${TOTALS_COLUMNS}, COUNT(DISTINCT session_id) AS sessions FROM team_usage_records
             WHERE ${MINE} AND ts >= @from AND ts < @to AND counted = 1`,
    ).get(this.params({ from, to })) as TotalsRow & { sessions: number };
  }

  totalsByModel(from: number, to: number): (TotalsRow & { model: string; unpriced: number })[] {
    return this.statement(
      'totals:model',
      () => `SELECT model, ${TOTALS_COLUMNS}, SUM(1 - priced) AS unpriced FROM team_usage_records
             WHERE ${MINE} AND ts >= @from AND ts < @to AND counted = 1
             GROUP BY model ORDER BY totalCost DESC, totalTokens DESC`,
    ).all(this.params({ from, to })) as (TotalsRow & { model: string; unpriced: number })[];
  }

  /** Sessions with usage in [from, to), most recent first, with their totals in that range and their developer. */
  /** The Overview's names for the three reads above (the local store answers them from its rollups). */
  rangeTotals(from: number, to: number): TotalsRow & { sessions: number } {
    return this.totals(from, to);
  }

  rangeTotalsByModel(from: number, to: number): (TotalsRow & { model: string; unpriced: number })[] {
    return this.totalsByModel(from, to);
  }

  recentSessionsActive(from: number, to: number, limit: number) {
    return this.sessionsActive(from, to, limit);
  }

  sessionsActive(from: number, to: number, limit: number) {
    return this.statement(
      'sessions:active',
      () => `
        SELECT u.session_id AS id, u.developer, COALESCE(s.project, MIN(u.project)) AS project, s.title,
               s.git_branch AS gitBranch, COALESCE(s.first_ts, MIN(u.ts)) AS firstActivity,
               COALESCE(s.last_ts, MAX(u.ts)) AS lastActivity,
               SUM(u.input_tokens) AS inputTokens, SUM(u.output_tokens) AS outputTokens,
               SUM(u.cache_creation_tokens) AS cacheCreationTokens, SUM(u.cache_read_tokens) AS cacheReadTokens,
               SUM(u.total_tokens) AS totalTokens, SUM(u.cost_usd) AS totalCost, COUNT(*) AS apiCalls
        FROM team_usage_records u LEFT JOIN team_sessions s ON s.team = u.team AND s.id = u.session_id
        WHERE u.team = @team AND (@developer IS NULL OR u.developer = @developer)
          AND u.ts >= @from AND u.ts < @to AND u.counted = 1
        GROUP BY u.session_id, u.developer ORDER BY lastActivity DESC LIMIT @limit`,
    ).all(this.params({ from, to, limit })) as (TotalsRow & {
      id: string;
      developer: string;
      project: string;
      title: string | null;
      gitBranch: string | null;
      firstActivity: number;
      lastActivity: number;
    })[];
  }

  // --- `report --team` ------------------------------------------------------------------------------------

  /** The first and the last instant with counted usage in [from, to), as `UsageStore.usageSpan` gives it. */
  usageSpan(from: number, to: number): [number, number] | null {
    const row = this.statement(
      'report:span',
      () => `
        SELECT MIN(ts) AS first, MAX(ts) AS last
        FROM team_usage_records WHERE ${MINE} AND ts >= @from AND ts < @to AND counted = 1`,
    ).get(this.params(clampRange(from, to))) as { first: number | null; last: number | null };
    return row.first === null || row.last === null ? null : [row.first, row.last];
  }

  /** Counted usage per local day and reported model name, as `UsageStore.dayTotals` gives it. */
  dayTotals(from: number, to: number, offsetMs: number): DayTotalsRow[] {
    return this.statement(
      'report:days',
      () => `
        SELECT (ts + CAST(@offset AS INTEGER)) / 86400000 AS day, ${REPORTED_MODEL} AS model,
               SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens,
               SUM(cache_creation_tokens) AS cacheCreationTokens, SUM(cache_read_tokens) AS cacheReadTokens,
               SUM(total_tokens) AS totalTokens, SUM(cost_usd) AS cost, COUNT(*) AS records,
               SUM(1 - priced) AS unpriced
        FROM team_usage_records WHERE ${MINE} AND ts >= @from AND ts < @to AND counted = 1
        GROUP BY 1, 2`,
    ).all(this.params({ ...clampRange(from, to), offset: offsetMs })) as DayTotalsRow[];
  }

  /** Counted usage per session and reported model; the team has no transcript paths, so none is given. */
  sourceTotals(from: number, to: number): SourceTotalsRow[] {
    return this.statement(
      'report:sessions',
      () => `
        SELECT NULL AS sourcePath, session_id AS sessionId, MIN(project) AS project, ${REPORTED_MODEL} AS model,
               SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens,
               SUM(cache_creation_tokens) AS cacheCreationTokens, SUM(cache_read_tokens) AS cacheReadTokens,
               SUM(total_tokens) AS totalTokens, SUM(cost_usd) AS cost, COUNT(*) AS records,
               SUM(1 - priced) AS unpriced, MIN(ts) AS firstTs, MAX(ts) AS lastTs
        FROM team_usage_records WHERE ${MINE} AND ts >= @from AND ts < @to AND counted = 1
        GROUP BY session_id, 4`,
    ).all(this.params(clampRange(from, to))) as SourceTotalsRow[];
  }

  /** Reported model names of this scope that have no price. */
  unpricedReportModels(): { model: string; records: number }[] {
    return this.statement(
      'report:unpriced',
      () => `SELECT ${REPORTED_MODEL} AS model, COUNT(*) AS records FROM team_usage_records
             WHERE ${MINE} AND counted = 1 AND priced = 0 GROUP BY 1 ORDER BY 1`,
    ).all(this.params({})) as { model: string; records: number }[];
  }

  // --- who is in the cache ----------------------------------------------------------------------------------

  /** Subagent runs of the scope (the Agents panel's team view): type, status, duration and start of each. */
  runOutcomes(): RunOutcomeRow[] {
    return this.statement(
      'runOutcomes',
      () => `
        SELECT agent_type AS agentType, status, ended_at - started_at AS durationMs, started_at AS startedAt
        FROM team_agent_runs WHERE ${MINE}`,
    ).all(this.params({})) as RunOutcomeRow[];
  }

  /** Tokens and cost of every subagent type, from the agent rollup (counted rows) joined to the runs' agent ids. */
  totalsByType(): TypeTotalsRow[] {
    return this.statement(
      'totalsByType',
      () => `
        SELECT r.agent_type AS agentType, ${SUMS},
               SUM(input_tokens + output_tokens + cache_creation_tokens + cache_read_tokens) AS totalTokens
        FROM team_agent_usage_rollup_15m u
        JOIN (SELECT DISTINCT team, developer, agent_id, agent_type FROM team_agent_runs
              WHERE ${MINE} AND agent_id IS NOT NULL) r
          ON r.team = u.team AND r.developer = u.developer AND r.agent_id = u.agent_id
        WHERE u.team = @team AND (@developer IS NULL OR u.developer = @developer)
        GROUP BY 1`,
    ).all(this.params({})) as TypeTotalsRow[];
  }

  /**
   * The scope's subagent runs as task board rows, most recently updated first, with their session's project and
   * the tokens and cost of the run's own counted usage.
   */
  runTasks(status: 'running' | 'succeeded' | 'failed' | null, limit: number): TeamRunTaskRow[] {
    return this.statement(
      'runTasks',
      () => `
        SELECT r.id, r.developer, r.session_id AS sessionId, s.project, r.agent_type AS agentType, r.status,
               r.started_at AS startedAt, COALESCE(r.ended_at, r.started_at, 0) AS updatedAt,
               (SELECT SUM(input_tokens + output_tokens + cache_creation_tokens + cache_read_tokens)
                FROM team_agent_usage_rollup_15m u
                WHERE u.team = r.team AND u.developer = r.developer AND u.agent_id = r.agent_id) AS totalTokens,
               (SELECT SUM(cost_usd) FROM team_agent_usage_rollup_15m u
                WHERE u.team = r.team AND u.developer = r.developer AND u.agent_id = r.agent_id) AS totalCost
        FROM team_agent_runs r
        LEFT JOIN team_sessions s ON s.team = r.team AND s.id = r.session_id
        WHERE r.team = @team AND (@developer IS NULL OR r.developer = @developer)
          AND (@status IS NULL OR r.status = @status)
        ORDER BY updatedAt DESC, r.id LIMIT @limit`,
    ).all({ ...this.params({}), status, limit }) as TeamRunTaskRow[];
  }

  /** Every developer with sessions or usage in this team's cache, most recently active first. */
  developers(): TeamDeveloper[] {
    return this.statement(
      'developers',
      () => `
        SELECT developer, SUM(sessions) AS sessions, SUM(requests) AS requests, SUM(cost) AS totalCost,
               MAX(lastActivity) AS lastActivity
        FROM (
          SELECT developer, COUNT(*) AS sessions, 0 AS requests, 0 AS cost, MAX(last_ts) AS lastActivity
          FROM team_sessions WHERE team = @team GROUP BY developer
          UNION ALL
          SELECT developer, 0, SUM(requests), SUM(cost_usd), NULL
          FROM team_session_usage WHERE team = @team GROUP BY developer
        )
        GROUP BY developer ORDER BY lastActivity DESC NULLS LAST, developer`,
    ).all({ team: this.scope.team }) as TeamDeveloper[];
  }

  private params(values: Record<string, number | string | readonly string[] | undefined>): Record<string, unknown> {
    const out: Record<string, unknown> = { team: this.scope.team, developer: this.scope.developer };
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) continue;
      out[k] = Array.isArray(v) ? JSON.stringify(v) : v;
    }
    return out;
  }
}

/** What the team rollups sum of one cached usage row. */
export interface TeamRollupRow {
  team: string;
  developer: string;
  sessionId: string;
  project: string;
  agentId: string | null;
  ts: number;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  costUsd: number;
  priced: boolean;
}

interface Delta {
  keys: (string | number)[];
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  costUsd: number;
  requests: number;
  unpriced: number;
}

const ROLLUP_TABLES = [
  {
    name: 'team_usage_rollup_15m',
    keys: ['team', 'bucket', 'developer', 'model', 'project'],
    of: (r: TeamRollupRow) => [
      r.team,
      Math.floor(r.ts / ROLLUP_BUCKET_MS) * ROLLUP_BUCKET_MS,
      r.developer,
      r.model,
      r.project,
    ],
  },
  {
    name: 'team_agent_usage_rollup_15m',
    keys: ['team', 'bucket', 'developer', 'agent_id'],
    of: (r: TeamRollupRow) => [
      r.team,
      Math.floor(r.ts / ROLLUP_BUCKET_MS) * ROLLUP_BUCKET_MS,
      r.developer,
      r.agentId ?? '',
    ],
  },
  {
    name: 'team_session_usage',
    keys: ['team', 'session_id', 'developer'],
    of: (r: TeamRollupRow) => [r.team, r.sessionId, r.developer],
  },
] as const;

/**
 * Keeps migration 11's rollups while team rows are cached: each counted row that arrives adds to its keys, each
 * counted row that a newer version replaces takes its old values out; a batch's changes are summed per key and
 * written once per key, in the caching transaction.
 */
export class TeamRollupWriter {
  private readonly previousStmt: Statement;
  private readonly upserts: Statement[];
  private readonly cleanups: Statement[];

  constructor(db: SqliteDatabase) {
    this.previousStmt = db.prepare(`
      SELECT team, developer, session_id AS sessionId, project, agent_id AS agentId, ts, model,
             input_tokens AS inputTokens, output_tokens AS outputTokens, cache_creation_tokens AS cacheCreationTokens,
             cache_read_tokens AS cacheReadTokens, cost_usd AS costUsd, priced, counted, seq
      FROM team_usage_records WHERE team = ? AND id = ?`);
    this.upserts = ROLLUP_TABLES.map((t) =>
      db.prepare(`
        INSERT INTO ${t.name} (${t.keys.join(', ')}, input_tokens, output_tokens, cache_creation_tokens,
          cache_read_tokens, cost_usd, requests, unpriced)
        VALUES (${t.keys.map(() => '?').join(', ')}, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (${t.keys.join(', ')}) DO UPDATE SET
          input_tokens = input_tokens + excluded.input_tokens,
          output_tokens = output_tokens + excluded.output_tokens,
          cache_creation_tokens = cache_creation_tokens + excluded.cache_creation_tokens,
          cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
          cost_usd = cost_usd + excluded.cost_usd,
          requests = requests + excluded.requests,
          unpriced = unpriced + excluded.unpriced`),
    );
    this.cleanups = ROLLUP_TABLES.map((t) =>
      db.prepare(`DELETE FROM ${t.name} WHERE ${t.keys.map((k) => `${k} = ?`).join(' AND ')} AND requests <= 0`),
    );
  }

  /** The cached version of a row, when it counts and is older than `seq` (so the upsert will replace it). */
  replaced(team: string, id: string, seq: number): TeamRollupRow | undefined {
    const row = this.previousStmt.get(team, id) as
      (Omit<TeamRollupRow, 'priced'> & { priced: number; counted: number; seq: number }) | undefined;
    if (!row || row.counted !== 1 || row.seq >= seq) return undefined;
    return { ...row, priced: row.priced === 1 };
  }

  /** A batch of rollup changes; `write()` applies them. */
  batch(): { add(row: TeamRollupRow, sign: 1 | -1): void; write(): void } {
    const deltas = ROLLUP_TABLES.map(() => new Map<string, Delta>());
    return {
      add: (row, sign) => {
        ROLLUP_TABLES.forEach((t, i) => {
          const keys = t.of(row);
          const key = keys.join('\u0000');
          let d = deltas[i]!.get(key);
          if (!d) {
            d = {
              keys,
              inputTokens: 0,
              outputTokens: 0,
              cacheCreationTokens: 0,
              cacheReadTokens: 0,
              costUsd: 0,
              requests: 0,
              unpriced: 0,
            };
            deltas[i]!.set(key, d);
          }
          d.inputTokens += sign * row.inputTokens;
          d.outputTokens += sign * row.outputTokens;
          d.cacheCreationTokens += sign * row.cacheCreationTokens;
          d.cacheReadTokens += sign * row.cacheReadTokens;
          d.costUsd += sign * row.costUsd;
          d.requests += sign;
          d.unpriced += sign * (row.priced ? 0 : 1);
        });
      },
      write: () => {
        deltas.forEach((map, i) => {
          for (const d of map.values()) {
            if (d.requests === 0 && d.inputTokens === 0 && d.outputTokens === 0 && d.costUsd === 0) continue;
            this.upserts[i]!.run(
              ...d.keys,
              d.inputTokens,
              d.outputTokens,
              d.cacheCreationTokens,
              d.cacheReadTokens,
              d.costUsd,
              d.requests,
              d.unpriced,
            );
            if (d.requests < 0) this.cleanups[i]!.run(...d.keys);
          }
        });
      },
    };
  }
}
