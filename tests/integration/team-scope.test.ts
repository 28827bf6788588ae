// Scopes over the team cache on real Postgres and Redis: the team's totals in every panel equal `report --team`
// and the sum over developers; one developer's equal that developer's own local totals. Team settings: serve
// refuses to persist URLs; a bad Redis URL is reported clearly; configuring restarts team sync in place.
import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RequestInput, RequestName, RequestOutput } from '../../shared/contract';
import { MonitorCore } from '../../electron/main/core/monitor-core';
import { createTestDatabase, freePort, uniquePrefix, type TestDatabase } from '../support/team-servers';
import { openInstance, silent, type Instance, type TeamTarget } from '../support/team-instances';
import { makeTempDirs } from '../support/temp-dirs';

const REDIS_URL = process.env.SFM_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TZ = 'UTC';
const SESSION_A1 = 'a1111111-1111-4111-8111-111111111111';
const SESSION_A2 = 'a2222222-2222-4222-8222-222222222222';
const SESSION_B1 = 'b1111111-1111-4111-8111-111111111111';

async function ask<K extends RequestName>(core: MonitorCore, name: K, input: RequestInput<K>) {
  const e = await core.dispatch(name, input);
  if (!e.ok) throw new Error(`${name}: ${e.error.code} ${e.error.message}`);
  return e.value as RequestOutput<K>;
}

/** Runs the CLI from the sources (tsx), returning stdout; fails on a non-zero exit. */
function cli(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/main/cli/index.ts', ...args], {
      env: { ...process.env, ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
  });
}

describe('team scopes', () => {
  let db: TestDatabase;
  let target: TeamTarget;
  const open: Instance[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    target = { databaseUrl: db.url, redisUrl: REDIS_URL, redisPrefix: uniquePrefix() };
  });
  afterAll(async () => {
    await Promise.all(open.splice(0).map((i) => i.close()));
    await db.drop();
  });

  it('answers the team, each developer and me from the cache, equal to report --team and the local totals', async () => {
    const a = await openInstance('alice', target);
    open.push(a);
    const b = await openInstance('bob', target);
    open.push(b);
    a.write(SESSION_A1, 30, 120);
    a.write(SESSION_A2, 12, 80);
    b.write(SESSION_B1, 20, 200);
    const everyone = 62;
    await vi.waitFor(() => expect(b.teamTotals().apiCalls).toBe(everyone), { timeout: 20_000 });
    await vi.waitFor(() => expect(a.teamTotals().apiCalls).toBe(everyone), { timeout: 20_000 });

    const team = await ask(b.core, 'overview.get', { timezone: TZ, scope: { kind: 'team' } });
    const alice = await ask(b.core, 'overview.get', { timezone: TZ, scope: { kind: 'developer', developer: 'alice' } });
    const bob = await ask(b.core, 'overview.get', { timezone: TZ, scope: { kind: 'developer', developer: 'bob' } });
    const aliceLocal = await ask(a.core, 'overview.get', { timezone: TZ });
    const bobLocal = await ask(b.core, 'overview.get', { timezone: TZ, scope: { kind: 'me' } });

    // The team is the sum over its developers, and each developer as the team sees them is their own local view.
    expect(team.today.sessions).toBe(3);
    expect(team.today.totalTokens).toBe(alice.today.totalTokens + bob.today.totalTokens);
    expect(team.today.totalCost).toBeCloseTo(alice.today.totalCost + bob.today.totalCost, 9);
    expect(alice.today).toEqual(aliceLocal.today);
    expect(bob.today).toEqual(bobLocal.today);
    expect(bob.today.totalTokens).not.toBe(alice.today.totalTokens);
    expect(new Set(team.sessions.map((s) => s.developer))).toEqual(new Set(['alice', 'bob']));
    expect(alice.sessions.map((s) => s.id).sort()).toEqual([SESSION_A1, SESSION_A2]);

    // `report --team --json` reads the same cache, with no network.
    const env = { SUBFORGE_MONITOR_TEAM: 'alpha', SUBFORGE_MONITOR_LOG_LEVEL: 'error' };
    const base = ['--json', '--timezone', TZ, '--data-dir', b.dirs.dataDir];
    const report = JSON.parse(await cli(['report', 'daily', '--team', ...base], env)) as {
      totals: { totalTokens: number; totalCost: number };
    };
    expect(report.totals.totalTokens).toBe(team.today.totalTokens);
    expect(report.totals.totalCost).toBeCloseTo(team.today.totalCost, 9);
    const aliceReport = JSON.parse(
      await cli(['report', 'session', '--team', '--developer', 'alice', ...base], env),
    ) as { sessions: { sessionId: string }[]; totals: { totalTokens: number } };
    expect(aliceReport.totals.totalTokens).toBe(aliceLocal.today.totalTokens);
    expect(aliceReport.sessions.map((s) => s.sessionId).sort()).toEqual([SESSION_A1, SESSION_A2]);

    // Metrics and Analytics agree with the Overview in every scope (the rollups of migration 11).
    const range = { preset: '24h' } as const;
    const teamMetrics = await ask(b.core, 'metrics.get', {
      range,
      groupBy: 'developer',
      timezone: TZ,
      scope: { kind: 'team' },
    });
    expect(teamMetrics.totals.totalTokens).toBe(team.today.totalTokens);
    expect(teamMetrics.totals.requests).toBe(everyone);
    expect(Object.fromEntries(teamMetrics.groups.map((g) => [g.label, g.totalTokens]))).toEqual({
      alice: alice.today.totalTokens,
      bob: bob.today.totalTokens,
    });
    const aliceMetrics = await ask(b.core, 'metrics.get', {
      range,
      groupBy: 'model',
      timezone: TZ,
      scope: { kind: 'developer', developer: 'alice' },
    });
    const aliceLocalMetrics = await ask(a.core, 'metrics.get', { range, groupBy: 'model', timezone: TZ });
    expect(aliceMetrics.totals).toEqual(aliceLocalMetrics.totals);
    const teamAnalytics = await ask(b.core, 'analytics.get', { timezone: TZ, scope: { kind: 'team' } });
    expect(teamAnalytics.topSessions.map((s) => s.id).sort()).toEqual([SESSION_A1, SESSION_A2, SESSION_B1].sort());
    const blockTokens = teamAnalytics.blocks.reduce((n, blk) => n + blk.totalTokens, 0);
    expect(blockTokens).toBe(team.today.totalTokens);

    // The switch lists who is in the cache.
    const developers = await ask(b.core, 'team.developers', {});
    expect(developers.map((d) => d.developer).sort()).toEqual(['alice', 'bob']);
    expect(developers.find((d) => d.developer === 'alice')?.requests).toBe(42);
  });

  it('refuses team and developer scopes when team mode is off, saying why', async () => {
    const dirs = makeTempDirs();
    const core = new MonitorCore({ dataDir: dirs.dataDir, claudeDirs: [dirs.claudeDir], mode: 'browser', log: silent });
    try {
      const e = await core.dispatch('overview.get', { timezone: TZ, scope: { kind: 'team' } });
      expect(e).toMatchObject({
        ok: false,
        error: { code: 'UNAVAILABLE', message: expect.stringContaining('team mode') },
      });
      expect(await ask(core, 'team.developers', {})).toEqual([]);
    } finally {
      core.close();
      dirs.cleanup();
    }
  });
});

describe('team settings', () => {
  let db: TestDatabase;
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  afterAll(async () => {
    await db.drop();
  });

  const localCore = () => {
    const dirs = makeTempDirs();
    // No `secrets` given: the plain-Node store of `serve`, which reads the environment and never writes.
    const core = new MonitorCore({ dataDir: dirs.dataDir, claudeDirs: [dirs.claudeDir], mode: 'browser', log: silent });
    cleanups.push(
      () => dirs.cleanup(),
      () => core.shutdown(),
    );
    return core;
  };

  it('refuses to persist URLs under serve and tells the user to use the environment', async () => {
    const core = localCore();
    const withPassword = db.urlVia(5432, 'postgres', 'hunter2');
    const e = await core.dispatch('team.configure', {
      databaseUrl: withPassword,
      redisUrl: REDIS_URL,
      team: 'alpha',
      developer: 'carol',
      shareText: false,
    });
    expect(e).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    if (e.ok) return;
    expect(e.error.message).toContain('SUBFORGE_MONITOR_DATABASE_URL');
    expect(e.error.message).not.toContain('hunter2');
    const settings = await ask(core, 'team.settings.get', {});
    expect(settings).toMatchObject({ canStoreSecrets: false, databaseUrl: null, team: null });
    expect(await ask(core, 'team.status', {})).toMatchObject({ mode: 'local' });
  });

  it('rejects a malformed URL without echoing it', async () => {
    const core = localCore();
    const e = await core.dispatch('team.configure', {
      databaseUrl: 'mysql://root:s3cret@db/team',
      redisUrl: REDIS_URL,
      team: 'alpha',
      developer: 'carol',
      shareText: false,
    });
    expect(e).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(JSON.stringify(e)).not.toContain('s3cret');
  });

  it('reports a bad Redis URL clearly, each server on its own, with passwords masked', async () => {
    const core = localCore();
    const port = await freePort();
    const result = await ask(core, 'team.test', {
      databaseUrl: db.url,
      redisUrl: `redis://:topsecret@127.0.0.1:${port}`,
    });
    expect(result.postgres).toMatchObject({ ok: true, message: expect.stringContaining('PostgreSQL') });
    expect(result.redis.ok).toBe(false);
    expect(result.redis.message).toContain(`127.0.0.1:${port}`);
    expect(result.redis.message).toMatch(/nothing listens|ECONNREFUSED/);
    expect(result.redis.url).toBe(`redis://:***@127.0.0.1:${port}`);
    expect(JSON.stringify(result)).not.toContain('topsecret');

    const notRedis = await ask(core, 'team.test', { databaseUrl: db.url, redisUrl: 'http://127.0.0.1:6379' });
    expect(notRedis.redis).toMatchObject({ ok: false, message: expect.stringContaining('redis://') });
  });

  it('keeps URLs in the secret store the core was given, and shows them masked', async () => {
    const dirs = makeTempDirs();
    const kept = new Map<string, string>();
    // The desktop edge gives the core its OS-encrypted store; this one keeps them in memory the same way.
    const secrets = {
      get: (name: string) => kept.get(name),
      set: (name: string, value: string) => void kept.set(name, value),
      canPersist: () => true,
    };
    const core = new MonitorCore({
      dataDir: dirs.dataDir,
      claudeDirs: [dirs.claudeDir],
      mode: 'desktop',
      log: silent,
      secrets,
    });
    cleanups.push(
      () => dirs.cleanup(),
      () => core.shutdown(),
    );
    await core.start();
    const withPassword = db.urlVia(5432, 'postgres', 'hunter2');
    const e = await core.dispatch('team.configure', {
      databaseUrl: withPassword,
      redisUrl: REDIS_URL,
      team: 'gamma',
      developer: 'frank',
      shareText: false,
    });
    expect(e).toMatchObject({
      ok: true,
      value: { mode: 'team', team: 'gamma', databaseUrl: expect.stringContaining(':***@') },
    });
    expect(kept.get('team.databaseUrl')).toBe(withPassword);
    const settings = await ask(core, 'team.settings.get', {});
    expect(settings).toMatchObject({ canStoreSecrets: true, urlsFrom: 'secret-store', team: 'gamma' });
    expect(JSON.stringify([e, settings])).not.toContain('hunter2');
    expect(core.team).not.toBeNull();
  });

  it('applies new settings by restarting team sync in place, keeping URLs from the environment', async () => {
    const dirs = makeTempDirs();
    const prefix = uniquePrefix();
    const core = new MonitorCore({
      dataDir: dirs.dataDir,
      claudeDirs: [dirs.claudeDir],
      mode: 'browser',
      log: silent,
      team: {
        mode: 'team',
        config: {
          databaseUrl: db.url,
          redisUrl: REDIS_URL,
          redisPrefix: prefix,
          team: 'alpha',
          developer: 'dave',
          shareText: false,
        },
      },
    });
    cleanups.push(
      () => dirs.cleanup(),
      () => core.shutdown(),
    );
    await core.start();
    const first = core.team;
    // URLs sent back as shown (masked) or left out are kept; only the names and sharing change.
    const shown = await ask(core, 'team.settings.get', {});
    const status = await ask(core, 'team.configure', {
      databaseUrl: shown.databaseUrl ?? undefined,
      team: 'beta',
      developer: 'erin',
      shareText: true,
    });
    expect(status).toMatchObject({ mode: 'team', team: 'beta', developer: 'erin', shareText: true });
    expect(core.team).not.toBe(first);
    await vi.waitFor(async () =>
      expect(await ask(core, 'team.status', {})).toMatchObject({ redis: { connected: true } }),
    );
    expect(await ask(core, 'team.settings.get', {})).toMatchObject({ team: 'beta', developer: 'erin' });
  });
});
