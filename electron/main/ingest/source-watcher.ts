// Keeps the store in step with the Claude data directories: one full scan, then file-system events on
// every folder, with a periodic rescan for what events miss (network drives, lost events).
import { stat, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { ScanTree } from '../store/source-tree';
import type { IngestOutcome, TranscriptIngestor } from './transcript-ingestor';
import { findTranscripts } from './transcript-ingestor';

export interface SourceWatcherOptions {
  roots: string[];
  ingestor: TranscriptIngestor;
  /** Before a root's reads: how many files have something to read, and about how many bytes. */
  onPlan?: (files: number, bytes: number) => void;
  /** A pass over every root ended (its last outcome came before). */
  onScanEnd?: () => void;
  onOutcome: (outcome: IngestOutcome) => void;
  onError: (path: string, error: Error) => void;
  /** The worker that reads large scans failed: files are read on this thread instead (slower, nothing lost). */
  onReadAheadFailure?: (error: Error) => void;
  /** How often to rescan everything; file-system events cover the time between. */
  rescanMs?: number;
}

export class SourceWatcher {
  // One watcher a folder: recursive fs.watch misses files written into a folder created a moment before.
  private readonly watchers = new Map<string, FSWatcher>();
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;
  private live = false;
  private stopped = false;

  constructor(private readonly options: SourceWatcherOptions) {}

  /** Scans every root once, then watches. Resolves when the first scan is stored. */
  async start(): Promise<void> {
    this.live = true;
    await this.scan();
    this.timer = setInterval(() => void this.scan(), this.options.rescanMs ?? 5000);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  /** One pass over every transcript of every root; concurrent calls share the pass under way. */
  scan(): Promise<void> {
    this.scanning ??= (async () => {
      try {
        // One bulk write for the whole pass: a cold import writes hundreds of thousands of rows.
        await this.options.ingestor.bulk(async () => {
          for (const root of this.options.roots) {
            const ingestor = this.options.ingestor;
            await ingestor.withKnownFiles(root, async (tree) => {
              await this.scanTree(root, join(root, 'projects'), tree);
              return !this.stopped;
            });
          }
        });
      } finally {
        this.scanning = null;
        this.options.onScanEnd?.();
      }
    })();
    return this.scanning;
  }

  private async scanTree(root: string, dir: string, tree?: ScanTree): Promise<void> {
    const ingestor = this.options.ingestor;
    const onDirectory = (d: string) => this.watchDirectory(root, d);
    // A one-shot scan (import, report) walks synchronously; a live app keeps its event loop free for the UI.
    const files = await findTranscripts(dir, this.options.onError, onDirectory, !this.live, tree);
    // Many megabytes to read (a first scan) are read on a worker; a watcher event for a file read there waits.
    await ingestor.ingestMany(root, files, {
      onPlan: this.options.onPlan,
      onOutcome: (outcome) => this.report(outcome),
      onReadAheadFailure: this.options.onReadAheadFailure ?? (() => {}),
      stopped: () => this.stopped,
    });
  }

  private watchDirectory(root: string, dir: string): void {
    if (!this.live || this.stopped || this.watchers.has(dir)) return;
    try {
      const w = watch(dir, (event, name) => {
        if (this.stopped || !name) return;
        const path = join(dir, name.toString());
        if (path.endsWith('.jsonl')) {
          void this.options.ingestor.ingestFile(root, path).then((o) => this.report(o));
        } else if (event === 'rename') {
          // A new folder (a session's subagents/): watch it and read what is already in it.
          stat(path, (error, info) => {
            if (!error && info.isDirectory()) this.scanTree(root, path).catch(() => undefined);
          });
        }
      });
      w.on('error', () => {
        w.close();
        this.watchers.delete(dir); // gone or unreadable: the next rescan tries again
      });
      this.watchers.set(dir, w);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.options.onError(dir, error as Error);
    }
  }

  private report(outcome: IngestOutcome): void {
    if (outcome.lines > 0 || outcome.records > 0) this.options.onOutcome(outcome);
  }
}
