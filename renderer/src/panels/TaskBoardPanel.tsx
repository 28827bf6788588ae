// Task board: what agents did and do, in Queued, Running, Waiting, Done and Failed — subagent invocations,
// TodoWrite items and SubForge task_breakdown entries. Read-only: cards move as transcripts and hooks report,
// never by hand. Filters live in the URL; running cards count their time on one shared clock.
import type { EventName, TaskItem, TaskStatus } from '../../../shared/contract';
import { DemoDataButton } from '../components/DemoDataButton';
import { EmptyState } from '../components/EmptyState';
import { ExportButtons } from '../components/ExportButtons';
import { SearchBox } from '../components/SearchBox';
import { formatAgo, formatDuration, formatExactTokens, formatSmallCost, formatTokens } from '../format';
import { useNow } from '../hooks/useNow';
import { useQuery } from '../hooks/useQuery';
import { scopeInput, scopeParam, useScope } from '../hooks/useScope';
import { useUrlState } from '../hooks/useUrlState';
import { sessionHref } from './AgentsPanel';

const REFRESH: EventName[] = ['usage.changed', 'sources.changed', 'hooks.event', 'team.changed'];
/** The most tasks the board asks for (the contract's maximum); most recently updated first. */
const TASK_LIMIT = 2000;

const COLUMNS: { status: TaskStatus; label: string }[] = [
  { status: 'queued', label: 'Queued' },
  { status: 'running', label: 'Running' },
  { status: 'waiting', label: 'Waiting' },
  { status: 'done', label: 'Done' },
  { status: 'failed', label: 'Failed' },
];

const SOURCES: { value: TaskItem['source']; label: string }[] = [
  { value: 'subagent', label: 'Subagent' },
  { value: 'todo', label: 'TodoWrite' },
  { value: 'subforge', label: 'SubForge' },
];
const sourceLabel = (s: TaskItem['source']) => SOURCES.find((x) => x.value === s)!.label;

/** A project is a working directory; its last folder names it. */
const projectName = (project: string) => project.split(/[\\/]/).filter(Boolean).at(-1) ?? project;
/** TodoWrite items of the main thread have no agent. */
const agentName = (t: TaskItem) => t.agent ?? (t.source === 'todo' ? 'main thread' : null);

const DEFAULTS = { project: '', agent: '', source: '', q: '' };

/** How long a task ran (ended) or has been running (live); null when its start is unknown. */
export function taskElapsedMs(t: TaskItem, now: number): number | null {
  if (t.startedAt === null) return null;
  if (t.status === 'running' || t.status === 'waiting') return Math.max(0, now - t.startedAt);
  if (t.status === 'done' || t.status === 'failed') return Math.max(0, t.updatedAt - t.startedAt);
  return null;
}

export function TaskBoardPanel() {
  const [url, setUrl] = useUrlState(DEFAULTS);
  const [whose] = useScope();
  const tasks = useQuery('tasks.list', { limit: TASK_LIMIT, ...scopeInput(whose) }, REFRESH, 500);
  const all = tasks.data ?? [];
  const needle = url.q.trim().toLowerCase();
  const shown = all.filter(
    (t) =>
      (!url.project || t.project === url.project) &&
      (!url.agent || agentName(t) === url.agent) &&
      (!url.source || t.source === url.source) &&
      (!needle ||
        t.title.toLowerCase().includes(needle) ||
        (t.detail ?? '').toLowerCase().includes(needle) ||
        (agentName(t) ?? '').toLowerCase().includes(needle)),
  );
  const live = shown.some((t) => (t.status === 'running' || t.status === 'waiting') && t.startedAt !== null);
  const now = useNow(live);

  const projects = [...new Set(all.map((t) => t.project).filter((p): p is string => p !== null))].sort();
  const agents = [...new Set(all.map(agentName).filter((a): a is string => a !== null))].sort();
  // A filter chosen earlier may name a project that has no task now; keep it selectable so the URL stays true.
  if (url.project && !projects.includes(url.project)) projects.push(url.project);
  if (url.agent && !agents.includes(url.agent)) agents.push(url.agent);
  const filtered = Boolean(url.project || url.agent || url.source || url.q);

  const rows = shown.map((t) => ({
    id: t.id,
    status: t.status,
    source: t.source,
    title: t.title,
    agent: agentName(t),
    project: t.project,
    sessionId: t.sessionId,
    startedAt: t.startedAt === null ? null : new Date(t.startedAt).toISOString(),
    updatedAt: new Date(t.updatedAt).toISOString(),
    elapsedMs: taskElapsedMs(t, now),
    totalTokens: t.totalTokens ?? null,
    totalCost: t.totalCost ?? null,
  }));

  return (
    <section className="panel" aria-labelledby="tasks-title" aria-busy={tasks.loading}>
      <header className="panel-header">
        <h1 id="tasks-title">Task board</h1>
        {tasks.data && (
          <span className="muted" data-testid="tasks-count">
            {shown.length === all.length ? `${all.length} tasks` : `${shown.length} of ${all.length} tasks`}
          </span>
        )}
      </header>
      <div className="toolbar" role="group" aria-label="Filters">
        <SearchBox
          label="Search"
          placeholder="title, detail, agent"
          value={url.q}
          testId="tasks-search"
          onChange={(q) => setUrl({ q })}
        />
        <FilterSelect
          label="Project"
          testId="tasks-project"
          value={url.project}
          options={projects.map((p) => ({ value: p, label: projectName(p) }))}
          onChange={(project) => setUrl({ project })}
        />
        <FilterSelect
          label="Agent"
          testId="tasks-agent"
          value={url.agent}
          options={agents.map((a) => ({ value: a, label: a }))}
          onChange={(agent) => setUrl({ agent })}
        />
        <FilterSelect
          label="Source"
          testId="tasks-source"
          value={url.source}
          options={SOURCES}
          onChange={(source) => setUrl({ source })}
        />
        {filtered && (
          <button type="button" onClick={() => setUrl({ project: null, agent: null, source: null, q: null })}>
            Clear filters
          </button>
        )}
        <ExportButtons
          name={`tasks${url.source ? `-${url.source}` : ''}`}
          rows={rows}
          json={shown}
          disabled={!tasks.data}
        />
      </div>
      {tasks.error && (
        <div className="error" role="alert">
          Could not load the tasks: {tasks.error}
        </div>
      )}
      {!tasks.data && !tasks.error && (
        <div className="loading" role="status">
          Loading tasks…
        </div>
      )}
      {whose.kind !== 'me' && (
        <p className="muted small" data-testid="tasks-team-note">
          The team shares its subagent runs: one card per run, titled by agent type. TodoWrite lists and SubForge tasks
          are text and stay on each developer’s machine.
        </p>
      )}
      {tasks.data && all.length === 0 && whose.kind !== 'me' && (
        <EmptyState title="No team runs in the cache yet">
          <p>Teammates’ subagent runs appear here once their apps push them; run sync or wait for them.</p>
        </EmptyState>
      )}
      {tasks.data && all.length === 0 && whose.kind === 'me' && (
        <EmptyState title="No tasks yet">
          <p>
            Tasks appear here as Claude Code works: every subagent it starts (the Task tool), every TodoWrite list it
            keeps, and the <code>task_breakdown</code> of a SubForge workspace (
            <code>.subforge/workflow-state/current-task.json</code>). Start a session in a project, or check on the
            Sources page that the right Claude data directory is watched.
          </p>
          <DemoDataButton />
        </EmptyState>
      )}
      {tasks.data && all.length > 0 && shown.length === 0 && (
        <EmptyState title="No task matches these filters">
          <p>Change the filters above, or clear them.</p>
        </EmptyState>
      )}
      {tasks.data && shown.length > 0 && (
        <div className="task-board" data-testid="task-board">
          {COLUMNS.map((c) => (
            <TaskColumn
              key={c.status}
              label={c.label}
              status={c.status}
              tasks={shown.filter((t) => t.status === c.status)}
              now={now}
            />
          ))}
        </div>
      )}
    </section>
  );
}

function FilterSelect(props: {
  label: string;
  testId: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <label className="select">
      <span>{props.label}</span>
      <select value={props.value} data-testid={props.testId} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">all</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function TaskColumn(props: { label: string; status: TaskStatus; tasks: TaskItem[]; now: number }) {
  const id = `task-column-${props.status}`;
  return (
    <section className="task-column" aria-labelledby={id} data-testid={id} data-status={props.status}>
      <h2 id={id} className="task-column-title">
        <span className={`status-dot status-${props.status}`} aria-hidden="true" />
        {props.label}
        <span className="task-column-count" data-testid="column-count" aria-label={`${props.tasks.length} tasks`}>
          {props.tasks.length}
        </span>
      </h2>
      {props.tasks.length === 0 ? (
        <p className="muted small task-column-empty">Nothing {props.label.toLowerCase()}.</p>
      ) : (
        // The list scrolls on its own, so a long Done column does not push the others off the page.
        <ul className="task-list">
          {props.tasks.map((t) => (
            <li key={t.id}>
              <TaskCard task={t} now={props.now} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function TaskCard({ task, now }: { task: TaskItem; now: number }) {
  const elapsed = taskElapsedMs(task, now);
  const agent = agentName(task);
  const running = task.status === 'running' || task.status === 'waiting';
  const body = (
    <>
      <span className="task-card-title">{task.title}</span>
      <span className="task-card-meta">
        {task.developer && <span data-testid="task-developer">{task.developer}</span>}
        {agent && agent !== task.title && <span data-testid="task-agent">{agent}</span>}
        {task.project && <span title={task.project}>{projectName(task.project)}</span>}
        <span className={`task-source task-source-${task.source}`}>{sourceLabel(task.source)}</span>
      </span>
      <span className="task-card-meta">
        {elapsed !== null ? (
          <span data-testid="task-elapsed">
            {running ? 'for' : 'took'} {formatDuration(elapsed)}
          </span>
        ) : (
          <span title={new Date(task.updatedAt).toLocaleString()}>updated {formatAgo(task.updatedAt, now)}</span>
        )}
        {task.totalTokens !== null && task.totalTokens !== undefined && (
          <span data-testid="task-tokens" title={`${formatExactTokens(task.totalTokens)} tokens`}>
            {formatTokens(task.totalTokens)} tok
          </span>
        )}
        {task.totalCost !== null && task.totalCost !== undefined && task.totalCost > 0 && (
          <span>{formatSmallCost(task.totalCost)}</span>
        )}
      </span>
    </>
  );
  const common = {
    className: `task-card task-card-${task.status}`,
    'data-testid': 'task-card',
    'data-task-id': task.id,
    'data-status': task.status,
    title: task.detail ?? undefined,
  };
  // A card opens what it came from: its session, else its agent (SubForge tasks name an agent, not a session).
  // A teammate's card opens their session as the team sees it.
  if (task.sessionId) {
    const href = task.developer
      ? `${sessionHref(task.sessionId)}&scope=${encodeURIComponent(scopeParam({ kind: 'developer', developer: task.developer }))}`
      : sessionHref(task.sessionId);
    return (
      <a {...common} href={href}>
        {body}
      </a>
    );
  }
  if (task.agent) {
    return (
      <a {...common} href={`#/agents?agent=${encodeURIComponent(task.agent)}`}>
        {body}
      </a>
    );
  }
  return <div {...common}>{body}</div>;
}
