// `report agent [--json]`: tokens and cost by subagent type from the CLI, equal to the subagent usage stored.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reportCommand } from '../../electron/main/cli/commands/report';
import { simulateClaudeDir } from '../../electron/main/simulate/simulate-claude-dir';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';
import { stdio } from '../../electron/main/cli/stdio';

interface AgentRow {
  agentType: string;
  totalTokens: number;
  totalCost: number;
  runs: number;
}

describe('report agent', () => {
  let dirs: TempDirs;
  let claudeDir: string;
  let out: string[];

  beforeEach(() => {
    dirs = makeTempDirs();
    claudeDir = join(dirs.dataDir, '..', 'simulated');
    simulateClaudeDir({ out: claudeDir, mib: 1, seed: 'agent-report', now: Date.UTC(2026, 0, 31, 12) });
    out = [];
    vi.spyOn(stdio, 'out').mockImplementation((text) => void out.push(text));
    vi.spyOn(stdio, 'err').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
    dirs.cleanup();
  });

  const run = (...args: string[]) =>
    reportCommand(['agent', ...args, '--timezone', 'UTC', '--claude-dir', claudeDir, '--data-dir', dirs.dataDir]);

  it('prints usage by subagent type as JSON, summing to the stored subagent usage', async () => {
    expect(await run('--json')).toBe(0);
    const report = JSON.parse(out.join('')) as { agents: AgentRow[]; daily: unknown[]; totals: AgentRow };
    expect(report.agents.length).toBeGreaterThan(1);
    expect(report.daily.length).toBeGreaterThan(0);
    expect(report.agents.reduce((n, a) => n + a.totalTokens, 0)).toBe(report.totals.totalTokens);
    // Most expensive first.
    const costs = report.agents.map((a) => a.totalCost);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
    const db = new Database(join(dirs.dataDir, 'monitor.sqlite'), { readonly: true });
    try {
      const stored = db
        .prepare(
          `SELECT SUM(total_tokens) AS tokens, COUNT(DISTINCT agent_id) AS runs
           FROM usage_records WHERE counted = 1 AND agent_id IS NOT NULL`,
        )
        .get() as { tokens: number; runs: number };
      expect(report.totals.totalTokens).toBe(stored.tokens);
      expect(report.totals.runs).toBe(stored.runs);
    } finally {
      db.close();
    }
  });

  it('prints a table with one line per subagent type and a total', async () => {
    expect(await run('--json')).toBe(0);
    const types = (JSON.parse(out.join('')) as { agents: AgentRow[] }).agents.map((a) => a.agentType);
    out = [];
    expect(await run('--no-import')).toBe(0);
    const lines = out.join('').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Agent type\s+Runs\s+Input/);
    expect(lines.slice(2, -1).map((l) => l.split(/\s{2,}/)[0])).toEqual(types);
    expect(lines.at(-1)).toMatch(/^Total\s/);
  });

  it('rejects an unknown kind', async () => {
    await expect(run('--json', 'extra')).rejects.toThrow(/expected one of .*agent/);
  });
});
