// Our `report --json` agrees with ccusage 20.0.24 on the same Claude data: every period's and every model's
// token counts equal, costs within 0.5%, same JSON fields. The data-dir builder is a parameter, so the same
// comparison runs on any corpus (the generator here; simulated data once `simulate` exists).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateClaudeDir } from '../../electron/main/simulate/simulate-claude-dir';
import { usageCorpus, type ClaudeDirBuilder } from '../support/usage-corpus';

const ROOT = resolve(__dirname, '../..');
// ccusage's own launcher: it finds the platform's native binary and makes it executable (npm may not have).
const CCUSAGE = join(ROOT, 'node_modules/ccusage/src/cli.js');
const CLI = join(ROOT, 'electron/main/cli/index.ts');
const COST_TOLERANCE = 0.005;

interface Breakdown {
  modelName: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  cost: number;
}
interface Row {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalTokens: number;
  totalCost: number;
  modelsUsed: string[];
  modelBreakdowns: Breakdown[];
  [key: string]: unknown;
}
interface Totals {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalTokens: number;
  totalCost: number;
}
type Report = Record<string, unknown> & { totals: Totals };

const TOKEN_FIELDS = ['inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens'] as const;

function expectCostClose(ours: number, theirs: number, where: string): void {
  const scale = Math.max(Math.abs(theirs), 1e-9);
  expect(Math.abs(ours - theirs) / scale, `${where}: cost ${ours} vs ccusage ${theirs}`).toBeLessThanOrEqual(
    COST_TOLERANCE,
  );
}

/** Asserts two reports agree row by row (rows keyed by `key`) and model by model. */
function expectAgreement(ours: Report, theirs: Report, list: string, key: string | string[]): void {
  const keyOf = (r: Row) => (Array.isArray(key) ? key.map((k) => String(r[k])).join('/') : String(r[key]));
  const ourRows = ours[list] as Row[];
  const theirRows = theirs[list] as Row[];
  expect(ourRows.map(keyOf)).toEqual(theirRows.map(keyOf));
  for (const [i, t] of theirRows.entries()) {
    const o = ourRows[i]!;
    const where = `${list} ${keyOf(t)}`;
    // Same fields, in the same order.
    expect(Object.keys(o), where).toEqual(Object.keys(t));
    for (const f of [...TOKEN_FIELDS, 'totalTokens'] as const) expect(o[f], `${where} ${f}`).toBe(t[f]);
    expectCostClose(o.totalCost, t.totalCost, where);
    expect([...o.modelsUsed].sort(), where).toEqual([...t.modelsUsed].sort());
    const byName = (rows: Breakdown[]) => new Map(rows.map((b) => [b.modelName, b]));
    const ob = byName(o.modelBreakdowns);
    expect([...ob.keys()].sort(), where).toEqual(t.modelBreakdowns.map((b) => b.modelName).sort());
    for (const tb of t.modelBreakdowns) {
      const b = ob.get(tb.modelName)!;
      expect(Object.keys(b)).toEqual(Object.keys(tb));
      for (const f of TOKEN_FIELDS) expect(b[f], `${where} ${tb.modelName} ${f}`).toBe(tb[f]);
      expectCostClose(b.cost, tb.cost, `${where} ${tb.modelName}`);
    }
  }
  for (const f of [...TOKEN_FIELDS, 'totalTokens'] as const)
    expect(ours.totals[f], `totals ${f}`).toBe(theirs.totals[f]);
  expectCostClose(ours.totals.totalCost, theirs.totals.totalCost, 'totals');
  expect(Object.keys(ours), 'top-level fields').toEqual(Object.keys(theirs));
}

/**
 * Runs the comparison on the Claude data directory `build` writes. `periods: false` compares `daily` only:
 * ccusage 20.0.24's weekly, monthly and session reports count a sidechain replay with its own requestId
 * and timestamp, which its daily report drops (see README, "How usage is counted"); we drop it everywhere.
 */
function describeAgreement(name: string, build: ClaudeDirBuilder, periods = true): void {
  describe(`report agrees with ccusage 20.0.24 on ${name}`, () => {
    let root: string;
    let claudeDir: string;
    let dataDir: string;
    let home: string;

    const ccusage = (...args: string[]): Report =>
      JSON.parse(
        execFileSync(process.execPath, [CCUSAGE, ...args, '--json', '--offline', '-z', 'UTC'], {
          // An empty HOME, so ccusage reads nothing but this directory (no other agent's logs either).
          env: { PATH: process.env.PATH, HOME: home, CLAUDE_CONFIG_DIR: claudeDir, NO_COLOR: '1' },
          encoding: 'utf8',
        }),
      ) as Report;
    const ours = (kind: string): Report =>
      JSON.parse(
        execFileSync(
          process.execPath,
          [
            '--import',
            'tsx',
            CLI,
            'report',
            kind,
            '--json',
            '--timezone',
            'UTC',
            '--claude-dir',
            claudeDir,
            '--data-dir',
            dataDir,
          ],
          { cwd: ROOT, env: { ...process.env, HOME: home }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
        ),
      ) as Report;

    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), 'sfm-agreement-'));
      claudeDir = join(root, 'claude');
      dataDir = join(root, 'data');
      home = join(root, 'home');
      mkdirSync(home, { recursive: true });
      build(claudeDir);
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('daily, against `ccusage claude daily` (same shape)', () => {
      const theirs = ccusage('claude', 'daily');
      expect((theirs.daily as Row[]).length).toBeGreaterThan(3);
      expectAgreement(ours('daily'), theirs, 'daily', 'date');
    });

    it('daily, against the all-agents `ccusage daily` (its rows say `period`)', () => {
      const theirs = ccusage('daily');
      const mine = ours('daily');
      const rows = (theirs.daily as Row[]).map(({ agent: _a, metadata: _m, period, ...rest }) => ({
        ...rest,
        date: period,
      }));
      expect(rows.map((r) => r.date)).toEqual((mine.daily as Row[]).map((r) => r.date));
      for (const [i, r] of rows.entries()) {
        const o = (mine.daily as Row[])[i]!;
        for (const f of [...TOKEN_FIELDS, 'totalTokens'] as const) expect(o[f]).toBe(r[f]);
        expectCostClose(o.totalCost, r.totalCost, String(r.date));
      }
    });

    if (!periods) return;
    it('weekly', () => expectAgreement(ours('weekly'), ccusage('claude', 'weekly'), 'weekly', 'week'));
    it('monthly', () => expectAgreement(ours('monthly'), ccusage('claude', 'monthly'), 'monthly', 'month'));
    it('session', () =>
      expectAgreement(ours('session'), ccusage('claude', 'session'), 'sessions', ['projectPath', 'sessionId']));
  });
}

describeAgreement('a generated corpus, replays at their own time', usageCorpus({ replayAt: 'own' }), false);
describeAgreement("a generated corpus, replays at their parent's time", usageCorpus({ replayAt: 'parent' }));
// Daily only: on this data our session report lists a flat agent file whose only usage has zero tokens, which
// ccusage's session report leaves out (a difference of the session report, not of counting).
describeAgreement(
  'a simulated Claude data dir (3 MiB, fixed seed and now)',
  (dir) => void simulateClaudeDir({ out: dir, mib: 3, seed: 'agreement', now: Date.UTC(2026, 0, 31, 12) }),
  false,
);
