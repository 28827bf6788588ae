// The folders of a Claude data directory's `projects` tree as the last completed scan saw them, and where each
// transcript's last read stopped. A folder whose modification time has not moved still holds the same entries
// (creating, deleting or renaming an entry moves it), so a warm scan takes its listing from here after one stat
// instead of reading it; and it takes each transcript's read end from here instead of from thousands of rows.
// Appending to a file does not move its folder's time: every transcript is still checked with its own stat.
import { sep } from 'node:path';

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
}

/** The folders one scan listed, by path; `changed` once any of them was read from disk rather than from `previous`. */
export interface ScanTree {
  previous: Map<string, FolderListing> | null;
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

export function encodeTree(folders: Map<string, FolderListing>, endOf: (path: string) => FileEnd | undefined): string {
  const out: StoredFolder[] = [];
  for (const [dir, listing] of folders) {
    const prefix = folderPrefix(dir);
    const files: (string | number)[] = [];
    for (const name of listing.files) {
      const end = endOf(prefix + name);
      files.push(name, end?.inode ?? -1, end?.offset ?? -1);
    }
    out.push([dir, listing.mtimeMs, listing.dirs, files]);
  }
  return JSON.stringify({ version: VERSION, folders: out });
}

/** The folders and read ends of a stored snapshot; null when it is from another version or damaged. */
export function decodeTree(text: string): { folders: Map<string, FolderListing>; ends: Map<string, FileEnd> } | null {
  let parsed: { version?: unknown; folders?: unknown };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    return null;
  }
  if (parsed.version !== VERSION || !Array.isArray(parsed.folders)) return null;
  const folders = new Map<string, FolderListing>();
  const ends = new Map<string, FileEnd>();
  for (const entry of parsed.folders as StoredFolder[]) {
    const [dir, mtimeMs, dirs, stored] = entry;
    if (typeof dir !== 'string' || typeof mtimeMs !== 'number' || !Array.isArray(dirs) || !Array.isArray(stored)) {
      return null;
    }
    const prefix = folderPrefix(dir);
    const files: string[] = [];
    for (let i = 0; i + 2 < stored.length; i += 3) {
      const name = stored[i];
      const inode = stored[i + 1];
      const offset = stored[i + 2];
      if (typeof name !== 'string' || typeof inode !== 'number' || typeof offset !== 'number') return null;
      files.push(name);
      if (offset >= 0) ends.set(prefix + name, { inode, offset });
    }
    folders.set(dir, { mtimeMs, dirs, files });
  }
  return { folders, ends };
}
