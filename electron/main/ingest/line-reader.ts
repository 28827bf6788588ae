// Reads the complete lines appended to a file since a byte offset, in bounded chunks.
// A last line without its newline is left for the next read: it may still be being written.
// The reads are synchronous: transcripts sit in the page cache, and a thread-pool round trip per chunk cost more
// (on a busy machine, most of a cold import's time) than the read itself.
import { isAscii } from 'node:buffer';
import { closeSync, openSync, readSync, statSync } from 'node:fs';

/**
 * One complete line and the byte offset at which it starts. The line is handed over undecoded, as its bytes with a
 * char per byte (latin1): a parser decodes only the strings it keeps (see line-text.ts).
 */
export interface FileLine {
  bytes: string;
  /** No byte of the line is above 0x7f: its bytes are its text. */
  ascii: boolean;
  offset: number;
}

export interface ReadResult {
  /** Where the next read starts: just past the last complete line. */
  offset: number;
  inode: number;
  size: number;
  /** The file was replaced or shrank since the stored offset, so it was read from the start. */
  restarted: boolean;
  /** Lines longer than the limit, skipped without being held in memory. */
  oversizedLines: number;
}

const CHUNK_BYTES = 4 * 1024 * 1024;
/** One chunk buffer for every read: reads never overlap (they are synchronous) and lines are copied out. */
let sharedChunk: Buffer | null = null;
/** Longer lines are counted and skipped rather than buffered. */
export const MAX_LINE_BYTES = 128 * 1024 * 1024;

/**
 * Reads lines from `fromOffset` (or from 0 when the inode changed or the file shrank), handing them to
 * `onLines` a chunk at a time so memory stays bounded whatever the file's size.
 */
export async function readAppendedLines(
  path: string,
  fromOffset: number,
  knownInode: number,
  onLines: (lines: FileLine[]) => void,
): Promise<ReadResult> {
  return readAppendedLinesSync(path, fromOffset, knownInode, onLines);
}

function readAppendedLinesSync(
  path: string,
  fromOffset: number,
  knownInode: number,
  onLines: (lines: FileLine[]) => void,
): ReadResult {
  const info = statSync(path);
  // Checked before opening: opening a FIFO would block until someone writes to it.
  if (!info.isFile()) {
    throw Object.assign(new Error(`not a regular file: ${path}`), { code: 'ENOTFILE' });
  }
  const inode = Number(info.ino);
  let start = fromOffset;
  let restarted = false;
  if ((knownInode !== 0 && inode !== knownInode) || info.size < fromOffset) {
    start = 0;
    restarted = fromOffset > 0 || knownInode !== 0;
  }
  const result: ReadResult = { offset: start, inode, size: info.size, restarted, oversizedLines: 0 };
  // Nothing appended: the file is not even opened (a warm report stats every transcript and reads none).
  if (info.size === start) return result;
  const fd = openSync(path, 'r');
  try {
    const chunk = (sharedChunk ??= Buffer.allocUnsafe(CHUNK_BYTES));
    let pending: Buffer[] = []; // pieces of a line that has not ended yet
    let pendingBytes = 0;
    let pendingStart = start;
    let skippingOversized = false;
    let position = start;
    for (;;) {
      const bytesRead = readSync(fd, chunk, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) break;
      const lines: FileLine[] = [];
      // One check of the whole chunk spares one per line in the common all-ASCII case.
      const chunkAscii = isAscii(chunk.subarray(0, bytesRead));
      let lineStart = 0;
      for (;;) {
        const nl = chunk.indexOf(10, lineStart);
        if (nl === -1 || nl >= bytesRead) break;
        if (skippingOversized) {
          skippingOversized = false;
        } else if (pendingBytes > 0) {
          pending.push(chunk.subarray(lineStart, nl));
          lines.push(fileLine(Buffer.concat(pending), pendingStart, false));
        } else if (nl > lineStart) {
          lines.push(fileLine(chunk.subarray(lineStart, nl), position + lineStart, chunkAscii));
        }
        pending = [];
        pendingBytes = 0;
        lineStart = nl + 1;
        pendingStart = position + lineStart;
        result.offset = pendingStart;
      }
      if (lineStart < bytesRead && !skippingOversized) {
        pendingBytes += bytesRead - lineStart;
        if (pendingBytes > MAX_LINE_BYTES) {
          pending = [];
          pendingBytes = 0;
          skippingOversized = true;
          result.oversizedLines++;
        } else {
          pending.push(Buffer.from(chunk.subarray(lineStart, bytesRead)));
        }
      }
      if (lines.length > 0) onLines(lines);
      position += bytesRead;
    }
    return result;
  } finally {
    closeSync(fd);
  }
}

/** A line without its carriage return, if it ends in one; `ascii` when the chunk it comes from is known to be. */
function fileLine(bytes: Buffer, offset: number, ascii: boolean): FileLine {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
  return { bytes: bytes.toString('latin1', 0, end), ascii: ascii || isAscii(bytes), offset };
}
