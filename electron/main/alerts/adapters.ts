// Turns what other parts of the app produce into alert signals. Each adapter takes plain objects, so wiring
// a new source (hook receiver, run ingestion, team sync) is one call to `AlertService.feed(adapter(row))`.
import type { LiveSessionStatus, SourceStatus } from '../../../shared/contract';
import type { HookEvent, HookFacts } from '../hooks/hook-events';
import type { ActivityChanges } from '../store/activity-store';
import type { TeamEventMessage } from '../team/team-records';
import type { UsageRecordRow } from '../store/usage-store';
import type {
  AgentRunSignal,
  AlertSignal,
  SessionStatusSignal,
  SourceHealthSignal,
  TeammateRunSignal,
  ToolResultSignal,
  UsageSignal,
} from './signals';

const RECENT_RECORDS = 50_000;

/**
 * Usage records as `UsageStore.applyBatch` stored them → usage signals. A record that grew (a later line of
 * the same API response with more tokens) yields only its growth, so totals are not counted twice; the
 * records remembered for that are bounded (a response's lines arrive within seconds of each other).
 */
export class UsageSignalAdapter {
  // Two generations instead of one Map trimmed from its front: deleting a Map's oldest key leaves a hole that
  // every later `keys().next()` walks over again, which made each record cost more the longer the app ran.
  private current = new Map<string, { tokens: number; costUsd: number }>();
  private previous = new Map<string, { tokens: number; costUsd: number }>();

  toSignals(rows: UsageRecordRow[]): UsageSignal[] {
    const out: UsageSignal[] = [];
    for (const r of rows) {
      const tokens = r.inputTokens + r.outputTokens + r.cacheCreationTokens + r.cacheReadTokens;
      const before = this.current.get(r.id) ?? this.previous.get(r.id);
      if (this.current.size >= RECENT_RECORDS / 2) {
        this.previous = this.current;
        this.current = new Map();
      }
      this.current.set(r.id, { tokens, costUsd: r.costUsd });
      out.push({
        kind: 'usage',
        ts: r.ts,
        sessionId: r.sessionId,
        model: r.model,
        tokens: Math.max(0, tokens - (before?.tokens ?? 0)),
        costUsd: Math.max(0, r.costUsd - (before?.costUsd ?? 0)),
      });
    }
    return out;
  }
}

/** The Sources page's rows (`sources.list`) → source health signals. */
export function sourceHealthSignals(sources: SourceStatus[], now: number): SourceHealthSignal[] {
  return sources.map((s) => ({
    kind: 'sourceHealth',
    path: s.path,
    skippedLines: s.skippedLines,
    linesTotal: s.lines,
    exists: s.exists,
    ts: now,
  }));
}

/**
 * An agent run → an agent run signal: the run's id (its Task call's tool_use id when known), session, subagent
 * type, status and times in ms; `error` is optional; `aliases` are its other ids (the agent id).
 */
export function agentRunSignal(row: {
  id: string;
  sessionId: string;
  agentType: string;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: number;
  endedAt: number | null;
  error?: string | null;
  aliases?: string[];
}): AgentRunSignal {
  return {
    kind: 'agentRun',
    id: row.id,
    sessionId: row.sessionId,
    agentType: row.agentType,
    status: row.status,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    error: row.error ?? null,
    ...(row.aliases && row.aliases.length > 0 ? { aliases: row.aliases } : {}),
  };
}

/** A tool call row with its result (run ingestion or a PostToolUse / PostToolUseFailure hook) → a tool result signal. */
export function toolResultSignal(row: {
  sessionId: string;
  agentRunId?: string | null;
  toolName: string;
  toolUseId?: string | null;
  isError: boolean;
  ts: number;
}): ToolResultSignal {
  return {
    kind: 'toolResult',
    sessionId: row.sessionId,
    ...(row.agentRunId ? { agentRunId: row.agentRunId } : {}),
    toolName: row.toolName,
    ...(row.toolUseId ? { toolUseId: row.toolUseId } : {}),
    isError: row.isError,
    ts: row.ts,
  };
}

/**
 * A live session status from the hook receiver → a session status signal. `reason` carries the
 * Notification hook's `notification_type` (`permission_prompt`, `idle_prompt`) when it is known.
 */
export function sessionStatusSignal(row: {
  sessionId: string;
  status: 'running' | 'waiting' | 'idle' | 'ended';
  since: number;
  reason?: string | null;
}): SessionStatusSignal {
  return {
    kind: 'sessionStatus',
    sessionId: row.sessionId,
    status: row.status,
    since: row.since,
    reason: row.reason ?? null,
  };
}

/** A teammate's agent run from team sync → a teammate run signal. */
export function teammateRunSignal(row: {
  developer: string;
  agentType: string;
  status: 'running' | 'succeeded' | 'failed';
  ts: number;
}): TeammateRunSignal {
  return { kind: 'teammateRun', developer: row.developer, agentType: row.agentType, status: row.status, ts: row.ts };
}

/**
 * How recent a transcript fact must be to be news: a run that ended (or a tool result written) more than this
 * before "now" is history. Transcripts reach the store within seconds of being written, so five minutes
 * covers a slow disk, a sleeping file watcher's rescan and modest clock skew, while a first import of 30 days
 * (or a re-import) of old failures raises nothing.
 */
export const ACTIVITY_FRESH_MS = 5 * 60_000;

/** Running runs announced, remembered so their end is passed on however late it is read. */
const ANNOUNCED_RUNS = 10_000;

/**
 * What the activity store committed → run and tool result signals, history left out. The rule:
 * - a run's end (succeeded or failed) is fed when it ended within `freshMs` of now, or when this adapter
 *   announced the run as running earlier in the process's life (its end is news, however late it is read);
 * - a running run is fed when its last line is within `freshMs` of now (an open run in old history is not live);
 * - a tool result is fed when it was written within `freshMs` of now.
 * Lines stamped in the future (clock skew) count as fresh.
 */
export class ActivitySignalAdapter {
  private readonly announced = new Set<string>();

  constructor(private readonly freshMs = ACTIVITY_FRESH_MS) {}

  toSignals(changes: ActivityChanges, now: number): AlertSignal[] {
    const fresh = (ts: number | null): boolean => ts !== null && ts >= now - this.freshMs;
    const out: AlertSignal[] = [];
    for (const run of changes.runs) {
      const startedAt = run.startedAt ?? run.lastActivityAt ?? now;
      const common = {
        id: run.id,
        sessionId: run.sessionId,
        agentType: run.agentType ?? 'subagent',
        startedAt,
        ...(run.agentId && run.agentId !== run.id ? { aliases: [run.agentId] } : {}),
      };
      if (run.status === 'running') {
        if (!fresh(run.lastActivityAt)) continue;
        this.announced.add(run.id);
        if (this.announced.size > ANNOUNCED_RUNS) this.announced.delete(this.announced.values().next().value!);
        out.push(agentRunSignal({ ...common, status: 'running', endedAt: null }));
        continue;
      }
      const wasAnnounced = this.announced.delete(run.id);
      if (!wasAnnounced && !fresh(run.endedAt)) continue;
      out.push(agentRunSignal({ ...common, status: run.status, endedAt: run.endedAt }));
    }
    for (const r of changes.toolResults) {
      if (!fresh(r.endedAt)) continue;
      out.push(
        toolResultSignal({
          sessionId: r.sessionId,
          agentRunId: r.agentId,
          toolName: r.toolName,
          toolUseId: r.id,
          isError: r.isError,
          ts: r.endedAt!,
        }),
      );
    }
    return out;
  }
}

/** The tools that start a subagent: their failure is the run's failure. */
const SUBAGENT_TOOLS = new Set(['Task', 'Agent']);

const WAITING_REASON = { permission: 'permission_prompt', input: 'idle_prompt' } as const;

/**
 * One stored hook event and the session status it led to → signals:
 * - the session's live status (waiting carries the Notification's `notification_type`; a permission request
 *   counts as `permission_prompt`); a failed session (StopFailure) is no longer waiting, so it maps to idle;
 * - PostToolUse / PostToolUseFailure → a tool result (by tool_use id, so the transcript's copy counts once);
 * - SubagentStart → a running run; SubagentStop → its end (the hook says nothing of success: the run is
 *   dropped from the running ones as succeeded, and a failure still comes from the Task call's result);
 * - PostToolUseFailure of a Task/Agent call → that run failed, with the hook's error text.
 */
export function hookSignals(event: HookEvent, facts: HookFacts, session: LiveSessionStatus, at: number): AlertSignal[] {
  const out: AlertSignal[] = [];
  const status = session.status === 'failed' ? 'idle' : session.status;
  const reason =
    session.status !== 'waiting' || session.waitingFor === null
      ? null
      : facts.event === 'Notification' && facts.notificationType
        ? facts.notificationType
        : WAITING_REASON[session.waitingFor];
  out.push(sessionStatusSignal({ sessionId: session.sessionId, status, since: session.since, reason }));
  if ((facts.event === 'PostToolUse' || facts.event === 'PostToolUseFailure') && facts.toolName) {
    const isError = facts.event === 'PostToolUseFailure';
    out.push(
      toolResultSignal({
        sessionId: facts.sessionId,
        agentRunId: facts.agentId,
        toolName: facts.toolName,
        toolUseId: facts.toolUseId,
        isError,
        ts: at,
      }),
    );
    if (isError && SUBAGENT_TOOLS.has(facts.toolName) && facts.toolUseId) {
      // When the call started is not in the event: no duration is claimed (endedAt null).
      const input = (event as { tool_input?: Record<string, unknown> }).tool_input ?? {};
      const type = typeof input.subagent_type === 'string' && input.subagent_type ? input.subagent_type : 'subagent';
      out.push(
        agentRunSignal({
          id: facts.toolUseId,
          sessionId: facts.sessionId,
          agentType: type,
          status: 'failed',
          startedAt: at,
          endedAt: null,
          error: facts.detail,
        }),
      );
    }
  }
  if ((facts.event === 'SubagentStart' || facts.event === 'SubagentStop') && facts.agentId) {
    const agent = session.agents.find((a) => a.agentId === facts.agentId);
    out.push(
      agentRunSignal({
        id: facts.agentId,
        sessionId: facts.sessionId,
        agentType: facts.agentType ?? agent?.agentType ?? 'subagent',
        status: facts.event === 'SubagentStart' ? 'running' : 'succeeded',
        startedAt: at,
        endedAt: facts.event === 'SubagentStart' ? null : at,
      }),
    );
  }
  return out;
}

/**
 * A teammate's message from the team channel → teammate run signals: each run that ended within `freshMs` of
 * its arrival (a catch-up replaying last week's failures is history, as for local runs). Our own messages come
 * back on the channel too; they are left out, since local runs alert through the activity store.
 */
export function teammateRunSignals(
  message: TeamEventMessage,
  ownDeveloper: string,
  now: number,
  freshMs = ACTIVITY_FRESH_MS,
): TeammateRunSignal[] {
  if (message.developer === ownDeveloper || !message.runs) return [];
  return message.runs
    .filter((r) => r.status !== 'running' && r.endedAt !== null && r.endedAt >= now - freshMs)
    .map((r) =>
      teammateRunSignal({ developer: message.developer, agentType: r.agentType, status: r.status, ts: r.endedAt! }),
    );
}
