// Alert signals built from real formats: usage from Claude Code transcript lines (parsed and priced as the
// ingestor does), session status from hook JSON bodies, runs shaped as run ingestion will store them.
import { usageOf } from '../../electron/main/ingest/transcript-file';
import { parseTranscriptLine } from '../../electron/main/ingest/transcript-line';
import { PriceTable } from '../../electron/main/pricing/price-table';
import { UsageSignalAdapter, agentRunSignal, sessionStatusSignal } from '../../electron/main/alerts/adapters';
import type { UsageSignal, AgentRunSignal, SessionStatusSignal } from '../../electron/main/alerts/signals';
import type { UsageRecordRow } from '../../electron/main/store/usage-store';
import { assistantLine, type UsageSpec } from './transcript-lines';

const prices = new PriceTable();

/** The usage record the ingestor would store for one assistant line. */
export function usageRow(sessionId: string, at: Date, usage: UsageSpec): UsageRecordRow {
  const parsed = parseTranscriptLine(assistantLine({ sessionId }, at, usage));
  const location = { project: '-home-dev-demo', sessionId, agentId: null };
  const path = `/home/dev/.claude/projects/-home-dev-demo/${sessionId}.jsonl`;
  const row = parsed.kind === 'entry' ? usageOf(parsed, sessionId, location, path, 0) : null;
  if (!row) throw new Error('not a usage line');
  const cost = prices.cost(row.model, row);
  return { ...row, costUsd: cost ?? 0, priced: cost !== null };
}

/** A usage signal from one transcript line, through the same adapter the app uses. */
export function usageSignal(sessionId: string, at: Date, usage: UsageSpec): UsageSignal {
  return new UsageSignalAdapter().toSignals([usageRow(sessionId, at, usage)])[0]!;
}

/** A Notification hook body as Claude Code posts it. */
export function notificationHook(sessionId: string, type: 'permission_prompt' | 'idle_prompt') {
  return {
    session_id: sessionId,
    transcript_path: `/home/dev/.claude/projects/-home-dev-demo/${sessionId}.jsonl`,
    cwd: '/home/dev/demo',
    hook_event_name: 'Notification',
    message:
      type === 'permission_prompt' ? 'Claude needs your permission to use Bash' : 'Claude is waiting for your input',
    notification_type: type,
  };
}

/** What the hook receiver will make of a Notification body received at `at`. */
export function waitingFromHook(body: ReturnType<typeof notificationHook>, at: number): SessionStatusSignal {
  return sessionStatusSignal({
    sessionId: body.session_id,
    status: 'waiting',
    since: at,
    reason: body.notification_type,
  });
}

/** A subagent run as run ingestion will store it (Task tool_use id as run id). */
export function run(
  id: string,
  sessionId: string,
  status: 'running' | 'succeeded' | 'failed',
  startedAt: number,
  endedAt: number | null = null,
): AgentRunSignal {
  return agentRunSignal({ id, sessionId, agentType: 'code-reviewer', status, startedAt, endedAt });
}
