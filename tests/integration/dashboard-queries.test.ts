// Metrics and Analytics on real SQLite: totals equal the raw records, rollups follow growing duplicates and the
// migration's backfill, time-zone buckets, the forecast, spikes, heatmap and 5-hour blocks on crafted data.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Metrics, MetricsGroupBy, SourceStatus } from '../../shared/contract';
import { createLogger } from '../../electron/main/core/logger';
import { MonitorCore } from '../../electron/main/core/monitor-core';
import { buildAnalytics, buildBlocks } from '../../electron/main/query/analytics';
import { buildMetrics } from '../../electron/main/query/metrics';
import { migrate, openDatabase, type SqliteDatabase } from '../../electron/main/store/database';
import { migrations } from '../../electron/main/store/migrations';
import { RollupStore } from '../../electron/main/store/rollup-store';
import { SettingsStore } from '../../electron/main/store/settings-store';
import { ROLLUP_REBUILD_SQL } from '../../electron/main/store/usage-rollups';
import { UsageStore, type UsageRecordRow } from '../../electron/main/store/usage-store';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';
import { assistantLine, userLine } from '../support/transcript-lines';

const silent = createLogger('error', () => {});
const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);

/** The rollup as it should be: recomputed from usage_records. */
function rollupFromRecords(db: SqliteDatabase) {
  return db
    .prepare(
      `SELECT (ts / 900000) * 900000 AS bucket, model, project,
              SUM(input_tokens) AS i, SUM(output_tokens) AS o, SUM(cache_creation_tokens) AS cw,
              SUM(cache_read_tokens) AS cr, ROUND(SUM(cost_usd), 9) AS cost, COUNT(*) AS n, SUM(1 - priced) AS unpriced
       FROM usage_records GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    )
    .all();
}
function rollupAsStored(db: SqliteDatabase) {
  return db
    .prepare(
      `SELECT bucket, model, project, input_tokens AS i, output_tokens AS o, cache_creation_tokens AS cw,
              cache_read_tokens AS cr, ROUND(cost_usd, 9) AS cost, requests AS n, unpriced
       FROM usage_rollup_15m ORDER BY 1, 2, 3`,
    )
    .all();
}
function hourRollupFromRecords(db: SqliteDatabase) {
  return db
    .prepare(
      `SELECT (ts / 3600000) * 3600000 AS bucket, model, project, SUM(output_tokens) AS o, COUNT(*) AS n
       FROM usage_records GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    )
    .all();
}
function hourRollupAsStored(db: SqliteDatabase) {
  return db
    .prepare(`SELECT bucket, model, project, output_tokens AS o, requests AS n FROM usage_rollup_1h ORDER BY 1, 2, 3`)
    .all();
}
function agentRollupFromRecords(db: SqliteDatabase) {
  return db
    .prepare(
      `SELECT (ts / 900000) * 900000 AS bucket, COALESCE(agent_id, '') AS agent, SUM(output_tokens) AS o,
              ROUND(SUM(cost_usd), 9) AS cost, COUNT(*) AS n
       FROM usage_records GROUP BY 1, 2 ORDER BY 1, 2`,
    )
    .all();
}
function agentRollupAsStored(db: SqliteDatabase) {
  return db
    .prepare(
      `SELECT bucket, agent_id AS agent, output_tokens AS o, ROUND(cost_usd, 9) AS cost, requests AS n
       FROM agent_usage_rollup_15m ORDER BY 1, 2`,
    )
    .all();
}

let n = 0;
function record(ts: number, fields: Partial<UsageRecordRow> = {}): UsageRecordRow {
  n++;
  return {
    id: `msg_${n}:req_${n}`,
    sessionId: 'session-a',
    project: '-home-dev-shop',
    agentId: null,
    isSidechain: false,
    ts,
    model: 'claude-sonnet-4-5-20250929',
    inputTokens: 100,
    outputTokens: 50,
    cacheCreationTokens: 0,
    cacheCreation1hTokens: 0,
    cacheReadTokens: 0,
    speed: null,
    costUsd: 1,
    priced: true,
    messageId: `msg_${n}`,
    sidechainLine: false,
    sourcePath: '/home/dev/.claude/projects/-home-dev-shop/session-a.jsonl',
    lineCostUsd: null,
    ...fields,
  };
}
const session = (id: string, first: number, last: number) => ({
  id,
  project: '-home-dev-shop',
  cwd: '/home/dev/shop',
  gitBranch: 'main',
  version: '2.0.14',
  title: `title of ${id}`,
  firstTs: first,
  lastTs: last,
});

describe('metrics.get and analytics.get over transcripts', () => {
  let dirs: TempDirs;
  let core: MonitorCore;

  beforeEach(() => {
    dirs = makeTempDirs();
  });
  afterEach(() => {
    core?.close();
    dirs.cleanup();
  });

  const open = async () => {
    core = new MonitorCore({ dataDir: dirs.dataDir, claudeDirs: [dirs.claudeDir], mode: 'browser', log: silent });
    await core.importOnce();
  };
  const metrics = async (input: unknown): Promise<Metrics> => {
    const answer = await core.dispatch('metrics.get', input);
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.value as Metrics;
  };

  it('totals equal the sum of the usage records in a ragged range, for every grouping', async () => {
    const sessionId = '0e7c1a52-3b9d-4f6e-8a21-6c5d4e3f2a10';
    const file = join(dirs.projectDir('-home-dev-shop'), `${sessionId}.jsonl`);
    const agentFile = join(dirs.projectDir('-home-dev-shop'), sessionId, 'subagents', 'agent-a1b2c3.jsonl');
    writeFileSync(file, userLine({ sessionId }, new Date('2025-06-01T08:00:00Z'), 'start') + '\n');
    const lines: string[] = [];
    const agentLines: string[] = [];
    for (let i = 0; i < 40; i++) {
      const ts = new Date(at('2025-06-01T08:03:00Z') + i * 7 * MIN + i * 1_234);
      const usage = {
        input: 100 + i,
        output: 30 * i,
        cacheCreation: 500,
        cacheRead: 2_000 + i,
        model: i % 3 === 0 ? 'claude-opus-4-1-20250805' : 'claude-sonnet-4-5-20250929',
      };
      lines.push(assistantLine({ sessionId }, ts, usage));
      if (i % 4 === 0) agentLines.push(assistantLine({ sessionId, isSidechain: true, agentId: 'a1b2c3' }, ts, usage));
    }
    writeFileSync(file, lines.join('\n') + '\n', { flag: 'a' });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(agentFile, '..'), { recursive: true });
    writeFileSync(agentFile, agentLines.join('\n') + '\n');
    await open();

    // Ragged edges on both sides: the rollup's whole buckets plus raw records at the edges.
    const from = at('2025-06-01T08:21:37Z');
    const to = at('2025-06-01T12:44:05Z');
    const raw = core.store.totals(from, to);
    expect(raw.apiCalls).toBeGreaterThan(20);
    for (const groupBy of ['model', 'project', 'agent', 'developer'] as MetricsGroupBy[]) {
      const m = await metrics({ range: { from, to }, groupBy, timezone: 'Asia/Kolkata' });
      expect(m.totals).toMatchObject({
        inputTokens: raw.inputTokens,
        outputTokens: raw.outputTokens,
        cacheCreationTokens: raw.cacheCreationTokens,
        cacheReadTokens: raw.cacheReadTokens,
        totalTokens: raw.totalTokens,
        requests: raw.apiCalls,
      });
      expect(m.totals.totalCost).toBeCloseTo(raw.totalCost, 9);
      // The series adds up to the totals, and the groups do too.
      expect(m.series.reduce((a, p) => a + p.totalTokens, 0)).toBe(raw.totalTokens);
      expect(m.groups.reduce((a, g) => a + g.totalTokens, 0)).toBe(raw.totalTokens);
      expect(m.totals.cacheHitRatio).toBeCloseTo(
        raw.cacheReadTokens / (raw.inputTokens + raw.cacheCreationTokens + raw.cacheReadTokens),
        12,
      );
    }
    // Day buckets over weeks read whole hours from the hourly rollup, in whole-hour and half-hour zones alike.
    const all = core.store.totals(0, at('2030-01-01T00:00:00Z'));
    for (const timezone of ['Asia/Kolkata', 'Europe/Berlin', 'America/St_Johns']) {
      const m = await metrics({
        range: { from: at('2025-05-20T07:13:00Z'), to: at('2025-06-14T00:00:00Z') },
        groupBy: 'project',
        timezone,
      });
      expect(m.bucket).toBe('1d');
      expect([m.totals.totalTokens, m.totals.requests]).toEqual([all.totalTokens, all.apiCalls]);
    }
    const byAgent = await metrics({ range: { from, to }, groupBy: 'agent', timezone: 'UTC' });
    expect(byAgent.groups.map((g) => g.label).sort()).toEqual(['agent a1b2c3', 'main session']);
    expect(byAgent.bucket).toBe('15m');
  });

  it('keeps all six rollups equal to a rebuild through growth, replays, repricing and pruning', () => {
    const db = openDatabase(join(dirs.dataDir, 'paths.sqlite'));
    const store = new UsageStore(db);
    // Every rollup table, read in full; costs rounded, since sums added in another order differ in the last bits.
    const snapshot = () =>
      Object.fromEntries(
        [
          'report_rollup_15m',
          'usage_rollup_15m',
          'usage_rollup_1h',
          'total_usage_rollup_15m',
          'agent_usage_rollup_15m',
          'session_usage',
        ].map((t) => [
          t,
          (db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all() as Record<string, unknown>[]).map((r) => ({
            ...r,
            cost_usd: Math.round((r.cost_usd as number) * 1e9) / 1e9,
          })),
        ]),
      );
    const rebuilt = () => {
      db.exec('SAVEPOINT rebuild');
      db.exec(ROLLUP_REBUILD_SQL);
      const s = snapshot();
      db.exec('ROLLBACK TO rebuild; RELEASE rebuild');
      return s;
    };
    const t0 = at('2025-06-02T10:00:00Z');
    const grows = record(t0 + 14 * MIN, { sessionId: 's1' });
    const main = record(t0 + 20 * MIN, { sessionId: 's1' });
    store.applyBatch(
      [
        grows,
        main,
        record(t0 - 40 * 24 * 60 * MIN, { sessionId: 's2', project: '-old', model: 'claude-opus-4-1-20250805' }),
        record(t0 + 31 * MIN, { sessionId: 's2', agentId: 'a1', isSidechain: true, speed: 'fast', priced: false }),
      ],
      [session('s1', t0, t0 + 20 * MIN), session('s2', t0 - 40 * 24 * 60 * MIN, t0 + 31 * MIN)],
    );
    expect(snapshot()).toEqual(rebuilt());
    expect(snapshot().session_usage).toHaveLength(2);
    // A later line of the same response with more tokens, in the next bucket; a sidechain replay of `main`.
    store.applyBatch([{ ...grows, ts: t0 + 16 * MIN, outputTokens: 900, costUsd: 3 }], []);
    store.applyBatch(
      [{ ...main, id: `side:${main.messageId}`, sidechainLine: true, isSidechain: true, agentId: 'a2' }],
      [],
    );
    expect(db.prepare('SELECT COUNT(*) FROM usage_records WHERE counted = 0').pluck().get()).toBe(1);
    expect(snapshot()).toEqual(rebuilt());
    expect(store.reprice('test', (r) => (r.model.startsWith('claude-opus') ? null : r.inputTokens / 1000))).toBe(5);
    expect(snapshot()).toEqual(rebuilt());
    const settings = new SettingsStore(db);
    settings.setRetention({ hookEventDays: null, usageRecordDays: 30 });
    expect(settings.prune(t0).usageRecords).toBe(1);
    expect(snapshot()).toEqual(rebuilt());
    expect(db.prepare('SELECT COUNT(*) FROM usage_rollup_pending').pluck().get()).toBe(0);
    expect(snapshot().usage_rollup_1h!.some((r) => (r as { project?: string }).project === '-old')).toBe(false);
    db.close();
  });

  it('moves the rollup when a duplicate line grows a record, and ignores one that does not', async () => {
    const sessionId = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d';
    const file = join(dirs.projectDir(), `${sessionId}.jsonl`);
    const same = { messageId: 'msg_01Growing', requestId: 'req_01Growing' };
    writeFileSync(
      file,
      assistantLine({ sessionId }, new Date('2025-06-02T10:14:00Z'), { ...same, input: 10, output: 1 }) + '\n',
    );
    await open();
    const db = (core as unknown as { db: SqliteDatabase }).db;
    expect(rollupAsStored(db)).toEqual(rollupFromRecords(db));

    // The streamed response's final line carries more tokens, and lands in the next 15-minute bucket.
    appendFileSync(
      file,
      assistantLine({ sessionId }, new Date('2025-06-02T10:16:00Z'), { ...same, input: 10, output: 900 }) +
        '\n' +
        assistantLine({ sessionId }, new Date('2025-06-02T10:17:00Z'), { ...same, input: 10, output: 5 }) +
        '\n',
    );
    await core.importOnce();
    const stored = rollupAsStored(db) as { bucket: number; o: number; n: number }[];
    expect(stored).toEqual(rollupFromRecords(db));
    expect(stored).toHaveLength(1);
    expect(agentRollupAsStored(db)).toEqual(agentRollupFromRecords(db));
    expect(hourRollupAsStored(db)).toEqual(hourRollupFromRecords(db));
    expect(db.prepare('SELECT bucket, output_tokens AS o, requests AS n FROM total_usage_rollup_15m').all()).toEqual([
      { bucket: at('2025-06-02T10:15:00Z'), o: 900, n: 1 },
    ]);
    expect(stored[0]).toMatchObject({ bucket: at('2025-06-02T10:15:00Z'), o: 900, n: 1 });

    const m = await metrics({
      range: { from: at('2025-06-02T10:00:00Z'), to: at('2025-06-02T11:00:00Z') },
      groupBy: 'model',
      timezone: 'UTC',
    });
    expect(m.totals).toMatchObject({ requests: 1, outputTokens: 900, inputTokens: 10 });
  });

  it('demo.load writes simulated transcripts into the data directory and reads them as one more source', async () => {
    await open();
    const answer = await core.dispatch('demo.load', {});
    expect(answer).toMatchObject({ ok: true, value: { source: join(dirs.dataDir, 'demo-claude') } });
    const sources = await core.dispatch('sources.list', {});
    expect(sources.ok && (sources.value as SourceStatus[]).map((s) => s.path)).toContain(
      join(dirs.dataDir, 'demo-claude'),
    );
    const m = await core.dispatch('metrics.get', { range: { preset: '30d' }, groupBy: 'model', timezone: 'UTC' });
    expect(m.ok && (m.value as Metrics).totals.requests).toBeGreaterThan(100);
  });
});

describe('rollups and time zones on a store', () => {
  let dirs: TempDirs;
  let db: SqliteDatabase;
  let store: UsageStore;
  let rollups: RollupStore;

  beforeEach(() => {
    dirs = makeTempDirs();
    db = openDatabase(join(dirs.dataDir, 'monitor.sqlite'));
    store = new UsageStore(db);
    rollups = new RollupStore(db);
  });
  afterEach(() => {
    db.close();
    dirs.cleanup();
  });

  it('backfills the rollup from records written before migration 7', () => {
    const file = join(dirs.dataDir, 'old.sqlite');
    const old = new (db.constructor as new (file: string) => SqliteDatabase)(file);
    old.exec(migrations[0]!.sql);
    old.pragma('user_version = 1');
    const insert = old.prepare(
      `INSERT INTO usage_records (id, session_id, project, agent_id, ts, model, input_tokens, output_tokens,
         cache_creation_tokens, cache_read_tokens, total_tokens, cost_usd, priced)
       VALUES (?, 's', 'p', ?, ?, 'm', 5, 6, 7, 8, 26, 0.5, ?)`,
    );
    insert.run('a', null, at('2025-06-01T00:01:00Z'), 1);
    insert.run('b', 'x', at('2025-06-01T00:02:00Z'), 0);
    insert.run('c', null, at('2025-06-01T00:14:59Z'), 1);
    insert.run('d', null, at('2025-06-01T00:15:00Z'), 1);
    migrate(old);
    expect(rollupAsStored(old)).toEqual(rollupFromRecords(old));
    expect(rollupAsStored(old)).toHaveLength(2);
    expect(agentRollupAsStored(old)).toEqual(agentRollupFromRecords(old));
    expect(agentRollupAsStored(old)).toHaveLength(3);
    expect(hourRollupAsStored(old)).toEqual(hourRollupFromRecords(old));
    expect(hourRollupAsStored(old)).toHaveLength(1);
    expect(old.prepare('SELECT bucket, requests, unpriced FROM total_usage_rollup_15m').all()).toEqual([
      { bucket: at('2025-06-01T00:00:00Z'), requests: 3, unpriced: 1 },
      { bucket: at('2025-06-01T00:15:00Z'), requests: 1, unpriced: 0 },
    ]);
    expect(old.prepare('SELECT requests, input_tokens FROM session_usage').get()).toEqual({
      requests: 4,
      input_tokens: 20,
    });
    old.close();
  });

  it('buckets days at local midnight in a +05:45 zone and hours across a DST change', () => {
    // Kathmandu is UTC+05:45: 18:14 UTC is 23:59 local on the 1st, 18:15 UTC is 00:00 local on the 2nd.
    store.applyBatch(
      [record(at('2025-06-01T18:14:00Z'), { inputTokens: 1 }), record(at('2025-06-01T18:15:00Z'), { inputTokens: 2 })],
      [],
    );
    const days = buildMetrics(rollups, {
      range: { from: at('2025-05-20T00:00:00Z'), to: at('2025-06-10T00:00:00Z') },
      groupBy: 'model',
      timezone: 'Asia/Kathmandu',
      developer: 'dev',
    });
    expect(days.bucket).toBe('1d');
    const nonEmpty = days.series.filter((p) => p.requests > 0);
    expect(nonEmpty.map((p) => [new Date(p.start).toISOString(), p.inputTokens])).toEqual([
      ['2025-05-31T18:15:00.000Z', 1],
      ['2025-06-01T18:15:00.000Z', 2],
    ]);

    // New York springs forward on 2025-03-09: 01:59 EST (06:59Z) is followed by 03:00 EDT (07:00Z).
    store.applyBatch(
      [
        record(at('2025-03-09T06:30:00Z'), { inputTokens: 10 }),
        record(at('2025-03-09T07:10:00Z'), { inputTokens: 20 }),
        record(at('2025-03-09T08:10:00Z'), { inputTokens: 40 }),
      ],
      [],
    );
    const hours = buildMetrics(rollups, {
      range: { from: at('2025-03-08T00:00:00Z'), to: at('2025-03-12T00:00:00Z') },
      groupBy: 'project',
      timezone: 'America/New_York',
      developer: 'dev',
    });
    expect(hours.bucket).toBe('1h');
    expect(hours.series.filter((p) => p.requests > 0).map((p) => [p.start, p.inputTokens])).toEqual([
      [at('2025-03-09T06:00:00Z'), 10], // 01:00 EST
      [at('2025-03-09T07:00:00Z'), 20], // 03:00 EDT
      [at('2025-03-09T08:00:00Z'), 40], // 04:00 EDT
    ]);
    // Every hour of the range is present once: 4 × 24 hours minus the hour the clocks skipped.
    expect(hours.series).toHaveLength(96);
    const dayBins = buildMetrics(rollups, {
      range: { from: at('2025-03-01T05:00:00Z'), to: at('2025-03-31T04:00:00Z') },
      groupBy: 'developer',
      timezone: 'America/New_York',
      developer: 'dev',
    });
    const march9 = dayBins.series.find((p) => p.start === at('2025-03-09T05:00:00Z'));
    expect(march9?.inputTokens).toBe(70);
    expect(dayBins.groups).toEqual([expect.objectContaining({ key: '', label: 'dev', requests: 3 })]);
  });

  it('shows the 8 costliest agents and folds the rest into one group, totals unchanged', () => {
    const rows: UsageRecordRow[] = [];
    for (let a = 1; a <= 12; a++)
      rows.push(record(at('2025-06-03T10:20:00Z') + a, { agentId: `agent${a}`, costUsd: a }));
    rows.push(record(at('2025-06-03T10:50:00Z'), { costUsd: 0.5 })); // the main session
    store.applyBatch(rows, []);
    const m = buildMetrics(rollups, {
      range: { from: at('2025-06-03T00:00:00Z'), to: at('2025-06-04T00:00:00Z') },
      groupBy: 'agent',
      timezone: 'UTC',
      developer: 'dev',
    });
    expect(m.groups.map((g) => g.key)).toEqual([
      'agent12',
      'agent11',
      'agent10',
      'agent9',
      'agent8',
      'agent7',
      'agent6',
      'agent5',
      '__other__',
    ]);
    const other = m.groups.at(-1)!;
    expect(other).toMatchObject({ label: 'other agents', requests: 5 });
    expect(other.totalCost).toBeCloseTo(1 + 2 + 3 + 4 + 0.5, 9);
    expect(m.totals.requests).toBe(13);
    const point = m.series.find((p) => p.start === at('2025-06-03T10:15:00Z'))!;
    expect(point.groups['__other__']!.totalCost).toBeCloseTo(10, 9);
  });

  it('forecasts the month and compares weeks from daily costs', () => {
    const rows: UsageRecordRow[] = [];
    for (let d = 1; d <= 19; d++) rows.push(record(at(`2025-06-${String(d).padStart(2, '0')}T10:00:00Z`)));
    rows.push(record(at('2025-06-20T09:00:00Z'), { costUsd: 2 }));
    store.applyBatch(rows, [session('session-a', at('2025-06-01T10:00:00Z'), at('2025-06-20T09:00:00Z'))]);
    const a = buildAnalytics(rollups, 'UTC', at('2025-06-20T12:00:00Z')); // a Friday
    expect(a.forecast.month).toBe('2025-06');
    expect(a.forecast.monthToDateCost).toBeCloseTo(21, 9);
    expect(a.forecast.averageDailyCost).toBeCloseTo(1, 9);
    expect(a.forecast.daysLeft).toBeCloseTo(10.5, 9);
    expect(a.forecast.forecastCost).toBeCloseTo(31.5, 9);
    expect(a.week.days.map((d) => d.weekday)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(a.week.days[4]!.thisWeek).toMatchObject({ date: '2025-06-20', totalCost: 2 });
    expect(a.week.days[5]!.thisWeek).toBeNull();
    expect(a.week.thisWeekCost).toBeCloseTo(6, 9);
    expect(a.week.lastWeekCost).toBeCloseTo(7, 9);
    expect(a.week.lastWeekCostToDate).toBeCloseTo(5, 9);
    expect(a.topSessions).toEqual([
      expect.objectContaining({ id: 'session-a', requests: 20, title: 'title of session-a' }),
    ]);
    expect(a.topSessions[0]!.totalCost).toBeCloseTo(21, 9);
    expect(a.topProjects[0]).toMatchObject({ project: '-home-dev-shop', requests: 20 });
  });

  it('marks an hour costing more than 3× its hour-of-day median, and maps activity to the viewer’s weekday', () => {
    const rows: UsageRecordRow[] = [];
    for (let d = 7; d <= 19; d++) rows.push(record(at(`2025-06-${String(d).padStart(2, '0')}T14:20:00Z`)));
    rows.push(record(at('2025-06-20T14:20:00Z'), { costUsd: 3.5 })); // 3.5 > 3 × median 1
    rows.push(record(at('2025-06-18T14:40:00Z'), { costUsd: 1.5 })); // 2.5 in that hour: not a spike
    rows.push(record(at('2025-06-16T23:30:00Z'))); // Monday 23:30 UTC is Tuesday 08:30 in Tokyo
    store.applyBatch(rows, []);
    const a = buildAnalytics(rollups, 'Asia/Tokyo', at('2025-06-20T23:59:00Z'));
    expect(a.hourly.filter((h) => h.spike).map((h) => new Date(h.start).toISOString())).toEqual([
      '2025-06-20T14:00:00.000Z',
    ]);
    expect(a.hourly.find((h) => h.spike)!.baseline).toBe(1);
    const cell = a.heatmap.cells.find((c) => c.weekday === 1 && c.hour === 8);
    expect(cell).toMatchObject({ requests: 1, cost: 1 });
    expect(a.heatmap.cells.reduce((s, c) => s + c.requests, 0)).toBe(rows.length);
  });

  it('draws 5-hour blocks from the first activity’s hour, with burn rate and the active block’s projection', () => {
    store.applyBatch(
      [
        record(at('2025-06-19T20:20:00Z')),
        record(at('2025-06-20T00:59:00Z')), // still in the 20:00 block
        record(at('2025-06-20T01:30:00Z')), // past 01:00: a new block from 01:00
        record(at('2025-06-20T06:10:00Z'), { inputTokens: 600, outputTokens: 400, costUsd: 0.5 }),
        record(at('2025-06-20T06:40:00Z'), { inputTokens: 1500, outputTokens: 500, costUsd: 1 }),
      ],
      [],
    );
    const now = at('2025-06-20T06:50:00Z');
    const blocks = buildBlocks(rollups, now);
    expect(blocks.map((b) => [new Date(b.start).toISOString(), b.requests, b.active])).toEqual([
      ['2025-06-20T06:00:00.000Z', 2, true],
      ['2025-06-20T01:00:00.000Z', 1, false],
      ['2025-06-19T20:00:00.000Z', 2, false],
    ]);
    const active = blocks[0]!;
    expect(active.end).toBe(at('2025-06-20T11:00:00Z'));
    expect(active.firstActivity).toBe(at('2025-06-20T06:10:00Z'));
    expect(active.lastActivity).toBe(at('2025-06-20T06:40:00Z'));
    expect(active.tokensPerMinute).toBeCloseTo(100, 9); // 3000 tokens over 30 minutes
    expect(active.costPerHour).toBeCloseTo(3, 9);
    expect(active.projection!.remainingMinutes).toBeCloseTo(250, 9);
    expect(active.projection!.totalTokens).toBeCloseTo(28_000, 6);
    expect(active.projection!.totalCost).toBeCloseTo(14, 9);
    expect(blocks[1]!.tokensPerMinute).toBeNull(); // one response: no duration to divide by
    expect(blocks[1]!.projection).toBeNull();
  });
});
