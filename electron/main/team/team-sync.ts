// Team mode's engine: drains the SQLite outbox into Postgres in ordered batches (retrying with backoff and
// jitter), fans acknowledged batches out on Redis, keeps presence alive, and catches up from Postgres into
// the local team cache on start, on every Redis (re)connect and periodically.
import type { TeamStatus } from '../../../shared/contract';
import type { Logger } from '../core/logger';
import type { ActivityStore } from '../store/activity-store';
import type { SqliteDatabase } from '../store/database';
import { OutboxStore } from '../store/outbox-store';
import type { UsageStore } from '../store/usage-store';
import { LiveChannel } from './live-channel';
import { PgTeamStore, type CatchUpPage } from './pg-team-store';
import { shareableSession, shareableUsage } from './privacy';
import { redactUrl, type TeamConfig } from './team-config';
import type { CatchUpCursor, TeamEventMessage, TeamRunRecord, TeamSessionRow, TeamUsageRow } from './team-records';

type CatchUpStream = 'sessions' | 'usage' | 'runs';
/** Rows per catch-up page. */
const PAGE_SIZE = 5_000;

export interface TeamChange {
  developers: string[];
  sessions: string[];
  records: number;
}

export interface TeamSyncOptions {
  config: TeamConfig;
  db: SqliteDatabase;
  store: UsageStore;
  /** Where subagent runs are stored; without it runs are not shared. */
  activity?: ActivityStore;
  log: Logger;
  /** Called when the team cache changed (live message or catch-up); the core turns it into `team.changed`. */
  onTeamChanged?: (change: TeamChange) => void;
  /** Outbox entries per Postgres round trip. */
  batchSize?: number;
  /** How long to gather local changes before draining them. */
  drainDelayMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  catchUpIntervalMs?: number;
  presenceIntervalMs?: number;
  /** Sessions with usage this recent count as running in presence. */
  activeWindowMs?: number;
  random?: () => number;
}

/** Exponential backoff with equal jitter: half fixed, half random, so a team's apps do not retry in step. */
export function retryDelay(
  failures: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export class TeamSync {
  readonly outbox: OutboxStore;
  readonly pg: PgTeamStore;
  readonly live: LiveChannel;
  private readonly config: TeamConfig;
  private readonly log: Logger;
  private readonly remoteListeners = new Set<(message: TeamEventMessage, receivedAt: number) => void>();
  private readonly unhooks: (() => void)[] = [];
  private schemaReady = false;
  /** After stop(): nothing touches SQLite any more. */
  private closed = false;
  /** After start(): the background loops run. `syncOnce` works without them. */
  private running = false;
  private drainTimer: NodeJS.Timeout | null = null;
  private draining: Promise<number> | null = null;
  private drainAgain = false;
  private backoffTimer: NodeJS.Timeout | null = null;
  private stopping: Promise<void> | null = null;
  private failures = 0;
  private catchingUp: Promise<number> | null = null;
  private catchUpAgain = false;
  private catchUpTimer: NodeJS.Timeout | null = null;
  private presenceTimer: NodeJS.Timeout | null = null;
  private pgError: string | null = null;
  private pgConnected = false;
  private lastPushAt: number | null = null;
  private lastPullAt: number | null = null;
  private rejectedMessages = 0;
  private readonly o: Required<Omit<TeamSyncOptions, 'onTeamChanged' | 'config' | 'db' | 'store' | 'activity' | 'log'>>;

  constructor(private readonly options: TeamSyncOptions) {
    this.config = options.config;
    this.log = options.log;
    this.o = {
      batchSize: options.batchSize ?? 2_000,
      drainDelayMs: options.drainDelayMs ?? 10,
      retryBaseMs: options.retryBaseMs ?? 500,
      retryMaxMs: options.retryMaxMs ?? 60_000,
      catchUpIntervalMs: options.catchUpIntervalMs ?? 30_000,
      presenceIntervalMs: options.presenceIntervalMs ?? 15_000,
      activeWindowMs: options.activeWindowMs ?? 5 * 60_000,
      random: options.random ?? Math.random,
    };
    this.outbox = new OutboxStore(options.db);
    this.pg = new PgTeamStore(this.config, (error) => this.notePgError(error));
    this.live = new LiveChannel(
      this.config,
      {
        onMessage: (m) => this.receive(m),
        onReady: () => void this.catchUp().catch(() => {}),
        onRejected: (reason) => {
          this.rejectedMessages++;
          this.log.warn('team message rejected', { reason });
        },
      },
      this.log,
    );
    // Queued in the same transaction that stores the batch: a crash cannot store a record yet lose its send.
    this.unhooks.push(
      options.store.onBatch((usage, sessions) => {
        this.outbox.enqueue(usage, sessions);
        this.scheduleDrain(this.o.drainDelayMs);
      }),
    );
    if (options.activity) {
      this.unhooks.push(
        options.activity.onRunsChanged((runs) => {
          this.outbox.enqueueRuns(runs);
          this.scheduleDrain(this.o.drainDelayMs);
        }),
      );
    }
    // What was stored before team mode was turned on for this team goes out once, too (runs have their own
    // marker: they were shared only from schema 13 on).
    const backfills = [
      { marker: `backfilled:${this.config.developer}`, queue: () => this.outbox.enqueueEverything() },
      ...(options.activity
        ? [{ marker: `backfilled-runs:${this.config.developer}`, queue: () => this.outbox.enqueueAllRuns() }]
        : []),
    ];
    for (const { marker, queue } of backfills) {
      if (this.outbox.state(this.config.team, marker)) continue;
      const queued = queue();
      this.outbox.setState(this.config.team, marker, String(Date.now()));
      if (queued > 0) this.log.info('team backfill queued', { entries: queued, marker });
    }
  }

  /**
   * Starts syncing. Never fails because a server is down: local work goes on, the outbox keeps every change,
   * and the loops retry in the background.
   */
  async start(): Promise<void> {
    this.running = true;
    await this.live.start();
    this.scheduleDrain(0);
    void this.catchUp().catch(() => {});
    this.catchUpTimer = setInterval(() => void this.catchUp().catch(() => {}), this.o.catchUpIntervalMs);
    this.catchUpTimer.unref();
    void this.refreshPresence();
    this.presenceTimer = setInterval(() => void this.refreshPresence(), this.o.presenceIntervalMs);
    this.presenceTimer.unref();
  }

  /** Listens to every valid message from the team channel as it arrives (tests and benchmarks measure with it). */
  onRemote(listener: (message: TeamEventMessage, receivedAt: number) => void): () => void {
    this.remoteListeners.add(listener);
    return () => this.remoteListeners.delete(listener);
  }

  /** One pass both ways, failing loudly: push the whole outbox, then pull everything new. For `sync --once`. */
  async syncOnce(): Promise<{ pushed: number; pulled: number }> {
    await this.ensureSchema();
    await this.live.connectPublisher(); // best effort: teammates online see the batches live
    let pushed = 0;
    for (;;) {
      const n = await this.drainBatch();
      if (n === 0) break;
      pushed += n;
    }
    const pulled = await this.catchUpNow();
    return { pushed, pulled };
  }

  /** Stops the loops. SQLite is no longer touched after this returns; connections close in the background. */
  stop(): Promise<void> {
    this.stopping ??= this.stopOnce();
    return this.stopping;
  }

  private stopOnce(): Promise<void> {
    this.closed = true;
    for (const unhook of this.unhooks.splice(0)) unhook();
    for (const t of [this.drainTimer, this.catchUpTimer, this.presenceTimer, this.backoffTimer]) if (t) clearTimeout(t);
    this.drainTimer = this.catchUpTimer = this.presenceTimer = this.backoffTimer = null;
    const inFlight = [this.draining, this.catchingUp].map((p) => p?.catch(() => 0));
    return (async () => {
      await Promise.all(inFlight);
      await this.live.close();
      await this.pg.close().catch(() => {});
    })();
  }

  async status(): Promise<TeamStatus> {
    const pending = this.closed ? { entries: 0, oldestAt: null } : this.outbox.pending();
    return {
      mode: 'team',
      team: this.config.team,
      developer: this.config.developer,
      databaseUrl: redactUrl(this.config.databaseUrl),
      redisUrl: redactUrl(this.config.redisUrl),
      shareText: this.config.shareText,
      postgres: { connected: this.pgConnected, lastError: this.pgError },
      redis: { connected: this.live.isConnected, lastError: this.live.lastError },
      outbox: pending,
      lastPushAt: this.lastPushAt,
      lastPullAt: this.lastPullAt,
      rejectedMessages: this.rejectedMessages,
      members: (await this.live.presence()).map((p) => ({
        developer: p.developer,
        at: p.at,
        runningSessions: p.runningAgents.length,
      })),
    };
  }

  // --- outbox → Postgres -------------------------------------------------------------------------------

  private scheduleDrain(delayMs: number): void {
    if (!this.running || this.closed || this.backoffTimer) return; // while backing off, new changes wait in the outbox
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    if (this.drainTimer) return;
    this.drainTimer = setTimeout(() => {
      this.drainTimer = null;
      this.draining = this.drainAll().finally(() => {
        this.draining = null;
        if (this.drainAgain && this.failures === 0) {
          this.drainAgain = false;
          this.scheduleDrain(0);
        }
      });
    }, delayMs);
  }

  private async drainAll(): Promise<number> {
    let total = 0;
    try {
      await this.ensureSchema();
      for (;;) {
        if (this.closed) break;
        this.drainAgain = false;
        const n = await this.drainBatch();
        total += n;
        if (n === 0) break;
      }
      this.failures = 0;
    } catch (error) {
      this.failures++;
      this.notePgError(error as Error);
      const delay = retryDelay(this.failures, this.o.retryBaseMs, this.o.retryMaxMs, this.o.random);
      this.log.warn('team push failed, will retry', { error: (error as Error).message, retryInMs: delay });
      this.drainAgain = false;
      this.backoffTimer = setTimeout(() => {
        this.backoffTimer = null;
        this.scheduleDrain(0);
      }, delay);
    }
    return total;
  }

  /** Sends the oldest batch; the outbox entries go only after Postgres committed. Returns entries sent. */
  private async drainBatch(): Promise<number> {
    if (this.closed) return 0;
    const batch = this.outbox.nextBatch(this.o.batchSize);
    if (!batch) return 0;
    const policy = { shareText: this.config.shareText };
    const changed = await this.pg.push(
      batch.sessions.map((s) => shareableSession(s, policy)),
      batch.usage.map(shareableUsage),
      batch.runs,
    );
    this.notePgOk();
    if (this.closed) return batch.entries; // not acknowledged: sent again next time, which changes nothing
    this.outbox.acknowledge(batch.maxSeq, changed.sessions, changed.usage, changed.runs);
    this.lastPushAt = Date.now();
    if (changed.sessions.length > 0 || changed.usage.length > 0 || changed.runs.length > 0) {
      await this.live.publish({
        v: 1,
        team: this.config.team,
        developer: this.config.developer,
        sentAt: Date.now(),
        sessions: changed.sessions,
        usage: changed.usage,
        ...(changed.runs.length > 0 ? { runs: changed.runs.map(({ team: _t, developer: _d, ...run }) => run) } : {}),
      });
      this.announce(changed.sessions, changed.usage, changed.runs);
    }
    return batch.entries;
  }

  private async ensureSchema(): Promise<void> {
    if (this.schemaReady) return;
    const { applied } = await this.pg.migrate();
    if (applied.length > 0) this.log.info('team database migrated', { applied });
    this.schemaReady = true;
  }

  // --- Redis → cache --------------------------------------------------------------------------------------

  private receive(message: TeamEventMessage): void {
    const at = Date.now();
    for (const l of this.remoteListeners) l(message, at);
    if (this.closed || message.developer === this.config.developer) return; // ours is cached when pushed
    // A run from an older sender has no seq: it is cached as the oldest version, which catch-up replaces.
    const runs = (message.runs ?? []).map((r): TeamRunRecord => ({
      ...r,
      team: message.team,
      developer: message.developer,
      agentId: r.agentId ?? null,
      seq: r.seq ?? 0,
    }));
    this.outbox.cacheTeamRows(message.sessions, message.usage, runs);
    this.announce(message.sessions, message.usage, runs);
  }

  // --- Postgres → cache -----------------------------------------------------------------------------------

  /** Catches up in the background; overlapping requests fold into one more pass. */
  catchUp(): Promise<number> {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return this.catchingUp;
    }
    this.catchingUp = (async () => {
      let total = 0;
      try {
        do {
          this.catchUpAgain = false;
          total += await this.catchUpNow();
        } while (this.catchUpAgain && !this.closed);
      } catch (error) {
        this.notePgError(error as Error);
        this.log.warn('team catch-up failed, will retry', { error: (error as Error).message });
        throw error;
      } finally {
        this.catchingUp = null;
      }
      return total;
    })();
    return this.catchingUp;
  }

  private async catchUpNow(): Promise<number> {
    await this.ensureSchema();
    let pulled = 0;
    const cache = (sessions: TeamSessionRow[], usage: TeamUsageRow[], runs: TeamRunRecord[]) => {
      this.outbox.cacheTeamRows(sessions, usage, runs);
      this.announce(sessions, usage, runs);
    };
    pulled += await this.pull(
      'sessions',
      (c) => this.pg.sessionsSince(c, PAGE_SIZE),
      (rows) => cache(rows, [], []),
    );
    pulled += await this.pull(
      'usage',
      (c) => this.pg.usageSince(c, PAGE_SIZE),
      (rows) => cache([], rows, []),
    );
    pulled += await this.pull(
      'runs',
      (c) => this.pg.runsSince(c, PAGE_SIZE),
      (rows) => cache([], [], rows),
    );
    if (this.closed) return pulled;
    this.lastPullAt = Date.now();
    return pulled;
  }

  /** Pulls one stream's pages from its cursor until a short page; returns rows pulled. */
  private async pull<T>(
    stream: CatchUpStream,
    read: (cursor: CatchUpCursor) => Promise<CatchUpPage<T>>,
    store: (rows: T[]) => void,
  ): Promise<number> {
    const team = this.config.team;
    let pulled = 0;
    for (;;) {
      if (this.closed) return pulled;
      const page = await read(this.outbox.cursor(team, stream));
      this.notePgOk();
      if (this.closed || page.rows.length === 0) return pulled;
      store(page.rows);
      this.outbox.setCursor(team, stream, page.next);
      pulled += page.rows.length;
      if (page.rows.length < PAGE_SIZE) return pulled;
    }
  }

  // --- presence -------------------------------------------------------------------------------------------

  private async refreshPresence(): Promise<void> {
    if (this.closed) return;
    const runningAgents = this.outbox.activeSessions(Date.now() - this.o.activeWindowMs);
    await this.live.refreshPresence(
      { developer: this.config.developer, at: Date.now(), runningAgents },
      this.o.presenceIntervalMs * 3,
    );
  }

  // --- bookkeeping ----------------------------------------------------------------------------------------

  private announce(sessions: TeamSessionRow[], usage: TeamUsageRow[], runs: TeamRunRecord[] = []): void {
    if (sessions.length === 0 && usage.length === 0 && runs.length === 0) return;
    this.options.onTeamChanged?.({
      developers: [...new Set([...sessions, ...usage, ...runs].map((r) => r.developer))],
      sessions: [
        ...new Set([...sessions.map((s) => s.id), ...usage.map((u) => u.sessionId), ...runs.map((r) => r.sessionId)]),
      ],
      records: usage.length,
    });
  }

  private notePgOk(): void {
    this.pgConnected = true;
    this.pgError = null;
  }

  private notePgError(error: Error): void {
    this.pgConnected = false;
    this.pgError = error.message;
  }
}
