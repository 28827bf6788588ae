// Benchmark: the team and developer scopes of the Overview, Metrics and Analytics over a large team cache.
// `npx tsx bench/team-scope-queries.ts [--records 500000] [--developers 50] [--runs 10]` — fills a temp store's
// team cache (30 days, office hours, through OutboxStore.cacheTeamRows so migration 11's triggers keep the rollups),
// then times each request through the dispatcher. No network: team scopes read the cache only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLogger } from '../electron/main/core/logger';
import { MonitorCore } from '../electron/main/core/monitor-core';
import { OutboxStore } from '../electron/main/store/outbox-store';
import { openDatabase } from '../electron/main/store/database';
import type { TeamSessionRow, TeamUsageRow } from '../electron/main/team/team-records';
import { flag, percentile } from './team-support';

const RECORDS = flag('records', 500_000);
const DEVELOPERS = flag('developers', 50);
const RUNS = flag('runs', 10);
const DAYS = 30;
const TEAM = 'bench';
const MODELS = ['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001', 'claude-opus-4-1-20250805'];

const dir = mkdtempSync(join(tmpdir(), 'sfm-bench-scope-'));
try {
  const db = openDatabase(join(dir, 'data', 'monitor.sqlite'));
  const outbox = new OutboxStore(db);
  const now = Date.now();
  let seq = 0;
  const fillStarted = performance.now();
  const perDeveloper = Math.ceil(RECORDS / DEVELOPERS);
  for (let d = 0; d < DEVELOPERS; d++) {
    const developer = `dev${String(d).padStart(2, '0')}`;
    const sessions: TeamSessionRow[] = [];
    let usage: TeamUsageRow[] = [];
    for (let i = 0; i < perDeveloper; i++) {
      // Spread over 30 days, in office hours (8:00–18:00 UTC), one session per 200 responses.
      const day = Math.floor((i / perDeveloper) * DAYS);
      const ts = now - (DAYS - day) * 86_400_000 + (8 + ((i * 7) % 10)) * 3_600_000 + ((i * 37) % 3_600_000);
      const sessionId = `${developer}-s${Math.floor(i / 200)}`;
      if (i % 200 === 0) {
        sessions.push({
          team: TEAM,
          developer,
          id: sessionId,
          project: `-home-${developer}-project-${i % 5}`,
          cwd: null,
          gitBranch: 'main',
          version: '2.0.14',
          title: null,
          firstTs: ts,
          lastTs: ts + 3_600_000,
          seq: ++seq,
        });
      }
      usage.push({
        team: TEAM,
        developer,
        id: `${developer}-r${i}`,
        sessionId,
        project: `-home-${developer}-project-${Math.floor(i / 200) % 5}`,
        agentId: i % 3 === 0 ? `agent-${developer}-${i % 30}` : null,
        isSidechain: i % 3 === 0,
        ts: Math.min(ts, now - 1),
        model: MODELS[i % MODELS.length]!,
        inputTokens: 100 + (i % 500),
        outputTokens: 50 + (i % 300),
        cacheCreationTokens: i % 1000,
        cacheCreation1hTokens: 0,
        cacheReadTokens: 2000 + (i % 5000),
        totalTokens: 2150 + (i % 500) + (i % 300) + (i % 1000) + (i % 5000),
        speed: null,
        costUsd: 0.001 * (1 + (i % 20)),
        priced: true,
        counted: true,
        seq: ++seq,
      });
      if (usage.length === 5_000) {
        outbox.cacheTeamRows(sessions.splice(0), usage);
        usage = [];
      }
    }
    outbox.cacheTeamRows(sessions, usage);
  }
  const fillSeconds = (performance.now() - fillStarted) / 1000;
  db.close();

  const core = new MonitorCore({
    dataDir: join(dir, 'data'),
    claudeDirs: [join(dir, 'claude')],
    mode: 'browser',
    log: createLogger('error'),
    hooks: false,
    team: {
      mode: 'team',
      config: {
        // Never contacted: the core is not started, and scopes read the local cache only.
        databaseUrl: 'postgres://bench@127.0.0.1:1/none',
        redisUrl: 'redis://127.0.0.1:1',
        redisPrefix: 'sfm-bench:',
        team: TEAM,
        developer: 'dev00',
        shareText: false,
      },
    },
  });
  const timezone = 'Europe/Berlin';
  const cases: [string, string, unknown][] = [];
  for (const [label, scope] of [
    ['team', { kind: 'team' }],
    ['developer', { kind: 'developer', developer: 'dev07' }],
  ] as const) {
    cases.push([`overview.get ${label}`, 'overview.get', { timezone, scope }]);
    for (const preset of ['24h', '7d', '30d'])
      cases.push([
        `metrics.get ${preset} by model, ${label}`,
        'metrics.get',
        { range: { preset }, groupBy: 'model', timezone, scope },
      ]);
    cases.push([
      `metrics.get 30d by developer, ${label}`,
      'metrics.get',
      { range: { preset: '30d' }, groupBy: 'developer', timezone, scope },
    ]);
    cases.push([`analytics.get ${label}`, 'analytics.get', { timezone, scope }]);
  }
  console.log(
    `team cache: ${RECORDS.toLocaleString('en-US')} records of ${DEVELOPERS} developers over ${DAYS} days, cached (with rollups) in ${fillSeconds.toFixed(1)} s (${Math.round(RECORDS / fillSeconds).toLocaleString('en-US')} records/s)`,
  );
  console.log('| request | p50 ms | p95 ms |');
  console.log('| --- | --- | --- |');
  for (const [label, name, input] of cases) {
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t = performance.now();
      const e = await core.dispatch(name, input);
      times.push(performance.now() - t);
      if (!e.ok) throw new Error(`${label}: ${e.error.message}`);
    }
    times.sort((x, y) => x - y);
    console.log(`| ${label} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} |`);
  }
  core.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
