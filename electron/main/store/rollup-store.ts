// Reads of the usage rollups (migration 7): 15-minute buckets and per-session totals. All their SQL lives here.
// Every read is exact for any [from, to): whole 15-minute buckets come from the rollup, the ragged edges of the
// range from usage_records, so a panel's totals always equal a sum over the raw records.
import type { SqliteDatabase } from './database';
import type { Statement } from 'better-sqlite3';

export const ROLLUP_BUCKET_MS = 15 * 60_000;
const HOUR_MS = 60 * 60_000;

/**
 * What a usage query can be grouped by; 'none' folds everything into one group ''. 'developer' is 'none' in the
 * local store (one developer, key ''); the team cache's rollups (team-rollup-store.ts) split it by developer.
 */
export type RollupGroup = 'model' | 'project' | 'agent' | 'none' | 'developer';

/** Token and cost sums of some API responses. */
export interface UsageSums {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalCost: number;
  requests: number;
  unpriced: number;
}

/** Sums of one time bin (in local-wall-clock units of the bin size) and one group. */
export interface BinnedSums extends UsageSums {
  bin: number;
  grp: string;
}

export interface SessionCost extends UsageSums {
  id: string;
  project: string;
  title: string | null;
  lastActivity: number;
}

/** The group key standing for every group not kept (see `binned`'s `keep`). */
export const OTHER_GROUP = '__other__';

// Per group, from this fixed map (never from input): the rollup table, its column, the raw table's column.
// hourTable: the hourly rollup, where there is one for that grouping.
const GROUPS: Record<RollupGroup, { table: string; hourTable: string | null; rollup: string; raw: string }> = {
  model: { table: 'usage_rollup_15m', hourTable: 'usage_rollup_1h', rollup: 'model', raw: 'model' },
  project: { table: 'usage_rollup_15m', hourTable: 'usage_rollup_1h', rollup: 'project', raw: 'project' },
  agent: { table: 'agent_usage_rollup_15m', hourTable: null, rollup: 'agent_id', raw: "COALESCE(agent_id, '')" },
  none: { table: 'total_usage_rollup_15m', hourTable: null, rollup: "''", raw: "''" },
  developer: { table: 'total_usage_rollup_15m', hourTable: null, rollup: "''", raw: "''" },
};

/** The group expression; with `fold`, keys outside the JSON array @keep become OTHER_GROUP. */
/** A group column, or 'other' for values outside `@keep` when the groups are folded. */
export const groupExpression = (column: string, fold: boolean) =>
  fold
    ? `CASE WHEN ${column} IN (SELECT value FROM json_each(@keep)) THEN ${column} ELSE '${OTHER_GROUP}' END`
    : column;

export const SUMS = `
  SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens,
  SUM(cache_creation_tokens) AS cacheCreationTokens, SUM(cache_read_tokens) AS cacheReadTokens,
  SUM(cost_usd) AS totalCost`;

export const floorTo = (ms: number, step: number) => Math.floor(ms / step) * step;
export const ceilTo = (ms: number, step: number) => Math.ceil(ms / step) * step;

/** What the Metrics and Analytics builders read: the local rollups, or the team cache's (one team or developer). */
export type UsageRollups = Pick<
  RollupStore,
  'binned' | 'topGroups' | 'unpricedModels' | 'topSessions' | 'activitySpan'
>;

export class RollupStore {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: SqliteDatabase) {}

  private statement(key: string, sql: () => string): Statement {
    let s = this.statements.get(key);
    if (!s) {
      s = this.db.prepare(sql());
      this.statements.set(key, s);
    }
    return s;
  }

  /**
   * Usage in [from, to) summed per bin and group. A record at `ts` falls in bin floor((ts + offsetMs) / binMs):
   * with the zone's offset (constant over the range) that is a bin of local wall-clock time. (better-sqlite3 binds
   * numbers as REAL, hence the casts that keep the division an integer one.)
   */
  binned(
    group: RollupGroup,
    from: number,
    to: number,
    offsetMs: number,
    binMs: number,
    keep?: readonly string[],
  ): BinnedSums[] {
    const raw = (a: number, b: number) => this.rawBinned(group, a, b, offsetMs, binMs, keep);
    const quarters = (a: number, b: number) => this.rollupBinned(group, a, b, offsetMs, binMs, keep);
    return binnedInParts(from, to, offsetMs, binMs, raw, (inner0, inner1) => {
      // Whole hours from the hourly table when bins are whole hours, whole quarters around them. In a zone whose
      // offset is not whole hours (India, Nepal…), an hour that a bin boundary cuts comes from the quarters instead.
      const hourTable = GROUPS[group].hourTable;
      const hours = [ceilTo(inner0, HOUR_MS), floorTo(inner1, HOUR_MS)] as const;
      const byHour = hourTable !== null && binMs % HOUR_MS === 0 && hours[0] < hours[1];
      const wholeHours = offsetMs % HOUR_MS === 0;
      if (!byHour || !(wholeHours || binMs > HOUR_MS)) return quarters(inner0, inner1);
      return [
        ...quarters(inner0, hours[0]),
        ...this.rollupBinned(group, hours[0], hours[1], offsetMs, binMs, keep, hourTable, wholeHours ? '' : 'uncut'),
        ...(wholeHours ? [] : this.rollupBinned(group, hours[0], hours[1], offsetMs, binMs, keep, undefined, 'cut')),
        ...quarters(hours[1], inner1),
      ];
    });
  }

  private rollupBinned(
    group: RollupGroup,
    from: number,
    to: number,
    offsetMs: number,
    binMs: number,
    keep?: readonly string[],
    table = GROUPS[group].table,
    hours: '' | 'uncut' | 'cut' = '',
  ): BinnedSums[] {
    if (to <= from) return [];
    const g = GROUPS[group];
    // 'uncut': only rows whose hour lies inside one bin; 'cut': only rows of an hour that a bin boundary cuts.
    const hourStart = table === g.hourTable ? 'bucket' : '(bucket / 3600000) * 3600000';
    const sameBin = `(${hourStart} + CAST(@offset AS INTEGER)) / CAST(@bin AS INTEGER) =
      (${hourStart} + CAST(@offset AS INTEGER) + 3599999) / CAST(@bin AS INTEGER)`;
    const filter = hours === 'uncut' ? `AND ${sameBin}` : hours === 'cut' ? `AND NOT (${sameBin})` : '';
    return this.statement(
      `rollup:${group}:${keep ? 'fold' : 'all'}:${table}:${hours}`,
      () => `
        SELECT (bucket + CAST(@offset AS INTEGER)) / CAST(@bin AS INTEGER) AS bin,
               ${groupExpression(g.rollup, keep !== undefined)} AS grp, ${SUMS},
               SUM(requests) AS requests, SUM(unpriced) AS unpriced
        FROM ${table} WHERE bucket >= @from AND bucket < @to ${filter}
        GROUP BY bin, grp`,
    ).all({ from, to, offset: offsetMs, bin: binMs, ...(keep ? { keep: JSON.stringify(keep) } : {}) }) as BinnedSums[];
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
        FROM usage_records WHERE ts >= @from AND ts < @to AND counted = 1
        GROUP BY bin, grp`,
    ).all({ from, to, offset: offsetMs, bin: binMs, ...(keep ? { keep: JSON.stringify(keep) } : {}) }) as BinnedSums[];
  }

  /**
   * The `limit` largest groups of [from, to) by cost, then tokens. Ranked on the whole 15-minute buckets inside
   * the range (the ragged edges only change totals, which `binned` gets exactly).
   */
  topGroups(group: RollupGroup, from: number, to: number, limit: number): string[] {
    const g = GROUPS[group];
    const inner = [ceilTo(from, ROLLUP_BUCKET_MS), floorTo(to, ROLLUP_BUCKET_MS)] as const;
    const [table, column, time] = inner[0] < inner[1] ? [g.table, g.rollup, 'bucket'] : ['usage_records', g.raw, 'ts'];
    const range = inner[0] < inner[1] ? inner : ([from, to] as const);
    const rows = this.statement(
      `top:${group}:${table}`,
      () => `
        SELECT ${column} AS grp FROM ${table} WHERE ${time} >= ? AND ${time} < ?
        GROUP BY grp
        ORDER BY SUM(cost_usd) DESC,
                 SUM(input_tokens + output_tokens + cache_creation_tokens + cache_read_tokens) DESC, grp
        LIMIT ?`,
    ).all(range[0], range[1], limit) as { grp: string }[];
    return rows.map((r) => r.grp);
  }

  /** Models with at least one unpriced response in [from, to). */
  unpricedModels(from: number, to: number): string[] {
    const inner = [ceilTo(from, ROLLUP_BUCKET_MS), floorTo(to, ROLLUP_BUCKET_MS)] as const;
    const models = new Set<string>();
    const raw = this.statement(
      'unpriced:raw',
      () => 'SELECT DISTINCT model FROM usage_records WHERE ts >= ? AND ts < ? AND priced = 0',
    );
    if (inner[0] < inner[1]) {
      const rolled = this.statement(
        'unpriced:rollup',
        () => 'SELECT DISTINCT model FROM usage_rollup_15m WHERE bucket >= ? AND bucket < ? AND unpriced > 0',
      );
      for (const r of rolled.all(inner[0], inner[1]) as { model: string }[]) models.add(r.model);
      for (const r of raw.all(from, inner[0]) as { model: string }[]) models.add(r.model);
      for (const r of raw.all(inner[1], to) as { model: string }[]) models.add(r.model);
    } else {
      for (const r of raw.all(from, to) as { model: string }[]) models.add(r.model);
    }
    return [...models].sort();
  }

  /** The most expensive sessions (all their usage) among those active since `since`. */
  topSessions(since: number, limit: number): SessionCost[] {
    return this.statement(
      'sessions:top',
      () => `
        SELECT s.id, s.project, s.title, s.last_ts AS lastActivity,
               u.input_tokens AS inputTokens, u.output_tokens AS outputTokens,
               u.cache_creation_tokens AS cacheCreationTokens, u.cache_read_tokens AS cacheReadTokens,
               u.cost_usd AS totalCost, u.requests, 0 AS unpriced
        FROM sessions s JOIN session_usage u ON u.session_id = s.id
        WHERE s.last_ts >= ?
        ORDER BY u.cost_usd DESC, (u.input_tokens + u.output_tokens + u.cache_creation_tokens + u.cache_read_tokens) DESC
        LIMIT ?`,
    ).all(since, limit) as SessionCost[];
  }

  /** The first and last response times in [from, to), or null when there is none. */
  activitySpan(from: number, to: number): { first: number; last: number } | null {
    const row = this.statement(
      'span',
      () => 'SELECT MIN(ts) AS first, MAX(ts) AS last FROM usage_records WHERE ts >= ? AND ts < ?',
    ).get(from, to) as { first: number | null; last: number | null };
    return row.first === null || row.last === null ? null : { first: row.first, last: row.last };
  }
}

/**
 * Binned sums of [from, to): the whole quarters inside it from `rolled`, the ragged edges from `raw`, merged; all
 * from `raw` when the bins or the zone's offset are not whole quarters. Local and team stores answer this way.
 */
export function binnedInParts(
  from: number,
  to: number,
  offsetMs: number,
  binMs: number,
  raw: (from: number, to: number) => BinnedSums[],
  rolled: (from: number, to: number) => BinnedSums[],
): BinnedSums[] {
  if (to <= from) return [];
  const inner = [ceilTo(from, ROLLUP_BUCKET_MS), floorTo(to, ROLLUP_BUCKET_MS)] as const;
  const rollupUsable = binMs % ROLLUP_BUCKET_MS === 0 && offsetMs % ROLLUP_BUCKET_MS === 0;
  if (!rollupUsable || inner[0] >= inner[1]) return raw(from, to);
  return mergeBinned([...raw(from, inner[0]), ...rolled(inner[0], inner[1]), ...raw(inner[1], to)]);
}

/** Adds rows that share a bin and group (the rollup part and the raw edges of one range). */
export function mergeBinned(rows: BinnedSums[]): BinnedSums[] {
  const merged = new Map<string, BinnedSums>();
  for (const r of rows) {
    const key = `${r.bin}\u0000${r.grp}`;
    const m = merged.get(key);
    if (!m) merged.set(key, { ...r });
    else addSums(m, r);
  }
  return [...merged.values()];
}

export function addSums(into: UsageSums, from: UsageSums): void {
  into.inputTokens += from.inputTokens;
  into.outputTokens += from.outputTokens;
  into.cacheCreationTokens += from.cacheCreationTokens;
  into.cacheReadTokens += from.cacheReadTokens;
  into.totalCost += from.totalCost;
  into.requests += from.requests;
  into.unpriced += from.unpriced;
}

export const emptySums = (): UsageSums => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationTokens: 0,
  cacheReadTokens: 0,
  totalCost: 0,
  requests: 0,
  unpriced: 0,
});
