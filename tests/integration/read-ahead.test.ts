// A one-shot import reads transcripts on a worker thread, a few files ahead of storing them (ingest/read-ahead.ts):
// it stores exactly what an import reading on its own thread stores, damaged and unreadable files included.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { appendFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Importer } from '../../electron/main/core/importer';
import { createLogger } from '../../electron/main/core/logger';
import { READ_AHEAD_MIN_BYTES, TranscriptIngestor } from '../../electron/main/ingest/transcript-ingestor';
import { PriceTable } from '../../electron/main/pricing/price-table';
import { ActivityStore } from '../../electron/main/store/activity-store';
import { openDatabase } from '../../electron/main/store/database';
import { UsageStore } from '../../electron/main/store/usage-store';
import { simulateClaudeDir } from '../../electron/main/simulate/simulate-claude-dir';
import { listFiles, transcriptBytes } from '../support/simulated-dir';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';

const WORKER = new URL('../support/transcript-worker.mjs', import.meta.url);
const silent = createLogger('error', () => {});

/** Every stored row an import writes, but the time each file was read. */
function storedRows(dataDir: string) {
  const db = new Database(join(dataDir, 'monitor.sqlite'), { readonly: true });
  try {
    const tables = ['usage_records', 'sessions', 'tool_calls', 'agent_runs', 'tasks', 'task_lists', 'session_events'];
    const rows: Record<string, unknown[]> = Object.fromEntries(
      tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()]),
    );
    rows.source_files = db
      .prepare(`SELECT path, inode, size, offset, lines, skipped_lines, last_error FROM source_files ORDER BY 1`)
      .all();
    rows.report_rollup_15m = db.prepare(`SELECT * FROM report_rollup_15m ORDER BY 1, 2`).all();
    return rows;
  } finally {
    db.close();
  }
}

describe('reading ahead on a worker', () => {
  let dirs: TempDirs;
  beforeEach(() => {
    dirs = makeTempDirs();
    rmSync(dirs.claudeDir, { recursive: true }); // the simulator writes only into an empty folder
  });
  afterEach(() => dirs.cleanup());

  const importInto = async (dataDir: string, readAheadWorker: URL | null) => {
    const importer = new Importer({ dataDir, claudeDirs: [dirs.claudeDir], log: silent, readAheadWorker });
    try {
      await importer.importOnce();
    } finally {
      importer.close();
    }
  };

  /** Reads `files` as a one-shot scan does, in one bulk write; returns what it said of each file. */
  const ingestInto = async (dataDir: string, files: string[], readAheadWorker: URL | null) => {
    const db = openDatabase(join(dataDir, 'monitor.sqlite'));
    const ingestor = new TranscriptIngestor(
      new UsageStore(db),
      new PriceTable(),
      new ActivityStore(db),
      readAheadWorker,
    );
    const outcomes: unknown[] = [];
    try {
      await ingestor.bulk(() =>
        ingestor.ingestMany(dirs.claudeDir, files, {
          onOutcome: (o) => outcomes.push({ ...o, sessions: [...o.sessions].sort() }),
          stopped: () => false,
          readAhead: true,
        }),
      );
    } finally {
      db.close();
    }
    return outcomes;
  };

  it('stores the same rows and read states as an import on one thread', async () => {
    simulateClaudeDir({ out: dirs.claudeDir, mib: 20, seed: 11, now: Date.UTC(2026, 2, 1) });
    const files = listFiles(dirs.claudeDir).filter((f) => f.endsWith('.jsonl'));
    expect(transcriptBytes(dirs.claudeDir)).toBeGreaterThan(READ_AHEAD_MIN_BYTES); // enough to read ahead
    // A transcript no read can succeed on (a FIFO: as root, permissions stop nothing), and a last line still being
    // written.
    const pipe = join(dirname(files[0]!), 'pipe.jsonl');
    execFileSync('mkfifo', [pipe]);
    appendFileSync(files[1]!, '{"type":"user","timestamp":"2026-03-01T00:00:00Z","mess');
    const paths = [...files, pipe].sort();

    const alone = await ingestInto(join(dirs.dataDir, 'one-thread'), paths, null);
    const ahead = await ingestInto(join(dirs.dataDir, 'worker'), paths, WORKER);

    expect(ahead).toEqual(alone);
    const rows = storedRows(join(dirs.dataDir, 'one-thread'));
    expect(rows.usage_records!.length).toBeGreaterThan(100);
    expect(rows.tool_calls!.length).toBeGreaterThan(100);
    expect(rows.source_files).toContainEqual(
      expect.objectContaining({ path: pipe, last_error: expect.stringMatching(/^ENOTFILE/) }),
    );
    expect(storedRows(join(dirs.dataDir, 'worker'))).toEqual(rows);
  });

  it('gives an import the same report as reading on one thread', async () => {
    simulateClaudeDir({ out: dirs.claudeDir, mib: 20, seed: 13, now: Date.UTC(2026, 2, 1) });
    await importInto(join(dirs.dataDir, 'one-thread'), null);
    await importInto(join(dirs.dataDir, 'worker'), WORKER);
    expect(storedRows(join(dirs.dataDir, 'worker'))).toEqual(storedRows(join(dirs.dataDir, 'one-thread')));
  });

  it('fails the import with the reason when the worker cannot start, and starts none for a little to read', async () => {
    const missing = new URL('./no-such-worker.mjs', WORKER);
    // Over READ_AHEAD_MIN_BYTES, as the tests above: the worker is started (and so are theirs).
    simulateClaudeDir({ out: dirs.claudeDir, mib: 20, seed: 12, now: Date.UTC(2026, 2, 1) });
    expect(transcriptBytes(dirs.claudeDir)).toBeGreaterThan(READ_AHEAD_MIN_BYTES);
    await expect(importInto(join(dirs.dataDir, 'a'), missing)).rejects.toThrow(/no-such-worker|Cannot find module/);
    // Under it, as a report after a day's work: read on the importer's own thread.
    rmSync(dirs.claudeDir, { recursive: true });
    simulateClaudeDir({ out: dirs.claudeDir, mib: 4, seed: 12, now: Date.UTC(2026, 2, 1) });
    await importInto(join(dirs.dataDir, 'b'), missing);
    expect(storedRows(join(dirs.dataDir, 'b')).usage_records!.length).toBeGreaterThan(100);
  });
});
