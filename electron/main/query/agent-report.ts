// The `agent` report: tokens and cost by subagent type, per day in a time zone and in total. Field names
// follow ccusage's reports so JSON consumers can read both.
import { compareText } from '../../../shared/compare';
import { dayKey, dayRange } from '../../../shared/time';
import { SLOT_MS, type ActivityQueries } from '../store/activity-queries';

export interface AgentUsage {
  agentType: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalTokens: number;
  totalCost: number;
  /** Subagent runs with usage in the period. */
  runs: number;
}

export interface AgentReport {
  /** Per subagent type over the whole period, most expensive first. */
  agents: AgentUsage[];
  /** Per day (YYYY-MM-DD in `timezone`) and subagent type. */
  daily: (AgentUsage & { date: string })[];
  totals: Omit<AgentUsage, 'agentType'>;
}

export interface AgentReportOptions {
  timezone: string;
  /** First day, YYYY-MM-DD; default: the beginning. */
  since?: string;
  /** Last day, inclusive, YYYY-MM-DD; default: no end. */
  until?: string;
}

const zero = (): Omit<AgentUsage, 'agentType'> => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationTokens: 0,
  cacheReadTokens: 0,
  totalTokens: 0,
  totalCost: 0,
  runs: 0,
});

/**
 * Subagent usage only (usage records with an agent id); the main thread is not an agent type. Usage of a
 * run not yet tied to a Task/Agent call counts under its own declared type, else `unknown`.
 */
export function buildAgentReport(q: ActivityQueries, options: AgentReportOptions): AgentReport {
  const from = options.since ? dayRange(options.since, options.timezone)[0] : 0;
  const to = options.until ? dayRange(options.until, options.timezone)[1] : Number.MAX_SAFE_INTEGER;
  type Acc = Omit<AgentUsage, 'runs'> & { runIds: Set<string> };
  const byType = new Map<string, Acc>();
  const byDay = new Map<string, Acc & { date: string }>();
  const allRuns = new Set<string>();
  const add = (acc: Acc, row: Omit<AgentUsage, 'runs' | 'agentType'>, agentId: string) => {
    acc.inputTokens += row.inputTokens;
    acc.outputTokens += row.outputTokens;
    acc.cacheCreationTokens += row.cacheCreationTokens;
    acc.cacheReadTokens += row.cacheReadTokens;
    acc.totalTokens += row.totalTokens;
    acc.totalCost += row.totalCost;
    acc.runIds.add(agentId);
  };
  const fresh = (agentType: string): Acc => ({ ...zero(), agentType, runIds: new Set() });
  for (const row of q.usageSlots(from, to)) {
    const date = dayKey(row.slot * SLOT_MS, options.timezone);
    const t = byType.get(row.agentType) ?? fresh(row.agentType);
    add(t, row, row.agentId);
    byType.set(row.agentType, t);
    const key = `${date}\u0000${row.agentType}`;
    const d = byDay.get(key) ?? { ...fresh(row.agentType), date };
    add(d, row, row.agentId);
    byDay.set(key, d);
    allRuns.add(row.agentId);
  }
  const finish = ({ runIds, ...rest }: Acc): AgentUsage => ({ ...rest, runs: runIds.size });
  const agents = [...byType.values()]
    .map(finish)
    .sort((a, b) => b.totalCost - a.totalCost || b.totalTokens - a.totalTokens);
  const daily = [...byDay.values()]
    .map((d) => ({ ...finish(d), date: d.date }))
    .sort((a, b) => compareText(a.date, b.date) || b.totalCost - a.totalCost);
  const totals = zero();
  for (const a of agents) {
    totals.inputTokens += a.inputTokens;
    totals.outputTokens += a.outputTokens;
    totals.cacheCreationTokens += a.cacheCreationTokens;
    totals.cacheReadTokens += a.cacheReadTokens;
    totals.totalTokens += a.totalTokens;
    totals.totalCost += a.totalCost;
  }
  totals.runs = allRuns.size;
  return { agents, daily, totals };
}
