// Turns Claude Code transcript files into sessions and usage records in the local store, incrementally:
// each file is read from the offset where the last read stopped.
import { readdirSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { PriceTable } from '../pricing/price-table';
import type { ActivityStore } from '../store/activity-store';
import { ActivityCollector, readRunMeta } from './activity-collector';
import { folderPrefix, RACY_MS, type FolderListing, type ScanTree } from '../store/source-tree';
import type { SessionPatch, SourceFileState, UsageRecordRow, UsageStore } from '../store/usage-store';
import { readAppendedLines, type FileLine } from './line-reader';
import { parseTranscriptBytes } from './transcript-line';

/** What one read of one file changed. */
export interface IngestOutcome {
  path: string;
  records: number;
  sessions: Set<string>;
  lines: number;
  skipped: number;
}

/** Where a transcript sits: its project folder and what its path says of session and subagent. */
export interface TranscriptLocation {
  project: string;
  sessionId: string | null;
  agentId: string | null;
}

/** Reads a transcript's place from its path under `<root>/projects/`. */
export function locateTranscript(root: string, path: string): TranscriptLocation {
  const parts = relative(join(root, 'projects'), path).split(sep);
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
        entries = sync ? readdirSync(dir, { withFileTypes: true }) : await readdir(dir, { withFileTypes: true });
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

/** Rows written in one bulk transaction before it is committed: big enough to amortise commits, small enough for the WAL. */
const BULK_COMMIT_ROWS = 100_000;

export class TranscriptIngestor {
  private readonly inFlight = new Map<string, Promise<IngestOutcome>>();
  private readonly again = new Set<string>();
  /** Rows written since the bulk transaction was last committed; null outside `bulk`. */
  private bulkRows: number | null = null;

  constructor(
    private readonly store: UsageStore,
    private readonly prices: PriceTable,
    /** Where tool calls, runs, tasks and events go; without it only usage is kept. */
    private readonly activity?: ActivityStore,
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

  /** Whether `path` was read to its end and has not changed since: one stat, nothing to read. */
  isUnchanged(path: string): boolean {
    const end = this.store.readEnd(path);
    return end !== undefined && unchanged(path, end.inode, end.offset);
  }

  private async readFile(root: string, path: string): Promise<IngestOutcome> {
    const previous = this.store.fileState(path);
    const state: SourceFileState = previous ?? {
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
    };
    const outcome: IngestOutcome = { path, records: 0, sessions: new Set(), lines: 0, skipped: 0 };
    // A file read to its end that has not changed since is left alone: a stat, no read, no write. This is
    // what keeps a report on unchanged data fast.
    if (previous?.lastError === null && unchanged(path, previous.inode, previous.offset)) return outcome;
    const location = locateTranscript(root, path);
    let usage: UsageRecordRow[] = [];
    let sessions = new Map<string, SessionPatch>();
    const activity = new ActivityCollector();
    if (this.activity && location.agentId && location.sessionId && this.activity.needsRunMeta(location.agentId)) {
      const meta = readRunMeta(path);
      if (meta) activity.addRunMeta(location.agentId, location.sessionId, meta);
    }

    const collect = (lines: FileLine[]): void => {
      for (const line of lines) {
        outcome.lines++;
        const parsed = parseTranscriptBytes(line.bytes, line.ascii);
        if (parsed.kind === 'skip') {
          outcome.skipped++;
          continue;
        }
        const sessionId = parsed.sessionId ?? location.sessionId ?? `agent-${location.agentId ?? 'unknown'}`;
        if (parsed.timestamp !== null || parsed.title !== null) {
          const patch = sessions.get(sessionId) ?? {
            id: sessionId,
            project: location.project,
            cwd: null,
            gitBranch: null,
            version: null,
            title: null,
            firstTs: Number.MAX_SAFE_INTEGER,
            lastTs: 0,
          };
          // A subagent's lines say little about the session it ran in beyond its time span.
          if (!parsed.isSidechain) {
            patch.cwd = parsed.cwd ?? patch.cwd;
            patch.gitBranch = parsed.gitBranch ?? patch.gitBranch;
            patch.version = parsed.version ?? patch.version;
          }
          patch.title = parsed.title ?? patch.title;
          if (parsed.timestamp !== null) {
            patch.firstTs = Math.min(patch.firstTs, parsed.timestamp);
            patch.lastTs = Math.max(patch.lastTs, parsed.timestamp);
          }
          sessions.set(sessionId, patch);
        }
        if (this.activity) {
          const agentId = parsed.agentId ?? location.agentId;
          activity.add(parsed, { sessionId, agentId, path, offset: line.offset });
        }
        const u = parsed.usage;
        if (!u || parsed.timestamp === null) continue;
        // A line's own costUSD wins over the table, as in ccusage's default (auto) mode.
        const cost = u.costUsd ?? this.prices.cost(u.model, u);
        usage.push({
          id: usageRecordId(u.messageId, u.requestId, parsed.isSidechain, path, line.offset),
          messageId: u.messageId,
          sidechainLine: parsed.isSidechain,
          sourcePath: path,
          lineCostUsd: u.costUsd,
          sessionId,
          project: location.project,
          agentId: parsed.agentId ?? location.agentId,
          isSidechain: parsed.isSidechain || location.agentId !== null,
          ts: parsed.timestamp,
          model: u.model,
          inputTokens: u.inputTokens,
          outputTokens: u.outputTokens,
          cacheCreationTokens: u.cacheCreationTokens,
          cacheCreation1hTokens: u.cacheCreation1hTokens,
          cacheReadTokens: u.cacheReadTokens,
          speed: u.speed,
          costUsd: cost ?? 0,
          priced: cost !== null,
        });
      }
    };

    const store = (file?: SourceFileState): void => {
      const rows = usage.length + activity.size;
      // Activity first: the file's offset is saved with the usage, after everything it covers is stored.
      if (this.activity) this.activity.applyBatch(activity.take());
      outcome.records += this.store.applyBatch(usage, [...sessions.values()], file);
      for (const id of sessions.keys()) outcome.sessions.add(id);
      if (this.bulkRows !== null) {
        this.bulkRows += rows + 1;
        if (this.bulkRows >= BULK_COMMIT_ROWS) {
          this.activity?.flushRuns();
          this.store.bulkCheckpoint();
          this.bulkRows = 0;
        }
      }
      usage = [];
      sessions = new Map();
    };

    try {
      const result = await readAppendedLines(path, state.offset, state.inode, (lines) => {
        collect(lines);
        // Store as we go so a large file never sits in memory; the offset is saved only at the end, and
        // a read cut short repeats these lines, which de-duplication absorbs.
        if (usage.length >= 5000 || activity.size >= 5000) store();
      });
      outcome.lines += result.oversizedLines;
      outcome.skipped += result.oversizedLines;
      const base = result.restarted ? { lines: 0, skippedLines: 0 } : state;
      store({
        ...state,
        inode: result.inode,
        size: result.size,
        offset: result.offset,
        lines: base.lines + outcome.lines,
        skippedLines: base.skippedLines + outcome.skipped,
        lastError: null,
        updatedAt: Date.now(),
      });
    } catch (error) {
      const err = error as NodeJS.ErrnoException;
      // What was read before the error is kept; the offset stays, so the next read retries the rest.
      store({ ...state, lastError: `${err.code ?? 'ERROR'}: ${err.message}`, updatedAt: Date.now() });
    }
    return outcome;
  }
}

/**
 * The de-duplication key of a usage line, as ccusage 20 de-duplicates: on the main chain message.id plus
 * requestId (a missing requestId is its own value); on a sidechain message.id alone, since a subagent's
 * replay of a response may carry another requestId; without message.id, the line itself.
 */
export function usageRecordId(
  messageId: string | null,
  requestId: string | null,
  sidechain: boolean,
  path: string,
  offset: number,
): string {
  if (messageId === null) return `${path}:${offset}`;
  return sidechain ? `side:${messageId}` : `${messageId}:${requestId ?? ''}`;
}

/** The same regular file as the one read to its end at `offset`, and still that size. */
function unchanged(path: string, inode: number, offset: number): boolean {
  try {
    const info = statSync(path, { throwIfNoEntry: false });
    return info !== undefined && info.isFile() && Number(info.ino) === inode && info.size === offset;
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
  };
}
