// The Overview's day totals read from the rollups (rangeTotals, rangeTotalsByModel, recentSessionsActive) equal
// the sums over the raw records, sidechain replays left out, on real SQLite; unaligned ranges fall back.
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildOverview } from '../../electron/main/query/overview';
import { openDatabase, type SqliteDatabase } from '../../electron/main/store/database';
import { UsageStore, type SessionPatch, type UsageRecordRow } from '../../electron/main/store/usage-store';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';

const at = (iso: string) => Date.parse(iso);
let dirs: TempDirs;
let db: SqliteDatabase;
let store: UsageStore;

function record(
  session: string,
  n: number,
  ts: number,
  model: string,
  extra: Partial<UsageRecordRow> = {},
): UsageRecordRow {
  return {
    id: `msg_${session}_${n}:req_${n}`,
    sessionId: session,
    project: '-home-dev-demo',
    agentId: null,
    isSidechain: false,
    ts,
    model,
    inputTokens: 100 + n,
    outputTokens: 50 * n,
    cacheCreationTokens: 10,
    cacheCreation1hTokens: 0,
    cacheReadTokens: 1000,
    speed: null,
    costUsd: 0.001 * (n + 1),
    priced: model !== 'mystery-model',
    messageId: `msg_${session}_${n}`,
    sidechainLine: false,
    sourcePath: `/t/${session}.jsonl`,
    lineCostUsd: null,
    ...extra,
  };
}

const session = (id: string, first: number, last: number): SessionPatch => ({
  id,
  project: '-home-dev-demo',
  cwd: '/home/dev/demo',
  gitBranch: 'main',
  version: '2.0.14',
  title: `Session ${id}`,
  firstTs: first,
  lastTs: last,
});

beforeEach(() => {
  dirs = makeTempDirs();
  db = openDatabase(join(dirs.dataDir, 'monitor.sqlite'));
  store = new UsageStore(db);
  const usage: UsageRecordRow[] = [];
  const sessions: SessionPatch[] = [];
  // Five sessions over two days, one crossing midnight, one only the day before, with three models (one unpriced).
  const models = ['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001', 'mystery-model'];
  const starts = ['2026-03-09T20:00:00Z', '2026-03-09T23:40:00Z', '2026-03-10T08:00:00Z', '2026-03-10T12:00:00Z'];
  starts.forEach((iso, s) => {
    const id = `s${s}`;
    const first = at(iso);
    for (let n = 0; n < 12; n++) usage.push(record(id, n, first + n * 7 * 60_000, models[(s + n) % 3]!));
    sessions.push(session(id, first, first + 11 * 7 * 60_000));
  });
  // A sidechain line replaying a main-chain response: stored, never counted.
  const main = usage[30]!;
  usage.push({ ...main, id: `side:${main.messageId}`, sidechainLine: true, isSidechain: true, agentId: 'a1' });
  store.applyBatch(usage, sessions);
});

afterEach(() => {
  db.close();
  dirs.cleanup();
});

it('day totals, totals by model and the active sessions equal the raw sums', () => {
  for (const [from, to] of [
    [at('2026-03-10T00:00:00Z'), at('2026-03-11T00:00:00Z')],
    [at('2026-03-09T00:00:00Z'), at('2026-03-10T00:00:00Z')],
    // A day in a zone 5:45 off UTC (Asia/Kathmandu) still falls on 15-minute edges.
    [at('2026-03-09T18:15:00Z'), at('2026-03-10T18:15:00Z')],
  ] as const) {
    const fast = store.rangeTotals(from, to);
    const raw = store.totals(from, to);
    expect({ ...fast, totalCost: 0 }).toEqual({ ...raw, totalCost: 0 });
    expect(fast.totalCost).toBeCloseTo(raw.totalCost, 9);
    expect(fast.sessions).toBeGreaterThan(0);

    const byModel = store.rangeTotalsByModel(from, to);
    const rawByModel = store.totalsByModel(from, to);
    expect(byModel.map((m) => ({ ...m, totalCost: Math.round(m.totalCost * 1e9) }))).toEqual(
      rawByModel.map((m) => ({ ...m, totalCost: Math.round(m.totalCost * 1e9) })),
    );

    for (const limit of [1, 2, 50]) {
      expect(store.recentSessionsActive(from, to, limit)).toEqual(store.sessionsActive(from, to, limit));
    }
  }
});

it('falls back to the raw sums for a range off the 15-minute edges', () => {
  const from = at('2026-03-10T08:07:00Z');
  const to = at('2026-03-10T09:00:00Z');
  expect(store.rangeTotals(from, to)).toEqual(store.totals(from, to));
  expect(store.rangeTotals(from, to).apiCalls).toBe(8);
});

it('the Overview counts the day from the rollups', () => {
  const overview = buildOverview(store, 'UTC', '2026-03-10');
  expect(overview.today.sessions).toBe(3);
  expect(overview.today.totalTokens).toBe(
    store.totals(at('2026-03-10T00:00:00Z'), at('2026-03-11T00:00:00Z')).totalTokens,
  );
  expect(overview.unpricedModels).toEqual(['mystery-model']);
  expect(overview.sessions.map((s) => s.id)).toEqual(['s3', 's2', 's1']);
});
