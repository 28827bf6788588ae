// A simulated Claude data directory goes through the real import, the CLI and the live writer.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../electron/main/core/logger';
import { MonitorCore } from '../../electron/main/core/monitor-core';
import { SIMULATION_MARKER } from '../../electron/main/simulate/out-dir';
import { simulateClaudeDir } from '../../electron/main/simulate/simulate-claude-dir';
import { simulateLive } from '../../electron/main/simulate/simulate-live';
import { listFiles, readTranscripts } from '../support/simulated-dir';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';

const silent = createLogger('error', () => {});
const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('simulate', () => {
  let dirs: TempDirs;
  let out: string;
  beforeEach(() => {
    dirs = makeTempDirs();
    out = join(dirs.dataDir, '..', 'sim');
  });
  afterEach(() => dirs.cleanup());

  it('imports with non-zero usage, one record per API response', async () => {
    const summary = simulateClaudeDir({ out, mib: 2, seed: 3, now: NOW });
    const lines = readTranscripts(out);
    const usageLines = lines.filter((l) => l.parsed.kind === 'entry' && l.parsed.usage);
    const responses = new Set(
      usageLines.map((l, i) => {
        const u = l.parsed.kind === 'entry' ? l.parsed.usage : null;
        return u?.messageId && u.requestId ? `${u.messageId}:${u.requestId}` : `line-${i}`;
      }),
    );

    const core = new MonitorCore({ dataDir: dirs.dataDir, claudeDirs: [out], mode: 'browser', log: silent });
    try {
      await core.importOnce();
      const totals = core.store.totals(0, Number.MAX_SAFE_INTEGER);
      expect(totals.totalTokens).toBeGreaterThan(0);
      expect(totals.totalCost).toBeGreaterThan(0);
      expect(totals.apiCalls).toBe(responses.size);
      expect(totals.apiCalls).toBeLessThan(usageLines.length);
      const sources = core.store.sourceSummary();
      expect(sources.reduce((s, x) => s + x.skippedLines, 0)).toBe(summary.damagedLines);
      expect(sources.reduce((s, x) => s + x.lines, 0)).toBe(summary.lines);
      // Every simulated run ends, background ones through their task notification.
      const launched = new Set(
        lines.flatMap((l) => {
          const result = l.json?.toolUseResult as Record<string, unknown> | undefined;
          return result?.status === 'async_launched' ? [result.agentId as string] : [];
        }),
      );
      expect(launched.size).toBeGreaterThan(0);
      const runs = core.activityQueries.runs({ limit: 10_000 });
      expect(runs.filter((r) => launched.has(r.id)).length).toBe(launched.size);
      expect(runs.filter((r) => r.status === 'running')).toEqual([]);
    } finally {
      core.close();
    }
  });

  it('runs from the command line and refuses a folder it did not write', () => {
    const cli = (args: string[]) =>
      spawnSync('npx', ['tsx', 'electron/main/cli/index.ts', 'simulate', ...args], { encoding: 'utf8' });
    const run = cli(['--out', out, '--mib', '1', '--seed', '7', '--now', '2026-03-01T12:00:00Z']);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(
      /simulated \d+ files, \d+ lines, 1\.\d\d MiB, \d+ sessions, \d+ subagent runs, \d+ damaged lines/,
    );
    expect(existsSync(join(out, SIMULATION_MARKER))).toBe(true);
    expect(listFiles(join(out, 'projects')).length).toBeGreaterThan(3);

    const mine = join(dirs.dataDir, '..', 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'notes.txt'), 'keep');
    const refused = cli(['--out', mine, '--mib', '1']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('OUT_NOT_EMPTY');
    expect(listFiles(mine)).toEqual([join(mine, 'notes.txt')]);

    const bad = cli(['--out', out, '--mib', 'lots']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--mib');
  });

  it('keeps appending live to earlier and new sessions, half lines included, until stopped', async () => {
    const history = simulateClaudeDir({ out, mib: 0.3, seed: 4, now: NOW });
    const before = new Map(listFiles(join(out, 'projects')).map((f) => [f, readFileSync(f).length]));
    const controller = new AbortController();
    let written = 0;
    let sawHalfLine = false;
    const summary = await simulateLive({
      out,
      seed: 4,
      linesPerSecond: 400,
      signal: controller.signal,
      onLine: (file) => {
        if (!readFileSync(file).toString('latin1').endsWith('\n')) sawHalfLine = true;
        if (++written >= 250) controller.abort();
      },
    });
    expect(summary.lines).toBeGreaterThanOrEqual(250);
    expect(summary.sessionsResumed).toBeGreaterThan(0);
    expect(summary.sessionsStarted).toBeGreaterThan(0);
    expect(summary.partialWrites).toBeGreaterThan(0);
    expect(sawHalfLine).toBe(true);

    const after = listFiles(join(out, 'projects'));
    const grown = after.filter((f) => before.has(f) && readFileSync(f).length > before.get(f)!);
    expect(grown.length).toBeGreaterThan(0);
    expect(after.some((f) => !before.has(f))).toBe(true);
    // stopped cleanly: no half line left behind, and every line not deliberately damaged parses
    for (const f of after.filter((x) => x.endsWith('.jsonl')))
      expect(readFileSync(f).toString('latin1').endsWith('\n')).toBe(true);
    const skipped = readTranscripts(out).filter((l) => l.parsed.kind === 'skip').length;
    expect(skipped).toBe(history.damagedLines + summary.damagedLines);
  });
});
