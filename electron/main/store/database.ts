// Opens the local SQLite store (WAL) and brings its schema up to date.
import type BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { migrations } from './migrations';

// Required, not imported: an ES import of this CommonJS package first has Node scan its source for export names,
// ~3% of a warm report's instructions.
const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

export type SqliteDatabase = BetterSqlite3.Database;

/** Runs `work` in a transaction, or in a savepoint when one is open. */
export type Atomically = <T>(work: () => T) => T;

/**
 * `db.transaction` wrapped once for every call: better-sqlite3 builds four wrappers per `transaction` call, ~5 µs
 * that a cold import paid for every batch it stored (~11,800 on 500 MB of transcripts).
 */
export function atomically(db: SqliteDatabase): Atomically {
  return db.transaction((work: () => unknown) => work()) as Atomically;
}

/** Opens (creating if needed) the store at `file`, or in memory for `:memory:`, and migrates it. */
export function openDatabase(file: string): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // SQLite's default page cache is 2 MiB: with a few hundred thousand records the rollup and outbox b-trees no
  // longer fit, and every write starts to read pages back through the OS.
  db.pragma('cache_size = -32768'); // 32 MiB
  // Savepoint journals and sorts in memory: every batch of a bulk import is a savepoint, and on disk each page it
  // changed was first copied to a temporary file (a million small writes on a 500 MB import).
  db.pragma('temp_store = MEMORY');
  migrate(db);
  return db;
}

/** Applies every migration newer than the store's `user_version`, each in its own transaction. */
export function migrate(db: SqliteDatabase): void {
  // Versions must ascend: a gap would be skipped for good on stores that moved past it.
  migrations.forEach((m, i) => {
    if (i > 0 && m.version <= migrations[i - 1]!.version) throw new Error(`migration ${m.version} is out of order`);
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(
      `The data directory was written by a newer SubForge Monitor (schema ${current}, this build knows ${latest}). Update the app or use another --data-dir.`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
