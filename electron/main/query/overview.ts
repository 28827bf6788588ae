// Builds the Overview panel's numbers: one day and the day before, by model and by session.
import type { Overview } from '../../../shared/contract';
import { addDays, dayKey, dayRange } from '../../../shared/time';
import type { TotalsRow, UsageStore } from '../store/usage-store';

/**
 * What the Overview reads: the local store (from its 15-minute rollups), or the team cache of one team or
 * developer (TeamUsageStore).
 */
export type OverviewSource = {
  rangeTotals: UsageStore['rangeTotals'];
  rangeTotalsByModel: UsageStore['rangeTotalsByModel'];
  recentSessionsActive(
    from: number,
    to: number,
    limit: number,
  ): (ReturnType<UsageStore['sessionsActive']>[number] & { developer?: string })[];
};

const SESSIONS_SHOWN = 50;

const tokenTotals = (t: TotalsRow) => ({
  inputTokens: t.inputTokens,
  outputTokens: t.outputTokens,
  cacheCreationTokens: t.cacheCreationTokens,
  cacheReadTokens: t.cacheReadTokens,
  totalTokens: t.totalTokens,
  totalCost: t.totalCost,
});

export function buildOverview(store: OverviewSource, timezone: string, date?: string, now = Date.now()): Overview {
  const day = date ?? dayKey(now, timezone);
  const [from, to] = dayRange(day, timezone);
  const [yFrom, yTo] = dayRange(addDays(day, -1), timezone);
  const today = store.rangeTotals(from, to);
  const yesterday = store.rangeTotals(yFrom, yTo);
  const models = store
    .rangeTotalsByModel(from, to)
    .map((m) => ({ ...tokenTotals(m), model: m.model, priced: m.unpriced === 0 }));
  return {
    date: day,
    timezone,
    today: { ...tokenTotals(today), sessions: today.sessions },
    yesterday: { ...tokenTotals(yesterday), sessions: yesterday.sessions },
    models,
    sessions: store.recentSessionsActive(from, to, SESSIONS_SHOWN).map((s) => ({
      ...tokenTotals(s),
      id: s.id,
      project: s.project,
      title: s.title,
      gitBranch: s.gitBranch,
      firstActivity: s.firstActivity,
      lastActivity: s.lastActivity,
      apiCalls: s.apiCalls,
      ...(s.developer !== undefined ? { developer: s.developer } : {}),
    })),
    unpricedModels: models.filter((m) => !m.priced).map((m) => m.model),
  };
}
