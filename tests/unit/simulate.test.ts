// The simulated Claude data directory: reproducible, in Claude Code's formats, all three subagent layouts, damage
// that the parser skips exactly, and about the size asked for.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATION_MARKER, SimulateError, prepareOutDir } from '../../electron/main/simulate/out-dir';
import { simulateClaudeDir, type SimulateSummary } from '../../electron/main/simulate/simulate-claude-dir';
import { listFiles, readTranscripts, transcriptBytes, type ReadLine } from '../support/simulated-dir';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const DAY = 24 * 3600 * 1000;

const digest = (root: string): Map<string, string> =>
  new Map(listFiles(root).map((f) => [relative(root, f), createHash('sha256').update(readFileSync(f)).digest('hex')]));

const message = (l: ReadLine) => (l.json?.message ?? {}) as Record<string, unknown>;
const blocks = (l: ReadLine) =>
  Array.isArray(message(l).content) ? (message(l).content as Record<string, unknown>[]) : [];

describe('simulateClaudeDir', () => {
  let root: string;
  let out: string;
  let summary: SimulateSummary;
  let lines: ReadLine[];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'sfm-sim-'));
    out = join(root, 'a');
    summary = simulateClaudeDir({ out, mib: 2, seed: 42, now: NOW });
    lines = readTranscripts(out);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes the same bytes for the same seed and now, other bytes for another seed', () => {
    const again = join(root, 'b');
    simulateClaudeDir({ out: again, mib: 2, seed: 42, now: NOW });
    expect(digest(again)).toEqual(digest(out));
    const other = join(root, 'c');
    simulateClaudeDir({ out: other, mib: 2, seed: 43, now: NOW });
    expect([...digest(other).keys()]).not.toEqual([...digest(out).keys()]);
  });

  it('lands within 10% of the size asked for and reports what it wrote', () => {
    const bytes = transcriptBytes(out);
    expect(Math.abs(bytes - 2 * 1024 * 1024) / (2 * 1024 * 1024)).toBeLessThan(0.1);
    expect(summary.bytes).toBe(bytes);
    expect(summary.lines).toBe(lines.length);
    expect(summary.sessions).toBeGreaterThan(3);
  });

  it('writes lines the parser reads as entries, except exactly the damaged ones', () => {
    const skipped = lines.filter((l) => l.parsed.kind === 'skip');
    expect(summary.damagedLines).toBeGreaterThan(0);
    expect(skipped).toHaveLength(summary.damagedLines);
  });

  it('spreads sessions over the 30 days before now, in order within each file', () => {
    const byFile = new Map<string, number[]>();
    for (const l of lines) {
      if (l.parsed.kind !== 'entry' || l.parsed.timestamp === null) continue;
      byFile.set(l.file, [...(byFile.get(l.file) ?? []), l.parsed.timestamp]);
    }
    const all = [...byFile.values()].flat();
    expect(Math.min(...all)).toBeGreaterThan(NOW - 31 * DAY);
    expect(Math.max(...all)).toBeLessThan(NOW);
    expect(Math.max(...all) - Math.min(...all)).toBeGreaterThan(7 * DAY);
    for (const ts of byFile.values()) expect(ts).toEqual([...ts].sort((a, b) => a - b));
  });

  it('writes subagents in all three layouts, each started by a Task call and closed by its result', () => {
    const projects = join(out, 'projects');
    const files = listFiles(projects).map((f) => relative(projects, f));
    const nested = files.filter((f) => /^[^/]+\/[0-9a-f-]{36}\/subagents\/agent-a[0-9a-f]{16}\.jsonl$/.test(f));
    const flat = files.filter((f) => /^[^/]+\/agent-[0-9a-f]{8}\.jsonl$/.test(f));
    expect(nested.length).toBeGreaterThan(0);
    expect(flat.length).toBeGreaterThan(0);
    // inline sidechains: isSidechain lines inside a session file
    expect(lines.some((l) => /^[^/]+\/[0-9a-f-]{36}\.jsonl$/.test(l.file) && l.json?.isSidechain === true)).toBe(true);

    for (const f of nested) {
      const meta = JSON.parse(readFileSync(join(projects, f.replace(/\.jsonl$/, '.meta.json')), 'utf8'));
      expect(meta).toMatchObject({ agentType: expect.any(String), toolUseId: expect.stringMatching(/^toolu_/) });
    }
    const agentFiles = new Set([...nested, ...flat]);
    for (const l of lines.filter((x) => agentFiles.has(x.file) && x.json)) {
      expect(l.json).toMatchObject({ isSidechain: true, agentId: expect.any(String) });
    }

    const calls = lines.flatMap((l) =>
      blocks(l).filter((b) => b.type === 'tool_use' && (b.name === 'Task' || b.name === 'Agent')),
    );
    expect(calls.length).toBeGreaterThan(2);
    const results = new Set(
      lines.flatMap((l) =>
        blocks(l)
          .filter((b) => b.type === 'tool_result')
          .map((b) => b.tool_use_id),
      ),
    );
    for (const c of calls) {
      expect(c.input).toMatchObject({
        subagent_type: expect.any(String),
        description: expect.any(String),
        prompt: expect.any(String),
      });
    }
    // every run is closed by a tool_result answering its call (replayed calls share the parent's id)
    const ids = new Set(calls.map((c) => c.id));
    expect([...ids].filter((id) => results.has(id))).toHaveLength(ids.size);
  });

  it('writes streamed responses as several lines sharing message and request ids, and sidechain replays of parent lines', () => {
    const usage = lines.filter((l) => l.parsed.kind === 'entry' && l.parsed.usage?.requestId);
    const byKey = new Map<string, ReadLine[]>();
    for (const l of usage) {
      const u = l.parsed.kind === 'entry' ? l.parsed.usage : null;
      const key = `${u?.messageId}:${u?.requestId}`;
      byKey.set(key, [...(byKey.get(key) ?? []), l]);
    }
    const streamed = [...byKey.values()].filter((g) => g.length > 1);
    expect(streamed.length).toBeGreaterThan(byKey.size / 4);
    expect(Math.max(...streamed.map((g) => g.length))).toBeLessThanOrEqual(5); // up to 4, plus a replay
    const replays = [...byKey.values()].filter(
      (g) => g.some((l) => l.json?.isSidechain === true) && g.some((l) => l.json?.isSidechain === false),
    );
    expect(replays.length).toBeGreaterThan(0);
  });

  it('runs some subagents in the background: answered at once, ended by a task notification', () => {
    const launched = lines.flatMap((l) => {
      const result = l.json?.toolUseResult as Record<string, unknown> | undefined;
      return result?.status === 'async_launched' ? [result.agentId as string] : [];
    });
    expect(launched.length).toBeGreaterThan(0);
    const notified = new Map<string, string>();
    for (const l of lines) {
      const text = message(l).content;
      if (typeof text !== 'string' || !text.startsWith('<task-notification>')) continue;
      notified.set(/<task-id>([^<]+)<\/task-id>/.exec(text)![1]!, /<status>([^<]+)<\/status>/.exec(text)![1]!);
    }
    for (const id of launched) {
      expect(['completed', 'failed']).toContain(notified.get(id));
      expect(lines.some((l) => l.file.endsWith(`/subagents/agent-${id}.jsonl`))).toBe(true);
    }
  });

  it('includes the other line kinds a real session has', () => {
    const has = (pred: (l: ReadLine) => boolean) => lines.some(pred);
    const models = new Set(lines.map((l) => (l.parsed.kind === 'entry' ? l.parsed.usage?.model : undefined)));
    for (const m of [
      'claude-sonnet-4-5-20250929',
      'claude-opus-4-5-20251101',
      'claude-haiku-4-5-20251001',
      '<synthetic>',
    ]) {
      expect(models).toContain(m);
    }
    expect(has((l) => l.json?.type === 'summary')).toBe(true);
    expect(has((l) => l.json?.isApiErrorMessage === true && message(l).model === '<synthetic>')).toBe(true);
    expect(has((l) => blocks(l).some((b) => b.type === 'tool_result' && b.is_error === true))).toBe(true);
    expect(
      has((l) =>
        blocks(l).some((b) => b.name === 'TodoWrite' && Array.isArray((b.input as { todos?: unknown }).todos)),
      ),
    ).toBe(true);
    const usage = lines.find((l) => l.parsed.kind === 'entry' && l.parsed.usage && message(l).model !== '<synthetic>');
    expect(message(usage!).usage).toMatchObject({
      cache_creation: { ephemeral_5m_input_tokens: expect.any(Number), ephemeral_1h_input_tokens: expect.any(Number) },
      service_tier: 'standard',
    });
    expect(usage!.json).toMatchObject({
      parentUuid: expect.any(String),
      isSidechain: expect.any(Boolean),
      userType: 'external',
      cwd: expect.stringMatching(/^\//),
      sessionId: expect.any(String),
      version: expect.any(String),
      gitBranch: expect.any(String),
      uuid: expect.any(String),
      timestamp: expect.any(String),
      requestId: expect.stringMatching(/^req_/),
    });
    // project folders are named from the working directory, as Claude Code does
    for (const l of lines.filter((x) => typeof x.json?.cwd === 'string')) {
      expect(l.file.split('/')[0]).toBe((l.json!.cwd as string).replace(/[^a-zA-Z0-9]/g, '-'));
    }
  });

  it('compacts long sessions: a compact_boundary line followed by an isCompactSummary user line', () => {
    const big = join(root, 'big');
    simulateClaudeDir({ out: big, mib: 6, seed: 5, now: NOW });
    const all = readTranscripts(big);
    const i = all.findIndex((l) => l.json?.type === 'system' && l.json.subtype === 'compact_boundary');
    expect(i).toBeGreaterThanOrEqual(0);
    expect(all[i + 1]?.json).toMatchObject({ type: 'user', isCompactSummary: true, parentUuid: all[i]!.json!.uuid });
  });

  it('produces every kind of damage, each skipped by the parser', () => {
    const dir = join(root, 'damaged');
    const s = simulateClaudeDir({ out: dir, mib: 1, seed: 9, now: NOW, damageEvery: 40 });
    for (const count of Object.values(s.damage)) expect(count).toBeGreaterThan(0);
    const read = readTranscripts(dir);
    const reasons = new Set(read.flatMap((l) => (l.parsed.kind === 'skip' ? [l.parsed.reason] : [])));
    expect(reasons).toEqual(new Set(['invalid-json', 'bad-usage', 'missing-message']));
    expect(read.filter((l) => l.parsed.kind === 'skip')).toHaveLength(s.damagedLines);
  });
});

describe('where a simulation may write', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'sfm-sim-out-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a non-empty folder that no simulation wrote, and replaces an earlier simulation', () => {
    const busy = join(root, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'notes.txt'), 'mine');
    expect(() => simulateClaudeDir({ out: busy, mib: 0.1, now: NOW })).toThrow(
      expect.objectContaining({ code: 'OUT_NOT_EMPTY' }),
    );
    expect(readFileSync(join(busy, 'notes.txt'), 'utf8')).toBe('mine');

    const sim = join(root, 'sim');
    simulateClaudeDir({ out: sim, mib: 0.2, seed: 1, now: NOW });
    const first = digest(sim);
    simulateClaudeDir({ out: sim, mib: 0.2, seed: 2, now: NOW });
    simulateClaudeDir({ out: sim, mib: 0.2, seed: 1, now: NOW });
    expect(digest(sim)).toEqual(first);
    expect(first.has(SIMULATION_MARKER)).toBe(true);
  });

  it('refuses a real Claude data directory and anything inside it', () => {
    const claude = join(root, 'real-claude');
    mkdirSync(claude);
    const env = { CLAUDE_CONFIG_DIR: claude };
    for (const target of [claude, join(claude, 'projects'), join(claude, 'new', 'deeper')]) {
      let error: unknown;
      try {
        prepareOutDir(target, env);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SimulateError);
      expect((error as SimulateError).code).toBe('OUT_IS_CLAUDE_DIR');
    }
    expect(listFiles(claude)).toEqual([]);
  });
});
