// An app killed (SIGKILL) in the middle of pushing its outbox, then started again: afterwards every record
// is in Postgres exactly once, and in both its own and a teammate's cache.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, uniquePrefix, type TestDatabase } from '../support/team-servers';
import { assistantLine } from '../support/transcript-lines';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'electron', 'main', 'cli', 'index.ts');
const RECORDS = 3000;

function runSync(
  args: string[],
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; output: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'sync', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const output = new Promise<{ code: number | null; stdout: string; stderr: string }>((r) =>
    child.once('exit', (code) => r({ code, stdout, stderr })),
  );
  return { child, output };
}

describe('team sync after a crash', () => {
  let db: TestDatabase;
  let alice: TempDirs;
  let bob: TempDirs;

  beforeAll(async () => {
    db = await createTestDatabase();
    alice = makeTempDirs();
    bob = makeTempDirs();
  });
  afterAll(async () => {
    await db.drop();
    alice.cleanup();
    bob.cleanup();
  });

  it('resends only what Postgres had not acknowledged, and every record lands exactly once', async () => {
    const session = '66666666-6666-4666-8666-666666666666';
    const lines: string[] = [];
    for (let i = 0; i < RECORDS; i++) {
      lines.push(
        assistantLine({ sessionId: session }, new Date(), {
          input: 10 + (i % 13),
          output: 1,
          messageId: `m${i}`,
          requestId: `r${i}`,
        }),
      );
    }
    appendFileSync(join(alice.projectDir(), `${session}.jsonl`), lines.join('\n') + '\n');
    const env = {
      ...process.env,
      SUBFORGE_MONITOR_DATABASE_URL: db.url,
      SUBFORGE_MONITOR_REDIS_URL: 'redis://127.0.0.1:6379',
      SUBFORGE_MONITOR_REDIS_PREFIX: uniquePrefix(),
      SUBFORGE_MONITOR_TEAM: 'crash',
      SUBFORGE_MONITOR_TEAM_BATCH_SIZE: '50',
      SUBFORGE_MONITOR_LOG_LEVEL: 'error',
    };
    const count = async () =>
      Number(
        (await db.query<{ n: string }>(`SELECT count(*) AS n FROM team_usage_records`).catch(() => [{ n: '0' }]))[0]!.n,
      );

    const first = runSync(['--data-dir', alice.dataDir, '--claude-dir', alice.claudeDir], {
      ...env,
      SUBFORGE_MONITOR_DEVELOPER: 'alice',
    });
    await vi.waitFor(async () => expect(await count()).toBeGreaterThanOrEqual(200), { timeout: 30_000, interval: 5 });
    first.child.kill('SIGKILL');
    await first.output;
    const atKill = await count();
    expect(atKill).toBeLessThan(RECORDS); // really killed mid-sync

    const again = await runSync(['--once', '--data-dir', alice.dataDir, '--claude-dir', alice.claudeDir], {
      ...env,
      SUBFORGE_MONITOR_DEVELOPER: 'alice',
    }).output;
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/still queued/);
    expect(again.stdout).toMatch(/0 still queued/);

    const rows = await db.query<{ n: string; ids: string; tokens: string }>(
      `SELECT count(*) AS n, count(DISTINCT id) AS ids, sum(total_tokens) AS tokens FROM team_usage_records WHERE team = 'crash'`,
    );
    expect(Number(rows[0]!.n)).toBe(RECORDS);
    expect(Number(rows[0]!.ids)).toBe(RECORDS);

    const teammate = await runSync(['--once', '--data-dir', bob.dataDir, '--claude-dir', bob.claudeDir], {
      ...env,
      SUBFORGE_MONITOR_DEVELOPER: 'bob',
    }).output;
    expect(teammate.code).toBe(0);
    expect(teammate.stdout).toContain(`pulled ${RECORDS + 1} team records`); // the records and their session

    for (const dir of [alice.dataDir, bob.dataDir]) {
      const local = new Database(join(dir, 'monitor.sqlite'), { readonly: true });
      const cached = local
        .prepare(`SELECT count(*) AS n, sum(total_tokens) AS tokens FROM team_usage_records WHERE team = 'crash'`)
        .get() as { n: number; tokens: number };
      local.close();
      expect(cached).toEqual({ n: RECORDS, tokens: Number(rows[0]!.tokens) });
    }
  }, 90_000);
});
