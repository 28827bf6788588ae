// Team sync through outages: Redis killed and restarted mid-stream, Postgres unreachable for a while.
// Nothing is lost: B catches up from Postgres on reconnect, A's outbox holds its changes until Postgres is back.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, RedisChild, TcpProxy, uniquePrefix, type TestDatabase } from '../support/team-servers';
import { openInstance, type Instance } from '../support/team-instances';

const pgCount = async (db: TestDatabase, team: string): Promise<number> =>
  Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM team_usage_records WHERE team = $1`, [team]))[0]!.n);

describe('team sync resilience', () => {
  let db: TestDatabase;
  const open: Instance[] = [];
  let redis: RedisChild | null = null;
  let proxy: TcpProxy | null = null;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((i) => i.close()));
    await redis?.stop();
    await proxy?.close();
    redis = null;
    proxy = null;
  });

  it('catches up from Postgres what was published while Redis was down, then streams live again', async () => {
    redis = await RedisChild.start();
    const target = { databaseUrl: db.url, redisUrl: redis.url, redisPrefix: uniquePrefix(), team: 'redis-outage' };
    const a = await openInstance('alice', target);
    const b = await openInstance('bob', target);
    open.push(a, b);
    const session = '44444444-4444-4444-8444-444444444444';

    a.write(session, 20);
    await vi.waitFor(() => expect(b.teamTotals().apiCalls).toBe(20), { timeout: 15_000 });
    const liveBefore = b.live.length;

    await redis.stop();
    a.write(session, 20);
    // A pushes to Postgres although nobody hears it; B learns nothing yet.
    await vi.waitFor(async () => expect(await pgCount(db, 'redis-outage')).toBe(40), { timeout: 15_000 });
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
    const prefix = uniquePrefix();
    const a = await openInstance('alice', {
      databaseUrl: db.urlVia(proxy.port),
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: prefix,
      team: 'pg-outage',
    });
    const b = await openInstance('bob', {
      databaseUrl: db.url,
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: prefix,
      team: 'pg-outage',
    });
    open.push(a, b);
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
    expect(await pgCount(db, 'pg-outage')).toBe(10);

    proxy.restore();
    await vi.waitFor(async () => expect(await pgCount(db, 'pg-outage')).toBe(40), { timeout: 20_000 });
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
