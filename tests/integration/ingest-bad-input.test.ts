// Bad input never stops an import: unreadable paths, files that vanish, a 50 MB line, invalid UTF-8 each give a
// counted skip or a reported error, and everything else is imported. Also: a cold bulk import (rollup triggers
// deferred, rollups built in one pass, replay checks skipped when they cannot match) leaves exactly the rollups
// and counted rows of an import file by file.
import { chmodSync, mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findTranscripts, TranscriptIngestor } from '../../electron/main/ingest/transcript-ingestor';
import { PriceTable } from '../../electron/main/pricing/price-table';
import { simulateClaudeDir } from '../../electron/main/simulate/simulate-claude-dir';
import { ActivityStore } from '../../electron/main/store/activity-store';
import { openDatabase, type SqliteDatabase } from '../../electron/main/store/database';
import { UsageStore } from '../../electron/main/store/usage-store';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';
import { assistantLine, userLine } from '../support/transcript-lines';

const SESSION = '5b1f3a0e-7c2d-4e9a-8f6b-1d2c3b4a5e6f';
const ctx = { sessionId: SESSION };
const at = (minute: number) => new Date(Date.UTC(2026, 0, 12, 10, minute));

interface Harness {
  db: SqliteDatabase;
  store: UsageStore;
  ingestor: TranscriptIngestor;
}

function harness(dataDir: string, name = 'monitor.sqlite'): Harness {
  const db = openDatabase(join(dataDir, name));
  const store = new UsageStore(db);
  return { db, store, ingestor: new TranscriptIngestor(store, new PriceTable(), new ActivityStore(db)) };
}

const tokens = (db: SqliteDatabase) =>
  (
    db.prepare(`SELECT COALESCE(SUM(total_tokens), 0) AS n FROM usage_records WHERE counted = 1`).get() as {
      n: number;
    }
  ).n;

/** Ingests every transcript under the root the way a scan does: one bulk write over the whole listing. */
async function scan(h: Harness, root: string, onDirectory?: (dir: string) => void): Promise<Map<string, Error>> {
  const errors = new Map<string, Error>();
  const files = await findTranscripts(join(root, 'projects'), (p, e) => errors.set(p, e), onDirectory);
  await h.ingestor.bulk(async () => {
    for (const f of files) await h.ingestor.ingestFile(root, f);
  });
  return errors;
}

describe('bad input during an import', () => {
  let dirs: TempDirs;
  let h: Harness;
  beforeEach(() => {
    dirs = makeTempDirs();
    h = harness(dirs.dataDir);
  });
  afterEach(() => {
    h.db.close();
    dirs.cleanup();
  });

  it('reports an unreadable path and imports the rest', async () => {
    const project = dirs.projectDir();
    writeFileSync(join(project, 'good.jsonl'), `${assistantLine(ctx, at(1), { input: 10, output: 5 })}\n`);
    const locked = dirs.projectDir('-home-dev-locked');
    writeFileSync(join(locked, 'hidden.jsonl'), `${assistantLine(ctx, at(2), { input: 1000, output: 1 })}\n`);
    if (process.getuid?.() !== 0) {
      chmodSync(locked, 0o000);
      try {
        const errors = await scan(h, dirs.claudeDir);
        expect([...errors.keys()]).toEqual([locked]);
        expect((errors.get(locked) as NodeJS.ErrnoException).code).toBe('EACCES');
      } finally {
        chmodSync(locked, 0o755);
      }
      expect(tokens(h.db)).toBe(15);
      return;
    }
    // As root, permissions do not stop reads, so the unreadable path is one no read can succeed on: a FIFO
    // (opening it would block until a writer came) and a transcript replaced by a directory after listing.
    rmSync(locked, { recursive: true });
    mkfifoSync(join(project, 'pipe.jsonl'));
    const replaced = join(project, 'replaced.jsonl');
    writeFileSync(replaced, `${assistantLine(ctx, at(3), { input: 7, output: 0 })}\n`);
    await scan(h, dirs.claudeDir, (dir) => {
      if (dir !== project) return;
      rmSync(replaced);
      mkdirSync(replaced);
    });
    expect(tokens(h.db)).toBe(15);
    // What a file-system event would do: read the FIFO and the directory by name.
    for (const path of [join(project, 'pipe.jsonl'), replaced]) {
      const outcome = await h.ingestor.ingestFile(dirs.claudeDir, path);
      expect(outcome.records).toBe(0);
      expect(h.store.fileState(path)?.lastError).toMatch(/^ENOTFILE: not a regular file/);
    }
    expect(tokens(h.db)).toBe(15);
  });

  function mkfifoSync(path: string): void {
    execFileSync('mkfifo', [path]);
  }

  it('reports a file that vanished between listing and reading, and imports the rest', async () => {
    const project = dirs.projectDir();
    writeFileSync(join(project, 'a.jsonl'), `${assistantLine(ctx, at(1), { input: 10, output: 5 })}\n`);
    const gone = join(project, 'b.jsonl');
    writeFileSync(gone, `${assistantLine(ctx, at(2), { input: 100, output: 0 })}\n`);
    writeFileSync(join(project, 'c.jsonl'), `${assistantLine(ctx, at(3), { input: 3, output: 2 })}\n`);
    await scan(h, dirs.claudeDir, (dir) => dir === project && unlinkSync(gone));
    expect(tokens(h.db)).toBe(20);
    expect(h.store.fileState(gone)?.lastError).toMatch(/^ENOENT/);
    expect(h.store.fileState(join(project, 'c.jsonl'))?.lastError).toBeNull();
  });

  it('counts a valid 50 MB assistant line and skips (and counts) an invalid one', async () => {
    const big = 'x'.repeat(50 * 1024 * 1024);
    const valid = assistantLine(ctx, at(1), { input: 11, output: 22, cacheRead: 33 }, big);
    // A 50 MB line cut short: invalid JSON.
    const invalid = assistantLine(ctx, at(2), { input: 5000, output: 5000 }, big).slice(0, -3);
    const path = join(dirs.projectDir(), `${SESSION}.jsonl`);
    writeFileSync(
      path,
      `${userLine(ctx, at(0), 'hello')}\n${valid}\n${invalid}\n${assistantLine(ctx, at(3), { input: 1, output: 1 })}\n`,
    );
    await scan(h, dirs.claudeDir);
    expect(tokens(h.db)).toBe(11 + 22 + 33 + 2);
    const state = h.store.fileState(path)!;
    expect(state.lines).toBe(4);
    expect(state.skippedLines).toBe(1);
    expect(state.lastError).toBeNull();
  });

  it('skips and counts a line with invalid UTF-8 between its tokens, and imports the rest', async () => {
    const line = assistantLine(ctx, at(1), { input: 900, output: 900 });
    const comma = line.indexOf(',');
    const damaged = Buffer.concat([
      Buffer.from(line.slice(0, comma + 1)),
      Buffer.from([0xc0, 0xaf, 0xff]),
      Buffer.from(line.slice(comma + 1)),
    ]);
    const path = join(dirs.projectDir(), `${SESSION}.jsonl`);
    writeFileSync(
      path,
      Buffer.concat([
        Buffer.from(`${assistantLine(ctx, at(0), { input: 4, output: 4 })}\n`),
        damaged,
        Buffer.from(`\n${assistantLine(ctx, at(2), { input: 1, output: 1 })}\n`),
      ]),
    );
    await scan(h, dirs.claudeDir);
    expect(tokens(h.db)).toBe(10);
    expect(h.store.fileState(path)).toMatchObject({ lines: 3, skippedLines: 1, lastError: null });
  });
});

describe('a cold bulk import', () => {
  let dirs: TempDirs;
  afterEach(() => dirs.cleanup());

  it("drops a subagent's replay of a response whichever of the two files is read first", async () => {
    dirs = makeTempDirs();
    const project = dirs.projectDir();
    const response = { input: 40, output: 2, messageId: 'msg_replayed', requestId: 'req_main' };
    const side = { ...ctx, isSidechain: true, agentId: 'a1' };
    // Flat subagent files sort around their parent: `agent-a1` before session `b…`, `agent-a2` after session `a…`.
    const replay = (agentId: string) =>
      `${assistantLine({ ...side, agentId }, at(2), { ...response, requestId: 'req_side' })}\n`;
    writeFileSync(join(project, 'agent-a1.jsonl'), replay('a1'));
    writeFileSync(
      join(project, 'b0000000-0000-4000-8000-000000000000.jsonl'),
      `${assistantLine(ctx, at(1), response)}\n`,
    );
    const other = { ...response, messageId: 'msg_second' };
    writeFileSync(join(project, 'a0000000-0000-4000-8000-000000000000.jsonl'), `${assistantLine(ctx, at(3), other)}\n`);
    writeFileSync(
      join(project, 'agent-a2.jsonl'),
      `${assistantLine({ ...side, agentId: 'a2' }, at(4), { ...other, requestId: 'req_side' })}\n`,
    );
    const cold = harness(dirs.dataDir);
    try {
      await scan(cold, dirs.claudeDir);
      const rows = cold.db.prepare(`SELECT id, counted FROM usage_records ORDER BY id`).all();
      expect(rows).toEqual([
        { id: 'msg_replayed:req_main', counted: 1 },
        { id: 'msg_second:req_main', counted: 1 },
        { id: 'side:msg_replayed', counted: 0 },
        { id: 'side:msg_second', counted: 0 },
      ]);
      expect(tokens(cold.db)).toBe(84);
    } finally {
      cold.db.close();
    }
  });

  it('drops a replay that a later import, not a cold one, reads before or after the response it replays', async () => {
    dirs = makeTempDirs();
    const project = dirs.projectDir();
    const side = { ...ctx, isSidechain: true, agentId: 'a1' };
    const response = (messageId: string, requestId: string) => ({ input: 40, output: 2, messageId, requestId });
    const h = harness(dirs.dataDir);
    try {
      // First import: a replay whose response is not there yet, and a response not replayed yet.
      writeFileSync(
        join(project, 'agent-a1.jsonl'),
        `${assistantLine(side, at(2), response('msg_late', 'req_side'))}\n`,
      );
      writeFileSync(
        join(project, `${SESSION}.jsonl`),
        `${assistantLine(ctx, at(3), response('msg_early', 'req_main'))}\n`,
      );
      await scan(h, dirs.claudeDir);
      // Second import, into a store that holds usage (not a cold one): the other halves of both pairs.
      writeFileSync(
        join(project, 'a0000000-0000-4000-8000-000000000000.jsonl'),
        `${assistantLine(ctx, at(1), response('msg_late', 'req_main'))}\n`,
      );
      writeFileSync(
        join(project, 'agent-a2.jsonl'),
        `${assistantLine({ ...side, agentId: 'a2' }, at(4), response('msg_early', 'req_side'))}\n`,
      );
      await scan(h, dirs.claudeDir);
      expect(h.db.prepare(`SELECT id, counted FROM usage_records ORDER BY id`).all()).toEqual([
        { id: 'msg_early:req_main', counted: 1 },
        { id: 'msg_late:req_main', counted: 1 },
        { id: 'side:msg_early', counted: 0 },
        { id: 'side:msg_late', counted: 0 },
      ]);
      expect(tokens(h.db)).toBe(84);
    } finally {
      h.db.close();
    }
  });

  it('builds the same rollups as the triggers do, and restores the triggers and indexes', async () => {
    dirs = makeTempDirs();
    const claudeDir = join(dirs.dataDir, '..', 'simulated');
    simulateClaudeDir({ out: claudeDir, mib: 2, seed: 'rollup-rebuild', now: Date.UTC(2026, 0, 31, 12) });
    const bulk = harness(dirs.dataDir, 'bulk.sqlite');
    const byFile = harness(dirs.dataDir, 'by-file.sqlite');
    try {
      await scan(bulk, claudeDir);
      // File by file, outside any bulk write: the triggers keep the rollups.
      for (const f of await findTranscripts(join(claudeDir, 'projects'), () => {})) {
        await byFile.ingestor.ingestFile(claudeDir, f);
      }
      const triggers = (db: SqliteDatabase) =>
        db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).all();
      expect(triggers(bulk.db)).toEqual(triggers(byFile.db));
      expect(triggers(bulk.db).length).toBeGreaterThanOrEqual(4);
      // The indexes dropped for the import are back, as they were.
      const indexes = (db: SqliteDatabase) =>
        db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name`).all();
      expect(indexes(bulk.db)).toEqual(indexes(byFile.db));
      expect(indexes(bulk.db)).toContainEqual(expect.objectContaining({ name: 'usage_records_ts' }));
      expect(tokens(bulk.db)).toBeGreaterThan(0);
      expect(tokens(bulk.db)).toBe(tokens(byFile.db));
      // The replay checks a cold import skips (no stored line with that message id) drop exactly the same rows.
      const counted = (db: SqliteDatabase) =>
        db.prepare(`SELECT id, counted, sidechain_line FROM usage_records ORDER BY id`).all();
      expect(counted(bulk.db)).toEqual(counted(byFile.db));
      expect((counted(bulk.db) as { counted: number }[]).some((r) => r.counted === 0)).toBe(true);
      for (const table of [
        'report_rollup_15m',
        'usage_rollup_15m',
        'usage_rollup_1h',
        'total_usage_rollup_15m',
        'agent_usage_rollup_15m',
        'session_usage',
      ]) {
        const rows = (db: SqliteDatabase) => db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all();
        const a = rows(bulk.db) as Record<string, number | string>[];
        const b = rows(byFile.db) as Record<string, number | string>[];
        expect(a.length, table).toBe(b.length);
        expect(a.length, table).toBeGreaterThan(0);
        for (const [i, row] of a.entries()) {
          for (const [k, v] of Object.entries(row)) {
            // Sums of costs may differ in the last bits: added in another order.
            if (k === 'cost_usd') expect(v as number, `${table} ${k}`).toBeCloseTo(b[i]![k] as number, 9);
            else expect(v, `${table} ${k}`).toBe(b[i]![k]);
          }
        }
      }
      // Later writes go through the restored triggers: a second bulk write onto a non-empty store keeps them.
      await scan(bulk, claudeDir);
      expect(triggers(bulk.db)).toEqual(triggers(byFile.db));
    } finally {
      bulk.db.close();
      byFile.db.close();
    }
  });
});
