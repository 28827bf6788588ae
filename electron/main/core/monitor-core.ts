// The app's core under plain Node: store, ingest, queries and events, behind the contract's dispatcher.
// The desktop edge and the browser twin (`serve`) both wrap one of these.
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { AppInfo, SourceStatus } from '../../../shared/contract';
import { ApiFailure, createDispatcher, type Dispatch, type RequestHandlers } from '../api/dispatch';
import { SourceWatcher } from '../ingest/source-watcher';
import { TranscriptIngestor } from '../ingest/transcript-ingestor';
import { PriceTable } from '../pricing/price-table';
import { buildAnalytics } from '../query/analytics';
import { buildMetrics } from '../query/metrics';
import { buildOverview } from '../query/overview';
import { openDatabase, type SqliteDatabase } from '../store/database';
import { RollupStore } from '../store/rollup-store';
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
}

export class MonitorCore {
  readonly dispatch: Dispatch;
  readonly store: UsageStore;
  readonly rollups: RollupStore;
  private readonly db: SqliteDatabase;
  private readonly bus = new EventBus();
  private readonly watcher: SourceWatcher;
  private readonly sourceErrors = new Map<string, string>();

  constructor(private readonly options: CoreOptions) {
    this.db = openDatabase(join(options.dataDir, 'monitor.sqlite'));
    this.store = new UsageStore(this.db);
    this.rollups = new RollupStore(this.db);
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

  close(): void {
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
      }),
      'overview.get': ({ timezone, date }) => buildOverview(this.store, timezone, date),
      'sources.list': () => this.sources(),
      'metrics.get': ({ range, groupBy, timezone }) =>
        buildMetrics(this.rollups, { range, groupBy, timezone, developer: localDeveloper() }),
      'analytics.get': ({ timezone }) => buildAnalytics(this.rollups, timezone),
      'demo.load': () => {
        // Lands with the simulator: it writes to <dataDir>/demo-claude, never the user's Claude directory, and
        // that folder is then watched as one more source.
        throw new ApiFailure(
          'UNAVAILABLE',
          `Demo data needs the simulator, which this build does not include yet. Meanwhile, point SubForge Monitor at a Claude data directory (--claude-dir) with transcripts in it.`,
        );
      },
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

/** The local developer's name, for the 'developer' grouping until team mode brings the others. */
function localDeveloper(): string {
  try {
    return userInfo().username || 'you';
  } catch {
    return 'you'; // no passwd entry (some containers)
  }
}
