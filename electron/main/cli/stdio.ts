// What the CLI's commands print: written to file descriptors 1 and 2 rather than through process.stdout and
// process.stderr, which build a socket or terminal stream on first use and load some forty of Node's modules for
// it, ~5 ms of a ~80 ms warm `report`. Commands print through `stdio`, so tests can replace its two writers.
import { writeSync } from 'node:fs';

type Descriptor = 1 | 2;

/**
 * Per descriptor: `stream` once a write met a full non-blocking pipe (EAGAIN) and went to Node's stream, which
 * waits for the reader; later writes follow it there, so the output keeps its order. `closed` once the reader
 * went away (EPIPE): the rest is dropped, as a command piped into `head` expects.
 */
const mode: Record<Descriptor, 'direct' | 'stream' | 'closed'> =
  // A Windows console takes UTF-16 (WriteConsoleW), which only Node's stream writes: there, every write goes to it.
  process.platform === 'win32' ? { 1: 'stream', 2: 'stream' } : { 1: 'direct', 2: 'direct' };

function write(fd: Descriptor, text: string): void {
  if (mode[fd] === 'closed') return;
  let rest: Buffer | string = text;
  if (mode[fd] === 'direct') {
    const bytes = Buffer.from(text);
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(fd, bytes, done);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') {
        mode[fd] = 'closed';
        return;
      }
      if (code !== 'EAGAIN') throw error;
      mode[fd] = 'stream';
      rest = bytes.subarray(done);
    }
  }
  (fd === 1 ? process.stdout : process.stderr).write(rest);
}

export const stdio = {
  /** Writes to standard output: the command's result (a report, JSON), nothing else. */
  out: (text: string): void => write(1, text),
  /** Writes to standard error: progress, notes and errors. */
  err: (text: string): void => write(2, text),
  /** Whether standard error is a terminal: asked only when it matters, since asking builds Node's stream. */
  errIsTTY: (): boolean => process.stderr.isTTY === true,
};
