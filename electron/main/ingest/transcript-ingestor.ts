// Turns Claude Code transcript files into sessions and usage records in the local store, incrementally:
// each file is read from the offset where the last read stopped.
// fs's callback API, not fs/promises: loading that (and the readline and watcher modules it brings) was ~1 ms of a
// warm report.
import { readdir, readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import { basename } from 'node:path';
import type { PriceTable } from '../pricing/price-table';
import { batchSize, type ActivityStore } from '../store/activity-store';
import { folderPrefix, RACY_MS, segmentsUnderProjects, type FolderListing, type ScanTree } from '../store/source-tree';
import type { SourceFileState, UsageStore } from '../store/usage-store';
import { addRunMeta } from './activity-collector';
import { builtReadAheadWorker, ReadAhead } from './read-ahead';
import {
  priceUsage,
  readTranscriptRows,
  type TranscriptLocation,
  type TranscriptReadEnd,
  type TranscriptRequest,
  type TranscriptRows,
} from './transcript-file';

/** What one read of one file changed. */
export interface IngestOutcome {
  path: string;
  records: number;
  sessions: Set<string>;
  lines: number;
  skipped: number;
  /** Bytes read up to the last complete line. */
  bytes: number;
}

/** Reads a transcript's place from its path under `<root>/projects/`. */
export function locateTranscript(root: string, path: string): TranscriptLocation {
  const parts = segmentsUnderProjects(root, path);
  const project = parts[0] ?? 'unknown';
  const file = basename(path, '.jsonl');
  const agentMatch = /^agent-(.+)$/.exec(file);
  if (parts.length >= 4 && parts[2] === 'subagents') {
    // <project>/<session>/subagents/agent-<id>.jsonl
    return { project, sessionId: parts[1] ?? null, agentId: agentMatch?.[1] ?? null };
  }
  if (agentMatch) return { project, sessionId: null, agentId: agentMatch[1] ?? null }; // flat <project>/agent-<id>.jsonl
  return { project, sessionId: file, agentId: null };
}

/**
 * Every `*.jsonl` below `dir` (by default `<root>/projects`), found without following links, in path order.
 * Unreadable folders are reported; each folder visited is handed to `onDirectory`. With `tree`, a folder whose
 * time has not moved since `tree.previous` listed it is taken from there, every folder listed goes into
 * `tree.next`, and a transcript that `tree.previous` saw read to its end and that has not changed since (one stat)
 * is left out: a warm scan's thousands of unchanged files cost a stat each and nothing more.
 */
export async function findTranscripts(
  dir: string,
  onError: (path: string, error: Error) => void,
  onDirectory: (dir: string) => void = () => {},
  /** Read each folder synchronously: for a one-shot scan, where a thread-pool round trip per folder was most of a warm report's wait. */
  sync = false,
  tree?: ScanTree,
): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let listing: FolderListing | undefined;
    const known = tree?.previous?.get(dir);
    const mtimeMs = tree ? folderTime(dir) : null; // before the read: a change during it leaves the time newer
    if (known && known.mtimeMs >= 0 && mtimeMs === known.mtimeMs) {
      listing = known;
    } else {
      let entries;
      try {
        entries = sync ? readdirSync(dir, { withFileTypes: true }) : await listFolder(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onError(dir, error as Error);
        return;
      }
      const trusted = mtimeMs !== null && Date.now() - mtimeMs > RACY_MS;
      listing = { mtimeMs: trusted ? mtimeMs : -1, dirs: [], files: [] };
      for (const e of entries) {
        if (e.isDirectory()) listing.dirs.push(e.name);
        else if (e.isFile() && e.name.endsWith('.jsonl')) listing.files.push(e.name);
      }
      if (known?.ends) listing.ends = carryEnds(known, listing.files);
      if (tree) tree.changed = true;
    }
    tree?.next.set(dir, listing);
    onDirectory(dir);
    // Joined by hand: an entry's name holds no separator, and `path.join` normalising every one of thousands of
    // paths was a tenth of a warm report.
    const prefix = folderPrefix(dir);
    const ends = listing.ends;
    const stale = tree?.stale;
    for (let i = 0; i < listing.files.length; i++) {
      const path = prefix + listing.files[i]!;
      const offset = ends?.[2 * i + 1] ?? -1;
      // An empty set still hashes what it is asked about: asked only when it holds something.
      const current = offset >= 0 && !(stale !== undefined && stale.size > 0 && stale.has(path));
      if (current && unchanged(path, ends![2 * i]!, offset)) continue;
      found.push(path);
    }
    for (const name of listing.dirs) await walk(prefix + name);
  };
  await walk(dir);
  return found.sort();
}

/** A folder's entries, read on the thread pool: the live app's walk, which keeps its event loop free. */
function listFolder(dir: string): Promise<Dirent[]> {
  return new Promise((done, fail) =>
    readdir(dir, { withFileTypes: true }, (error, entries) => (error ? fail(error) : done(entries))),
  );
}

/** The ends `previous` knew of `files`, a new listing of the same folder, in the flat pairs of `FolderListing.ends`. */
function carryEnds(previous: FolderListing, files: string[]): number[] {
  const index = new Map(previous.files.map((name, i) => [name, i]));
  const ends: number[] = [];
  for (const name of files) {
    const i = index.get(name);
    ends.push(i === undefined ? 0 : previous.ends![2 * i]!, i === undefined ? -1 : previous.ends![2 * i + 1]!);
  }
  return ends;
}

/** A folder's modification time, or null when it is not a folder (or gone). */
function folderTime(dir: string): number | null {
  try {
    const info = statSync(dir, { throwIfNoEntry: false });
    return info?.isDirectory() ? info.mtimeMs : null;
  } catch {
    return null;
  }
}

export interface IngestManyOptions {
  /** How many files have something to read, and about how many bytes: called once, before the reads. */
  onPlan?: (files: number, bytes: number) => void;
  onOutcome: (outcome: IngestOutcome) => void;
  /** The read-ahead worker failed (to start, or later): the scan goes on reading here, and so do later ones. */
  onReadAheadFailure: (error: Error) => void;
  stopped: () => boolean;
}

/**
 * Bytes to read, at least, before a scan reads them on a worker: below, starting it (~40 ms) costs about what it
 * saves, as for a report after a day's work.
 */
export const READ_AHEAD_MIN_BYTES = 16 * 1024 * 1024;
/**
 * How far the worker may read ahead of the file being stored: files, and bytes still to read in them. Enough to
 * keep both threads busy across files of very different sizes; little enough to bound what waits in memory.
 */
const READ_AHEAD_FILES = 64;
const READ_AHEAD_BYTES = 16 * 1024 * 1024;

/** How long a scan reading on this thread goes on before the event loop gets a turn. */
const TURN_MS = 50;

/** Rows written in one bulk transaction before it is committed: big enough to amortise commits, small enough for the WAL. */
const BULK_COMMIT_ROWS = 100_000;

export class TranscriptIngestor {
  private readonly inFlight = new Map<string, Promise<IngestOutcome>>();
  private readonly again = new Set<string>();
  /** The reads a failed read-ahead worker left to this thread, one after another. */
  private rereads: Promise<unknown> = Promise.resolve();
  /** Rows written since the bulk transaction was last committed; null outside `bulk`. */
  private bulkRows: number | null = null;

  constructor(
    private readonly store: UsageStore,
    private readonly prices: PriceTable,
    /** Where tool calls, runs, tasks and events go; without it only usage is kept. */
    private readonly activity?: ActivityStore,
    /** The worker `ingestMany` reads ahead on (null: none); by default the built one, if any (see read-ahead.ts). */
    private readAheadWorker?: URL | null,
  ) {}

  /**
   * Runs `work` (a scan of many files) as a bulk write: batches go into large transactions instead of one per
   * file, and, when nobody listens to activity, runs are derived once at the end. Nested calls join the outer one.
   */
  async bulk<T>(work: () => Promise<T>): Promise<T> {
    if (this.bulkRows !== null || !this.store.beginBulk()) return work();
    this.bulkRows = 0;
    this.activity?.deferRuns();
    try {
      return await work();
    } finally {
      this.bulkRows = null;
      try {
        this.activity?.endDeferRuns();
      } finally {
        this.store.endBulk();
      }
    }
  }

  /**
   * Runs `work`, a scan of `root`, with the folders and read ends of the last complete scan (or, without one,
   * every known file's read end read ahead). `work` says whether it went through every folder: then what it listed
   * is kept for the next scan.
   */
  async withKnownFiles(root: string, work: (tree: ScanTree) => Promise<boolean>): Promise<void> {
    const tree = this.store.beginScan(root);
    let complete = false;
    try {
      complete = await work(tree);
    } finally {
      this.store.endScan(root, complete ? tree.next : null, tree.changed);
    }
  }

  /**
   * Reads what was appended to one file. Calls for a file already being read are folded into one more
   * read after it, so a burst of watcher events costs at most two reads.
   */
  ingestFile(root: string, path: string): Promise<IngestOutcome> {
    const running = this.inFlight.get(path);
    if (running) {
      this.again.add(path);
      return running;
    }
    const run = (async (): Promise<IngestOutcome> => {
      try {
        let outcome = await this.readFile(root, path);
        while (this.again.delete(path)) {
          const next = await this.readFile(root, path);
          outcome = merge(outcome, next);
        }
        return outcome;
      } finally {
        this.inFlight.delete(path);
      }
    })();
    this.inFlight.set(path, run);
    return run;
  }

  /**
   * Reads and stores many files in order, calling `onOutcome` after each, until `stopped` says to stop. With at
   * least `READ_AHEAD_MIN_BYTES` to read and a worker to read them on, files are read there, up to
   * `READ_AHEAD_BYTES` ahead of the one being stored. A file ahead counts as being read: a watcher event's
   * `ingestFile` for it waits, and reads what was appended after. Should the worker fail, the rest is read here.
   */
  async ingestMany(root: string, paths: string[], options: IngestManyOptions): Promise<void> {
    const { onOutcome, stopped } = options;
    // The files to read (most on a rescan are unchanged: a stat, no read), with what each holds past its last read.
    const todo: { path: string; bytes: number }[] = [];
    let total = 0;
    for (const path of paths) {
      const bytes = this.bytesToRead(path);
      if (bytes === null) continue;
      todo.push({ path, bytes });
      total += bytes;
    }
    if (todo.length === 0) return; // a warm scan ends here, before `performance` loads its modules
    options.onPlan?.(todo.length, total);
    const worker = total >= READ_AHEAD_MIN_BYTES ? this.workerEntry() : null;
    const reader = worker ? new ReadAhead(worker) : null;
    // The reads asked for and not yet stored, oldest first, with the bytes each has to read.
    const window: { stored: Promise<void>; bytes: number }[] = [];
    let aheadBytes = 0;
    let turn = performance.now();
    const storeOldest = async () => {
      const oldest = window.shift()!;
      aheadBytes -= oldest.bytes;
      await oldest.stored;
    };
    try {
      for (const { path, bytes } of todo) {
        if (stopped()) break;
        if (!reader || reader.failure) {
          while (window.length > 0) await storeOldest();
          onOutcome(await this.ingestFile(root, path));
          // Reads here never wait for anything: the event loop gets a turn now and then (a live app's requests,
          // timers, the scan's progress), as it does between a worker's messages.
          if (performance.now() - turn >= TURN_MS) {
            await new Promise((done) => setImmediate(done));
            turn = performance.now();
          }
          continue;
        }
        // A file a watcher event is reading already is read once more after it, as any other event for it.
        const stored = (
          this.inFlight.has(path) ? this.ingestFile(root, path) : this.readAhead(reader, root, path)
        ).then(onOutcome);
        stored.catch(() => {}); // awaited below, in order; this only keeps a failure ahead from going unhandled
        window.push({ stored, bytes });
        aheadBytes += bytes;
        while (window.length >= READ_AHEAD_FILES || (aheadBytes > READ_AHEAD_BYTES && window.length > 1)) {
          await storeOldest();
        }
      }
      while (window.length > 0) await storeOldest();
    } finally {
      const failure = reader?.failure ?? null; // read before closing, which sets it
      await reader?.close();
      if (failure) {
        this.readAheadWorker = null;
        options.onReadAheadFailure(failure);
      }
    }
  }

  /**
   * Reads a file on the worker and stores it as `ingestFile` would, standing for it meanwhile: an `ingestFile` call
   * for the file waits for this read and reads again after. If the worker fails, the file is read here.
   */
  private readAhead(reader: ReadAhead, root: string, path: string): Promise<IngestOutcome> {
    const state = this.store.fileState(path) ?? unreadFile(root, path);
    const request = this.request(root, state, true);
    const run = (async (): Promise<IngestOutcome> => {
      try {
        let outcome = newOutcome(path);
        try {
          const end = await reader.read(request, (rows) => this.storeRows(rows, request, outcome));
          this.storeEnd(request, state, end, outcome);
        } catch (error) {
          if (!reader.failure) throw error;
          // Rows stored before the worker failed were stored without the file's new offset: they are read again
          // here, after the files before (the reads the failure cut short are redone one at a time, in order).
          const reread = this.rereads.then(() => this.readFile(root, path));
          this.rereads = reread.catch(() => {});
          outcome = await reread;
        }
        while (this.again.delete(path)) outcome = merge(outcome, await this.readFile(root, path));
        return outcome;
      } finally {
        this.inFlight.delete(path);
      }
    })();
    this.inFlight.set(path, run);
    return run;
  }

  /** The worker to read ahead on: the one given, or else (given nothing) the built one, looked up once. */
  private workerEntry(): URL | null {
    if (this.readAheadWorker === undefined) this.readAheadWorker = builtReadAheadWorker();
    return this.readAheadWorker;
  }

  /**
   * How many bytes `path` holds past where its last read stopped, from one stat; null when that read reached its
   * end and the file has not changed since, 0 when it cannot be told (the read reports why).
   */
  private bytesToRead(path: string): number | null {
    const end = this.store.readEnd(path);
    let info;
    try {
      info = statSync(path, { throwIfNoEntry: false });
    } catch {
      return 0;
    }
    if (end !== undefined && info !== undefined && isSameEnd(info, end.inode, end.offset)) return null;
    return Math.max(0, (info?.size ?? 0) - (end?.offset ?? 0));
  }

  private async readFile(root: string, path: string): Promise<IngestOutcome> {
    const previous = this.store.fileState(path);
    const outcome = newOutcome(path);
    // A file read to its end that has not changed since is left alone: a stat, no read, no write. This is
    // what keeps a report on unchanged data fast.
    if (previous?.lastError === null && unchanged(path, previous.inode, previous.offset)) return outcome;
    const state = previous ?? unreadFile(root, path);
    const request = this.request(root, state);
    const end = await readTranscriptRows(request, (rows) => this.storeRows(rows, request, outcome));
    this.storeEnd(request, state, end, outcome);
    return outcome;
  }

  /**
   * What to read of a file. A subagent's meta file is read when its run has no type yet; read ahead of storing,
   * that is not known yet (the files before may give it one), so it is read always and used only if still wanted
   * when the rows are stored.
   */
  private request(root: string, state: SourceFileState, ahead = false): TranscriptRequest {
    const location = locateTranscript(root, state.path);
    const activity = this.activity;
    const agentId = location.agentId;
    return {
      path: state.path,
      location,
      offset: state.offset,
      inode: state.inode,
      activity: activity !== undefined,
      readMeta: activity !== undefined && agentId !== null && (ahead || activity.needsRunMeta(agentId)),
    };
  }

  /** Prices and stores rows read from a file, with the file's read state when given (its last rows). */
  private storeRows(
    rows: TranscriptRows,
    request: TranscriptRequest,
    outcome: IngestOutcome,
    file?: SourceFileState,
  ): void {
    const { agentId, sessionId } = request.location;
    if (rows.meta && rows.activity && agentId && sessionId && this.activity?.needsRunMeta(agentId)) {
      addRunMeta(rows.activity, agentId, sessionId, rows.meta);
    }
    const usage = rows.usage.map((u) => priceUsage(u, this.prices));
    // Activity first: the file's offset is saved with the usage, after everything it covers is stored.
    if (this.activity && rows.activity) this.activity.applyBatch(rows.activity);
    outcome.records += this.store.applyBatch(usage, rows.sessions, file);
    for (const s of rows.sessions) outcome.sessions.add(s.id);
    if (this.bulkRows !== null) {
      this.bulkRows += usage.length + (rows.activity ? batchSize(rows.activity) : 0) + 1;
      if (this.bulkRows >= BULK_COMMIT_ROWS) {
        this.activity?.flushRuns();
        this.store.bulkCheckpoint();
        this.bulkRows = 0;
      }
    }
  }

  /** Stores a read's last rows together with where it stopped (or why it failed: the offset then stays). */
  private storeEnd(
    request: TranscriptRequest,
    state: SourceFileState,
    end: TranscriptReadEnd,
    outcome: IngestOutcome,
  ): void {
    outcome.lines += end.lines;
    outcome.skipped += end.skipped;
    const read = end.read;
    if (read) outcome.bytes += read.offset - (read.restarted ? 0 : state.offset);
    const base = read?.restarted ? { lines: 0, skippedLines: 0 } : state;
    const file: SourceFileState = read
      ? {
          ...state,
          inode: read.inode,
          size: read.size,
          offset: read.offset,
          lines: base.lines + end.lines,
          skippedLines: base.skippedLines + end.skipped,
          lastError: null,
          updatedAt: Date.now(),
        }
      : { ...state, lastError: end.error, updatedAt: Date.now() };
    this.storeRows(end.rows, request, outcome, file);
  }
}

/** The read state of a file never read. */
const unreadFile = (root: string, path: string): SourceFileState => ({
  path,
  root,
  kind: 'transcript',
  inode: 0,
  size: 0,
  offset: 0,
  lines: 0,
  skippedLines: 0,
  lastError: null,
  updatedAt: 0,
});

const newOutcome = (path: string): IngestOutcome => ({
  path,
  records: 0,
  sessions: new Set(),
  lines: 0,
  skipped: 0,
  bytes: 0,
});

/** Whether `info` is the same regular file as the one read to its end at `offset`, and still that size. */
function isSameEnd(info: Stats, inode: number, offset: number): boolean {
  return info.isFile() && Number(info.ino) === inode && info.size === offset;
}

/** The same regular file as the one read to its end at `offset`, and still that size. */
function unchanged(path: string, inode: number, offset: number): boolean {
  try {
    const info = statSync(path, { throwIfNoEntry: false });
    return info !== undefined && isSameEnd(info, inode, offset);
  } catch {
    return false; // the read reports what is wrong
  }
}

function merge(a: IngestOutcome, b: IngestOutcome): IngestOutcome {
  return {
    path: a.path,
    records: a.records + b.records,
    sessions: new Set([...a.sessions, ...b.sessions]),
    lines: a.lines + b.lines,
    skipped: a.skipped + b.skipped,
    bytes: a.bytes + b.bytes,
  };
}
