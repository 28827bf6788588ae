// Builds the Analytics panel from the rollups: week over week, a month-end forecast, the most expensive sessions
// and projects, hourly cost spikes, an hour × weekday heatmap and ccusage-style 5-hour blocks with burn rate.
import type { Analytics, DayUsage, UsageBlock } from '../../../shared/contract';
import { addDays, dayKey, dayStart } from '../../../shared/time';
import { addSums, emptySums, ROLLUP_BUCKET_MS, type UsageRollups, type UsageSums } from '../store/rollup-store';
import { binTotal, DAY, HOUR, MINUTE, usageBins } from './usage-bins';

/** A cost spike: an hour costing more than SPIKE_K × the median of that hour of day over SPIKE_DAYS days. */
export const SPIKE_K = 3;
export const SPIKE_DAYS = 14;
export const HEATMAP_DAYS = 28;
export const FORECAST_BASIS_DAYS = 7;
export const BLOCK_MS = 5 * HOUR;
export const BLOCK_HISTORY_MS = 7 * DAY;
const TOP = 10;
const TOP_WINDOW_MS = 30 * DAY;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const tokensOf = (s: UsageSums) => s.inputTokens + s.outputTokens + s.cacheCreationTokens + s.cacheReadTokens;
const localDate = (local: number) => new Date(local).toISOString().slice(0, 10);
/** Monday = 0: 1970-01-01, local day 0, was a Thursday. */
const weekdayOf = (local: number) => (Math.floor(local / DAY) + 3) % 7;

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function buildAnalytics(rollups: UsageRollups, timezone: string, now = Date.now()): Analytics {
  const today = dayKey(now, timezone);
  // One hourly pass over the last 45 local days feeds the week, the forecast, the spikes and the heatmap.
  const hours = usageBins(rollups, {
    group: 'none',
    from: dayStart(addDays(today, -44), timezone),
    to: now,
    timeZone: timezone,
    binMs: HOUR,
  }).map((bin) => ({ start: bin.start, local: bin.local, sums: binTotal(bin) }));

  const days = new Map<string, UsageSums>();
  for (const h of hours) {
    const date = localDate(h.local);
    let d = days.get(date);
    if (!d) days.set(date, (d = emptySums()));
    addSums(d, h.sums);
  }
  const day = (date: string): DayUsage => {
    const d = days.get(date) ?? emptySums();
    return { date, totalTokens: tokensOf(d), totalCost: Math.max(0, d.totalCost), requests: d.requests };
  };

  // Week over week, Monday to Sunday.
  const todayIndex = weekdayOf(Date.parse(`${today}T00:00:00Z`));
  const monday = addDays(today, -todayIndex);
  const weekDays = WEEKDAYS.map((weekday, i) => ({
    weekday,
    thisWeek: i <= todayIndex ? day(addDays(monday, i)) : null,
    lastWeek: day(addDays(monday, i - 7)),
  }));
  const sum = (xs: (DayUsage | null)[]) => xs.reduce((acc, d) => acc + (d?.totalCost ?? 0), 0);

  // Month-end forecast: month to date + the average of the last complete days × the days left.
  const month = today.slice(0, 7);
  let monthToDateCost = 0;
  for (let d = `${month}-01`; d <= today; d = addDays(d, 1)) monthToDateCost += day(d).totalCost;
  let basis = 0;
  for (let i = 1; i <= FORECAST_BASIS_DAYS; i++) basis += day(addDays(today, -i)).totalCost;
  const averageDailyCost = basis / FORECAST_BASIS_DAYS;
  const [y, m] = month.split('-').map(Number) as [number, number];
  const nextMonth = `${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01`;
  const daysLeft = Math.max(0, (dayStart(nextMonth, timezone) - now) / DAY);

  // Spikes over the last 14 local days: baseline = median of the same hour of day; an hour of day that is
  // usually idle (median 0) is measured against the median of all active hours instead.
  const spikeFrom = dayStart(addDays(today, -(SPIKE_DAYS - 1)), timezone);
  const recent = hours.filter((h) => h.start >= spikeFrom);
  const byHourOfDay = new Map<number, number[]>();
  for (const h of recent) {
    const hod = Math.floor((h.local % DAY) / HOUR);
    const list = byHourOfDay.get(hod) ?? [];
    list.push(h.sums.totalCost);
    byHourOfDay.set(hod, list);
  }
  const activeMedian = median(recent.map((h) => h.sums.totalCost).filter((c) => c > 0));
  const hourly = recent.map((h) => {
    const hodMedian = median(byHourOfDay.get(Math.floor((h.local % DAY) / HOUR)) ?? []);
    const baseline = hodMedian > 0 ? hodMedian : activeMedian;
    const cost = Math.max(0, h.sums.totalCost);
    return { start: h.start, cost, baseline, spike: baseline > 0 && cost > SPIKE_K * baseline };
  });

  // Heatmap: weekday × hour of local time over the last 4 weeks.
  const heatFrom = dayStart(addDays(today, -(HEATMAP_DAYS - 1)), timezone);
  const cells = Array.from({ length: 7 * 24 }, (_, i) => ({
    weekday: Math.floor(i / 24),
    hour: i % 24,
    requests: 0,
    cost: 0,
  }));
  for (const h of hours) {
    if (h.start < heatFrom) continue;
    const cell = cells[weekdayOf(h.local) * 24 + Math.floor((h.local % DAY) / HOUR)]!;
    cell.requests += h.sums.requests;
    cell.cost += Math.max(0, h.sums.totalCost);
  }

  // Most expensive projects of the last 30 days (one bin spanning the whole window).
  const projects = new Map<string, UsageSums>();
  for (const row of rollups.binned('project', now - TOP_WINDOW_MS, now, 0, 400 * DAY)) {
    let p = projects.get(row.grp);
    if (!p) projects.set(row.grp, (p = emptySums()));
    addSums(p, row);
  }
  const topProjects = [...projects]
    .map(([project, s]) => ({
      project,
      totalTokens: tokensOf(s),
      totalCost: Math.max(0, s.totalCost),
      requests: s.requests,
    }))
    .sort((a, b) => b.totalCost - a.totalCost || b.totalTokens - a.totalTokens)
    .slice(0, TOP);

  return {
    timezone,
    generatedAt: now,
    week: {
      days: weekDays,
      thisWeekCost: sum(weekDays.map((d) => d.thisWeek)),
      lastWeekCostToDate: sum(weekDays.slice(0, todayIndex + 1).map((d) => d.lastWeek)),
      lastWeekCost: sum(weekDays.map((d) => d.lastWeek)),
    },
    forecast: {
      month,
      monthToDateCost,
      averageDailyCost,
      basisDays: FORECAST_BASIS_DAYS,
      daysLeft,
      forecastCost: monthToDateCost + averageDailyCost * daysLeft,
    },
    topSessions: rollups.topSessions(now - TOP_WINDOW_MS, TOP).map((s) => ({
      id: s.id,
      project: s.project,
      title: s.title,
      lastActivity: s.lastActivity,
      totalTokens: tokensOf(s),
      totalCost: Math.max(0, s.totalCost),
      requests: s.requests,
    })),
    topProjects,
    hourly,
    spikeRule: { k: SPIKE_K, days: SPIKE_DAYS },
    heatmap: { days: HEATMAP_DAYS, cells },
    blocks: buildBlocks(rollups, now),
  };
}

/**
 * 5-hour blocks as ccusage draws them: a block starts at its first response's hour (floored, UTC) and lasts
 * 5 hours; a response 5 hours or more after the block's start opens the next block (ccusage's other rule, more
 * than 5 hours since the previous response, implies this one). Block starts and ends fall on 15-minute buckets,
 * so the rollup finds them exactly; first and last response times come from the records. Burn rate: all tokens
 * per minute and cost per hour between the block's first and last response; the active block (last response
 * under 5 hours ago, end not reached) is projected to its end at that rate.
 */
export function buildBlocks(rollups: UsageRollups, now: number, historyMs = BLOCK_HISTORY_MS): UsageBlock[] {
  const from = Math.floor((now - historyMs) / HOUR) * HOUR;
  const buckets = rollups
    .binned('none', from, now + 1, 0, ROLLUP_BUCKET_MS)
    .filter((b) => b.requests > 0)
    .map((b) => ({ start: b.bin * ROLLUP_BUCKET_MS, sums: b as UsageSums }))
    .sort((a, b) => a.start - b.start);

  const groups: { start: number; buckets: typeof buckets }[] = [];
  for (const b of buckets) {
    const current = groups.at(-1);
    if (!current || b.start >= current.start + BLOCK_MS)
      groups.push({ start: Math.floor(b.start / HOUR) * HOUR, buckets: [b] });
    else current.buckets.push(b);
  }

  return groups
    .map((g) => {
      const sums = emptySums();
      for (const b of g.buckets) addSums(sums, b.sums);
      const lastBucket = g.buckets.at(-1)!.start;
      const span = rollups.activitySpan(g.buckets[0]!.start, lastBucket + ROLLUP_BUCKET_MS) ?? {
        first: g.start,
        last: g.start,
      };
      const end = g.start + BLOCK_MS;
      const totalTokens = tokensOf(sums);
      const totalCost = Math.max(0, sums.totalCost);
      const minutes = (span.last - span.first) / MINUTE;
      const tokensPerMinute = minutes > 0 ? totalTokens / minutes : null;
      const costPerHour = minutes > 0 ? (totalCost / minutes) * 60 : null;
      const active = now - span.last < BLOCK_MS && now < end;
      const remainingMinutes = Math.max(0, (end - now) / MINUTE);
      return {
        start: g.start,
        end,
        firstActivity: span.first,
        lastActivity: span.last,
        inputTokens: sums.inputTokens,
        outputTokens: sums.outputTokens,
        cacheCreationTokens: sums.cacheCreationTokens,
        cacheReadTokens: sums.cacheReadTokens,
        totalTokens,
        totalCost,
        requests: sums.requests,
        active,
        tokensPerMinute,
        costPerHour,
        projection:
          active && tokensPerMinute !== null && costPerHour !== null
            ? {
                totalTokens: totalTokens + tokensPerMinute * remainingMinutes,
                totalCost: totalCost + (costPerHour / 60) * remainingMinutes,
                remainingMinutes,
              }
            : null,
      };
    })
    .reverse();
}
