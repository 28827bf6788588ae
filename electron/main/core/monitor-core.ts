// The app's core under plain Node: store, ingest, queries and events, behind the contract's dispatcher.
// The desktop edge and the browser twin (`serve`) both wrap one of these.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppInfo, SourceStatus } from '../../../shared/contract';
import { createDispatcher, type Dispatch, type RequestHandlers } from '../api/dispatch';
import { startHookReceiver, type HookReceiver } from '../hooks/hook-receiver';
import { SourceWatcher } from '../ingest/source-watcher';
import { TranscriptIngestor } from '../ingest/transcript-ingestor';
import { PriceTable } from '../pricing/price-table';
import { buildOverview } from '../query/overview';
import { openDatabase, type SqliteDatabase } from '../store/database';
import { HookEventStore } from '../store/hook-event-store';
import { UsageStore } from '../store/usage-store';
import { EventBus, type EventListener } from './event-bus';
import type { Logger } from './logger';

export const APP_VERSION = '0.1.0';

export interface CoreOptions {
  dataDir: string;
  claudeDirs: string[];
  mode: AppInfo['mode'];
  log: Logger;
  /** Full rescan interval; file-system events cover the time in between. */
  rescanMs?: number;
  /** The hook receiver started by `start()`: its port (0 = any), or false for none. */
  hooks?: { port?: number } | false;
}

/** Hook events older than this are pruned at start; live status rows are kept. */
const HOOK_EVENT_RETENTION_MS = 30 * 24 * 3600_000;

export class MonitorCore {
  readonly dispatch: Dispatch;
  readonly store: UsageStore;
  readonly hookEvents: HookEventStore;
  private hookReceiver: HookReceiver | null = null;
  private closed = false;
  private readonly db: SqliteDatabase;
  private readonly bus = new EventBus();
  private readonly watcher: SourceWatcher;
  private readonly sourceErrors = new Map<string, string>();

  constructor(private readonly options: CoreOptions) {
    this.db = openDatabase(join(options.dataDir, 'monitor.sqlite'));
    this.store = new UsageStore(this.db);
    this.hookEvents = new HookEventStore(this.db);
    const ingestor = new TranscriptIngestor(this.store, new PriceTable());
    this.watcher = new SourceWatcher({
      roots: options.claudeDirs,
      ingestor,
      rescanMs: options.rescanMs,
      onOutcome: (o) => {
        if (o.records > 0) this.bus.usageChanged(o.sessions, o.records);
        if (o.skipped > 0) options.log.warn('skipped damaged transcript lines', { path: o.path, skipped: o.skipped });
        this.bus.sourcesChanged();
      },
      onError: (path, error) => {
        this.sourceErrors.set(path, error.message);
        options.log.warn('source unreadable', { path, error: error.message });
        this.bus.sourcesChanged();
      },
    });
    this.dispatch = createDispatcher(this.handlers(), options.log);
  }

  /** Reads every source once, then follows them live. */
  async start(): Promise<void> {
    await this.startHooks();
    await this.watcher.start();
    this.bus.flush(); // the first scan's news goes out now, not mixed into the first live batch
  }

  /** One full pass over the sources, for `import`. */
  async importOnce(): Promise<void> {
    await this.watcher.scan();
  }

  subscribe(listener: EventListener): () => void {
    return this.bus.subscribe(listener);
  }

  /** The running hook receiver, if any (its URL, token and counters). */
  get hooks(): HookReceiver | null {
    return this.hookReceiver;
  }

  private async startHooks(): Promise<void> {
    if (this.options.hooks === false || this.hookReceiver) return;
    this.hookEvents.pruneEvents(Date.now() - HOOK_EVENT_RETENTION_MS);
    try {
      this.hookReceiver = await startHookReceiver({
        dataDir: this.options.dataDir,
        log: this.options.log,
        port: this.options.hooks?.port,
        onEvent: (event, at) => {
          if (this.closed) return;
          const stored = this.hookEvents.record(event, at);
          this.bus.hookEvent(stored.summary, stored.session);
        },
      });
    } catch (error) {
      // Live status is a bonus over transcripts: the app stays useful without it.
      this.options.log.error('hook receiver failed to start', { error: (error as Error).message });
    }
  }

  close(): void {
    this.closed = true;
    void this.hookReceiver?.stop();
    this.watcher.stop();
    this.bus.flush();
    this.db.close();
  }

  private handlers(): RequestHandlers {
    return {
      'app.info': () => ({
        version: APP_VERSION,
        mode: this.options.mode,
        dataDir: this.options.dataDir,
        claudeDirs: this.options.claudeDirs,
        ...(this.hookReceiver ? { hookEndpoint: this.hookReceiver.info() } : {}),
      }),
      'overview.get': ({ timezone, date }) => buildOverview(this.store, timezone, date),
      'sources.list': () => this.sources(),
      'live.status': ({ withinMs, limit }) => {
        const at = Date.now();
        return { sessions: this.hookEvents.liveSessions(at - (withinMs ?? 24 * 3600_000), limit ?? 200), at };
      },
      'events.recent': ({ limit, sessionId }) => this.hookEvents.recentEvents(limit ?? 100, sessionId),
    };
  }

  private sources(): SourceStatus[] {
    const summary = new Map(this.store.sourceSummary().map((s) => [s.root, s]));
    return this.options.claudeDirs.map((root) => {
      const s = summary.get(root);
      const error = [...this.sourceErrors].find(([path]) => path.startsWith(root))?.[1] ?? null;
      return {
        path: root,
        kind: 'claude' as const,
        exists: existsSync(root),
        files: s?.files ?? 0,
        lines: s?.lines ?? 0,
        skippedLines: s?.skippedLines ?? 0,
        lastIngestAt: s?.lastIngestAt ?? null,
        error,
      };
    });
  }
}
