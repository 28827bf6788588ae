// Team sync through outages: Redis killed and restarted mid-stream, Postgres unreachable for a while.
// Nothing is lost: B catches up from Postgres on reconnect, A's outbox holds its changes until Postgres is back.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RedisChild, TcpProxy, type TestDatabase } from '../support/team-servers';
import { teamTestbed } from '../support/team-instances';

const pgCount = async (db: TestDatabase, team: string): Promise<number> =>
  Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM team_usage_records WHERE team = $1`, [team]))[0]!.n);

describe('team sync resilience', () => {
  let redis: RedisChild | null = null;
  let proxy: TcpProxy | null = null;
  afterEach(async () => {
    await redis?.stop();
    await proxy?.close();
    redis = null;
    proxy = null;
  });
  const bed = teamTestbed(); // registered after the hook above: the apps close before the servers stop

  it('catches up from Postgres what was published while Redis was down, then streams live again', async () => {
    redis = await RedisChild.start();
    const target = { ...bed.target('redis-outage'), redisUrl: redis.url };
    const a = await bed.open('alice', target);
    const b = await bed.open('bob', target);
    const session = '44444444-4444-4444-8444-444444444444';

    a.write(session, 20);
    await vi.waitFor(() => expect(b.teamTotals().apiCalls).toBe(20), { timeout: 15_000 });
    const liveBefore = b.live.length;

    await redis.stop();
    a.write(session, 20);
    // A pushes to Postgres although nobody hears it; B learns nothing yet.
    await vi.waitFor(async () => expect(await pgCount(bed.db, 'redis-outage')).toBe(40), { timeout: 15_000 });
    expect(b.teamTotals().apiCalls).toBe(20);

    await redis.start();
    await vi.waitFor(() => expect(b.teamTotals().apiCalls).toBe(40), { timeout: 20_000 });
    expect(b.live.length).toBe(liveBefore); // caught up from Postgres, not replayed by Redis

    // Subscribed again (and A able to publish again): the next batch arrives live.
    for (const i of [a, b]) {
      await vi.waitFor(
        async () =>
          expect(await i.core.dispatch('team.status', {})).toMatchObject({
            ok: true,
            value: { redis: { connected: true } },
          }),
        { timeout: 15_000 },
      );
    }
    a.write(session, 5);
    await vi.waitFor(() => expect(b.live.length).toBeGreaterThan(liveBefore), { timeout: 20_000 });
    await vi.waitFor(() => expect(b.teamTotals().apiCalls).toBe(45), { timeout: 15_000 });
    await vi.waitFor(() => expect(a.teamTotals()).toEqual(b.teamTotals()));
  });

  it("keeps A's changes in the outbox while Postgres is unreachable and delivers them all once it is back", async () => {
    proxy = await TcpProxy.start();
    const target = bed.target('pg-outage');
    const a = await bed.open('alice', { ...target, databaseUrl: bed.db.urlVia(proxy.port) });
    const b = await bed.open('bob', target);
    const session = '55555555-5555-4555-8555-555555555555';
    a.write(session, 10);
    await vi.waitFor(() => expect(b.teamTotals().apiCalls).toBe(10), { timeout: 15_000 });

    proxy.cut();
    const tokens = a.write(session, 30);
    await vi.waitFor(
      async () => {
        const s = await a.core.dispatch('team.status', {});
        expect(s).toMatchObject({ ok: true, value: { postgres: { connected: false }, outbox: { entries: 31 } } });
      },
      { timeout: 15_000 },
    ); // 30 records and their session, waiting
    expect(await pgCount(bed.db, 'pg-outage')).toBe(10);

    proxy.restore();
    await vi.waitFor(async () => expect(await pgCount(bed.db, 'pg-outage')).toBe(40), { timeout: 20_000 });
    await vi.waitFor(() => expect(b.teamTotals().apiCalls).toBe(40), { timeout: 15_000 });
    const s = await a.core.dispatch('team.status', {});
    expect(s).toMatchObject({
      ok: true,
      value: { postgres: { connected: true, lastError: null }, outbox: { entries: 0 } },
    });
    expect(b.teamTotals().totalTokens).toBeGreaterThanOrEqual(tokens);
    await vi.waitFor(() => expect(a.teamTotals()).toEqual(b.teamTotals()));
  });
});
