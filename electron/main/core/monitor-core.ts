// The app's core under plain Node: store, ingest, queries and events, behind the contract's dispatcher.
// The desktop edge and the browser twin (`serve`) both wrap one of these.
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { AppInfo, DemoLoaded, ScanProgress, SourceStatus, UsageScope } from '../../../shared/contract';
import { simulateClaudeDir } from '../simulate/simulate-claude-dir';
import {
  ActivitySignalAdapter,
  UsageSignalAdapter,
  hookSignals,
  sourceHealthSignals,
  teammateRunSignals,
} from '../alerts/adapters';
import { AlertService, type AlertTrayState } from '../alerts/alert-service';
import { mergeRunningAgents } from '../alerts/tray-model';
import { hookFacts } from '../hooks/hook-events';
import { ApiFailure, createDispatcher, type Dispatch, type RequestHandlers } from '../api/dispatch';
import { startHookReceiver, type HookReceiver } from '../hooks/hook-receiver';
import { ScanTally } from '../ingest/scan-tally';
import type { SourceWatcher } from '../ingest/source-watcher';
import type { IngestOutcome } from '../ingest/transcript-ingestor';
import type { PriceTable } from '../pricing/price-table';
import { buildAnalytics } from '../query/analytics';
import { buildMetrics } from '../query/metrics';
import { buildOverview } from '../query/overview';
import { buildAgentList, listAgentRuns, listTasks, listTeamTasks } from '../query/activity';
import { getSessionDetail, listSessions, listTeamSessions } from '../query/sessions';
import { SessionQueries } from '../store/session-queries';
import { ActivityQueries } from '../store/activity-queries';
import { WorkspaceStore } from '../store/workspace-store';
import { WorkspaceScanner } from '../sources/workspace-scanner';
import type { SqliteDatabase } from '../store/database';
import { HookEventStore } from '../store/hook-event-store';
import { RollupStore } from '../store/rollup-store';
import type { UsageStore } from '../store/usage-store';
import type { ActivityStore } from '../store/activity-store';
import type { TeamConfigResolution } from '../team/team-config';
import type { TeamSync, TeamSyncOptions } from '../team/team-sync';
import { TeamMode } from '../team/team-mode';
import { EnvSecretStore, type SecretStore } from '../team/secret-store';
import { SettingsService } from '../settings/settings-service';
import { SettingsStore } from '../store/settings-store';
import { EventBus, type EventListener } from './event-bus';
import { demoClaudeDir, Importer, type ScanProgressListener } from './importer';
import type { Logger } from './logger';

export { demoClaudeDir };
const DEMO_MIB = 8;

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
  /** Team mode, when configured; absent or local means the app works alone. */
  team?: TeamConfigResolution;
  /**
   * Where team URLs are kept: the desktop edge passes its OS-encrypted store; by default the plain-Node store,
   * which reads the environment and refuses to persist.
   */
  secrets?: SecretStore;
  /** Tuning of the team sync loops (tests and benchmarks). */
  teamTuning?: Omit<TeamSyncOptions, 'config' | 'db' | 'store' | 'log' | 'onTeamChanged'>;
  /** The `hook.js` that installed command hooks run; found next to the running bundle when absent. */
  hookScript?: string;
  /** Environment the user's Claude settings.json is found from (CLAUDE_CONFIG_DIR, HOME); process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** The worker a large scan reads transcripts on; by default the built one (see ingest/read-ahead.ts). */
  readAheadWorker?: URL | null;
}

/** A scan with at least this much to read is shown (in the app: a banner with its progress). */
const LARGE_SCAN_BYTES = 16 * 1024 * 1024;
/** How often a large scan's progress is pushed. */
const SCAN_PROGRESS_MS = 250;

/** Sessions whose last hook event is older than this are not in the tray (a lost SessionEnd cannot pin one). */
const TRAY_LIVE_MS = 6 * 3600_000;
/** A run the transcripts have as running but with no line for this long is not listed as running. */
const TRAY_RUN_ACTIVITY_MS = 30 * 60_000;
const TRAY_LIMIT = 100;

export class MonitorCore {
  readonly dispatch: Dispatch;
  readonly store: UsageStore;
  readonly prices: PriceTable;
  /** Why the data directory's price overrides were not used, when they were not. */
  readonly priceError: string | null;
  readonly activity: ActivityStore;
  readonly activityQueries: ActivityQueries;
  readonly sessionQueries: SessionQueries;
  readonly hookEvents: HookEventStore;
  private hookReceiver: HookReceiver | null = null;
  private closed = false;
  readonly alerts: AlertService;
  readonly rollups: RollupStore;
  /** The Claude data directories read: the configured ones, and the demo folder once demo data was loaded. */
  private readonly claudeDirs: string[];
  private readonly db: SqliteDatabase;
  /** Store, prices and transcript ingest: the part `report` and `import` also use alone. */
  private readonly importer: Importer;
  private readonly bus = new EventBus();
  private readonly watcher: SourceWatcher;
  /** The scan under way (from its first plan to its end), and the last large one's state, for `sources.scan`. */
  private scan: { tally: ScanTally; startedAt: number; shownAt: number } | null = null;
  private lastLargeScan: ScanProgress | null = null;
  /** Who hears the progress of the pass `importOnce` runs (the CLI's `sync --once`). */
  private progress: ScanProgressListener | null = null;
  private readonly sourceErrors = new Map<string, string>();
  /** The agent registry and SubForge workspaces of the Claude dirs and of every project seen in sessions. */
  readonly workspaces: WorkspaceScanner;
  /** Hook installation, retention and its prune, price overrides. */
  readonly settings: SettingsService;
  /** Team mode: its configuration, the running sync, and the team cache's scopes. */
  private readonly teamMode: TeamMode;

  /** Team sync, when team mode is configured (replaced when `team.configure` applies new settings). */
  get team(): TeamSync | null {
    return this.teamMode.sync;
  }

  constructor(private readonly options: CoreOptions) {
    this.importer = new Importer(options);
    // The same array the watcher and the workspace scanner read: the demo folder, once added, is scanned by both.
    this.claudeDirs = this.importer.claudeDirs;
    this.db = this.importer.db;
    this.store = this.importer.store;
    this.prices = this.importer.prices;
    this.priceError = this.importer.priceError;
    this.activity = this.importer.activity;
    this.activityQueries = new ActivityQueries(this.db);
    this.sessionQueries = new SessionQueries(this.db);
    this.hookEvents = new HookEventStore(this.db);
    this.settings = new SettingsService({
      dataDir: options.dataDir,
      store: new SettingsStore(this.db),
      usage: this.store,
      prices: this.prices,
      log: options.log,
      env: options.env,
      hookScript: options.hookScript,
      priceError: this.priceError,
      reprice: () => this.importer.repriceIfChanged(),
      onUsageChanged: (records) => this.bus.usageChanged([], records),
    });
    // Alerts warm up from the store before anything new is ingested, then follow what is stored.
    this.alerts = new AlertService({ db: this.db, log: options.log });
    const usageSignals = new UsageSignalAdapter();
    this.store.onRecordsStored((rows) => this.alerts.feedMany(usageSignals.toSignals(rows)));
    // Runs and tool results from transcripts; history (a first import, a re-import) is left out by the adapter.
    const activitySignals = new ActivitySignalAdapter();
    this.activity.onActivityStored((changes) => {
      const signals = activitySignals.toSignals(changes, Date.now());
      this.alerts.feedMany(signals);
    });
    this.alerts.onRaised((alerts) => this.bus.alertsRaised(alerts));
    this.bus.subscribe((e) => {
      if (e.name === 'sources.changed') this.alerts.feedMany(sourceHealthSignals(this.sources(), e.payload.at));
    });
    this.rollups = new RollupStore(this.db);
    this.watcher = this.importer.watcher({
      rescanMs: options.rescanMs,
      onPlan: (files, bytes) => this.scanPlanned(files, bytes),
      onScanEnd: () => this.scanEnded(),
      onOutcome: (o) => {
        this.scanRead(o);
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
    this.workspaces = new WorkspaceScanner({
      claudeDirs: this.claudeDirs,
      store: new WorkspaceStore(this.db),
      activity: this.activity,
      log: options.log,
      rescanMs: options.rescanMs,
      onChange: (report) => {
        if (report.badAgentFiles > 0) {
          options.log.warn('agent definitions unreadable', { files: report.badAgentFiles });
        }
        this.bus.sourcesChanged();
      },
    });
    this.teamMode = new TeamMode({
      dataDir: options.dataDir,
      db: this.db,
      store: this.store,
      activity: this.activity,
      log: options.log,
      secrets: options.secrets ?? new EnvSecretStore(),
      env: process.env,
      initial: options.team,
      tuning: options.teamTuning,
      onTeamChanged: (c) => this.bus.teamChanged(c.developers, c.sessions, c.records),
      onRemote: (message, at, me) => this.alerts.feedMany(teammateRunSignals(message, me, at)),
    });
    this.dispatch = createDispatcher(this.handlers(), options.log);
  }

  /** Reads every source once, then follows them live. */
  async start(): Promise<void> {
    this.settings.startPruning(); // retention: hook events (and usage, when the user asked) older than kept
    await this.startHooks();
    await this.teamMode.start();
    this.alerts.start();
    await this.watcher.start();
    await this.workspaces.start();
    this.bus.flush(); // the first scan's news goes out now, not mixed into the first live batch
  }

  /** One full pass over the sources, for `import`. */
  async importOnce(progress?: ScanProgressListener): Promise<void> {
    this.progress = progress ?? null;
    try {
      await this.watcher.scan();
    } finally {
      this.progress = null;
    }
    await this.workspaces.scan();
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
    try {
      this.hookReceiver = await startHookReceiver({
        dataDir: this.options.dataDir,
        log: this.options.log,
        port: this.options.hooks?.port,
        onEvent: (event, at) => {
          if (this.closed) return;
          const stored = this.hookEvents.record(event, at);
          this.bus.hookEvent(stored.summary, stored.session);
          this.alerts.feedMany(hookSignals(event, hookFacts(event), stored.session, at));
        },
      });
    } catch (error) {
      // Live status is a bonus over transcripts: the app stays useful without it.
      this.options.log.error('hook receiver failed to start', { error: (error as Error).message });
    }
  }

  /**
   * What the tray shows: the alert state, with the running agents of every source merged (hooks' live status,
   * the store's running runs, the runs fed to the alert engine).
   */
  trayState(now = Date.now()): AlertTrayState {
    const state = this.alerts.trayState();
    const running = mergeRunningAgents({
      live: this.hookEvents.liveSessions(now - TRAY_LIVE_MS, TRAY_LIMIT),
      stored: this.activityQueries.runningRuns(now - TRAY_RUN_ACTIVITY_MS, TRAY_LIMIT),
      engine: this.alerts.runningRuns(),
    });
    return { ...state, running };
  }

  /** Stops team sync (waiting for its connections to close), then closes like `close`. */
  async shutdown(): Promise<void> {
    const stopping = this.teamMode.stop();
    this.close();
    await stopping;
  }

  close(): void {
    this.closed = true;
    void this.hookReceiver?.stop();
    void this.teamMode.stop();
    this.watcher.stop();
    this.workspaces.stop();
    this.settings.stop();
    this.alerts.stop();
    this.bus.flush();
    this.importer.close();
  }

  private handlers(): RequestHandlers {
    return {
      'app.info': () => ({
        version: APP_VERSION,
        mode: this.options.mode,
        dataDir: this.options.dataDir,
        claudeDirs: this.claudeDirs,
        ...(this.hookReceiver ? { hookEndpoint: this.hookReceiver.info() } : {}),
      }),
      'overview.get': ({ timezone, date, scope }) => buildOverview(this.usageOf(scope), timezone, date),
      'sources.list': () => this.sources(),
      'sources.scan': () => this.lastLargeScan,
      'agents.list': ({ scope }) => buildAgentList(this.activityQueries, this.teamUsage(scope) ?? this.activityQueries),
      'agentRuns.list': (input) => listAgentRuns(this.activityQueries, { ...input, limit: input.limit ?? 100 }),
      'tasks.list': ({ scope, ...input }) => {
        const team = this.teamUsage(scope);
        const query = { ...input, limit: input.limit ?? 200 };
        return team ? listTeamTasks(team, query) : listTasks(this.activityQueries, query);
      },
      'sessions.get': ({ id, limit }) => getSessionDetail(this.activityQueries, this.sessionQueries, id, limit),
      'sessions.list': ({ sort = 'start', order = 'desc', limit = 50, offset = 0, scope, ...filters }) => {
        const query = { ...filters, sort, order, limit, offset };
        return !scope || scope.kind === 'me'
          ? listSessions(this.sessionQueries, query)
          : listTeamSessions(this.teamMode.sessions(scope), query);
      },
      'live.status': ({ withinMs, limit }) => {
        const at = Date.now();
        return { sessions: this.hookEvents.liveSessions(at - (withinMs ?? 24 * 3600_000), limit ?? 200), at };
      },
      'events.recent': ({ limit, sessionId }) => this.hookEvents.recentEvents(limit ?? 100, sessionId),
      'team.status': () => this.teamMode.status(),
      'team.developers': () => this.teamMode.developers(),
      'team.settings.get': () => this.teamMode.settings(),
      'team.configure': (input) => this.teamMode.configure(input),
      'team.test': (input) => this.teamMode.test(input),
      'metrics.get': ({ range, groupBy, timezone, scope }) =>
        buildMetrics(this.rollupsOf(scope), { range, groupBy, timezone, developer: this.developerName() }),
      'analytics.get': ({ timezone, scope }) => buildAnalytics(this.rollupsOf(scope), timezone),
      'demo.load': () => this.loadDemoData(),
      'alerts.list': (q) => this.alerts.list({ ...q, limit: q.limit ?? 200 }),
      'alerts.acknowledge': ({ ids }) => ({ acknowledged: this.alerts.acknowledge(ids) }),
      'alerts.rules.get': () => this.alerts.settings(),
      'alerts.rules.update': (patch) => this.alerts.updateSettings(patch),
      'alerts.pause': ({ minutes }) => this.alerts.pause(minutes),
      'hooks.status': () => this.settings.hooksStatus(),
      'hooks.install': (input) => this.settings.hooksInstall(input),
      'settings.get': () => this.settings.settings(),
      'settings.update': (patch) => this.settings.updateSettings(patch),
      'prices.list': () => this.settings.pricesList(),
      'prices.setOverride': (input) => this.settings.setPriceOverride(input),
    };
  }

  /**
   * Writes simulated transcripts to `<dataDir>/demo-claude` (never the user's Claude directory), watches that
   * folder as one more source and reads it before answering.
   */
  private async loadDemoData(): Promise<DemoLoaded> {
    const source = demoClaudeDir(this.options.dataDir);
    let files: number;
    try {
      files = simulateClaudeDir({ out: source, mib: DEMO_MIB, seed: 'demo' }).files;
    } catch (error) {
      throw new ApiFailure('INTERNAL', `Could not write demo data to ${source}: ${(error as Error).message}`);
    }
    if (!this.claudeDirs.includes(source)) this.claudeDirs.push(source);
    await this.watcher.scan();
    this.bus.flush();
    return { source, files };
  }

  /** The team cache of the team or of one developer; null for `me` (the default: the local store). */
  private teamUsage(scope: UsageScope | undefined) {
    return !scope || scope.kind === 'me' ? null : this.teamMode.usage(scope);
  }

  private usageOf(scope: UsageScope | undefined) {
    return this.teamUsage(scope) ?? this.store;
  }

  private rollupsOf(scope: UsageScope | undefined) {
    return this.teamUsage(scope) ?? this.rollups;
  }

  /** Who "me" is: the team developer name in team mode, else the OS user. */
  private developerName(): string {
    return this.teamMode.developer ?? localDeveloper();
  }

  private scanPlanned(files: number, bytes: number): void {
    this.scan ??= { tally: new ScanTally(), startedAt: Date.now(), shownAt: 0 };
    this.scan.tally.planned(files, bytes);
    this.progress?.planned(files, bytes);
    this.showScan(false);
  }

  private scanRead(outcome: IngestOutcome): void {
    this.progress?.read(outcome);
    if (!this.scan) return;
    this.scan.tally.read(outcome);
    this.showScan(false);
  }

  private scanEnded(): void {
    this.showScan(true);
    this.scan = null;
  }

  /**
   * Pushes a large scan's progress: a few times a second, and when it ends. A small one (a rescan after a few
   * appends) is not shown at all.
   */
  private showScan(ended: boolean): void {
    const scan = this.scan;
    if (!scan || scan.tally.bytes < LARGE_SCAN_BYTES) return;
    const now = Date.now();
    if (!ended && now - scan.shownAt < SCAN_PROGRESS_MS) return;
    scan.shownAt = now;
    const { files, filesRead, bytes, bytesRead } = scan.tally;
    this.lastLargeScan = {
      files,
      filesRead,
      bytes,
      bytesRead,
      startedAt: scan.startedAt,
      finishedAt: ended ? now : null,
    };
    this.bus.scanProgress(this.lastLargeScan);
  }

  private sources(): SourceStatus[] {
    const summary = new Map(this.store.sourceSummary().map((s) => [s.root, s]));
    return this.claudeDirs.map((root) => {
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
        skippedFiles: (s?.skippedLines ?? 0) > 0 ? this.store.skippedFiles(root, 200) : [],
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
