// Reads transcripts on a worker thread (transcript-worker.ts) ahead of the ingestor, which stores each file's rows
// as they arrive: a large import parses the next files on one core while SQLite writes on the other.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { TranscriptReadEnd, TranscriptRequest, TranscriptRows } from './transcript-file';

export interface ReadAheadRequest {
  id: number;
  request: TranscriptRequest;
}

export type ReadAheadReply = { id: number; rows: TranscriptRows } | { id: number; end: TranscriptReadEnd };

interface PendingRead {
  onRows: (rows: TranscriptRows) => void;
  resolve: (end: TranscriptReadEnd) => void;
  reject: (error: Error) => void;
  /** What `onRows` threw: the read's later rows are dropped and the read fails with it. */
  failure: Error | null;
}

/**
 * The built worker: `transcript-worker.js` sits in the build's main folder, beside the entry that bundles this
 * module or one folder up from the chunk that does. Null when running from sources (tsx, tests), where files
 * are read on the ingestor's own thread unless a test names a worker.
 */
export function builtReadAheadWorker(): URL | null {
  for (const candidate of ['./transcript-worker.js', '../transcript-worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return null;
}

export class ReadAhead {
  private readonly worker: Worker;
  private readonly pending = new Map<number, PendingRead>();
  private nextId = 1;
  private broken: Error | null = null;

  /** Why the worker stopped (it failed to start, threw or exited), or was closed; null while it works. */
  get failure(): Error | null {
    return this.broken;
  }

  constructor(entry: URL) {
    // Loaded here, not with the module: a warm report, which reads nothing, does not load worker_threads at all.
    const { Worker } = process.getBuiltinModule('node:worker_threads');
    // A 16 MB young generation: with 4 MB the parse's garbage took the worker 460 ms of a 500 MiB import in
    // scavenges (165 ms now), and peak RSS was no lower.
    this.worker = new Worker(entry, { resourceLimits: { maxYoungGenerationSizeMb: 16 } });
    this.worker.on('message', (reply: ReadAheadReply) => this.receive(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`transcript worker stopped (exit code ${code})`)));
  }

  /** Asks for a read; `onRows` gets its full chunks of rows, in order, on this thread; the end comes last. */
  read(request: TranscriptRequest, onRows: (rows: TranscriptRows) => void): Promise<TranscriptReadEnd> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { onRows, resolve, reject, failure: null });
      this.worker.postMessage({ id, request } satisfies ReadAheadRequest);
    });
  }

  /** Stops the worker; reads still pending fail. */
  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
    this.fail(new Error('transcript worker closed'));
  }

  private receive(reply: ReadAheadReply): void {
    const read = this.pending.get(reply.id);
    if (!read) return;
    if ('rows' in reply) {
      if (read.failure) return;
      try {
        read.onRows(reply.rows);
      } catch (error) {
        read.failure = error as Error;
      }
      return;
    }
    this.pending.delete(reply.id);
    if (read.failure) read.reject(read.failure);
    else read.resolve(reply.end);
  }

  private fail(error: Error): void {
    this.broken ??= error;
    for (const read of this.pending.values()) read.reject(error);
    this.pending.clear();
  }
}
