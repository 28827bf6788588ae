// The live feed: hook events as they are pushed, and usage appends, newest first, capped (no virtualisation
// needed at this size). Under a stream (1,000 events/s arrive as ~60 pushes/s) new items are gathered and shown
// at most every FEED_FLUSH_MS, and rows already shown are not rendered again, so the page stays responsive.
import { memo, useEffect, useState } from 'react';
import type { HookEventSummary } from '../../../../shared/contract';
import { api, request } from '../../api';

/** How many items the feed keeps. */
export const FEED_CAP = 200;
/** New items are shown at most this often (the first after a quiet spell at once). */
const FEED_FLUSH_MS = 250;

type FeedItem =
  | { kind: 'hook'; key: string; at: number; event: HookEventSummary }
  | { kind: 'usage'; key: string; at: number; records: number; sessions: number };

const hookItem = (event: HookEventSummary): FeedItem => ({ kind: 'hook', key: `h${event.id}`, at: event.at, event });

// One formatter for every row: toLocaleTimeString builds a new one per call, which shows under a stream.
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const formatClock = (ms: number): string => clock.format(ms);

export function LiveFeed() {
  const [items, setItems] = useState<FeedItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [dropped, setDropped] = useState(0);

  useEffect(() => {
    let live = true;
    const seen = new Set<string>();
    // Newest first; emptied into the state by `flush`.
    let pending: FeedItem[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const flush = () => {
      timer = null;
      last = Date.now();
      const news = pending;
      pending = [];
      setItems((old) => [...news, ...old].slice(0, FEED_CAP));
    };
    const prepend = (fresh: FeedItem[]) => {
      const news = fresh.filter((i) => !seen.has(i.key));
      news.forEach((i) => seen.add(i.key));
      if (news.length === 0) return;
      pending = [...news, ...pending].slice(0, FEED_CAP);
      timer ??= setTimeout(flush, Math.max(0, last + FEED_FLUSH_MS - Date.now()));
    };
    // Listen first, then load the history, so nothing that arrives in between is lost (keys de-duplicate).
    const offHooks = api.on('hooks.event', (p) => {
      prepend(p.events.map(hookItem).reverse());
      if (p.dropped > 0) setDropped((d) => d + p.dropped);
    });
    const offUsage = api.on('usage.changed', (p) => {
      if (p.records === 0) return;
      prepend([
        { kind: 'usage', key: `u${p.at}-${p.records}`, at: p.at, records: p.records, sessions: p.sessions.length },
      ]);
    });
    request('events.recent', { limit: 50 })
      .then((events) => {
        if (!live) return;
        const history = events.map(hookItem).filter((i) => !seen.has(i.key));
        history.forEach((i) => seen.add(i.key));
        setItems((old) => [...old, ...history].sort((a, b) => b.at - a.at).slice(0, FEED_CAP));
      })
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
      offHooks();
      offUsage();
    };
  }, []);

  return (
    <div className="card" data-testid="live-feed">
      <h2>Live feed</h2>
      {error && (
        <div className="error" role="alert">
          Could not load recent events: {error}
        </div>
      )}
      {dropped > 0 && (
        <p className="muted small">{dropped} events arrived too fast to show here; the Sessions view has them all.</p>
      )}
      {items.length === 0 ? (
        <p className="muted">No events yet. Hook events and new usage appear here as they happen.</p>
      ) : (
        <ol className="feed">
          {items.map((item) => (
            <FeedRow key={item.key} item={item} />
          ))}
        </ol>
      )}
    </div>
  );
}

// Items never change once made, so a row renders once.
const FeedRow = memo(function FeedRow({ item }: { item: FeedItem }) {
  return (
    <li data-testid="feed-item" data-kind={item.kind}>
      <time className="muted small">{formatClock(item.at)}</time>{' '}
      {item.kind === 'hook' ? <HookLine event={item.event} /> : <UsageLine {...item} />}
    </li>
  );
});

function HookLine({ event: e }: { event: HookEventSummary }) {
  return (
    <span>
      <strong>{e.event}</strong>
      {e.toolName && <> · {e.toolName}</>}
      {e.agentType && <span className="muted"> · {e.agentType}</span>}
      <span className="muted" title={e.sessionId}>
        {' '}
        · {e.sessionId.slice(0, 8)}
      </span>
      {e.detail && <span className="muted"> — {e.detail}</span>}
    </span>
  );
}

function UsageLine({ records, sessions }: { records: number; sessions: number }) {
  return (
    <span>
      <strong>usage</strong> · {records} API {records === 1 ? 'response' : 'responses'} stored
      {sessions > 0 && (
        <span className="muted">
          {' '}
          in {sessions} {sessions === 1 ? 'session' : 'sessions'}
        </span>
      )}
    </span>
  );
}
