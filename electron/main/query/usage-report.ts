// Builds the `report` command's usage reports from the store, in ccusage 20's JSON shape (same field names,
// same key order: ccusage writes keys alphabetically), so a script written for ccusage reads ours.
import { basename, sep } from 'node:path';
import { compareText } from '../../../shared/compare';
import { addDays, dayStart, zoneSegments } from '../../../shared/time';
import { SYNTHETIC_MODEL } from '../pricing/price-table';
import { segmentsUnderProjects } from '../store/source-tree';
import type { ModelTotals, SourceTotalsRow, UsageStore } from '../store/usage-store';

/** What reports read: the local store, or the team cache of a team or one developer (TeamUsageStore). */
export type ReportSource = Pick<UsageStore, 'usageSpan' | 'dayTotals' | 'sourceTotals'>;

export type TimeReportKind = 'daily' | 'weekly' | 'monthly';
export type ReportKind = TimeReportKind | 'session' | 'model';

export interface ReportOptions {
  timezone: string;
  /** Inclusive local dates, `YYYY-MM-DD`. */
  since?: string;
  until?: string;
}

/** The token counts every report row carries, in ccusage's key order. */
interface TokenCounts {
  cacheCreationTokens: number;
  cacheReadTokens: number;
  inputTokens: number;
  outputTokens: number;
}

export interface ModelBreakdown extends TokenCounts {
  cost: number;
  modelName: string;
}

export interface ReportTotals extends TokenCounts {
  totalCost: number;
  totalTokens: number;
}

export interface ReportRow extends ReportTotals {
  modelBreakdowns: ModelBreakdown[];
  modelsUsed: string[];
}

export type DailyRow = ReportRow & { date: string };
export type WeeklyRow = ReportRow & { week: string };
export type MonthlyRow = ReportRow & { month: string };
export type SessionRow = ReportRow & {
  firstActivity: string;
  lastActivity: string;
  projectPath: string;
  sessionId: string;
};
export type ModelRow = ReportTotals & { modelName: string; priced: boolean };

export type UsageReport =
  | { kind: 'daily'; rows: DailyRow[]; totals: ReportTotals }
  | { kind: 'weekly'; rows: WeeklyRow[]; totals: ReportTotals }
  | { kind: 'monthly'; rows: MonthlyRow[]; totals: ReportTotals }
  | { kind: 'session'; rows: SessionRow[]; totals: ReportTotals }
  | { kind: 'model'; rows: ModelRow[]; totals: ReportTotals };

/** What each report calls its list in JSON, as ccusage names it. */
export const REPORT_LIST_KEY: Record<ReportKind, string> = {
  daily: 'daily',
  weekly: 'weekly',
  monthly: 'monthly',
  session: 'sessions',
  model: 'models',
};

const isListedModel = (model: string) => model !== '' && model !== SYNTHETIC_MODEL;

/** Running sums of one group, per reported model name in the order the models were first seen. */
class Group {
  readonly models = new Map<string, ModelTotals>();
  firstTs = Number.MAX_SAFE_INTEGER;
  lastTs = 0;

  add(row: ModelTotals, ts?: number, lastTs = ts): void {
    if (ts !== undefined) {
      this.firstTs = Math.min(this.firstTs, ts);
      this.lastTs = Math.max(this.lastTs, lastTs!);
    }
    const m = this.models.get(row.model);
    if (!m) {
      this.models.set(row.model, { ...row });
      return;
    }
    m.inputTokens += row.inputTokens;
    m.outputTokens += row.outputTokens;
    m.cacheCreationTokens += row.cacheCreationTokens;
    m.cacheReadTokens += row.cacheReadTokens;
    m.totalTokens += row.totalTokens;
    m.cost += row.cost;
    m.records += row.records;
    m.unpriced += row.unpriced;
  }

  row(): ReportRow {
    const all = [...this.models.values()];
    const sum = (f: (m: ModelTotals) => number) => all.reduce((n, m) => n + f(m), 0);
    // A response without a model, or Claude Code's `<synthetic>` stand-in, counts in the totals but in no
    // model's list, as in ccusage.
    const named = all.filter((m) => isListedModel(m.model));
    return {
      cacheCreationTokens: sum((m) => m.cacheCreationTokens),
      cacheReadTokens: sum((m) => m.cacheReadTokens),
      inputTokens: sum((m) => m.inputTokens),
      // ccusage lists breakdowns dearest first.
      modelBreakdowns: [...named]
        .sort((a, b) => b.cost - a.cost || compareText(a.model, b.model))
        .map((m) => ({
          cacheCreationTokens: m.cacheCreationTokens,
          cacheReadTokens: m.cacheReadTokens,
          cost: m.cost,
          inputTokens: m.inputTokens,
          modelName: m.model,
          outputTokens: m.outputTokens,
        })),
      modelsUsed: named.map((m) => m.model),
      outputTokens: sum((m) => m.outputTokens),
      totalCost: sum((m) => m.cost),
      totalTokens: sum((m) => m.totalTokens),
    };
  }
}

function totalsOf(rows: ReportTotals[]): ReportTotals {
  const t: ReportTotals = {
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
    inputTokens: 0,
    outputTokens: 0,
    totalCost: 0,
    totalTokens: 0,
  };
  for (const r of rows) {
    t.cacheCreationTokens += r.cacheCreationTokens;
    t.cacheReadTokens += r.cacheReadTokens;
    t.inputTokens += r.inputTokens;
    t.outputTokens += r.outputTokens;
    t.totalCost += r.totalCost;
    t.totalTokens += r.totalTokens;
  }
  return t;
}

/** [from, to) in UTC milliseconds for inclusive local dates; open ends reach the whole store. */
function range(options: ReportOptions): [number, number] {
  const from = options.since ? dayStart(options.since, options.timezone) : 0;
  const to = options.until ? dayStart(addDays(options.until, 1), options.timezone) : Number.MAX_SAFE_INTEGER;
  return [from, to];
}

/** The Sunday a local date's week starts on (ccusage's weeks start on Sunday). */
function weekStart(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return addDays(date, -new Date(Date.UTC(y, m - 1, d)).getUTCDay());
}

/**
 * Counted usage in the report's range per local date and model: the range is cut where the zone's offset changes
 * (a DST day falls in two pieces, added together here), and the store sums each piece per local day. Every
 * 15-minute bucket the store keeps lies wholly inside one local day of any zone, so this is exact.
 */
function* localDays(store: ReportSource, options: ReportOptions): Generator<{ date: string; row: ModelTotals }> {
  const [from, to] = range(options);
  // Open ends reach only as far as the data: the zone's offsets are probed over that span.
  const span = store.usageSpan(from, to);
  if (!span) return;
  for (const piece of zoneSegments(Math.max(from, span[0]), Math.min(to, span[1] + 1), options.timezone)) {
    for (const row of store.dayTotals(piece.from, piece.to, piece.offset)) {
      yield { date: new Date(row.day * 86_400_000).toISOString().slice(0, 10), row };
    }
  }
}

/** Daily, weekly or monthly totals. */
function timeReport(store: ReportSource, kind: TimeReportKind, options: ReportOptions): UsageReport {
  const groups = new Map<string, Group>();
  for (const { date, row } of localDays(store, options)) {
    const key = kind === 'daily' ? date : kind === 'weekly' ? weekStart(date) : date.slice(0, 7);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = new Group()));
    g.add(row);
  }
  const keys = [...groups.keys()].sort();
  const rows = keys.map((k) => ({ key: k, row: groups.get(k)!.row() }));
  const totals = totalsOf(rows.map((r) => r.row));
  if (kind === 'daily') return { kind, rows: rows.map((r) => withKey(r.row, 'date', r.key)), totals };
  if (kind === 'weekly') return { kind, rows: rows.map((r) => withKey(r.row, 'week', r.key)), totals };
  return { kind, rows: rows.map((r) => withKey(r.row, 'month', r.key)), totals };
}

function withKey<K extends string>(row: ReportRow, key: K, value: string): ReportRow & Record<K, string> {
  return sortKeys({ ...row, [key]: value } as ReportRow & Record<K, string>);
}

/** Copies an object with its keys in alphabetical order, the order ccusage writes. */
function sortKeys<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => compareText(a, b))) as T;
}

/**
 * Where ccusage files a transcript: `projects/<project>/<session>.jsonl` is that session;
 * `projects/.../<session>/subagents/<agent>.jsonl` counts for its session; any other deeper file counts for
 * the folder it sits in, under the path above that folder.
 */
export function ccusageSessionOf(root: string, path: string): { projectPath: string; sessionId: string } {
  const parts = segmentsUnderProjects(root, path);
  const file = basename(path, '.jsonl');
  if (parts.length <= 2) return { projectPath: parts[0] ?? 'unknown', sessionId: file };
  const dirs = parts.slice(0, -1);
  const at = dirs.at(-1) === 'subagents' && dirs.length >= 3 ? dirs.length - 2 : dirs.length - 1;
  return { projectPath: dirs.slice(0, at).join('/'), sessionId: dirs[at]! };
}

function sessionReport(store: ReportSource, options: ReportOptions, roots: string[]): UsageReport {
  const [from, to] = range(options);
  const groups = new Map<string, { group: Group; projectPath: string; sessionId: string }>();
  const place = (row: SourceTotalsRow) => {
    const root = row.sourcePath ? roots.find((r) => row.sourcePath!.startsWith(`${r}${sep}projects${sep}`)) : undefined;
    if (root && row.sourcePath) return ccusageSessionOf(root, row.sourcePath);
    return { projectPath: row.project, sessionId: row.sessionId };
  };
  for (const row of store.sourceTotals(from, to)) {
    const { projectPath, sessionId } = place(row);
    const key = `${projectPath}\u0000${sessionId}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { group: new Group(), projectPath, sessionId }));
    g.group.add(row, row.firstTs, row.lastTs);
  }
  const rows = [...groups.values()].map((g) =>
    sortKeys({
      ...g.group.row(),
      firstActivity: new Date(g.group.firstTs).toISOString(),
      lastActivity: new Date(g.group.lastTs).toISOString(),
      projectPath: g.projectPath,
      sessionId: g.sessionId,
    }),
  );
  // ccusage lists sessions dearest first.
  rows.sort((a, b) => b.totalCost - a.totalCost || (a.sessionId < b.sessionId ? -1 : 1));
  return { kind: 'session', rows, totals: totalsOf(rows) };
}

function modelReport(store: ReportSource, options: ReportOptions): UsageReport {
  const [from, to] = range(options);
  const all = new Group();
  // One sum over the whole range: which local day a row falls on does not matter here, so no offset is needed.
  for (const row of store.dayTotals(from, to, 0)) all.add(row);
  const rows: ModelRow[] = [...all.models.values()]
    .filter((m) => isListedModel(m.model))
    .sort((a, b) => b.cost - a.cost || compareText(a.model, b.model))
    .map((m) => ({
      cacheCreationTokens: m.cacheCreationTokens,
      cacheReadTokens: m.cacheReadTokens,
      inputTokens: m.inputTokens,
      modelName: m.model,
      outputTokens: m.outputTokens,
      priced: m.unpriced === 0,
      totalCost: m.cost,
      totalTokens: m.totalTokens,
    }));
  return { kind: 'model', rows, totals: totalsOf([all.row()]) };
}

/** Builds one report. `roots` are the Claude data directories, to file transcripts under ccusage's sessions. */
export function buildUsageReport(
  store: ReportSource,
  kind: ReportKind,
  options: ReportOptions,
  roots: string[] = [],
): UsageReport {
  if (kind === 'session') return sessionReport(store, options, roots);
  if (kind === 'model') return modelReport(store, options);
  return timeReport(store, kind, options);
}

/** The report as ccusage's JSON: `{ "<list>": [...], "totals": {...} }`, keys in ccusage's order. */
export function reportJson(report: UsageReport): Record<string, unknown> {
  return sortKeys({ [REPORT_LIST_KEY[report.kind]]: report.rows, totals: report.totals });
}
