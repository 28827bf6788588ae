// Opens app cores in team mode against the test servers, with their own data and Claude directories.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ApiEvent } from '../../shared/contract';
import { createLogger } from '../../electron/main/core/logger';
import { MonitorCore } from '../../electron/main/core/monitor-core';
import type { TeamEventMessage } from '../../electron/main/team/team-records';
import { createTestDatabase, uniquePrefix, type TestDatabase } from './team-servers';
import { assistantLine } from './transcript-lines';
import { makeTempDirs, type TempDirs } from './temp-dirs';

export const silent = createLogger('error', () => {});

export interface Instance {
  core: MonitorCore;
  dirs: TempDirs;
  events: ApiEvent[];
  /** Messages that arrived on the team channel, with the rows they carried. */
  live: TeamEventMessage[];
  /** Appends `count` API responses to one session's transcript; returns their total tokens. */
  write(sessionId: string, count: number, tokens?: number): number;
  teamTotals(): ReturnType<NonNullable<MonitorCore['team']>['outbox']['teamTotals']>;
  close(): Promise<void>;
}

export interface TeamTarget {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  team?: string;
}

export async function openInstance(developer: string, target: TeamTarget, shareText = false): Promise<Instance> {
  const dirs = makeTempDirs();
  const team = target.team ?? 'alpha';
  const core = new MonitorCore({
    dataDir: dirs.dataDir,
    claudeDirs: [dirs.claudeDir],
    mode: 'browser',
    log: silent,
    rescanMs: 60_000,
    team: {
      mode: 'team',
      config: {
        databaseUrl: target.databaseUrl,
        redisUrl: target.redisUrl,
        redisPrefix: target.redisPrefix,
        team,
        developer,
        shareText,
      },
    },
    teamTuning: { retryBaseMs: 50, retryMaxMs: 400, presenceIntervalMs: 500, catchUpIntervalMs: 60_000 },
  });
  const events: ApiEvent[] = [];
  const live: TeamEventMessage[] = [];
  core.subscribe((e) => events.push(e));
  core.team!.onRemote((m) => live.push(m));
  await core.start();
  let n = 0;
  return {
    core,
    dirs,
    events,
    live,
    write(sessionId, count, tokens = 100) {
      const dir = dirs.projectDir(`-home-${developer}-demo`);
      mkdirSync(dir, { recursive: true });
      const lines: string[] = [];
      for (let i = 0; i < count; i++) {
        n++;
        lines.push(
          assistantLine({ sessionId, cwd: `/home/${developer}/demo` }, new Date(), {
            input: tokens,
            output: n % 7,
            messageId: `msg_${developer}_${n}`,
            requestId: `req_${developer}_${n}`,
          }),
        );
      }
      appendFileSync(join(dir, `${sessionId}.jsonl`), lines.join('\n') + '\n');
      return lines.reduce((sum, _l, i) => sum + tokens + ((n - count + i + 1) % 7), 0);
    },
    teamTotals: () => core.team!.outbox.teamTotals(team),
    async close() {
      await core.shutdown();
      dirs.cleanup();
    },
  };
}

/** Where team tests find Redis. */
export const REDIS_URL = process.env.SFM_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TeamTestbed {
  /** The file's own Postgres database (from its `beforeAll` on). */
  readonly db: TestDatabase;
  /** A target on that database and the test Redis, under a key prefix of its own. */
  target(team?: string): TeamTarget;
  /** Opens an app, closed after the test. */
  open(developer: string, target: TeamTarget, shareText?: boolean): Promise<Instance>;
}

/**
 * What a file of team tests shares: its own Postgres database, created before its tests and dropped after them,
 * and the apps each test opens, closed after it. Call inside `describe`; `afterEach` hooks registered before this
 * call run after the apps are closed.
 */
export function teamTestbed(): TeamTestbed {
  let db: TestDatabase | null = null;
  const opened: Instance[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((i) => i.close()));
  });
  return {
    get db() {
      if (!db) throw new Error('the team test database is created in beforeAll');
      return db;
    },
    target(team) {
      return { databaseUrl: this.db.url, redisUrl: REDIS_URL, redisPrefix: uniquePrefix(), ...(team ? { team } : {}) };
    },
    async open(developer, target, shareText = false) {
      const instance = await openInstance(developer, target, shareText);
      opened.push(instance);
      return instance;
    },
  };
}
