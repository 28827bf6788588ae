// A teammate's session opened from the team Sessions list: what the team cache knows of it (developer, project,
// title when shared, times, tokens, cost, models). Its timeline is local data of the teammate's machine, so this
// never asks `sessions.get`.
import { useEffect, useRef } from 'react';
import type { UsageScope } from '../../../../shared/contract';
import { formatCost, formatExactTokens, formatTokens, projectLabel } from '../../format';
import { useQuery } from '../../hooks/useQuery';
import { formatDuration } from './durations';

const dateTime = (ms: number) =>
  new Date(ms).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

export function TeamSessionCard({
  id,
  scope,
  onBack,
}: {
  id: string;
  scope: Exclude<UsageScope, { kind: 'me' }>;
  onBack: () => void;
}) {
  // The list's own row: a session id is matched by the free-text filter, the exact id picked from the page.
  const { data, error } = useQuery(
    'sessions.list',
    { scope, text: id.slice(0, 200), limit: 50 },
    ['team.changed'],
    2000,
  );
  const row = data?.rows.find((r) => r.id === id);
  const back = useRef<HTMLButtonElement>(null);
  // Keys work at once: Escape (or Enter on the focused button) returns to the list with its filters.
  useEffect(() => back.current?.focus(), []);

  return (
    <section
      className="panel"
      aria-labelledby="team-session-title"
      data-testid="team-session"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onBack();
        }
      }}
    >
      <header className="panel-header">
        <button ref={back} type="button" onClick={onBack} data-testid="timeline-back" title="Back to the list (Escape)">
          ← Sessions
        </button>
        <h1 id="team-session-title" data-testid="timeline-title">
          {row?.title ?? `Session ${id.slice(0, 8)}`}
        </h1>
      </header>
      {error && (
        <div className="error" role="alert">
          Could not load session {id} from the team cache: {error}
        </div>
      )}
      {!data && !error && (
        <div className="loading" role="status">
          Loading the session…
        </div>
      )}
      {data && !row && (
        <p className="muted" role="status" data-testid="team-session-missing">
          Session {id} is not in the local team cache{scope.kind === 'developer' ? ` of ${scope.developer}` : ''}.
        </p>
      )}
      {row && (
        <div className="card">
          <p data-testid="team-session-note">
            The timeline of this session stays on {row.developer ?? 'the teammate'}&apos;s machine.
          </p>
          <dl className="facts" data-testid="team-session-facts">
            <dt>Developer</dt>
            <dd>{row.developer ?? '—'}</dd>
            <dt>Project</dt>
            <dd title={row.project}>{projectLabel(row.project)}</dd>
            {row.title !== null && (
              <>
                <dt>Title</dt>
                <dd>{row.title}</dd>
              </>
            )}
            {row.cwd !== null && (
              <>
                <dt>Folder</dt>
                <dd>{row.cwd}</dd>
              </>
            )}
            <dt>Branch</dt>
            <dd>{row.gitBranch ?? '—'}</dd>
            <dt>Start</dt>
            <dd>{dateTime(row.firstActivity)}</dd>
            <dt>End</dt>
            <dd>
              {dateTime(row.lastActivity)} ({formatDuration(row.durationMs)})
            </dd>
            <dt>API calls</dt>
            <dd>{formatExactTokens(row.apiCalls)}</dd>
            <dt>Tokens</dt>
            <dd title={formatExactTokens(row.totalTokens)} data-testid="team-session-tokens">
              {formatTokens(row.totalTokens)}
            </dd>
            <dt>Cost</dt>
            <dd>{formatCost(row.totalCost)}</dd>
            <dt>Models</dt>
            <dd>{row.models.join(', ') || '—'}</dd>
            <dt>Subagents</dt>
            <dd>{row.subagentRuns}</dd>
            <dt>Session id</dt>
            <dd>
              <code>{row.id}</code>
            </dd>
          </dl>
        </div>
      )}
    </section>
  );
}
