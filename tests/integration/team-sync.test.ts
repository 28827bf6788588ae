// Two apps of one team on real Postgres and Redis: what A ingests reaches Postgres once, B's live stream and
// B's cache, with equal totals everywhere; only metadata leaves the machine by default.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { MonitorCore } from '../../electron/main/core/monitor-core';
import { silent, teamTestbed, type TeamTarget } from '../support/team-instances';
import { makeTempDirs } from '../support/temp-dirs';

const SESSION_A = '11111111-1111-4111-8111-111111111111';

describe('team sync', () => {
  const bed = teamTestbed();
  let target: TeamTarget;
  const start = (developer: string, shareText = false) => bed.open(developer, target, shareText);

  it("fans A's records out to B's live stream and cache, with equal totals in A, B and Postgres", async () => {
    target = bed.target();
    const a = await start('alice');
    const b = await start('bob');
    // Both subscribed before A writes, so what B gets comes from the live stream.
    await vi.waitFor(async () => {
      const s = await b.core.dispatch('team.status', {});
      expect(s).toMatchObject({ ok: true, value: { redis: { connected: true } } });
    });

    const tokens = a.write(SESSION_A, 40) + a.write(SESSION_A, 10);
    await vi.waitFor(() => expect(b.teamTotals().apiCalls).toBe(50), { timeout: 15_000 });

    // The cache may fill from catch-up a moment before the live message lands; both must happen.
    const liveIds = () =>
      new Set(b.live.filter((m) => m.developer === 'alice').flatMap((m) => m.usage.map((r) => r.id)));
    await vi.waitFor(() => expect(liveIds().size).toBe(50), { timeout: 15_000 });
    await vi.waitFor(() => expect(b.events.some((e) => e.name === 'team.changed')).toBe(true)); // pushed in batches
    const teamEvents = b.events.filter((e) => e.name === 'team.changed');
    expect(teamEvents[0]).toMatchObject({ payload: { developers: ['alice'], sessions: [SESSION_A] } });

    const [pgTotals] = await bed.db.query<{ n: string; tokens: string; cost: number }>(
      `SELECT count(*) AS n, sum(total_tokens) AS tokens, sum(cost_usd) AS cost FROM team_usage_records
       WHERE team = 'alpha' AND developer = 'alice'`,
    );
    expect(Number(pgTotals!.n)).toBe(50);
    expect(Number(pgTotals!.tokens)).toBe(tokens);
    await vi.waitFor(() => expect(a.teamTotals().apiCalls).toBe(50));
    expect(b.teamTotals()).toEqual(a.teamTotals());
    expect(b.teamTotals().totalTokens).toBe(tokens);
    expect(b.teamTotals().totalCost).toBeCloseTo(pgTotals!.cost, 9);
    expect(b.teamTotals().developers).toEqual([
      expect.objectContaining({ developer: 'alice', apiCalls: 50, totalTokens: tokens }),
    ]);

    // Presence: both are online, alice with her running session.
    await vi.waitFor(async () => {
      const s = await b.core.dispatch('team.status', {});
      expect(s).toMatchObject({
        ok: true,
        value: {
          mode: 'team',
          members: expect.arrayContaining([
            expect.objectContaining({ developer: 'alice', runningSessions: 1 }),
            expect.objectContaining({ developer: 'bob' }),
          ]),
          outbox: { entries: 0 },
        },
      });
    });
  });

  it('keeps titles and working directories home unless sharing is on, and then redacts secrets', async () => {
    target = bed.target('beta');
    const summary = (sessionId: string) =>
      JSON.stringify({
        type: 'summary',
        summary: 'deploy with key sk-ant-api03-abcdefghijklmnop',
        leafUuid: sessionId,
      });
    const quiet = await start('carol');
    quiet.write('22222222-2222-4222-8222-222222222222', 1);
    appendFileSync(join(quiet.dirs.projectDir('-home-carol-demo'), '22222222-2222-4222-8222-222222222222.jsonl'), '');
    const sharing = await start('dave', true);
    const davesSession = '33333333-3333-4333-8333-333333333333';
    sharing.write(davesSession, 1);
    appendFileSync(
      join(sharing.dirs.projectDir('-home-dave-demo'), `${davesSession}.jsonl`),
      summary(davesSession) + '\n',
    );

    await vi.waitFor(
      async () => {
        const rows = await bed.db.query<{ developer: string; title: string | null; cwd: string | null }>(
          `SELECT developer, title, cwd FROM team_sessions WHERE team = 'beta' ORDER BY developer`,
        );
        expect(rows).toEqual([
          { developer: 'carol', title: null, cwd: null },
          { developer: 'dave', title: 'deploy with key [REDACTED:anthropic-key]', cwd: '/home/dave/demo' },
        ]);
      },
      { timeout: 15_000 },
    );
  });

  it('stays local without configuration and says why', async () => {
    const dirs = makeTempDirs();
    const core = new MonitorCore({ dataDir: dirs.dataDir, claudeDirs: [dirs.claudeDir], mode: 'browser', log: silent });
    try {
      const answer = await core.dispatch('team.status', {});
      expect(answer).toMatchObject({
        ok: true,
        value: { mode: 'local', reason: expect.stringContaining('not configured') },
      });
    } finally {
      core.close();
      dirs.cleanup();
    }
  });
});
