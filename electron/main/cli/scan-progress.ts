// Progress of a long scan on stderr, for `import` and a `report` that has much to read: on a terminal one line
// rewritten in place, a few times a second from half a second on, and cleared at the end; into a pipe or a file,
// a line every five seconds. A scan over before the first update (a warm report, a day's work) prints nothing.
import type { ScanProgressListener } from '../core/importer';
import { ScanTally } from '../ingest/scan-tally';
import type { IngestOutcome } from '../ingest/transcript-ingestor';
import { stdio } from './stdio';

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** Standard error, whether a terminal asked only once something is to be shown (see stdio.ts). */
const standardError: ProgressStream = {
  get isTTY() {
    return stdio.errIsTTY();
  },
  write: (text) => stdio.err(text),
};

/** How long after the start the first update comes, and how often the next ones: on a terminal, and not. */
const TTY = { first: 500, every: 100 };
const PIPE = { first: 5000, every: 5000 };

const MIB = 1024 * 1024;
/** 5230 as `5,230`: without Intl, whose set-up a warm report would pay for nothing. */
const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export class ProgressLine implements ScanProgressListener {
  private readonly tally = new ScanTally();
  private readonly started: number;
  /** When the last update was written; null before the first. */
  private shown: number | null = null;

  constructor(
    private readonly out: ProgressStream = standardError,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  planned(files: number, bytes: number): void {
    this.tally.planned(files, bytes);
    this.update();
  }

  read(outcome: IngestOutcome): void {
    this.tally.read(outcome);
    this.update();
  }

  /** Writes a line of its own (a log line), above the progress line on a terminal. */
  print(line: string): void {
    if (this.shown !== null && this.out.isTTY) this.out.write(`\r\x1b[K${line}\n${this.line()}`);
    else this.out.write(`${line}\n`);
  }

  /** Clears the terminal line, if one was written: what follows starts on a clean line. */
  finish(): void {
    if (this.shown !== null && this.out.isTTY) this.out.write('\r\x1b[K');
    this.shown = null;
  }

  /** The line as shown: `reading transcripts: 1,234 of 5,230 files, 210 of 500 MiB (42%)`. */
  line(): string {
    const { files, filesRead, bytes, bytesRead } = this.tally;
    const percent = bytes > 0 ? Math.floor((100 * bytesRead) / bytes) : 0;
    return (
      `reading transcripts: ${grouped(filesRead)} of ${grouped(files)} files, ` +
      `${grouped(Math.round(bytesRead / MIB))} of ${grouped(Math.round(bytes / MIB))} MiB (${percent}%)`
    );
  }

  private update(): void {
    const now = this.now();
    if (now - this.started < Math.min(TTY.first, PIPE.first)) return; // before asking what the stream is
    const pace = this.out.isTTY ? TTY : PIPE;
    if (now - this.started < pace.first) return;
    if (this.shown !== null && now - this.shown < pace.every) return;
    this.shown = now;
    this.out.write(this.out.isTTY ? `\r\x1b[K${this.line()}` : `${this.line()}\n`);
  }
}

/** One pass over the sources (an Importer's or a MonitorCore's `importOnce`) with its progress shown, then cleared. */
export async function importWithProgress(
  core: { importOnce(progress: ScanProgressListener): Promise<void> },
  progress: ProgressLine,
): Promise<void> {
  try {
    await core.importOnce(progress);
  } finally {
    progress.finish();
  }
}
