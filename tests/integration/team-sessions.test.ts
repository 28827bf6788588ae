// sessions.list in team and developer scopes on real SQLite: team rows cached as team sync caches them
// (OutboxStore.cacheTeamRows), read back through the core's dispatcher. Filters, sort, paging, counted-only
// totals, one developer's scope, another team's rows left out, and the refusal when team mode is off.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionList } from '../../shared/contract';
import { MonitorCore } from '../../electron/main/core/monitor-core';
import { openDatabase } from '../../electron/main/store/database';
import { OutboxStore } from '../../electron/main/store/outbox-store';
import type { TeamSessionRow, TeamUsageRow } from '../../electron/main/team/team-records';
import { silent } from '../support/team-instances';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 2, 9, 0);
const SONNET = 'claude-sonnet-4-5-20250929';
const OPUS = 'claude-opus-4-1-20250805';
const A1 = 'a1111111-1111-4111-8111-111111111111';
const A2 = 'a2222222-2222-4222-8222-222222222222';
const B1 = 'b1111111-1111-4111-8111-111111111111';
const OTHER_TEAM = 'c1111111-1111-4111-8111-111111111111';

const session = (over: Partial<TeamSessionRow> & Pick<TeamSessionRow, 'id' | 'developer'>): TeamSessionRow => ({
  team: 'alpha',
  project: `-home-${over.developer}-shop`,
  cwd: null,
  gitBranch: null,
  version: null,
  title: null,
  firstTs: T0,
  lastTs: T0 + 30 * MIN,
  seq: 1,
  ...over,
});

let usageSeq = 0;
const usage = (s: TeamSessionRow, input: number, cost: number, over: Partial<TeamUsageRow> = {}): TeamUsageRow => ({
  team: s.team,
  developer: s.developer,
  id: `u${++usageSeq}`,
  sessionId: s.id,
  project: s.project,
  agentId: null,
  isSidechain: false,
  ts: s.firstTs + MIN,
  model: SONNET,
  inputTokens: input,
  outputTokens: 10,
  cacheCreationTokens: 0,
  cacheCreation1hTokens: 0,
  cacheReadTokens: 0,
  totalTokens: input + 10,
  speed: null,
  costUsd: cost,
  priced: true,
  counted: true,
  seq: 1,
  ...over,
});

describe('sessions.list in team scopes', () => {
  let dirs: TempDirs;
  let core: MonitorCore;

  const list = async (input: object): Promise<SessionList> => {
    const answer = await core.dispatch('sessions.list', input);
    if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
    return answer.value as SessionList;
  };
  const team = (input: object = {}) => list({ ...input, scope: { kind: 'team' } });
  const ids = async (input: object = {}) => (await team(input)).rows.map((r) => r.id);

  beforeEach(() => {
    dirs = makeTempDirs();
    // Team mode configured but not started: these tests read the cache only, nothing touches the network.
    core = new MonitorCore({
      dataDir: dirs.dataDir,
      claudeDirs: [dirs.claudeDir],
      mode: 'browser',
      log: silent,
      hooks: false,
      team: {
        mode: 'team',
        config: {
          databaseUrl: 'postgres://127.0.0.1:1/unused',
          redisUrl: 'redis://127.0.0.1:1',
          redisPrefix: 'unused',
          team: 'alpha',
          developer: 'bob',
          shareText: false,
        },
      },
    });
    const a1 = session({
      id: A1,
      developer: 'alice',
      gitBranch: 'main',
      title: 'Fix the Checkout flow',
      cwd: '/home/alice/shop',
    });
    const a2 = session({
      id: A2,
      developer: 'alice',
      project: '-home-alice-api',
      gitBranch: 'feat/auth',
      firstTs: T0 + 120 * MIN,
      lastTs: T0 + 180 * MIN,
    });
    const b1 = session({ id: B1, developer: 'bob', gitBranch: 'main', firstTs: T0 + 60 * MIN, lastTs: T0 + 70 * MIN });
    const other = session({ id: OTHER_TEAM, developer: 'alice', team: 'beta', title: 'Fix the Checkout flow' });
    // The cache lives in the core's database file; a second connection writes it as team sync would.
    const db = openDatabase(join(dirs.dataDir, 'monitor.sqlite'));
    try {
      const outbox = new OutboxStore(db);
      outbox.cacheTeamRows([a1, a2, b1, other], []);
      outbox.cacheTeamRows(
        [],
        [
          usage(a1, 100, 0.1),
          usage(a1, 200, 0.2, { agentId: 'agent-1', isSidechain: true }),
          usage(a1, 300, 0.3, { agentId: 'agent-2', isSidechain: true }),
          // A sidechain replay of a main-chain response: cached, never summed, its model not listed.
          usage(a1, 50_000, 50, { agentId: 'agent-1', isSidechain: true, counted: false, model: 'claude-haiku' }),
          usage(a2, 1000, 3, { model: OPUS }),
          usage(b1, 400, 1),
          usage(b1, 400, 1),
          usage(other, 9000, 9),
        ],
      );
      // A1's two subagent runs, as Postgres sends them back; another team's run of a third type is left out.
      const run = (s: TeamSessionRow, id: string, agentId: string, agentType: string) => ({
        team: s.team,
        developer: s.developer,
        id,
        sessionId: s.id,
        agentId,
        agentType,
        status: 'succeeded' as const,
        startedAt: s.firstTs,
        endedAt: s.firstTs + MIN,
        seq: 1,
      });
      outbox.cacheTeamRows(
        [],
        [],
        [
          run(a1, 'toolu_1', 'agent-1', 'Explore'),
          run(a1, 'toolu_2', 'agent-2', 'code-reviewer'),
          run(other, 'toolu_3', 'agent-3', 'planner'),
        ],
      );
    } finally {
      db.close();
    }
  });
  afterEach(() => {
    core.close();
    dirs.cleanup();
  });

  it('lists the team’s sessions with their developer and counted totals only', async () => {
    const page = await team();
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => [r.id, r.developer])).toEqual([
      [A2, 'alice'],
      [B1, 'bob'],
      [A1, 'alice'],
    ]);
    const a1 = page.rows.find((r) => r.id === A1)!;
    expect(a1).toMatchObject({
      project: '-home-alice-shop',
      title: 'Fix the Checkout flow',
      cwd: '/home/alice/shop',
      gitBranch: 'main',
      apiCalls: 3,
      inputTokens: 600,
      outputTokens: 30,
      totalTokens: 630,
      models: [SONNET],
      subagentRuns: 2,
      failedToolCalls: 0,
      liveStatus: null,
      durationMs: 30 * MIN,
    });
    expect(a1.totalCost).toBeCloseTo(0.6, 9);
    expect(page.rows.find((r) => r.id === B1)).toMatchObject({ apiCalls: 2, totalTokens: 820, subagentRuns: 0 });
    expect(page.facets).toEqual({
      projects: ['-home-alice-api', '-home-alice-shop', '-home-bob-shop'],
      gitBranches: ['feat/auth', 'main'],
      agentTypes: ['Explore', 'code-reviewer'],
      models: [OPUS, SONNET],
    });
  });

  it('filters by project, branch, model, time range, text and agent type', async () => {
    expect(await ids({ project: '-home-alice-api' })).toEqual([A2]);
    expect(await ids({ gitBranch: 'main' })).toEqual([B1, A1]);
    expect(await ids({ model: OPUS })).toEqual([A2]);
    // A model seen only in an uncounted replay matches nothing.
    expect(await ids({ model: 'claude-haiku' })).toEqual([]);
    // Active in [from, to): A1 ends at +30, B1 runs +60..+70, A2 starts at +120.
    expect(await ids({ from: T0 + 40 * MIN, to: T0 + 120 * MIN })).toEqual([B1]);
    expect(await ids({ from: T0 + 65 * MIN })).toEqual([A2, B1]);
    expect(await ids({ text: 'CHECKOUT' })).toEqual([A1]);
    expect(await ids({ text: '/home/alice' })).toEqual([A1]);
    expect(await ids({ text: 'b1111111' })).toEqual([B1]);
    expect(await ids({ text: 'ALI' })).toEqual([A2, A1]); // the developer's name
    expect(await ids({ text: '100%' })).toEqual([]); // % taken literally
    // Runs are shared: an agent type matches the sessions that ran it, in this team only.
    expect(await ids({ agentType: 'Explore' })).toEqual([A1]);
    const byAgent = await team({ agentType: 'planner' });
    expect(byAgent.rows).toEqual([]);
    expect(byAgent.total).toBe(0);
  });

  it('sorts by every key in both orders and pages with the total', async () => {
    expect(await ids({ sort: 'cost', order: 'desc' })).toEqual([A2, B1, A1]);
    expect(await ids({ sort: 'cost', order: 'asc' })).toEqual([A1, B1, A2]);
    expect(await ids({ sort: 'tokens', order: 'desc' })).toEqual([A2, B1, A1]);
    expect(await ids({ sort: 'apiCalls', order: 'desc' })).toEqual([A1, B1, A2]);
    expect(await ids({ sort: 'duration', order: 'asc' })).toEqual([B1, A1, A2]);
    expect(await ids({ sort: 'last', order: 'asc' })).toEqual([A1, B1, A2]);
    expect(await ids({ sort: 'start', order: 'asc' })).toEqual([A1, B1, A2]);

    const second = await team({ sort: 'start', order: 'asc', limit: 1, offset: 1 });
    expect(second.rows.map((r) => r.id)).toEqual([B1]);
    expect(second.total).toBe(3);
    const past = await team({ limit: 2, offset: 4 });
    expect(past.rows).toEqual([]);
    expect(past.total).toBe(3);
  });

  it('shows one developer’s sessions alone in the developer scope', async () => {
    const alice = await list({ scope: { kind: 'developer', developer: 'alice' } });
    expect(alice.rows.map((r) => r.id)).toEqual([A2, A1]);
    expect(new Set(alice.rows.map((r) => r.developer))).toEqual(new Set(['alice']));
    expect(alice.facets.projects).toEqual(['-home-alice-api', '-home-alice-shop']);
    const bob = await list({ scope: { kind: 'developer', developer: 'bob' }, gitBranch: 'main' });
    expect(bob.rows.map((r) => r.id)).toEqual([B1]);
    expect(bob.facets.models).toEqual([SONNET]);
    // Me stays this machine's sessions: nothing was ingested here.
    expect((await list({ scope: { kind: 'me' } })).total).toBe(0);
    expect((await list({})).rows).toEqual([]);
  });
});

describe('sessions.list in team scopes without team mode', () => {
  it('refuses like the other scoped requests, saying why', async () => {
    const dirs = makeTempDirs();
    const core = new MonitorCore({ dataDir: dirs.dataDir, claudeDirs: [dirs.claudeDir], mode: 'browser', log: silent });
    try {
      const answer = await core.dispatch('sessions.list', { scope: { kind: 'team' } });
      expect(answer).toMatchObject({
        ok: false,
        error: { code: 'UNAVAILABLE', message: expect.stringContaining('team mode') },
      });
      expect(await core.dispatch('sessions.list', {})).toMatchObject({ ok: true, value: { total: 0 } });
    } finally {
      core.close();
      dirs.cleanup();
    }
  });
});
