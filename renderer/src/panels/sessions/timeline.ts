// Turns a session's detail into the rows of its timeline: main-thread turns, tool calls, events and subagent runs
// in time order; an expanded run's own turns, tool calls and events nested under it. Pure, so it is unit-tested.
import type { AgentRun, AssistantTurn, SessionDetail, SessionEvent, ToolCall } from '../../../../shared/contract';

export type TimelineEntry =
  | { kind: 'turn'; key: string; ts: number; depth: number; turn: AssistantTurn }
  | { kind: 'tool'; key: string; ts: number; end: number | null; depth: number; call: ToolCall }
  | { kind: 'run'; key: string; ts: number; end: number | null; depth: number; run: AgentRun; children: number }
  | { kind: 'event'; key: string; ts: number; depth: number; event: SessionEvent };

type Child = Exclude<TimelineEntry, { kind: 'run' }>;

/** At the same instant a turn comes before the tool calls it made, and those before the runs they started. */
const RANK: Record<TimelineEntry['kind'], number> = { turn: 0, tool: 1, run: 2, event: 3 };
const byTime = (a: TimelineEntry, b: TimelineEntry) =>
  a.ts - b.ts || RANK[a.kind] - RANK[b.kind] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** The time span the bars are scaled to: the session's, widened to anything that ran past it. */
export function sessionSpan(detail: SessionDetail): { start: number; end: number } {
  let start = detail.session.firstActivity;
  let end = detail.session.lastActivity;
  for (const c of detail.toolCalls) {
    if (c.startedAt !== null) start = Math.min(start, c.startedAt);
    if (c.endedAt !== null) end = Math.max(end, c.endedAt);
  }
  for (const r of detail.runs) {
    if (r.startedAt !== null) start = Math.min(start, r.startedAt);
    if (r.endedAt !== null) end = Math.max(end, r.endedAt);
  }
  return { start, end: Math.max(end, start + 1) };
}

export function buildTimeline(detail: SessionDetail, expanded: ReadonlySet<string>): TimelineEntry[] {
  const runIds = new Set(detail.runs.map((r) => r.id));
  const fallback = detail.session.firstActivity;
  // Work of a run we know nests under it; work of an unknown agent stays in the main thread.
  const owner = (agentId: string | null) => (agentId !== null && runIds.has(agentId) ? agentId : null);
  const children = new Map<string | null, Child[]>();
  const add = (agentId: string | null, child: Child) => {
    const key = owner(agentId);
    const list = children.get(key) ?? [];
    list.push(child);
    children.set(key, list);
  };
  for (const turn of detail.turns ?? []) {
    add(turn.agentId, { kind: 'turn', key: `turn:${turn.id}`, ts: turn.ts, depth: 0, turn });
  }
  for (const call of detail.toolCalls) {
    const ts = call.startedAt ?? call.endedAt ?? fallback;
    add(call.agentId, { kind: 'tool', key: `tool:${call.id}`, ts, end: call.endedAt, depth: 0, call });
  }
  for (const event of detail.events) {
    add(event.agentId, { kind: 'event', key: `event:${event.id}`, ts: event.ts, depth: 0, event });
  }
  const top: TimelineEntry[] = [...(children.get(null) ?? [])];
  for (const run of detail.runs) {
    top.push({
      kind: 'run',
      key: `run:${run.id}`,
      ts: run.startedAt ?? fallback,
      end: run.endedAt,
      depth: 0,
      run,
      children: children.get(run.id)?.length ?? 0,
    });
  }
  top.sort(byTime);
  const out: TimelineEntry[] = [];
  for (const entry of top) {
    out.push(entry);
    if (entry.kind === 'run' && expanded.has(entry.run.id)) {
      const nested = [...(children.get(entry.run.id) ?? [])].sort(byTime);
      for (const child of nested) out.push({ ...child, depth: 1 });
    }
  }
  return out;
}

/** Whether an entry failed: a tool call or run that returned an error, or an API error. */
export function entryFailed(entry: TimelineEntry): boolean {
  if (entry.kind === 'tool') return entry.call.status === 'failed';
  if (entry.kind === 'run') return entry.run.status === 'failed';
  if (entry.kind === 'event') return entry.event.kind === 'api-error';
  return false;
}
