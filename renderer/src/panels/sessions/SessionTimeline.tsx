// One session's timeline: assistant turns with their tokens, tool calls as duration bars, subagent runs as a
// waterfall that opens to their own work, compactions and API errors; windowed, keyboard-driven and live.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { SessionDetail } from '../../../../shared/contract';
import { api } from '../../api';
import { ExportButtons } from '../../components/ExportButtons';
import { VirtualList } from '../../components/VirtualList';
import { formatCost, formatExactTokens, formatTokens, projectLabel } from '../../format';
import { useQuery } from '../../hooks/useQuery';
import { formatDuration } from './durations';
import { buildTimeline, entryFailed, sessionSpan, type TimelineEntry } from './timeline';

const ROW_HEIGHT = 30;
const FIRST_LIMIT = 5000;
const LIVE_THROTTLE_MS = 1000;
const TICKS = 5;

const clock = (ms: number) =>
  new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Reloads (at most once a `LIVE_THROTTLE_MS`) when usage or hook events name this session. */
function useSessionLiveReload(id: string, reload: () => void): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const schedule = () => {
      if (timer) return;
      timer = setTimeout(
        () => {
          timer = null;
          last = Date.now();
          reload();
        },
        Math.max(0, last + LIVE_THROTTLE_MS - Date.now()),
      );
    };
    const offUsage = api.on('usage.changed', (p) => {
      if (p.sessions.includes(id)) schedule();
    });
    const offHooks = api.on('hooks.event', (p) => {
      if (p.events.some((e) => e.sessionId === id) || p.sessions.some((s) => s.sessionId === id)) schedule();
    });
    return () => {
      offUsage();
      offHooks();
      if (timer) clearTimeout(timer);
    };
  }, [id, reload]);
}

export function SessionTimeline({ id, onBack }: { id: string; onBack: () => void }) {
  const [limit, setLimit] = useState(FIRST_LIMIT);
  const { data, error, reload } = useQuery('sessions.get', { id, limit });
  useSessionLiveReload(id, reload);

  return (
    <section
      className="panel session-timeline"
      aria-labelledby="timeline-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onBack();
        }
      }}
    >
      <header className="panel-header">
        <button type="button" onClick={onBack} data-testid="timeline-back" title="Back to the list (Escape)">
          ← Sessions
        </button>
        <h1 id="timeline-title" data-testid="timeline-title">
          {data?.session.title ?? (data ? `Session ${data.session.id.slice(0, 8)}` : 'Session')}
        </h1>
      </header>
      {error && (
        <div className="error" role="alert">
          Could not load session {id}: {error}
        </div>
      )}
      {!data && !error && (
        <div className="loading" role="status">
          Loading the session…
        </div>
      )}
      {data && <TimelineBody detail={data} limit={limit} onMore={() => setLimit((l) => l * 2)} />}
    </section>
  );
}

function entryLabel(e: TimelineEntry): { name: string; detail: string } {
  switch (e.kind) {
    case 'turn':
      return { name: 'Assistant', detail: e.turn.model.replace(/^claude-/, '') };
    case 'tool': {
      const input = e.call.input;
      const first = ['file_path', 'path', 'command', 'pattern', 'description', 'subagent_type', 'url']
        .map((k) => input[k])
        .find((v): v is string => typeof v === 'string');
      return { name: e.call.name, detail: first ?? '' };
    }
    case 'run':
      return {
        name: `Subagent ${e.run.agentType ?? 'run'}`,
        detail: e.run.description ?? e.run.prompt?.slice(0, 120) ?? e.run.id,
      };
    case 'event':
      return {
        name: e.event.kind === 'compaction' ? 'Compaction' : 'API error',
        detail: String(e.event.detail.text ?? e.event.detail.message ?? e.event.detail.trigger ?? ''),
      };
  }
}

function entryFigures(e: TimelineEntry): string {
  if (e.kind === 'turn') return `${formatTokens(e.turn.totalTokens)} tok · ${formatCost(e.turn.cost)}`;
  if (e.kind === 'run') return `${formatTokens(e.run.totalTokens)} tok · ${formatCost(e.run.totalCost)}`;
  if (e.kind === 'tool') return e.call.durationMs !== null ? formatDuration(e.call.durationMs) : e.call.status;
  return '';
}

const exportEntry = (e: TimelineEntry) => {
  const { name, detail } = entryLabel(e);
  return {
    kind: e.kind,
    depth: e.depth,
    at: new Date(e.ts).toISOString(),
    name,
    detail,
    durationMs: e.kind === 'tool' ? e.call.durationMs : e.kind === 'run' ? e.run.durationMs : null,
    totalTokens: e.kind === 'turn' ? e.turn.totalTokens : e.kind === 'run' ? e.run.totalTokens : null,
    cost: e.kind === 'turn' ? e.turn.cost : e.kind === 'run' ? e.run.totalCost : null,
    failed: entryFailed(e),
  };
};

function TimelineBody({ detail, limit, onMore }: { detail: SessionDetail; limit: number; onMore: () => void }) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const entries = useMemo(() => buildTimeline(detail, expanded), [detail, expanded]);
  const span = useMemo(() => sessionSpan(detail), [detail]);
  const [active, setActive] = useState(0);
  const [moves, setMoves] = useState(0);
  const list = useRef<HTMLDivElement>(null);
  const s = detail.session;

  // Keys work at once: the list takes focus when the session opens.
  useEffect(() => {
    list.current?.querySelector<HTMLElement>('.virtual-list')?.focus();
  }, [s.id]);

  const toggle = (e: TimelineEntry | undefined) => {
    if (e?.kind !== 'run') return;
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(e.run.id)) next.delete(e.run.id);
      else next.add(e.run.id);
      return next;
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const last = entries.length - 1;
    const move = (to: number) => {
      e.preventDefault();
      setActive(Math.max(0, Math.min(last, to)));
      setMoves((n) => n + 1);
    };
    if (e.key === 'ArrowDown') move(active + 1);
    else if (e.key === 'ArrowUp') move(active - 1);
    else if (e.key === 'PageDown') move(active + 15);
    else if (e.key === 'PageUp') move(active - 15);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(last);
    else if (e.key === 'Enter') {
      e.preventDefault();
      toggle(entries[active]);
    }
  };

  const totalTokens = (detail.turns ?? []).reduce((n, t) => n + t.totalTokens, 0);
  const totalCost = (detail.turns ?? []).reduce((n, t) => n + t.cost, 0);
  const failed = detail.toolCalls.filter((c) => c.status === 'failed').length;
  const more = detail.truncated || detail.turnsTruncated === true;
  const counts = detail.counts;
  const pos = (ms: number) => ((ms - span.start) / (span.end - span.start)) * 100;

  return (
    <>
      <dl className="timeline-facts">
        <dt>Project</dt>
        <dd title={s.cwd ?? s.project}>{projectLabel(s.project)}</dd>
        <dt>Branch</dt>
        <dd>{s.gitBranch ?? '—'}</dd>
        <dt>Start</dt>
        <dd>{new Date(s.firstActivity).toLocaleString()}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(span.end - span.start)}</dd>
        <dt>API calls</dt>
        <dd>{formatExactTokens(counts?.turns ?? detail.turns?.length ?? 0)}</dd>
        <dt>Tokens{more ? ' (shown)' : ''}</dt>
        <dd>{formatTokens(totalTokens)}</dd>
        <dt>Cost{more ? ' (shown)' : ''}</dt>
        <dd>{formatCost(totalCost)}</dd>
        <dt>Subagent runs</dt>
        <dd>{detail.runs.length}</dd>
        <dt>Failed tool calls</dt>
        <dd className={failed > 0 ? 'bad' : ''}>{failed}</dd>
      </dl>
      <div className="toolbar">
        <span className="muted small" data-testid="timeline-count">
          {formatExactTokens(entries.length)} entries
        </span>
        <span className="muted small">↑ ↓ move · Enter opens a subagent run · Esc back to the list</span>
        <span className="spacer" />
        <ExportButtons name={`session-${s.id}`} rows={entries.map(exportEntry)} json={detail} />
      </div>
      {more && (
        <div className="warning" role="status" data-testid="timeline-more">
          Showing the first {formatExactTokens(limit)} tool calls and turns
          {counts
            ? ` of ${formatExactTokens(counts.toolCalls)} tool calls and ${formatExactTokens(counts.turns)} turns`
            : ''}
          .{' '}
          <button type="button" onClick={onMore}>
            Show more
          </button>
        </div>
      )}
      <div className="timeline" ref={list}>
        <div className="timeline-axis timeline-grid" aria-hidden="true">
          <span />
          <span />
          <span />
          <div className="timeline-bars">
            {Array.from({ length: TICKS }, (_, i) => (
              <span key={i} className="tick" style={{ left: `${(i / (TICKS - 1)) * 100}%` }}>
                {i === 0 ? '0' : `+${formatDuration(((span.end - span.start) * i) / (TICKS - 1))}`}
              </span>
            ))}
          </div>
        </div>
        <VirtualList
          items={entries}
          rowHeight={ROW_HEIGHT}
          overscan={10}
          activeIndex={active}
          moveCount={moves}
          onKeyDown={onKeyDown}
          rowId={(i) => `timeline-entry-${i}`}
          ariaLabel="Session timeline"
          className="timeline-list"
          testId="timeline-list"
          getKey={(e) => e.key}
          renderRow={(e, i, isActive) => {
            const { name, detail: text } = entryLabel(e);
            const end = e.kind === 'tool' || e.kind === 'run' ? (e.end ?? span.end) : e.ts;
            const left = pos(e.ts);
            const width = Math.max(0, pos(end) - left);
            return (
              <div
                id={`timeline-entry-${i}`}
                role="option"
                aria-selected={isActive}
                aria-expanded={e.kind === 'run' ? expanded.has(e.run.id) : undefined}
                className={`timeline-row timeline-grid kind-${e.kind} depth-${e.depth} ${entryFailed(e) ? 'failed' : ''} ${isActive ? 'active' : ''}`}
                data-testid="timeline-row"
                data-kind={e.kind}
                data-index={i}
                onClick={() => {
                  setActive(i);
                  toggle(e);
                }}
              >
                <span className="muted small">{clock(e.ts)}</span>
                <span className="timeline-label" title={text}>
                  {e.kind === 'run' && (
                    <span className="twisty" aria-hidden="true">
                      {expanded.has(e.run.id) ? '▾' : '▸'}
                    </span>
                  )}
                  <strong>{name}</strong> <span className="muted">{text}</span>
                  {e.kind === 'run' && <span className="muted small"> · {e.children} entries</span>}
                </span>
                <span className="small num">{entryFigures(e)}</span>
                <div className="timeline-bars">
                  {e.kind === 'tool' || e.kind === 'run' ? (
                    <span className="bar" style={{ left: `${left}%`, width: `max(2px, ${width}%)` }} />
                  ) : (
                    <span className="dot" style={{ left: `${left}%` }} />
                  )}
                </div>
              </div>
            );
          }}
        />
      </div>
    </>
  );
}
