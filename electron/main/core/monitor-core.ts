// The app's core under plain Node: store, ingest, queries and events, behind the contract's dispatcher.
// The desktop edge and the browser twin (`serve`) both wrap one of these.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppInfo, SourceStatus, TeamStatus } from '../../../shared/contract';
import { createDispatcher, type Dispatch, type RequestHandlers } from '../api/dispatch';
import { SourceWatcher } from '../ingest/source-watcher';
import { TranscriptIngestor } from '../ingest/transcript-ingestor';
import { PriceTable } from '../pricing/price-table';
import { buildOverview } from '../query/overview';
import { openDatabase, type SqliteDatabase } from '../store/database';
import { UsageStore } from '../store/usage-store';
import type { TeamConfigResolution } from '../team/team-config';
import { TeamSync, type TeamSyncOptions } from '../team/team-sync';
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
  /** Team mode, when configured; absent or local means the app works alone. */
  team?: TeamConfigResolution;
  /** Tuning of the team sync loops (tests and benchmarks). */
  teamTuning?: Omit<TeamSyncOptions, 'config' | 'db' | 'store' | 'log' | 'onTeamChanged'>;
}

export class MonitorCore {
  readonly dispatch: Dispatch;
  readonly store: UsageStore;
  private readonly db: SqliteDatabase;
  private readonly bus = new EventBus();
  private readonly watcher: SourceWatcher;
  private readonly sourceErrors = new Map<string, string>();
  /** Team sync, when team mode is configured. */
  readonly team: TeamSync | null = null;

  constructor(private readonly options: CoreOptions) {
    this.db = openDatabase(join(options.dataDir, 'monitor.sqlite'));
    this.store = new UsageStore(this.db);
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
    if (options.team?.mode === 'team') {
      this.team = new TeamSync({
        ...options.teamTuning,
        config: options.team.config,
        db: this.db,
        store: this.store,
        log: options.log,
        onTeamChanged: (c) => this.bus.teamChanged(c.developers, c.sessions, c.records),
      });
    }
    this.dispatch = createDispatcher(this.handlers(), options.log);
  }

  /** Reads every source once, then follows them live. */
  async start(): Promise<void> {
    await this.team?.start();
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

  /** Stops team sync (waiting for its connections to close), then closes like `close`. */
  async shutdown(): Promise<void> {
    const stopping = this.team?.stop();
    this.close();
    await stopping;
  }

  close(): void {
    void this.team?.stop();
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
      'team.status': () => this.teamStatus(),
    };
  }

  private teamStatus(): TeamStatus | Promise<TeamStatus> {
    if (this.team) return this.team.status();
    return {
      mode: 'local',
      reason: this.options.team?.mode === 'local' ? this.options.team.reason : 'Team mode is not configured.',
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
