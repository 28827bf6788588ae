// Alert signals built from real formats: usage from Claude Code transcript lines (parsed and priced as the
// ingestor does), session status from hook JSON bodies, runs shaped as run ingestion will store them.
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
  if (parsed.kind !== 'entry' || !parsed.usage || parsed.timestamp === null) throw new Error('not a usage line');
  const u = parsed.usage;
  const cost = prices.cost(u.model, u);
  return {
    id: `${u.messageId}:${u.requestId}`,
    sessionId,
    project: '-home-dev-demo',
    agentId: null,
    isSidechain: false,
    ts: parsed.timestamp,
    model: u.model,
    inputTokens: u.inputTokens,
    outputTokens: u.outputTokens,
    cacheCreationTokens: u.cacheCreationTokens,
    cacheCreation1hTokens: u.cacheCreation1hTokens,
    cacheReadTokens: u.cacheReadTokens,
    speed: u.speed,
    costUsd: cost ?? 0,
    priced: cost !== null,
    messageId: u.messageId,
    sidechainLine: false,
    sourcePath: `/home/dev/.claude/projects/-home-dev-demo/${sessionId}.jsonl`,
    lineCostUsd: null,
  };
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
