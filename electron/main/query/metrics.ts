// Builds the Metrics panel: tokens by kind, cost and cache hit ratio over a range, per group, from the rollups.
import type { Metrics, MetricsGroupBy, TimeRange, UsageBreakdown } from '../../../shared/contract';
import {
  addSums,
  emptySums,
  OTHER_GROUP,
  type RollupGroup,
  type UsageRollups,
  type UsageSums,
} from '../store/rollup-store';
import { DAY, HOUR, MINUTE, usageBins } from './usage-bins';

/** Groups shown one by one; the rest are folded into `other` so a chart stays readable. */
export const SHOWN_GROUPS = 8;
export { OTHER_GROUP };

const PRESET_MS = { '1h': HOUR, '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY } as const;
const BUCKETS = { '5m': 5 * MINUTE, '15m': 15 * MINUTE, '1h': HOUR, '1d': DAY } as const;
type Bucket = keyof typeof BUCKETS;

/** [from, to) of a range; presets end now. */
export function resolveRange(range: TimeRange, now: number): { from: number; to: number } {
  if ('preset' in range) return { from: now - PRESET_MS[range.preset], to: now };
  return { from: range.from, to: range.to };
}

/** A bucket size that gives a readable number of points: 12 for 1h, 96 for 24h, 168 for 7d, 30 for 30d. */
export function bucketFor(spanMs: number): Bucket {
  if (spanMs <= 3 * HOUR) return '5m';
  if (spanMs <= 2 * DAY) return '15m';
  if (spanMs <= 14 * DAY) return '1h';
  return '1d';
}

export function cacheHitRatio(s: Pick<UsageSums, 'inputTokens' | 'cacheCreationTokens' | 'cacheReadTokens'>) {
  const input = s.inputTokens + s.cacheCreationTokens + s.cacheReadTokens;
  return input === 0 ? null : s.cacheReadTokens / input;
}

export function breakdown(s: UsageSums): UsageBreakdown {
  return {
    inputTokens: s.inputTokens,
    outputTokens: s.outputTokens,
    cacheCreationTokens: s.cacheCreationTokens,
    cacheReadTokens: s.cacheReadTokens,
    totalTokens: s.inputTokens + s.outputTokens + s.cacheCreationTokens + s.cacheReadTokens,
    // Float sums of many small costs carry noise below a micro-dollar; the rollup's add/subtract can leave -1e-17.
    totalCost: Math.max(0, s.totalCost),
    requests: s.requests,
    unpricedRequests: s.unpriced,
    cacheHitRatio: cacheHitRatio(s),
  };
}

const ROLLUP_GROUP: Record<MetricsGroupBy, RollupGroup> = {
  model: 'model',
  project: 'project',
  agent: 'agent',
  developer: 'developer',
};

function groupLabel(groupBy: MetricsGroupBy, key: string, developer: string): string {
  if (groupBy === 'agent') return key === '' ? 'main session' : `agent ${key}`;
  // The local store has one developer (key ''); the team cache keys each developer by name.
  if (groupBy === 'developer') return key === '' ? developer : key;
  return key;
}

export interface MetricsOptions {
  range: TimeRange;
  groupBy: MetricsGroupBy;
  timezone: string;
  /** Who the local developer is, for the 'developer' grouping. */
  developer: string;
  now?: number;
}

export function buildMetrics(rollups: UsageRollups, options: MetricsOptions): Metrics {
  const { groupBy, timezone, developer } = options;
  const { from, to } = resolveRange(options.range, options.now ?? Date.now());
  const bucket = bucketFor(to - from);
  const group = ROLLUP_GROUP[groupBy];
  // Subagent runs are many: the store folds all but the largest into OTHER_GROUP before they reach JS.
  const top = group === 'agent' ? rollups.topGroups(group, from, to, SHOWN_GROUPS + 1) : [];
  const keep = top.length > SHOWN_GROUPS ? top.slice(0, SHOWN_GROUPS) : undefined;
  const bins = usageBins(rollups, { group, from, to, timeZone: timezone, binMs: BUCKETS[bucket], keep });

  // Rank groups by their whole-range cost (then tokens); fold the tail into `other`.
  const byGroup = new Map<string, UsageSums>();
  const totals = emptySums();
  for (const bin of bins) {
    for (const [key, sums] of bin.groups) {
      let g = byGroup.get(key);
      if (!g) byGroup.set(key, (g = emptySums()));
      addSums(g, sums);
      addSums(totals, sums);
    }
  }
  const tokensOf = (s: UsageSums) => s.inputTokens + s.outputTokens + s.cacheCreationTokens + s.cacheReadTokens;
  const folded0 = byGroup.get(OTHER_GROUP);
  byGroup.delete(OTHER_GROUP);
  const ranked = [...byGroup].sort(
    ([ka, a], [kb, b]) => b.totalCost - a.totalCost || tokensOf(b) - tokensOf(a) || ka.localeCompare(kb),
  );
  const folded = ranked.length > SHOWN_GROUPS + 1 || folded0 !== undefined;
  const shown = ranked.length > SHOWN_GROUPS + 1 ? ranked.slice(0, SHOWN_GROUPS) : ranked;
  const shownKeys = new Set(shown.map(([k]) => k));
  const groups = shown.map(([key, sums]) => ({ ...breakdown(sums), key, label: groupLabel(groupBy, key, developer) }));
  if (folded) {
    const other = folded0 ?? emptySums();
    for (const [, sums] of ranked.slice(shown.length)) addSums(other, sums);
    groups.push({
      ...breakdown(other),
      key: OTHER_GROUP,
      label: `other ${groupBy === 'agent' ? 'agents' : groupBy + 's'}`,
    });
  }

  const series = bins.map((bin) => {
    const total = emptySums();
    const perGroup: Record<string, { totalTokens: number; totalCost: number }> = {};
    for (const [key, sums] of bin.groups) {
      addSums(total, sums);
      const k = shownKeys.has(key) ? key : OTHER_GROUP;
      const g = (perGroup[k] ??= { totalTokens: 0, totalCost: 0 });
      g.totalTokens += tokensOf(sums);
      g.totalCost += sums.totalCost;
    }
    return { ...breakdown(total), start: bin.start, groups: perGroup };
  });

  return {
    from,
    to,
    timezone,
    groupBy,
    bucket,
    totals: breakdown(totals),
    groups,
    series,
    unpricedModels: totals.unpriced > 0 ? rollups.unpricedModels(from, to) : [],
    // Tool calls, their error rate and durations arrive with tool-call ingestion: `tools` stays absent until then.
  };
}
