// Sessions: a searchable, filterable, sortable list of every session; `?session=<id>` opens one on its timeline.
// Filters live in the URL, so a view survives a reload and the list comes back as it was after Escape. In team and
// developer scopes the list comes from the team cache, and an opened session is a summary card: its timeline is
// local data of its developer's machine.
import { useEffect, useState } from 'react';
import type { RequestInput, SessionList, SessionListRow, SessionSort, UsageScope } from '../../../shared/contract';
import { DemoDataButton } from '../components/DemoDataButton';
import { EmptyState } from '../components/EmptyState';
import { ExportButtons } from '../components/ExportButtons';
import { formatCost, formatExactTokens, formatTokens, projectLabel } from '../format';
import { useQuery } from '../hooks/useQuery';
import { scopeInput, scopeParam, useScope } from '../hooks/useScope';
import { useUrlState } from '../hooks/useUrlState';
import { formatDuration } from './sessions/durations';
import { SessionTimeline } from './sessions/SessionTimeline';
import { TeamSessionCard } from './sessions/TeamSessionCard';

const PAGE = 50;
const SORTS: { value: SessionSort; label: string }[] = [
  { value: 'start', label: 'Start' },
  { value: 'last', label: 'Last activity' },
  { value: 'duration', label: 'Duration' },
  { value: 'cost', label: 'Cost' },
  { value: 'tokens', label: 'Tokens' },
  { value: 'apiCalls', label: 'API calls' },
];

const URL_DEFAULTS = {
  session: '',
  q: '',
  project: '',
  branch: '',
  agent: '',
  model: '',
  from: '',
  to: '',
  sort: 'start',
  order: 'desc',
  page: '1',
};
type UrlState = typeof URL_DEFAULTS;

/** A YYYY-MM-DD day's local midnight, or that of the day after it. */
function localDay(day: string, after = false): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (after ? 1 : 0)).getTime();
}

function listInput(url: UrlState, scope: UsageScope): RequestInput<'sessions.list'> {
  const from = localDay(url.from);
  const to = localDay(url.to, true);
  const page = Math.max(1, Math.floor(Number(url.page)) || 1);
  return {
    ...(url.q.trim() ? { text: url.q.trim().slice(0, 200) } : {}),
    ...(url.project ? { project: url.project } : {}),
    ...(url.branch ? { gitBranch: url.branch } : {}),
    ...(url.agent ? { agentType: url.agent } : {}),
    ...(url.model ? { model: url.model } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined && (from === undefined || to > from) ? { to } : {}),
    sort: SORTS.some((s) => s.value === url.sort) ? (url.sort as SessionSort) : 'start',
    order: url.order === 'asc' ? 'asc' : 'desc',
    limit: PAGE,
    offset: (page - 1) * PAGE,
    ...scopeInput(scope),
  };
}

export function SessionsPanel() {
  const [url, setUrl] = useUrlState(URL_DEFAULTS);
  const [scope] = useScope();
  if (url.session && scope.kind !== 'me') {
    // A teammate's session: never `sessions.get`, which reads this machine's store.
    return (
      <TeamSessionCard
        key={`${scopeParam(scope)} ${url.session}`}
        id={url.session}
        scope={scope}
        onBack={() => setUrl({ session: null })}
      />
    );
  }
  if (url.session) {
    return <SessionTimeline key={url.session} id={url.session} onBack={() => setUrl({ session: null })} />;
  }
  return <SessionListView url={url} setUrl={setUrl} scope={scope} />;
}

const exportRow = (r: SessionListRow) => ({
  id: r.id,
  ...(r.developer !== undefined ? { developer: r.developer } : {}),
  title: r.title,
  project: r.project,
  cwd: r.cwd,
  gitBranch: r.gitBranch,
  start: new Date(r.firstActivity).toISOString(),
  end: new Date(r.lastActivity).toISOString(),
  durationMs: r.durationMs,
  apiCalls: r.apiCalls,
  inputTokens: r.inputTokens,
  outputTokens: r.outputTokens,
  cacheCreationTokens: r.cacheCreationTokens,
  cacheReadTokens: r.cacheReadTokens,
  totalTokens: r.totalTokens,
  totalCost: r.totalCost,
  models: r.models.join(' '),
  subagentRuns: r.subagentRuns,
  failedToolCalls: r.failedToolCalls,
  liveStatus: r.liveStatus,
});

function SessionListView({
  url,
  setUrl,
  scope,
}: {
  url: UrlState;
  setUrl: (patch: Partial<Record<keyof UrlState, string | null>>) => void;
  scope: UsageScope;
}) {
  const input = listInput(url, scope);
  const team = scope.kind !== 'me';
  const { data, error, loading } = useQuery(
    'sessions.list',
    input,
    team ? ['team.changed'] : ['usage.changed', 'hooks.event'],
    2000,
  );
  // The search box updates the URL once typing pauses, not on every key.
  const [text, setText] = useState(url.q);
  useEffect(() => setText(url.q), [url.q]);
  useEffect(() => {
    if (text === url.q) return;
    const timer = setTimeout(() => setUrl({ q: text || null, page: null }), 300);
    return () => clearTimeout(timer);
  }, [text, url.q, setUrl]);
  const filter = (key: keyof UrlState) => (value: string) => setUrl({ [key]: value || null, page: null });
  const page = Math.floor((input.offset ?? 0) / PAGE) + 1;
  const filtered = Boolean(url.q || url.project || url.branch || url.agent || url.model || url.from || url.to);

  return (
    <section className="panel" aria-labelledby="sessions-title" aria-busy={loading}>
      <header className="panel-header">
        <h1 id="sessions-title">Sessions</h1>
        {data && (
          <span className="muted" data-testid="sessions-total">
            {formatExactTokens(data.total)} {data.total === 1 ? 'session' : 'sessions'}
          </span>
        )}
      </header>
      <div className="toolbar session-filters">
        <label className="select">
          <span>Search</span>
          <input
            type="search"
            value={text}
            placeholder={team ? 'title, folder, session id or developer' : 'title, folder or session id'}
            aria-label="Search sessions"
            data-testid="session-search"
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <FacetSelect
          label="Project"
          testId="filter-project"
          value={url.project}
          options={data?.facets.projects ?? []}
          show={projectLabel}
          onChange={filter('project')}
        />
        <FacetSelect
          label="Branch"
          testId="filter-branch"
          value={url.branch}
          options={data?.facets.gitBranches ?? []}
          onChange={filter('branch')}
        />
        <FacetSelect
          label="Agent"
          testId="filter-agent"
          value={url.agent}
          options={data?.facets.agentTypes ?? []}
          onChange={filter('agent')}
        />
        <FacetSelect
          label="Model"
          testId="filter-model"
          value={url.model}
          options={data?.facets.models ?? []}
          onChange={filter('model')}
        />
        <label className="select">
          <span>From</span>
          <input
            type="date"
            value={url.from}
            data-testid="filter-from"
            onChange={(e) => filter('from')(e.target.value)}
          />
        </label>
        <label className="select">
          <span>To</span>
          <input type="date" value={url.to} data-testid="filter-to" onChange={(e) => filter('to')(e.target.value)} />
        </label>
        <label className="select">
          <span>Sort</span>
          <select value={input.sort} data-testid="sort-select" onChange={(e) => setUrl({ sort: e.target.value })}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          data-testid="sort-order"
          aria-label={input.order === 'asc' ? 'Ascending; switch to descending' : 'Descending; switch to ascending'}
          onClick={() => setUrl({ order: input.order === 'asc' ? 'desc' : 'asc' })}
        >
          {input.order === 'asc' ? '↑' : '↓'}
        </button>
        {filtered && (
          <button
            type="button"
            onClick={() =>
              setUrl({
                q: null,
                project: null,
                branch: null,
                agent: null,
                model: null,
                from: null,
                to: null,
                page: null,
              })
            }
          >
            Clear filters
          </button>
        )}
        <ExportButtons
          name={`sessions-page-${page}`}
          rows={data?.rows.map(exportRow) ?? []}
          json={data}
          disabled={!data || data.rows.length === 0}
        />
      </div>
      {error && (
        <div className="error" role="alert">
          Could not load the sessions: {error}
        </div>
      )}
      {!data && !error && (
        <div className="loading" role="status">
          Loading sessions…
        </div>
      )}
      {data && data.total === 0 && !filtered && team && (
        <EmptyState title="No team sessions">
          <p data-testid="sessions-team-empty">No team sessions in the cache yet — run sync or wait for teammates.</p>
        </EmptyState>
      )}
      {data && data.total === 0 && !filtered && !team && (
        <EmptyState title="No sessions yet">
          <p>
            Sessions appear as Claude Code writes its transcripts. Check on the Sources page that the right Claude data
            directory is watched.
          </p>
          <DemoDataButton />
        </EmptyState>
      )}
      {data && data.total === 0 && filtered && (
        <p className="muted" role="status" data-testid="sessions-none">
          No session matches these filters.
        </p>
      )}
      {data && data.rows.length > 0 && (
        <SessionTable
          data={data}
          team={team}
          scopeQuery={team ? `&scope=${encodeURIComponent(scopeParam(scope))}` : ''}
          onOpen={(id) => setUrl({ session: id })}
          page={page}
          setPage={setUrl}
        />
      )}
    </section>
  );
}

function FacetSelect(props: {
  label: string;
  testId: string;
  value: string;
  options: string[];
  show?: (v: string) => string;
  onChange: (value: string) => void;
}) {
  // A value from the URL that the store no longer offers stays selectable, so the filter reads true.
  const options = props.value && !props.options.includes(props.value) ? [props.value, ...props.options] : props.options;
  return (
    <label className="select">
      <span>{props.label}</span>
      <select value={props.value} data-testid={props.testId} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">All</option>
        {options.map((o) => (
          <option key={o} value={o} title={o}>
            {props.show ? props.show(o) : o}
          </option>
        ))}
      </select>
    </label>
  );
}

const dateTime = (ms: number) =>
  new Date(ms).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

function SessionTable({
  data,
  team,
  scopeQuery,
  onOpen,
  page,
  setPage,
}: {
  data: SessionList;
  /** Team or developer scope: a Developer column; no failed tools or live status (teammates share no activity). */
  team: boolean;
  /** The scope's part of a session link's query (empty for me). */
  scopeQuery: string;
  onOpen: (id: string) => void;
  page: number;
  setPage: (patch: { page: string | null }) => void;
}) {
  const pages = Math.max(1, Math.ceil(data.total / data.limit));
  return (
    <div className="card">
      <table className="table session-table" data-testid="sessions-table">
        <thead>
          <tr>
            <th scope="col">Session</th>
            {team && <th scope="col">Developer</th>}
            <th scope="col">Project</th>
            <th scope="col">Branch</th>
            <th scope="col">Start</th>
            <th scope="col" className="num">
              Duration
            </th>
            <th scope="col" className="num">
              API calls
            </th>
            <th scope="col" className="num">
              Tokens
            </th>
            <th scope="col" className="num">
              Cost
            </th>
            <th scope="col">Models</th>
            <th scope="col" className="num">
              Subagents
            </th>
            {!team && (
              <th scope="col" className="num">
                Failed tools
              </th>
            )}
            {!team && <th scope="col">Live</th>}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => (
            <tr key={r.id} data-testid="session-row" data-session={r.id}>
              <td className="session-title">
                <a
                  href={`#/sessions?session=${encodeURIComponent(r.id)}${scopeQuery}`}
                  title={r.cwd ?? r.id}
                  onClick={(e) => {
                    e.preventDefault();
                    onOpen(r.id);
                  }}
                >
                  {r.title ?? <span className="muted">untitled {r.id.slice(0, 8)}</span>}
                </a>
              </td>
              {team && <td data-testid="session-developer">{r.developer}</td>}
              <td title={r.project}>{projectLabel(r.project)}</td>
              <td>{r.gitBranch ?? '—'}</td>
              <td>{dateTime(r.firstActivity)}</td>
              <td className="num">{formatDuration(r.durationMs)}</td>
              <td className="num">{formatExactTokens(r.apiCalls)}</td>
              <td className="num" title={formatExactTokens(r.totalTokens)}>
                {formatTokens(r.totalTokens)}
              </td>
              <td className="num">{formatCost(r.totalCost)}</td>
              <td className="small" title={r.models.join(', ')}>
                {r.models.map((m) => m.replace(/^claude-/, '').replace(/-\d{8}$/, '')).join(', ') || '—'}
              </td>
              <td className="num">{r.subagentRuns}</td>
              {!team && <td className={`num ${r.failedToolCalls > 0 ? 'bad' : ''}`}>{r.failedToolCalls}</td>}
              {!team && (
                <td>{r.liveStatus ? <span className={`live live-${r.liveStatus}`}>{r.liveStatus}</span> : ''}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="pager">
        <button
          type="button"
          disabled={page <= 1}
          onClick={() => setPage({ page: page > 2 ? String(page - 1) : null })}
        >
          Previous
        </button>
        <span className="muted" data-testid="sessions-range">
          {data.offset + 1}–{data.offset + data.rows.length} of {formatExactTokens(data.total)}
        </span>
        <button type="button" disabled={page >= pages} onClick={() => setPage({ page: String(page + 1) })}>
          Next
        </button>
      </div>
    </div>
  );
}
