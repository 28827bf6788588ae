// "Running now": sessions and subagents with a status chip, from hook events (second by second) merged with the
// subagent runs transcripts show as still running (what is known without hooks). Each row says where its status
// comes from.
import type { AgentRun, LiveAgentStatus, LiveSessionStatus, LiveStatus, WaitingFor } from '../../../../shared/contract';
import { formatTime, projectLabel } from '../../format';
import { useQuery } from '../../hooks/useQuery';

/** Ended sessions stay listed this long, so a session that just finished does not vanish at once. */
const ENDED_VISIBLE_MS = 30 * 60_000;
/** A transcript run still "running" after this long most likely ended without a result line. */
const TRANSCRIPT_RUN_VISIBLE_MS = 6 * 3600_000;

export function statusLabel(status: LiveStatus, waitingFor: WaitingFor | null): string {
  if (status === 'waiting') return waitingFor === 'permission' ? 'waiting for permission' : 'waiting for input';
  return status;
}

export function StatusChip({ status, waitingFor }: { status: LiveStatus; waitingFor: WaitingFor | null }) {
  return (
    <span className={`chip chip-${status}`} data-testid="status-chip" data-status={status}>
      {statusLabel(status, waitingFor)}
    </span>
  );
}

export function LiveNow() {
  const live = useQuery('live.status', { withinMs: 24 * 3600_000, limit: 50 }, ['hooks.event'], 250);
  const hooks = useQuery('hooks.status', {}, []);
  const runs = useQuery('agentRuns.list', { limit: 100 }, ['usage.changed'], 1000);

  const at = live.data?.at ?? Date.now();
  const sessions = (live.data?.sessions ?? []).filter(
    (s) => s.status !== 'ended' || at - s.lastEventAt < ENDED_VISIBLE_MS,
  );
  const hookAgents = new Set(sessions.flatMap((s) => s.agents.map((a) => a.agentId)));
  const transcriptRuns = (runs.data ?? []).filter(
    (r) =>
      r.status === 'running' &&
      !hookAgents.has(r.id) &&
      r.startedAt !== null &&
      Date.now() - r.startedAt < TRANSCRIPT_RUN_VISIBLE_MS,
  );
  const installed =
    hooks.data !== null &&
    [hooks.data.user, ...hooks.data.projects].some((s) => s.state === 'installed' || s.state === 'partial');
  const error = live.error ?? runs.error;

  return (
    <div className="card" data-testid="live-now">
      <h2>Running now</h2>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {hooks.data && !installed && sessions.length === 0 && (
        <p className="muted" data-testid="hooks-hint">
          Live status (running, waiting for permission or input, idle) comes from Claude Code hooks, which are not
          installed. Until then only subagent runs seen in transcripts show here.{' '}
          <a href="#/sources">Install the hooks in Settings</a>.
        </p>
      )}
      {sessions.length === 0 && transcriptRuns.length === 0 ? (
        <p className="muted">Nothing is running.</p>
      ) : (
        <ul className="live-list">
          {sessions.map((s) => (
            <LiveSessionRow key={s.sessionId} session={s} />
          ))}
          {transcriptRuns.map((r) => (
            <TranscriptRunRow key={r.id} run={r} />
          ))}
        </ul>
      )}
    </div>
  );
}

function LiveSessionRow({ session: s }: { session: LiveSessionStatus }) {
  const agents = s.agents.filter((a) => a.status !== 'ended');
  return (
    <li data-testid="live-session" data-session={s.sessionId} data-status={s.status}>
      <div className="live-row">
        <StatusChip status={s.status} waitingFor={s.waitingFor} />
        <span title={s.sessionId}>{s.project ? projectLabel(s.project) : s.sessionId.slice(0, 8)}</span>
        {s.currentTool && <span className="muted">· {s.currentTool}</span>}
        <span className="spacer" />
        <span className="muted small" title={`last event ${s.lastEvent}`}>
          since {formatTime(s.since)} · from hooks
        </span>
      </div>
      {s.detail && s.status !== 'running' && <div className="muted small live-detail">{s.detail}</div>}
      {agents.length > 0 && (
        <ul className="live-agents">
          {agents.map((a) => (
            <LiveAgentRow key={a.agentId} agent={a} />
          ))}
        </ul>
      )}
    </li>
  );
}

function LiveAgentRow({ agent: a }: { agent: LiveAgentStatus }) {
  return (
    <li className="live-row" data-testid="live-agent" data-status={a.status}>
      <StatusChip status={a.status} waitingFor={a.waitingFor} />
      <span title={a.agentId}>{a.agentType ?? 'subagent'}</span>
      {a.currentTool && <span className="muted">· {a.currentTool}</span>}
      <span className="spacer" />
      <span className="muted small">since {formatTime(a.since)} · from hooks</span>
    </li>
  );
}

function TranscriptRunRow({ run: r }: { run: AgentRun }) {
  return (
    <li className="live-row" data-testid="live-transcript-run" data-status="running">
      <StatusChip status="running" waitingFor={null} />
      <span title={r.id}>{r.agentType ?? 'subagent'}</span>
      {r.description && <span className="muted">· {r.description}</span>}
      <span className="spacer" />
      <span
        className="muted small"
        title="Transcripts show that the run started and has not returned; they cannot tell waiting from working."
      >
        since {r.startedAt === null ? '?' : formatTime(r.startedAt)} · from transcript
      </span>
    </li>
  );
}
