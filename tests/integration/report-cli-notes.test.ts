// `report`'s notes on stderr: how many damaged lines each Claude data directory had, and nothing for a clean one;
// stdout stays the report alone.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reportCommand } from '../../electron/main/cli/commands/report';
import { assistantLine } from '../support/transcript-lines';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';
import { stdio } from '../../electron/main/cli/stdio';

const ctx = { sessionId: 'a0a0a0a0-0000-4000-8000-000000000001' };

describe('report notes', () => {
  let damaged: TempDirs;
  let clean: TempDirs;
  let out: string[];
  let err: string[];

  beforeEach(() => {
    damaged = makeTempDirs();
    clean = makeTempDirs();
    const good = (n: number) =>
      assistantLine(ctx, new Date(Date.UTC(2026, 0, 5, 10, n)), { output: 10, messageId: `m${n}`, requestId: `r${n}` });
    writeFileSync(
      join(damaged.projectDir(), `${ctx.sessionId}.jsonl`),
      `${good(1)}\n{"type":"assist\n\0\0\0\n${good(2)}\n`,
    );
    writeFileSync(join(clean.projectDir(), `${ctx.sessionId}.jsonl`), `${good(3)}\n`);
    out = [];
    err = [];
    vi.spyOn(stdio, 'out').mockImplementation((text) => void out.push(text));
    vi.spyOn(stdio, 'err').mockImplementation((text) => void err.push(text));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    damaged.cleanup();
    clean.cleanup();
  });

  it('counts the damaged lines of each directory that had any, on stderr', async () => {
    const args = ['daily', '--json', '--timezone', 'UTC', '--data-dir', damaged.dataDir];
    expect(await reportCommand([...args, '--claude-dir', damaged.claudeDir, '--claude-dir', clean.claudeDir])).toBe(0);
    expect(err.join('')).toBe(`${damaged.claudeDir}: 2 damaged lines skipped\n`);
    const report = JSON.parse(out.join('')) as { totals: { outputTokens: number } };
    expect(report.totals.outputTokens).toBe(30);
  });
});
