// The CLI's progress line for a long scan: when it shows, what it says, and how it ends, on a terminal and not.
import { describe, expect, it } from 'vitest';
import { ProgressLine } from '../../electron/main/cli/scan-progress';
import type { IngestOutcome } from '../../electron/main/ingest/transcript-ingestor';

const MIB = 1024 * 1024;
const read = (bytes: number): IngestOutcome => ({
  path: '/x.jsonl',
  records: 1,
  sessions: new Set(),
  lines: 1,
  skipped: 0,
  bytes,
});

function setup(isTTY: boolean) {
  const written: string[] = [];
  let now = 1_000_000;
  const progress = new ProgressLine({ isTTY, write: (t: string) => written.push(t) }, () => now);
  return { written, progress, advance: (ms: number) => (now += ms) };
}

describe('scan progress', () => {
  it('says nothing for a scan over within half a second', () => {
    const { written, progress, advance } = setup(true);
    progress.planned(3, 3 * MIB);
    advance(200);
    progress.read(read(MIB));
    progress.read(read(2 * MIB));
    progress.finish();
    expect(written).toEqual([]);
  });

  it('on a terminal, rewrites one line a few times a second, then clears it', () => {
    const { written, progress, advance } = setup(true);
    progress.planned(5230, 500 * MIB);
    advance(600);
    progress.read(read(210 * MIB));
    advance(50); // too soon for another update
    progress.read(read(MIB));
    advance(60);
    progress.read(read(MIB));
    progress.finish();
    expect(written).toEqual([
      '\r\x1b[Kreading transcripts: 1 of 5,230 files, 210 of 500 MiB (42%)',
      '\r\x1b[Kreading transcripts: 3 of 5,230 files, 212 of 500 MiB (42%)',
      '\r\x1b[K',
    ]);
  });

  it('into a pipe, writes whole lines every five seconds and nothing to clear', () => {
    const { written, progress, advance } = setup(false);
    progress.planned(10, 100 * MIB);
    advance(1000);
    progress.read(read(10 * MIB)); // a terminal would have shown this
    advance(4500);
    progress.read(read(40 * MIB));
    advance(1000);
    progress.read(read(10 * MIB));
    advance(4500);
    progress.read(read(40 * MIB));
    progress.finish();
    expect(written).toEqual([
      'reading transcripts: 2 of 10 files, 50 of 100 MiB (50%)\n',
      'reading transcripts: 4 of 10 files, 100 of 100 MiB (100%)\n',
    ]);
  });

  it('writes log lines above the progress line on a terminal, and as they are elsewhere', () => {
    const tty = setup(true);
    tty.progress.print('before any progress');
    tty.progress.planned(2, 2 * MIB);
    tty.advance(600);
    tty.progress.read(read(MIB));
    tty.progress.print('{"level":"warn"}');
    expect(tty.written).toEqual([
      'before any progress\n',
      '\r\x1b[Kreading transcripts: 1 of 2 files, 1 of 2 MiB (50%)',
      '\r\x1b[K{"level":"warn"}\nreading transcripts: 1 of 2 files, 1 of 2 MiB (50%)',
    ]);
    const pipe = setup(false);
    pipe.progress.print('{"level":"warn"}');
    expect(pipe.written).toEqual(['{"level":"warn"}\n']);
  });

  it('adds up the roots it is told of, and never shows more read than planned', () => {
    const { progress } = setup(true);
    progress.planned(2, 2 * MIB);
    progress.planned(1, MIB);
    progress.read(read(2 * MIB));
    progress.read(read(2 * MIB)); // a file grew while it was read
    progress.read(read(MIB));
    progress.read(read(0)); // one it was not told of
    expect(progress.line()).toBe('reading transcripts: 4 of 4 files, 5 of 5 MiB (100%)');
  });
});
