// Row-level security in the team database: a developer role of team A cannot read or write team B's rows,
// even when it asks for team B by name.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PgTeamStore } from '../../electron/main/team/pg-team-store';
import { ADMIN_URL, createTestDatabase, type TestDatabase } from '../support/team-servers';

const usage = (id: string, sessionId: string) => ({
  id,
  sessionId,
  project: '-home-dev-demo',
  agentId: null,
  isSidechain: false,
  ts: Date.now(),
  model: 'claude-sonnet-4-5-20250929',
  inputTokens: 10,
  outputTokens: 5,
  cacheCreationTokens: 0,
  cacheCreation1hTokens: 0,
  cacheReadTokens: 0,
  totalTokens: 15,
  speed: null,
  costUsd: 0.001,
  priced: true,
  counted: true,
});
const session = (id: string) => ({
  id,
  project: '-home-dev-demo',
  cwd: null,
  gitBranch: null,
  version: null,
  title: null,
  firstTs: 1,
  lastTs: 2,
});

describe('team isolation', () => {
  let db: TestDatabase;
  const suffix = randomBytes(4).toString('hex');
  const roleA = `sfm_dev_a_${suffix}`;
  const roleB = `sfm_dev_b_${suffix}`;
  const stores: PgTeamStore[] = [];
  const storeFor = (role: string, team: string) => {
    const s = new PgTeamStore({ databaseUrl: db.urlVia(5432, role, 'unused'), team, developer: role }, () => {});
    stores.push(s);
    return s;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const owner = new PgTeamStore({ databaseUrl: db.url, team: 'team-a', developer: 'owner' }, () => {});
    await owner.migrate();
    await owner.close();
    // Role names are ours (hex suffix); DDL cannot take bound parameters.
    for (const role of [roleA, roleB]) {
      await db.query(`CREATE ROLE ${role} LOGIN`);
      await db.query(`GRANT SELECT, INSERT, UPDATE ON team_sessions, team_usage_records, team_agent_runs TO ${role}`);
      await db.query(`GRANT SELECT ON team_members, schema_migrations TO ${role}`);
      await db.query(`GRANT USAGE ON SEQUENCE team_change_seq TO ${role}`);
    }
    await db.query(`INSERT INTO team_members (team, role_name) VALUES ('team-a', $1), ('team-b', $2)`, [roleA, roleB]);
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await db.drop();
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    for (const role of [roleA, roleB]) await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  it("lets each role work on its own team's rows only", async () => {
    const a = storeFor(roleA, 'team-a');
    const b = storeFor(roleB, 'team-b');
    await a.migrate(); // schema current: a developer role needs no DDL rights
    await a.push([session('sa')], [usage('ua1', 'sa'), usage('ua2', 'sa')]);
    const run = {
      id: 'toolu_01B',
      sessionId: 'sb',
      agentId: 'agent-b',
      agentType: 'test-runner',
      status: 'failed' as const,
      startedAt: 1_000,
      endedAt: 2_000,
    };
    await b.push([session('sb')], [usage('ub1', 'sb')], [run]);

    // Catch-up shows a row once every transaction older than it has ended, on the whole cluster (other test
    // files write to their own databases meanwhile), so it is waited for, not read once.
    await vi.waitFor(
      async () =>
        expect((await a.usageSince({ xid: '0', seq: 0 }, 100)).rows.map((r) => r.id).sort()).toEqual(['ua1', 'ua2']),
      { timeout: 15_000 },
    );
    await vi.waitFor(
      async () => expect((await b.usageSince({ xid: '0', seq: 0 }, 100)).rows.map((r) => r.id)).toEqual(['ub1']),
      { timeout: 15_000 },
    );

    // A's role naming team B sees nothing and can write nothing there.
    const intruder = storeFor(roleA, 'team-b');
    expect((await intruder.usageSince({ xid: '0', seq: 0 }, 100)).rows).toEqual([]);
    expect((await intruder.sessionsSince({ xid: '0', seq: 0 }, 100)).rows).toEqual([]);
    expect((await intruder.runsSince({ xid: '0', seq: 0 }, 100)).rows).toEqual([]);
    await expect(intruder.push([], [usage('evil', 'sb')])).rejects.toMatchObject({ code: '42501' });
    await expect(intruder.push([], [], [{ ...run, id: 'toolu_01Evil' }])).rejects.toMatchObject({ code: '42501' });
    await vi.waitFor(
      async () =>
        expect((await b.runsSince({ xid: '0', seq: 0 }, 100)).rows).toEqual([
          expect.objectContaining({ id: 'toolu_01B', developer: roleB, agentType: 'test-runner', status: 'failed' }),
        ]),
      { timeout: 15_000 },
    );
    // Not even by id, with a raw query on its connection.
    const raw = await intruder.pool.query(`SELECT count(*)::int AS n FROM team_usage_records WHERE id = 'ub1'`);
    expect(raw.rows[0]).toEqual({ n: 0 });
    // And it cannot overwrite team B's row by upserting the same key under its own team.
    await a.push([], [{ ...usage('ub1', 'sb'), inputTokens: 999, totalTokens: 1004 }]);
    const bRows = (await b.usageSince({ xid: '0', seq: 0 }, 100)).rows;
    expect(bRows).toEqual([expect.objectContaining({ id: 'ub1', inputTokens: 10 })]);
  });
});
