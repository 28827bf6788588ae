// Agents: the registry joined with runs (runs, success rate, durations, tokens, cost, tools, last run, what each
// agent type is doing now), sortable and searchable with the filters in the URL; `?agent=<name>` shows one agent's
// definition and recent runs. Refreshes itself as transcripts, definition files and hook events arrive.
import type {
  AgentList,
  AgentRun,
  AgentSummary,
  EventName,
  LiveAgentStatus,
  UsageScope,
} from '../../../shared/contract';
import { DemoDataButton } from '../components/DemoDataButton';
import { EmptyState } from '../components/EmptyState';
import { ExportButtons } from '../components/ExportButtons';
import { SearchBox } from '../components/SearchBox';
import { StatCard } from '../components/StatCard';
import { formatAgo, formatDuration, formatExactTokens, formatPercent, formatSmallCost, formatTokens } from '../format';
import { useNow } from '../hooks/useNow';
import { useQuery } from '../hooks/useQuery';
import { scopeInput, scopeParam, useScope } from '../hooks/useScope';
import { useUrlState } from '../hooks/useUrlState';

const REFRESH: EventName[] = ['usage.changed', 'sources.changed', 'hooks.event', 'team.changed'];
const SCOPES = ['user', 'project', 'unregistered'] as const;
const RECENT_RUNS = 50;

type SortKey =
  'name' | 'runs' | 'successRate' | 'medianDurationMs' | 'p95DurationMs' | 'totalTokens' | 'totalCost' | 'lastRunAt';

const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'Agent', numeric: false },
  { key: 'runs', label: 'Runs', numeric: true },
  { key: 'successRate', label: 'Success', numeric: true },
  { key: 'medianDurationMs', label: 'Median', numeric: true },
  { key: 'p95DurationMs', label: 'p95', numeric: true },
  { key: 'totalTokens', label: 'Tokens', numeric: true },
  { key: 'totalCost', label: 'Cost', numeric: true },
  { key: 'lastRunAt', label: 'Last run', numeric: true },
];
const isSortKey = (v: string): v is SortKey => COLUMNS.some((c) => c.key === v);

// `defined` filters by where an agent is defined; `scope` in the URL is whose runs (me, team, one developer).
const DEFAULTS = { agent: '', q: '', defined: '', sort: 'lastRunAt', dir: 'desc' };
type AgentsUrl = typeof DEFAULTS;

/** `#/agents?…` with a patch applied to the current parameters: links keep the filters and the scope a user chose. */
function agentsHref(url: AgentsUrl, patch: Partial<AgentsUrl>, whose: UsageScope): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...url, ...patch }) as [keyof AgentsUrl, string][]) {
    if (v !== DEFAULTS[k]) params.set(k, v);
  }
  if (whose.kind !== 'me') params.set('scope', scopeParam(whose));
  const query = params.toString();
  return `#/agents${query ? `?${query}` : ''}`;
}

export const sessionHref = (sessionId: string) => `#/sessions?session=${encodeURIComponent(sessionId)}`;

/** What each agent type is doing now: live subagents from hook events, by type. */
function liveByType(sessions: { agents: LiveAgentStatus[] }[] | undefined): Map<string, LiveAgentStatus[]> {
  const out = new Map<string, LiveAgentStatus[]>();
  for (const s of sessions ?? []) {
    for (const a of s.agents) {
      if (!a.agentType || (a.status !== 'running' && a.status !== 'waiting')) continue;
      out.set(a.agentType, [...(out.get(a.agentType) ?? []), a]);
    }
  }
  return out;
}

function statusOf(agent: AgentSummary, live: LiveAgentStatus[] | undefined): { text: string; kind: string } {
  if (live && live.length > 0) {
    const waiting = live.filter((a) => a.status === 'waiting');
    if (waiting.length > 0) {
      const why = waiting[0]!.waitingFor === 'permission' ? 'for permission' : 'for input';
      return { text: `waiting ${why}${live.length > 1 ? ` (${live.length} live)` : ''}`, kind: 'waiting' };
    }
    return { text: live.length > 1 ? `running ×${live.length}` : 'running', kind: 'running' };
  }
  if (agent.running > 0) return { text: agent.running > 1 ? `running ×${agent.running}` : 'running', kind: 'running' };
  return { text: 'idle', kind: 'idle' };
}

function compare(a: AgentSummary, b: AgentSummary, key: SortKey): number {
  if (key === 'name') return a.name.localeCompare(b.name);
  const x = a[key];
  const y = b[key];
  // Agents without a value (no run yet) sort after those with one, whichever the direction.
  if (x === null && y === null) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  return x - y;
}

const topTools = (a: AgentSummary, n = 3) => a.toolsUsed.slice(0, n);

export function AgentsPanel() {
  const [url, setUrl] = useUrlState(DEFAULTS);
  const [whose] = useScope();
  const list = useQuery('agents.list', scopeInput(whose), REFRESH, 500);
  const live = useQuery('live.status', {}, ['hooks.event'], 500);
  // Live statuses come from this machine's hooks: the team's view shows its runs' figures only.
  const liveTypes = whose.kind === 'me' ? liveByType(live.data?.sessions) : new Map<string, LiveAgentStatus[]>();

  if (url.agent) {
    return (
      <AgentDetail
        name={url.agent}
        url={url}
        list={list.data}
        error={list.error}
        live={liveTypes.get(url.agent) ?? []}
        teamView={whose.kind !== 'me'}
      />
    );
  }

  const sortKey: SortKey = isSortKey(url.sort) ? url.sort : 'lastRunAt';
  const dir = url.dir === 'asc' ? 1 : -1;
  const needle = url.q.trim().toLowerCase();
  const agents = (list.data?.agents ?? [])
    .filter((a) => !url.defined || a.scope === url.defined)
    .filter(
      (a) =>
        !needle ||
        a.name.toLowerCase().includes(needle) ||
        (a.description ?? '').toLowerCase().includes(needle) ||
        (a.model ?? '').toLowerCase().includes(needle),
    )
    .sort((a, b) => {
      const c = compare(a, b, sortKey);
      // Missing values stay last in both directions; ties fall back to the name.
      const missingFirst = sortKey !== 'name' && (a[sortKey] === null || b[sortKey] === null);
      return (missingFirst ? c : c * dir) || a.name.localeCompare(b.name);
    });

  const rows = agents.map((a) => ({
    name: a.name,
    scope: a.scope,
    model: a.model,
    runs: a.runs,
    succeeded: a.succeeded,
    failed: a.failed,
    running: a.running,
    successRate: a.successRate,
    medianDurationMs: a.medianDurationMs,
    p95DurationMs: a.p95DurationMs,
    inputTokens: a.inputTokens,
    outputTokens: a.outputTokens,
    cacheCreationTokens: a.cacheCreationTokens,
    cacheReadTokens: a.cacheReadTokens,
    totalTokens: a.totalTokens,
    totalCost: a.totalCost,
    toolsUsed: a.toolsUsed.map((t) => `${t.name}:${t.count}`).join(' '),
    lastRunAt: a.lastRunAt === null ? null : new Date(a.lastRunAt).toISOString(),
    status: statusOf(a, liveTypes.get(a.name)).text,
    paths: a.paths.join(' '),
  }));
  const total = list.data?.agents.length ?? 0;
  const filtered = Boolean(url.q || url.defined);

  return (
    <section className="panel" aria-labelledby="agents-title" aria-busy={list.loading}>
      <header className="panel-header">
        <h1 id="agents-title">Agents</h1>
        {list.data && (
          <span className="muted" data-testid="agents-count">
            {agents.length === total ? `${total} agent types` : `${agents.length} of ${total} agent types`}
          </span>
        )}
      </header>
      <div className="toolbar" role="group" aria-label="Filters">
        <SearchBox
          label="Search"
          placeholder="name, description, model"
          value={url.q}
          testId="agents-search"
          onChange={(q) => setUrl({ q })}
        />
        <label className="select">
          <span>Defined in</span>
          <select value={url.defined} data-testid="agents-scope" onChange={(e) => setUrl({ defined: e.target.value })}>
            <option value="">all</option>
            {SCOPES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        {filtered && (
          <button type="button" onClick={() => setUrl({ q: null, defined: null })}>
            Clear filters
          </button>
        )}
        <ExportButtons
          name="agents"
          rows={rows}
          json={{ agents, badFiles: list.data?.badFiles ?? [] }}
          disabled={!list.data}
        />
      </div>
      {list.error && (
        <div className="error" role="alert">
          Could not load the agents: {list.error}
        </div>
      )}
      {!list.data && !list.error && (
        <div className="loading" role="status">
          Loading agents…
        </div>
      )}
      {list.data && <BadFiles badFiles={list.data.badFiles} />}
      {list.data && total === 0 && (
        <EmptyState title="No agents yet">
          <p>
            Define subagents as Markdown files with a frontmatter (<code>name</code>, <code>description</code>,{' '}
            <code>model</code>, <code>tools</code>) in <code>.claude/agents/</code> of a project, or in{' '}
            <code>~/.claude/agents/</code> for all projects. SubForge writes them there for you. Agent types that Claude
            Code runs (such as Explore) show up here as soon as a transcript records a run.
          </p>
          <DemoDataButton />
        </EmptyState>
      )}
      {list.data && total > 0 && agents.length === 0 && (
        <EmptyState title="No agent matches these filters">
          <p>Change the search or the scope, or clear the filters.</p>
        </EmptyState>
      )}
      {agents.length > 0 && (
        <div className="card table-scroll">
          <table className="table agents-table" data-testid="agents-table">
            <caption className="visually-hidden">
              Agent types, sorted by {COLUMNS.find((c) => c.key === sortKey)!.label}{' '}
              {dir === 1 ? 'ascending' : 'descending'}
            </caption>
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <SortHeader
                    key={c.key}
                    label={c.label}
                    numeric={c.numeric}
                    active={sortKey === c.key}
                    ascending={dir === 1}
                    onSort={() =>
                      setUrl(
                        sortKey === c.key
                          ? { dir: dir === 1 ? 'desc' : 'asc' }
                          : { sort: c.key, dir: c.key === 'name' ? 'asc' : 'desc' },
                      )
                    }
                  />
                ))}
                <th scope="col">Top tools</th>
                <th scope="col">Now</th>
              </tr>
            </thead>
            <tbody>
              {agents.map((a) => (
                <AgentRow key={a.name} agent={a} url={url} whose={whose} live={liveTypes.get(a.name)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function SortHeader(props: {
  label: string;
  numeric: boolean;
  active: boolean;
  ascending: boolean;
  onSort: () => void;
}) {
  return (
    <th
      scope="col"
      className={props.numeric ? 'num' : undefined}
      aria-sort={props.active ? (props.ascending ? 'ascending' : 'descending') : 'none'}
    >
      {/* A real button: Tab reaches it, Enter and Space sort. */}
      <button type="button" className="sort-button" onClick={props.onSort} data-testid={`sort-${props.label}`}>
        {props.label}
        <span aria-hidden="true" className="sort-arrow">
          {props.active ? (props.ascending ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

function AgentRow({
  agent,
  url,
  whose,
  live,
}: {
  agent: AgentSummary;
  url: AgentsUrl;
  whose: UsageScope;
  live?: LiveAgentStatus[];
}) {
  // "5 m ago" moves once a minute, on the shared clock.
  const now = useNow(agent.lastRunAt !== null, 60_000);
  const status = statusOf(agent, live);
  return (
    <tr data-testid="agent-row" data-agent={agent.name}>
      <th scope="row">
        <a href={agentsHref(url, { agent: agent.name }, whose)}>{agent.name}</a>
        <div className="muted small">
          {agent.scope}
          {agent.model ? ` · ${agent.model}` : ''}
        </div>
      </th>
      <td className="num" data-testid="agent-runs">
        {agent.runs}
      </td>
      <td
        className="num"
        data-testid="agent-success"
        title={`${agent.succeeded} succeeded, ${agent.failed} failed, ${agent.running} running`}
      >
        {agent.successRate === null ? '—' : formatPercent(agent.successRate)}
      </td>
      <td className="num">{agent.medianDurationMs === null ? '—' : formatDuration(agent.medianDurationMs)}</td>
      <td className="num">{agent.p95DurationMs === null ? '—' : formatDuration(agent.p95DurationMs)}</td>
      <td className="num" title={formatExactTokens(agent.totalTokens)}>
        {formatTokens(agent.totalTokens)}
      </td>
      <td className="num">{formatSmallCost(agent.totalCost)}</td>
      <td className="num" title={agent.lastRunAt === null ? undefined : new Date(agent.lastRunAt).toLocaleString()}>
        {agent.lastRunAt === null ? '—' : formatAgo(agent.lastRunAt, now)}
      </td>
      <td className="small">
        {topTools(agent).length === 0
          ? '—'
          : topTools(agent)
              .map((t) => `${t.name} ${t.count}`)
              .join(', ')}
      </td>
      <td>
        <span className={`status-pill status-${status.kind}`} data-testid="agent-status">
          {status.text}
        </span>
      </td>
    </tr>
  );
}

function BadFiles({ badFiles }: { badFiles: AgentList['badFiles'] }) {
  if (badFiles.length === 0) return null;
  return (
    <div className="warning" role="alert" data-testid="agent-bad-files">
      <strong>
        {badFiles.length === 1 ? 'One agent definition' : `${badFiles.length} agent definitions`} could not be read
      </strong>{' '}
      (fix the frontmatter; the file is read again when it changes):
      <ul className="bad-files">
        {badFiles.map((f) => (
          <li key={f.path}>
            <code>{f.path}</code>: {f.error}
          </li>
        ))}
      </ul>
    </div>
  );
}

function AgentDetail(props: {
  name: string;
  url: AgentsUrl;
  list: AgentList | null;
  error: string | null;
  live: LiveAgentStatus[];
  /** The figures are the team's (or one developer's); the runs list stays this machine's. */
  teamView: boolean;
}) {
  const runs = useQuery('agentRuns.list', { agentType: props.name, limit: RECENT_RUNS }, REFRESH, 500);
  const agent = props.list?.agents.find((a) => a.name === props.name) ?? null;
  const anyRunning = (runs.data ?? []).some((r) => r.status === 'running');
  const now = useNow(anyRunning);
  const [whose] = useScope();
  const back = agentsHref(props.url, { agent: '' }, whose);
  const status = agent ? statusOf(agent, props.live) : null;

  return (
    <section className="panel" aria-labelledby="agent-title" aria-busy={runs.loading}>
      <header className="panel-header">
        <a href={back} className="back-link">
          ← All agents
        </a>
        <h1 id="agent-title">{props.name}</h1>
        {agent && <span className="muted">{agent.scope}</span>}
        {status && (
          <span className={`status-pill status-${status.kind}`} data-testid="agent-detail-status">
            {status.text}
          </span>
        )}
      </header>
      {(props.error ?? runs.error) && (
        <div className="error" role="alert">
          {props.error ?? runs.error}
        </div>
      )}
      {props.list && !agent && (
        <EmptyState title={`No agent named ${props.name}`}>
          <p>
            It is neither in an agents folder nor in any transcript read so far. <a href={back}>See every agent.</a>
          </p>
        </EmptyState>
      )}
      {agent && (
        <>
          <div className="stat-row stat-row-6">
            <StatCard testId="agent-detail-runs" label="Runs" value={String(agent.runs)} />
            <StatCard
              testId="agent-detail-success"
              label="Success rate"
              value={agent.successRate === null ? '—' : formatPercent(agent.successRate)}
              title={`${agent.succeeded} succeeded, ${agent.failed} failed, ${agent.running} running`}
            />
            <StatCard
              testId="agent-detail-median"
              label="Median duration"
              value={agent.medianDurationMs === null ? '—' : formatDuration(agent.medianDurationMs)}
            />
            <StatCard
              testId="agent-detail-p95"
              label="p95 duration"
              value={agent.p95DurationMs === null ? '—' : formatDuration(agent.p95DurationMs)}
            />
            <StatCard testId="agent-detail-tokens" label="Tokens" value={formatTokens(agent.totalTokens)} />
            <StatCard testId="agent-detail-cost" label="Cost" value={formatSmallCost(agent.totalCost)} />
          </div>
          <div className="card" data-testid="agent-definition">
            <h2>Definition</h2>
            {agent.paths.length === 0 ? (
              <p className="muted">
                No definition file: Claude Code ran this agent type (a built-in one, or one defined in a folder not
                watched here). Add <code>.claude/agents/{props.name}.md</code> to a project to define it.
              </p>
            ) : (
              <dl className="facts definition">
                <dt>Description</dt>
                <dd className="pre-line">{agent.description ?? '—'}</dd>
                <dt>Model</dt>
                <dd>{agent.model ?? 'inherits the session’s model'}</dd>
                <dt>Tools</dt>
                <dd>{agent.tools === null ? 'all tools (inherited)' : agent.tools.join(', ')}</dd>
                <dt>Scope</dt>
                <dd>{agent.scope}</dd>
                <dt>{agent.paths.length === 1 ? 'File' : 'Files'}</dt>
                <dd>
                  <ul className="plain-list">
                    {agent.paths.map((p, i) => (
                      <li key={p}>
                        <code>{p}</code>
                        {i === 0 && agent.paths.length > 1 && <span className="muted"> (used)</span>}
                      </li>
                    ))}
                  </ul>
                </dd>
              </dl>
            )}
            {agent.toolsUsed.length > 0 && (
              <p className="small">
                <span className="muted">Tools its runs called: </span>
                {agent.toolsUsed.map((t) => `${t.name} ${t.count}`).join(', ')}
              </p>
            )}
          </div>
          <div className="card table-scroll">
            <h2>Recent runs{props.teamView ? ' on this machine' : ''}</h2>
            {props.teamView && (
              <p className="muted" data-testid="agent-team-note">
                The figures above are the team’s. Each run’s description, prompt and tools stay on the machine of the
                developer who ran it; these are this machine’s own runs of {props.name}.
              </p>
            )}
            {runs.data && runs.data.length === 0 && <p className="muted">No run recorded yet.</p>}
            {runs.data && runs.data.length > 0 && (
              <table className="table" data-testid="agent-runs-table">
                <thead>
                  <tr>
                    <th scope="col">Started</th>
                    <th scope="col">Status</th>
                    <th scope="col">Description</th>
                    <th scope="col" className="num">
                      Duration
                    </th>
                    <th scope="col" className="num">
                      Tokens
                    </th>
                    <th scope="col" className="num">
                      Cost
                    </th>
                    <th scope="col">Session</th>
                  </tr>
                </thead>
                <tbody>
                  {runs.data.map((r) => (
                    <RunRow key={r.id} run={r} now={now} />
                  ))}
                </tbody>
              </table>
            )}
            {runs.data && runs.data.length === RECENT_RUNS && (
              <p className="muted small">The {RECENT_RUNS} most recent runs.</p>
            )}
          </div>
        </>
      )}
    </section>
  );
}

const RUN_STATUS_KIND: Record<AgentRun['status'], string> = {
  running: 'running',
  succeeded: 'done',
  failed: 'failed',
};

function RunRow({ run, now }: { run: AgentRun; now: number }) {
  const duration =
    run.durationMs !== null
      ? formatDuration(run.durationMs)
      : run.status === 'running' && run.startedAt !== null
        ? `${formatDuration(now - run.startedAt)} so far`
        : '—';
  return (
    <tr data-testid="agent-run-row" data-status={run.status}>
      <td>{run.startedAt === null ? '—' : new Date(run.startedAt).toLocaleString()}</td>
      <td>
        <span className={`status-pill status-${RUN_STATUS_KIND[run.status]}`}>{run.status}</span>
      </td>
      <td title={run.prompt ?? undefined}>{run.description ?? <span className="muted">no description</span>}</td>
      <td className="num">{duration}</td>
      <td className="num" title={formatExactTokens(run.totalTokens)}>
        {formatTokens(run.totalTokens)}
      </td>
      <td className="num">{formatSmallCost(run.totalCost)}</td>
      <td>
        <a href={sessionHref(run.sessionId)} aria-label={`Session ${run.sessionId}`}>
          <code>{run.sessionId.slice(0, 8)}</code>
        </a>
      </td>
    </tr>
  );
}
