// A one-shot import reads transcripts on a worker thread, a few files ahead of storing them (ingest/read-ahead.ts):
// it stores exactly what an import reading on its own thread stores, damaged and unreadable files included.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
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
import { assistantLine } from '../support/transcript-lines';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';

const WORKER = new URL('../support/transcript-worker.mjs', import.meta.url);
const CRASHING_WORKER = new URL('../support/transcript-worker-crash.mjs', import.meta.url);
const silent = createLogger('error', () => {});
const readAheadWarnings = (lines: string[]) => lines.filter((l) => l.includes('read-ahead'));

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

  /** Imports everything, with warnings (as text) going to `warnings` when given. */
  const importInto = async (dataDir: string, readAheadWorker: URL | null, warnings?: string[]) => {
    const log = warnings ? createLogger('warn', (line) => warnings.push(line)) : silent;
    const importer = new Importer({ dataDir, claudeDirs: [dirs.claudeDir], log, readAheadWorker });
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
          onReadAheadFailure: (error) => {
            throw error;
          },
          stopped: () => false,
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
    const partial = '{"type":"user","timestamp":"2026-03-01T00:00:00Z","mess';
    appendFileSync(files[1]!, partial);
    const paths = [...files, pipe].sort();

    const alone = await ingestInto(join(dirs.dataDir, 'one-thread'), paths, null);
    const ahead = await ingestInto(join(dirs.dataDir, 'worker'), paths, WORKER);

    expect(ahead).toEqual(alone);
    // Each byte up to a file's last complete line is counted once as read (what the CLI's progress adds up).
    const bytesRead = (alone as { bytes: number }[]).reduce((n, o) => n + o.bytes, 0);
    expect(bytesRead).toBe(transcriptBytes(dirs.claudeDir) - partial.length);
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

  it('reads on its own thread, and says why, when the worker cannot start; starts none for a little to read', async () => {
    const missing = new URL('./no-such-worker.mjs', WORKER);
    // Over READ_AHEAD_MIN_BYTES, as the tests above: the worker is started (and so are theirs).
    simulateClaudeDir({ out: dirs.claudeDir, mib: 20, seed: 12, now: Date.UTC(2026, 2, 1) });
    expect(transcriptBytes(dirs.claudeDir)).toBeGreaterThan(READ_AHEAD_MIN_BYTES);
    const warnings: string[] = [];
    await importInto(join(dirs.dataDir, 'a'), missing, warnings);
    expect(readAheadWarnings(warnings)).toEqual([
      expect.stringMatching(/read-ahead worker failed.*(no-such-worker|Cannot find module)/),
    ]);
    await importInto(join(dirs.dataDir, 'one-thread'), null);
    expect(storedRows(join(dirs.dataDir, 'a'))).toEqual(storedRows(join(dirs.dataDir, 'one-thread')));
    // Under it, as a report after a day's work: read on the importer's own thread, no worker asked for.
    rmSync(dirs.claudeDir, { recursive: true });
    simulateClaudeDir({ out: dirs.claudeDir, mib: 4, seed: 12, now: Date.UTC(2026, 2, 1) });
    const none: string[] = [];
    await importInto(join(dirs.dataDir, 'b'), missing, none);
    expect(readAheadWarnings(none)).toEqual([]);
    expect(storedRows(join(dirs.dataDir, 'b')).usage_records!.length).toBeGreaterThan(100);
  });

  it('reads the rest on its own thread when the worker dies half-way, and stores what one thread stores', async () => {
    simulateClaudeDir({ out: dirs.claudeDir, mib: 20, seed: 14, now: Date.UTC(2026, 2, 1) });
    const warnings: string[] = [];
    await importInto(join(dirs.dataDir, 'crash'), CRASHING_WORKER, warnings);
    expect(readAheadWarnings(warnings)).toEqual([expect.stringMatching(/read-ahead worker failed.*exit code 3/)]);
    await importInto(join(dirs.dataDir, 'one-thread'), null);
    expect(storedRows(join(dirs.dataDir, 'crash'))).toEqual(storedRows(join(dirs.dataDir, 'one-thread')));
  });

  it('lets a watcher event for a file read ahead wait for that read, then read what was appended since', async () => {
    simulateClaudeDir({ out: dirs.claudeDir, mib: 20, seed: 15, now: Date.UTC(2026, 2, 1) });
    const files = listFiles(dirs.claudeDir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort();
    const db = openDatabase(join(dirs.dataDir, 'monitor.sqlite'));
    try {
      const store = new UsageStore(db);
      const ingestor = new TranscriptIngestor(store, new PriceTable(), new ActivityStore(db), WORKER);
      // The second file was asked of the worker, and its rows are not stored yet, when the first file's outcome
      // comes (its rows arrive in a later message). A line is appended to it, and a watcher event for it comes in.
      const target = files[1]!;
      const line = assistantLine({ sessionId: 'appended' }, new Date(Date.UTC(2026, 2, 1)), {
        messageId: 'msg_appended_during_scan',
      });
      // Where each read of the target on this thread starts: the event's read must wait for the worker's.
      const readsFrom: number[] = [];
      const spied = ingestor as unknown as { readFile: (root: string, path: string) => Promise<unknown> };
      const readFile = spied.readFile.bind(ingestor);
      spied.readFile = (root, path) => {
        if (path === target) readsFrom.push(store.fileState(path)?.offset ?? 0);
        return readFile(root, path);
      };
      let event: Promise<unknown> | null = null;
      await ingestor.ingestMany(dirs.claudeDir, files, {
        onOutcome: (o) => {
          if (event || o.path !== files[0]) return;
          expect(store.fileState(target)).toBeUndefined();
          appendFileSync(target, `${line}\n`);
          event = ingestor.ingestFile(dirs.claudeDir, target);
        },
        onReadAheadFailure: (error) => {
          throw error;
        },
        stopped: () => false,
      });
      await event;
      const stored = db
        .prepare(`SELECT offset, lines, skipped_lines AS skipped FROM source_files WHERE path = ?`)
        .get(target) as { offset: number; lines: number; skipped: number };
      const text = readFileSync(target, 'utf8');
      // One read on this thread, from where the worker's stopped; every line counted once, the appended one stored.
      expect(readsFrom).toEqual([expect.any(Number)]);
      expect(readsFrom[0]).toBeGreaterThan(0);
      expect(stored.offset).toBe(Buffer.byteLength(text));
      expect(stored.lines).toBe(text.split('\n').length - 1);
      expect(
        db.prepare(`SELECT COUNT(*) FROM usage_records WHERE message_id = ?`).pluck().get('msg_appended_during_scan'),
      ).toBe(1);
    } finally {
      db.close();
    }
  });
});
