// Shared pieces of the team benchmarks: a throwaway Postgres database and Redis prefix, app cores in team
// mode, and usage records fed straight into the store (the ingest path after parsing).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createLogger } from '../electron/main/core/logger';
import { MonitorCore } from '../electron/main/core/monitor-core';
import type { TeamSyncOptions } from '../electron/main/team/team-sync';
import type { UsageRecordRow } from '../electron/main/store/usage-store';

export const ADMIN_URL = process.env.SFM_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.SFM_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Seconds from `--seconds N` or the environment, so a quick run is one flag away. */
export function seconds(fallback: number): number {
  const i = process.argv.indexOf('--seconds');
  const v = i >= 0 ? Number(process.argv[i + 1]) : Number(process.env.SFM_BENCH_SECONDS ?? fallback);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

export function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

export async function withDatabase<T>(
  run: (url: string, query: (sql: string) => Promise<pg.QueryResultRow[]>) => Promise<T>,
): Promise<T> {
  const name = `sfm_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
  pool.on('error', () => {}); // DROP ... WITH (FORCE) ends its idle connection
  try {
    return await run(url.toString(), async (sql) => (await pool.query(sql)).rows);
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

export interface BenchInstance {
  core: MonitorCore;
  cleanup(): Promise<void>;
}

export async function openCore(
  developer: string,
  databaseUrl: string,
  redisPrefix: string,
  tuning: TeamSyncOptions extends infer O
    ? Partial<Omit<O & object, 'config' | 'db' | 'store' | 'log' | 'onTeamChanged'>>
    : never = {},
): Promise<BenchInstance> {
  const root = mkdtempSync(join(tmpdir(), 'sfm-bench-'));
  const core = new MonitorCore({
    dataDir: join(root, 'data'),
    claudeDirs: [join(root, 'claude')],
    mode: 'browser',
    log: createLogger('error'),
    rescanMs: 3_600_000,
    team: {
      mode: 'team',
      config: { databaseUrl, redisUrl: REDIS_URL, redisPrefix, team: 'bench', developer, shareText: false },
    },
    teamTuning: { presenceIntervalMs: 5_000, ...tuning },
  });
  await core.start();
  return {
    core,
    async cleanup() {
      await core.shutdown();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

let counter = 0;
/** `n` distinct API responses of one session, as the transcript parser would produce them. */
export function usageRecords(developer: string, sessionId: string, n: number, ts = Date.now()): UsageRecordRow[] {
  const rows: UsageRecordRow[] = [];
  for (let i = 0; i < n; i++) {
    counter++;
    rows.push({
      id: `msg_${developer}_${counter}:req_${counter}`,
      sessionId,
      project: `-home-${developer}-demo`,
      agentId: counter % 3 === 0 ? `a${counter % 5}` : null,
      isSidechain: counter % 3 === 0,
      ts,
      model: 'claude-sonnet-4-5-20250929',
      inputTokens: 100 + (counter % 50),
      outputTokens: 20 + (counter % 30),
      cacheCreationTokens: 0,
      cacheCreation1hTokens: 0,
      cacheReadTokens: 1000,
      speed: null,
      costUsd: 0.0012,
      priced: true,
      messageId: null,
      sidechainLine: false,
      sourcePath: `/bench/${sessionId}.jsonl`,
      lineCostUsd: null,
    });
  }
  return rows;
}

export const session = (developer: string, id: string, ts = Date.now()) => ({
  id,
  project: `-home-${developer}-demo`,
  cwd: null,
  gitBranch: 'main',
  version: '2.0.14',
  title: null,
  firstTs: ts,
  lastTs: ts,
});

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
