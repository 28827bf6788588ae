// The folders of a Claude data directory's `projects` tree as the last completed scan saw them, and where each
// transcript's last read stopped. A folder whose modification time has not moved still holds the same entries
// (creating, deleting or renaming an entry moves it), so a warm scan takes its listing from here after one stat
// instead of reading it; and it judges each transcript by its read end here instead of by thousands of rows.
// Appending to a file does not move its folder's time: every transcript is still checked with its own stat.
import { join, relative, sep } from 'node:path';

/** Where a read that reached a file's end stopped: enough to tell whether the file changed since. */
export interface FileEnd {
  inode: number;
  offset: number;
}

export interface FolderListing {
  /** The folder's modification time when it was listed; -1 when that was too recent to trust (see RACY_MS). */
  mtimeMs: number;
  dirs: string[];
  /** Its `*.jsonl` files. */
  files: string[];
  /**
   * Where the last complete scan left each of `files` read to its end: inode `ends[2i]`, offset `ends[2i + 1]`,
   * the offset -1 when it did not. Kept in flat pairs, not by path: a warm scan checks thousands of files against
   * them, and hashing every path into a map was a tenth of its time.
   */
  ends?: number[];
}

/**
 * The folders one scan listed, by path; `changed` once any of them was read from disk rather than from `previous`.
 * `stale` holds the files whose state was written since `previous` was: their ends there are out of date.
 */
export interface ScanTree {
  previous: Map<string, FolderListing> | null;
  stale: ReadonlySet<string>;
  next: Map<string, FolderListing>;
  changed: boolean;
}

/**
 * A folder modified this shortly before it was listed could be modified again within its file system's clock
 * resolution (coarse kernel clocks, two seconds on FAT) without its time moving: it is listed again next time.
 */
export const RACY_MS = 2000;

const VERSION = 1;

/** A snapshot as stored: `[folder, mtimeMs, dirs, [file, inode, offset, file, inode, offset, …]]` per folder. */
type StoredFolder = [string, number, string[], (string | number)[]];

/** What a folder's entries' paths start with: the folder and one separator. */
export function folderPrefix(dir: string): string {
  return dir.endsWith(sep) ? dir : dir + sep;
}

/** A `.` or `..` segment, which only path.relative resolves. */
const DOT_SEGMENT = /(^|[\\/])\.\.?([\\/]|$)/;

/**
 * The segments of `path` below `<root>/projects`. A scan's paths are that folder joined with each name, already
 * normal (see findTranscripts): the prefix is cut off rather than asking path.relative, which normalises both
 * paths every time (15 ms of a session report's 6,000 transcripts).
 */
export function segmentsUnderProjects(root: string, path: string): string[] {
  const projects = folderPrefix(join(root, 'projects'));
  const normal = path.startsWith(projects) && !DOT_SEGMENT.test(path);
  return (normal ? path.slice(projects.length) : relative(projects, path)).split(sep);
}

/** The listing's end of its `i`th file, or null when it has none. */
function listedEnd(listing: FolderListing, i: number): FileEnd | null {
  const offset = listing.ends?.[2 * i + 1] ?? -1;
  return offset < 0 ? null : { inode: listing.ends![2 * i]!, offset };
}

/**
 * The snapshot of `folders` as stored. A file's end is what `endOf` says (null: none), or, where the scan did not
 * look it up (undefined), what its listing carried over, unless the file is `stale`.
 */
export function encodeTree(
  folders: Map<string, FolderListing>,
  endOf: (path: string) => FileEnd | null | undefined,
  stale: ReadonlySet<string>,
): string {
  const out: StoredFolder[] = [];
  for (const [dir, listing] of folders) {
    const prefix = folderPrefix(dir);
    const files: (string | number)[] = [];
    listing.files.forEach((name, i) => {
      const path = prefix + name;
      let end = endOf(path);
      if (end === undefined) end = stale.has(path) ? null : listedEnd(listing, i);
      files.push(name, end?.inode ?? -1, end?.offset ?? -1);
    });
    out.push([dir, listing.mtimeMs, listing.dirs, files]);
  }
  return JSON.stringify({ version: VERSION, folders: out });
}

/** The folders of a stored snapshot, each with its files' ends; null when it is from another version or damaged. */
export function decodeTree(text: string): Map<string, FolderListing> | null {
  let parsed: { version?: unknown; folders?: unknown };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    return null;
  }
  if (parsed.version !== VERSION || !Array.isArray(parsed.folders)) return null;
  const folders = new Map<string, FolderListing>();
  for (const entry of parsed.folders as StoredFolder[]) {
    const [dir, mtimeMs, dirs, stored] = entry;
    if (typeof dir !== 'string' || typeof mtimeMs !== 'number' || !Array.isArray(dirs) || !Array.isArray(stored)) {
      return null;
    }
    const files: string[] = [];
    const ends: number[] = [];
    for (let i = 0; i + 2 < stored.length; i += 3) {
      const name = stored[i];
      const inode = stored[i + 1];
      const offset = stored[i + 2];
      if (typeof name !== 'string' || typeof inode !== 'number' || typeof offset !== 'number') return null;
      files.push(name);
      ends.push(inode, offset);
    }
    folders.set(dir, { mtimeMs, dirs, files, ends });
  }
  return folders;
}
