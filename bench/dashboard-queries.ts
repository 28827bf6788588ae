// Benchmark: p50/p95 of every dashboard panel query on a store holding 1,000,000 usage records.
// Run: npx tsx bench/dashboard-queries.ts [--records N] [--runs N] [--tz ZONE] [--fresh]   (store kept in .bench-data/)
// `fillUsageStore` is shared with bench/renderer-perf.ts.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createLogger } from '../electron/main/core/logger';
import { MonitorCore } from '../electron/main/core/monitor-core';
import { openDatabase } from '../electron/main/store/database';
import { UsageStore, type SessionPatch, type UsageRecordRow } from '../electron/main/store/usage-store';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RECORDS = flag('--records', 1_000_000);
const RUNS = flag('--runs', 40);
const DAYS = 60;
const dataDir = join('.bench-data', `dashboard-${RECORDS}`);
const TZ = args.includes('--tz') ? args[args.indexOf('--tz') + 1]! : 'Europe/Berlin';

// Deterministic pseudo-random numbers, so two runs measure the same store.
let seed = 42;
const random = () => {
  // mulberry32: 32-bit integer arithmetic throughout (Math.imul), so no precision is lost.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

const MODELS = [
  { id: 'claude-sonnet-4-5-20250929', weight: 0.55, input: 3e-6, output: 15e-6 },
  { id: 'claude-opus-4-1-20250805', weight: 0.15, input: 15e-6, output: 75e-6 },
  { id: 'claude-haiku-4-5-20251001', weight: 0.25, input: 1e-6, output: 5e-6 },
  { id: 'claude-sonnet-4-20250514', weight: 0.05, input: 3e-6, output: 15e-6 },
] as const;
const PROJECTS = Array.from({ length: 14 }, (_, i) => `-home-dev-project-${String.fromCharCode(97 + i)}`);
// Office hours weigh more than nights: a weight per hour of day.
const HOUR_WEIGHT = Array.from({ length: 24 }, (_, h) => (h >= 8 && h <= 19 ? 1 : h >= 6 && h <= 22 ? 0.4 : 0.08));

function pickModel() {
  let r = random();
  for (const m of MODELS) {
    if ((r -= m.weight) <= 0) return m;
  }
  return MODELS[0];
}

export interface FillOptions {
  records: number;
  /** The records span the last `days` days up to now. */
  days: number;
  /** Weigh session starts to office hours (UTC); off spreads them evenly, so today holds its share however early it is. */
  officeHours: boolean;
}

/** Replaces `dir` with a data directory whose store holds `records` usage records (deterministic for equal options). */
export function fillUsageStore(dir: string, options: FillOptions): void {
  const { records: total, days, officeHours } = options;
  seed = 42;
  rmSync(dir, { recursive: true, force: true });
  const db = openDatabase(join(dir, 'monitor.sqlite'));
  const store = new UsageStore(db);
  const now = Date.now();
  const start = now - days * 86_400_000;
  let made = 0;
  let sessionNo = 0;
  const started = performance.now();
  let usage: UsageRecordRow[] = [];
  let sessions: SessionPatch[] = [];
  while (made < total) {
    // A session: a project, a start time weighted to office hours, 40-400 responses a few seconds apart,
    // a third of them in subagent runs of 10-60 responses.
    const id = `bench-session-${sessionNo++}`;
    const project = pick(PROJECTS);
    let ts: number;
    do ts = start + random() * (now - start);
    while (officeHours && random() > HOUR_WEIGHT[new Date(ts).getUTCHours()]!);
    const length = Math.min(total - made, 40 + Math.floor(random() * 360));
    const first = ts;
    let agent: string | null = null;
    let agentLeft = 0;
    for (let i = 0; i < length; i++) {
      ts += 2_000 + random() * 40_000;
      if (ts >= now) break;
      if (agentLeft === 0) {
        agent = random() < 0.33 ? `a${sessionNo}x${i}` : null;
        agentLeft = agent ? 10 + Math.floor(random() * 50) : 5 + Math.floor(random() * 30);
      }
      agentLeft--;
      const m = pickModel();
      const input = Math.floor(random() * 3000);
      const output = Math.floor(random() * 2500);
      const cacheCreation = Math.floor(random() * 8000);
      const cacheRead = Math.floor(random() * 60_000);
      usage.push({
        id: `msg_${id}_${i}:req_${i}`,
        sessionId: id,
        project,
        agentId: agent,
        isSidechain: agent !== null,
        ts: Math.floor(ts),
        model: m.id,
        inputTokens: input,
        outputTokens: output,
        cacheCreationTokens: cacheCreation,
        cacheCreation1hTokens: 0,
        cacheReadTokens: cacheRead,
        speed: null,
        costUsd: input * m.input + output * m.output + cacheCreation * m.input * 1.25 + cacheRead * m.input * 0.1,
        priced: true,
        messageId: `msg_${id}_${i}`,
        sidechainLine: false,
        sourcePath: `/bench/${project}/${id}.jsonl`,
        lineCostUsd: null,
      });
      made++;
    }
    sessions.push({
      id,
      project,
      cwd: `/home/dev/${project}`,
      gitBranch: 'main',
      version: '2.0.14',
      title: `Bench session ${sessionNo}`,
      firstTs: Math.floor(first),
      lastTs: Math.floor(Math.min(ts, now - 1)),
    });
    if (usage.length >= 50_000) {
      store.applyBatch(usage, sessions);
      usage = [];
      sessions = [];
    }
  }
  store.applyBatch(usage, sessions);
  const rows = (db.prepare('SELECT COUNT(*) AS n FROM usage_records').get() as { n: number }).n;
  const rollupRows = (db.prepare('SELECT COUNT(*) AS n FROM usage_rollup_15m').get() as { n: number }).n;
  db.pragma('optimize');
  db.close();
  console.log(
    `filled ${rows} usage records (${sessionNo} sessions, ${rollupRows} rollup rows) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function measure(core: MonitorCore, name: string, input: unknown) {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 3; i++) {
    const t = performance.now();
    const answer = await core.dispatch(name, input);
    const ms = performance.now() - t;
    if (!answer.ok) throw new Error(`${name}: ${answer.error.message}`);
    if (i >= 3) times.push(ms); // the first runs warm the page cache and prepare statements
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!;
  return { p50: q(0.5), p95: q(0.95) };
}

async function main() {
  if (args.includes('--fresh') || !existsSync(join(dataDir, 'monitor.sqlite')))
    fillUsageStore(dataDir, { records: RECORDS, days: DAYS, officeHours: true });
  const core = new MonitorCore({ dataDir, claudeDirs: [], mode: 'browser', log: createLogger('error', () => {}) });
  const cases: [string, string, unknown][] = [['overview.get', 'overview.get', { timezone: TZ }]];
  for (const preset of ['1h', '24h', '7d', '30d'])
    for (const groupBy of ['model', 'project', 'agent', 'developer'])
      cases.push([`metrics.get ${preset} by ${groupBy}`, 'metrics.get', { range: { preset }, groupBy, timezone: TZ }]);
  cases.push(['analytics.get', 'analytics.get', { timezone: TZ }]);
  console.log(`${RECORDS} records, ${RUNS} runs each, time zone ${TZ}, node ${process.version}`);
  console.log('query'.padEnd(34) + 'p50 ms'.padStart(9) + 'p95 ms'.padStart(9));
  for (const [label, name, input] of cases) {
    const { p50, p95 } = await measure(core, name, input);
    console.log(
      label.padEnd(34) + p50.toFixed(1).padStart(9) + p95.toFixed(1).padStart(9) + (p95 > 50 ? '  > 50 ms' : ''),
    );
  }
  core.close();
}

// Run only when started as a script, not when imported for its fill.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
