// Builds the agents, agent runs, tasks and session views of the contract from the activity store.
import type { AgentList, AgentRun, AgentSummary, SessionDetail, TaskItem, ToolCall } from '../../../shared/contract';
import { ApiFailure } from '../api/dispatch';
import type { ActivityQueries, RunRow, ToolCallRow } from '../store/activity-queries';
import type { TeamUsageStore } from '../store/team-usage-store';

/** Most tool calls one session view returns; a long session is cut, and says so. */
const SESSION_TOOL_CALLS = 5000;

export const parseObject = (json: string | null): Record<string, unknown> => {
  if (!json) return {};
  try {
    const v: unknown = JSON.parse(json);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

export const toRun = (r: RunRow): AgentRun => ({ ...r });

export const toToolCall = (t: ToolCallRow): ToolCall => ({
  id: t.id,
  sessionId: t.sessionId,
  agentId: t.agentId,
  name: t.name,
  startedAt: t.startedAt,
  endedAt: t.endedAt,
  durationMs: t.durationMs,
  status: t.endedAt === null ? 'running' : t.isError ? 'failed' : 'succeeded',
  input: parseObject(t.inputJson),
  resultSize: t.resultSize,
});

export function listAgentRuns(q: ActivityQueries, input: { sessionId?: string; agentType?: string; limit: number }) {
  return q.runs(input).map(toRun);
}

/** A subagent task's id is `subagent:<tool_use id>` of the call that started it (see ActivityStore). */
const SUBAGENT_TASK_PREFIX = 'subagent:';

/** Tasks, and for a subagent task the tokens and cost of the run its call started (the board shows them). */
export function listTasks(q: ActivityQueries, input: { status?: string; limit: number }): TaskItem[] {
  const tasks = q.tasks(input);
  const calls = tasks
    .filter((t) => t.source === 'subagent' && t.id.startsWith(SUBAGENT_TASK_PREFIX))
    .map((t) => t.id.slice(SUBAGENT_TASK_PREFIX.length));
  // Runs come oldest first, so a call claimed twice keeps its first run.
  const runs = new Map<string, { runId: string; totalTokens: number; totalCost: number }>();
  for (const r of q.runTotalsByCall(calls)) if (!runs.has(r.toolUseId)) runs.set(r.toolUseId, r);
  return tasks.map((t) => {
    const run = t.source === 'subagent' ? runs.get(t.id.slice(SUBAGENT_TASK_PREFIX.length)) : undefined;
    return {
      ...t,
      runId: run?.runId ?? null,
      totalTokens: run?.totalTokens ?? null,
      totalCost: run?.totalCost ?? null,
    };
  });
}

const TASK_STATUS_OF_RUN = { running: 'running', succeeded: 'done', failed: 'failed' } as const;
const RUN_STATUS_OF_TASK: Partial<Record<string, 'running' | 'succeeded' | 'failed'>> = {
  running: 'running',
  done: 'succeeded',
  failed: 'failed',
};

/** The team's (or one developer's) task board: their shared subagent runs, one card each. */
export function listTeamTasks(store: TeamUsageStore, input: { status?: string; limit: number }): TaskItem[] {
  // Runs are only running, done or failed: a board column without runs asks for nothing.
  const status = input.status === undefined ? null : RUN_STATUS_OF_TASK[input.status];
  if (status === undefined) return [];
  return store.runTasks(status, input.limit).map((r) => ({
    id: `subagent:${r.id}`,
    source: 'subagent',
    sessionId: r.sessionId,
    project: r.project,
    agent: r.agentType,
    title: r.agentType,
    detail: null,
    status: TASK_STATUS_OF_RUN[r.status],
    startedAt: r.startedAt,
    updatedAt: r.updatedAt,
    totalTokens: r.totalTokens,
    totalCost: r.totalCost === null ? null : Math.max(0, r.totalCost),
    developer: r.developer,
  }));
}

export function getSession(q: ActivityQueries, id: string): SessionDetail {
  const session = q.session(id);
  if (!session) throw new ApiFailure('NOT_FOUND', `No session ${id} in the local store.`);
  const calls = q.toolCalls(id, SESSION_TOOL_CALLS + 1);
  return {
    session,
    toolCalls: calls.slice(0, SESSION_TOOL_CALLS).map(toToolCall),
    runs: q.sessionRuns(id).map(toRun),
    events: q.events(id).map(({ detailJson, ...e }) => ({ ...e, detail: parseObject(detailJson) })),
    truncated: calls.length > SESSION_TOOL_CALLS,
  };
}

/** The value below which `p` of the sorted values fall (nearest rank). */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

function readTools(json: string | null): string[] | null {
  if (!json) return null;
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : null;
  } catch {
    return null;
  }
}

/** Where an agent list's runs, tokens and tools come from: the local store, or the team cache (no tools). */
export type AgentRunSource = Pick<ActivityQueries, 'runOutcomes' | 'totalsByType'> &
  Partial<Pick<ActivityQueries, 'toolsByType'>>;

/**
 * Registry entries (this machine's definitions) joined, by name, with the runs of the subagent type of that name:
 * this machine's runs, or the team's when `runs` reads the team cache.
 */
export function buildAgentList(q: ActivityQueries, runs: AgentRunSource = q): AgentList {
  const registry = q.registry();
  const badFiles = registry.filter((r) => r.error !== null).map((r) => ({ path: r.path, error: r.error! }));
  const agents = new Map<string, AgentSummary>();
  const blank = (name: string, scope: AgentSummary['scope']): AgentSummary => ({
    name,
    scope,
    description: null,
    model: null,
    tools: null,
    paths: [],
    runs: 0,
    succeeded: 0,
    failed: 0,
    running: 0,
    successRate: null,
    medianDurationMs: null,
    p95DurationMs: null,
    toolsUsed: [],
    lastRunAt: null,
    inputTokens: 0,
    outputTokens: 0,
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
    totalTokens: 0,
    totalCost: 0,
  });
  // Project definitions come first (the registry query orders them so), as Claude Code prefers them.
  for (const r of registry) {
    if (r.error !== null || !r.name) continue;
    const a = agents.get(r.name) ?? blank(r.name, r.scope);
    if (a.paths.length === 0) {
      a.description = r.description;
      a.model = r.model;
      a.tools = readTools(r.toolsJson);
    }
    a.paths.push(r.path);
    agents.set(r.name, a);
  }
  const durations = new Map<string, number[]>();
  for (const run of runs.runOutcomes()) {
    const a = agents.get(run.agentType) ?? blank(run.agentType, 'unregistered');
    a.runs++;
    if (run.status === 'succeeded') a.succeeded++;
    else if (run.status === 'failed') a.failed++;
    else a.running++;
    if (run.startedAt !== null) a.lastRunAt = Math.max(a.lastRunAt ?? 0, run.startedAt);
    if (run.durationMs !== null && run.status !== 'running') {
      const list = durations.get(a.name) ?? [];
      list.push(run.durationMs);
      durations.set(a.name, list);
    }
    agents.set(a.name, a);
  }
  for (const a of agents.values()) {
    const ended = a.succeeded + a.failed;
    a.successRate = ended > 0 ? a.succeeded / ended : null;
    const d = (durations.get(a.name) ?? []).sort((x, y) => x - y);
    a.medianDurationMs = percentile(d, 0.5);
    a.p95DurationMs = percentile(d, 0.95);
  }
  for (const t of runs.totalsByType()) {
    const a = agents.get(t.agentType);
    if (!a) continue;
    a.inputTokens = t.inputTokens;
    a.outputTokens = t.outputTokens;
    a.cacheCreationTokens = t.cacheCreationTokens;
    a.cacheReadTokens = t.cacheReadTokens;
    a.totalTokens = t.totalTokens;
    a.totalCost = t.totalCost;
  }
  for (const t of runs.toolsByType?.() ?? []) agents.get(t.agentType)?.toolsUsed.push({ name: t.name, count: t.count });
  const list = [...agents.values()].sort(
    (x, y) => (y.lastRunAt ?? 0) - (x.lastRunAt ?? 0) || x.name.localeCompare(y.name),
  );
  return { agents: list, badFiles };
}
