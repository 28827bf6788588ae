// The team cache's rollups (migration 11) stay equal to sums over the cached rows whatever arrives: new rows, a
// newer version of a row, an older copy arriving late, a row found to be a replay (no longer counted).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../../electron/main/store/database';
import { OutboxStore } from '../../electron/main/store/outbox-store';
import { TeamUsageStore } from '../../electron/main/store/team-usage-store';
import type { TeamUsageRow } from '../../electron/main/team/team-records';

const T0 = Date.UTC(2025, 9, 6, 9, 7); // a Monday morning, mid-bucket
const row = (id: string, developer: string, over: Partial<TeamUsageRow> = {}): TeamUsageRow => ({
  team: 'alpha',
  developer,
  id,
  sessionId: `s-${developer}`,
  project: '-home-dev-shop',
  agentId: null,
  isSidechain: false,
  ts: T0,
  model: 'claude-sonnet-4-5-20250929',
  inputTokens: 100,
  outputTokens: 10,
  cacheCreationTokens: 5,
  cacheCreation1hTokens: 0,
  cacheReadTokens: 1000,
  totalTokens: 1115,
  speed: null,
  costUsd: 0.01,
  priced: true,
  counted: true,
  seq: 1,
  ...over,
});

describe('team cache rollups', () => {
  let db: SqliteDatabase;
  let outbox: OutboxStore;
  beforeEach(() => {
    db = openDatabase(':memory:');
    outbox = new OutboxStore(db);
  });
  afterEach(() => db.close());

  /** Rollup sums (whole buckets) against the raw rows, per developer and for the team. */
  const check = () => {
    for (const developer of [null, 'alice', 'bob']) {
      const scope = new TeamUsageStore(db, { team: 'alpha', developer });
      const from = T0 - 3_600_000;
      const to = T0 + 3_600_000;
      const rolled = scope.binned('developer', from, to, 0, 7_200_000); // whole quarters: rollup only
      const raw = scope.totals(from, to);
      const sum = (k: 'inputTokens' | 'requests') => rolled.reduce((n, r) => n + r[k], 0);
      expect(sum('inputTokens')).toBe(raw.inputTokens);
      expect(sum('requests')).toBe(raw.apiCalls);
      const sessions = scope.topSessions(0, 10);
      expect(sessions.reduce((n, s) => n + s.requests, 0)).toBe(raw.apiCalls);
    }
  };

  it('adds new rows, replaces a row by its newer version, ignores an older copy and drops a replay', () => {
    // Sessions arrive before their usage, as TeamSync pushes them.
    const session = (developer: string) => ({
      team: 'alpha',
      developer,
      id: `s-${developer}`,
      project: '-home-dev-shop',
      cwd: null,
      gitBranch: null,
      version: null,
      title: null,
      firstTs: T0,
      lastTs: T0 + 1_800_000,
      seq: 1,
    });
    outbox.cacheTeamRows([session('alice'), session('bob')], []);
    outbox.cacheTeamRows([], [row('a1', 'alice'), row('a2', 'alice', { agentId: 'x' }), row('b1', 'bob')]);
    check();
    outbox.cacheTeamRows([], [row('a1', 'alice', { inputTokens: 900, seq: 5 })]); // grew
    check();
    outbox.cacheTeamRows([], [row('a1', 'alice', { inputTokens: 1, seq: 3 })]); // older copy, late
    check();
    expect(new TeamUsageStore(db, { team: 'alpha', developer: 'alice' }).totals(0, T0 + 1).inputTokens).toBe(1000);
    outbox.cacheTeamRows([], [row('a2', 'alice', { counted: false, seq: 6 })]); // a replay found out
    check();
    outbox.cacheTeamRows([], [row('a2', 'alice', { counted: true, seq: 7, ts: T0 + 1_800_000 })]); // moved bucket
    check();
    const team = new TeamUsageStore(db, { team: 'alpha', developer: null });
    expect(team.binned('developer', T0 - 3_600_000, T0 + 3_600_000, 0, 900_000).length).toBe(3);
    expect(team.developers().map((d) => [d.developer, d.requests])).toEqual([
      ['alice', 2],
      ['bob', 1],
    ]);
  });

  it('keeps rollup rows only for keys with requests', () => {
    outbox.cacheTeamRows([], [row('a1', 'alice')]);
    outbox.cacheTeamRows([], [row('a1', 'alice', { counted: false, seq: 2 })]);
    const n = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(n('team_usage_rollup_15m')).toBe(0);
    expect(n('team_agent_usage_rollup_15m')).toBe(0);
    expect(n('team_session_usage')).toBe(0);
  });
});
