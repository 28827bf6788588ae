// Turns what other parts of the app produce into alert signals. Each adapter takes plain objects, so wiring
// a new source (hook receiver, run ingestion, team sync) is one call to `AlertService.feed(adapter(row))`.
import type { SourceStatus } from '../../../shared/contract';
import type { UsageRecordRow } from '../store/usage-store';
import type {
  AgentRunSignal,
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
  private readonly recent = new Map<string, { tokens: number; costUsd: number }>();

  toSignals(rows: UsageRecordRow[]): UsageSignal[] {
    const out: UsageSignal[] = [];
    for (const r of rows) {
      const tokens = r.inputTokens + r.outputTokens + r.cacheCreationTokens + r.cacheReadTokens;
      const before = this.recent.get(r.id);
      if (before) this.recent.delete(r.id);
      this.recent.set(r.id, { tokens, costUsd: r.costUsd });
      if (this.recent.size > RECENT_RECORDS) this.recent.delete(this.recent.keys().next().value!);
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
 * An agent run row (run ingestion, not on main yet) → an agent run signal. Expected shape: the run's id,
 * session, subagent type, status and times in ms; `error` is optional.
 */
export function agentRunSignal(row: {
  id: string;
  sessionId: string;
  agentType: string;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: number;
  endedAt: number | null;
  error?: string | null;
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
  };
}

/** A tool call row with its result (run ingestion or a PostToolUse / PostToolUseFailure hook) → a tool result signal. */
export function toolResultSignal(row: {
  sessionId: string;
  agentRunId?: string | null;
  toolName: string;
  isError: boolean;
  ts: number;
}): ToolResultSignal {
  return {
    kind: 'toolResult',
    sessionId: row.sessionId,
    ...(row.agentRunId ? { agentRunId: row.agentRunId } : {}),
    toolName: row.toolName,
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
