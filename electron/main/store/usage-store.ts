// Sessions, usage records and per-file read state in the local store; all their SQL lives here.
import { atomically, type Atomically, type SqliteDatabase } from './database';
import { decodeTree, encodeTree, type FileEnd, type FolderListing, type ScanTree } from './source-tree';
import { flushUsageRollups, ROLLUP_REBUILD_SQL, ROLLUP_TRIGGERS } from './usage-rollups';

/**
 * One API response, de-duplicated by `id`, ready to store. The id follows ccusage's rules:
 * `<message.id>:<requestId>` on the main chain (requestId may be empty), `side:<message.id>` for a
 * sidechain line, `<file>:<offset>` for a line without message.id (never de-duplicated).
 */
export interface UsageRecordRow {
  /** The de-duplication key, made by `usageRecordId` (ingest/transcript-file.ts): replays are found by it. */
  id: string;
  messageId: string | null;
  /** The line's own isSidechain flag. */
  sidechainLine: boolean;
  sourcePath: string;
  /** A cost the line stated (costUSD); it wins over the price table. */
  lineCostUsd: number | null;
  sessionId: string;
  project: string;
  agentId: string | null;
  isSidechain: boolean;
  ts: number;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheCreation1hTokens: number;
  cacheReadTokens: number;
  speed: string | null;
  costUsd: number;
  priced: boolean;
}

/** Counted usage of one reported model name (with `-fast` for fast-speed responses). */
export interface ModelTotals {
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalTokens: number;
  cost: number;
  records: number;
  unpriced: number;
}

/** Totals of one reported model name in one local day: `day` counts days from 1970-01-01 of local time. */
export interface DayTotalsRow extends ModelTotals {
  day: number;
}

/** Totals of one reported model name in one transcript file. */
export interface SourceTotalsRow extends ModelTotals {
  sourcePath: string | null;
  sessionId: string;
  project: string;
  firstTs: number;
  lastTs: number;
}

/** What a stored record needs to be priced again. */
export interface PricingInputRow {
  id: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheCreation1hTokens: number;
  cacheReadTokens: number;
  speed: string | null;
  costUsd: number;
  priced: number;
}

/** The model name reports show: a fast-mode response reports as `<model>-fast`, as ccusage shows it. */
const REPORTED_MODEL = `CASE WHEN speed = 'fast' THEN model || '-fast' ELSE model END`;

/** What a batch of lines taught us about a session. */
export interface SessionPatch {
  id: string;
  project: string;
  cwd: string | null;
  gitBranch: string | null;
  version: string | null;
  title: string | null;
  firstTs: number;
  lastTs: number;
}

/** How far a source file has been read, and what was skipped in it. */
export interface SourceFileState {
  path: string;
  root: string;
  kind: string;
  inode: number;
  size: number;
  offset: number;
  lines: number;
  skippedLines: number;
  lastError: string | null;
  updatedAt: number;
}

/** A source file with skipped lines. */
export interface SkippedFileRow {
  path: string;
  lines: number;
  skippedLines: number;
  lastError: string | null;
  updatedAt: number;
}

export interface TotalsRow {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalTokens: number;
  totalCost: number;
  apiCalls: number;
}

/** Sums of usage rows with the names `TotalsRow` uses; every store that sums usage reads them from here. */
export const TOTALS_COLUMNS = `
  COALESCE(SUM(input_tokens), 0)          AS inputTokens,
  COALESCE(SUM(output_tokens), 0)         AS outputTokens,
  COALESCE(SUM(cache_creation_tokens), 0) AS cacheCreationTokens,
  COALESCE(SUM(cache_read_tokens), 0)     AS cacheReadTokens,
  COALESCE(SUM(total_tokens), 0)          AS totalTokens,
  COALESCE(SUM(cost_usd), 0)              AS totalCost,
  COUNT(*)                                AS apiCalls`;

const BUCKET_SIZE_MS = 900_000;
const DAY_MS = 86_400_000;
/** The first and past-the-last 15-minute buckets that overlap [from, to). */
const bucketRange = (from: number, to: number) =>
  [Math.floor(from / BUCKET_SIZE_MS), Math.ceil(to / BUCKET_SIZE_MS)] as const;

/** The first and last moments with counted usage in [from, to), by 15-minute bucket; null when there is none. */
function usageSpanOf(db: SqliteDatabase, from: number, to: number): [number, number] | null {
  const [first, last] = db
    .prepare(
      `SELECT MIN(bucket) * ${BUCKET_SIZE_MS}, MAX(bucket) * ${BUCKET_SIZE_MS} + ${BUCKET_SIZE_MS - 1}
       FROM report_rollup_15m WHERE bucket >= ? AND bucket < ? AND records > 0`,
    )
    .raw()
    .get(...bucketRange(from, to)) as [number | null, number | null];
  return first === null || last === null ? null : [first, last];
}

/**
 * `NOT INDEXED`, to put after `usage_records` in a query over the counted records in [from, to), when that range
 * holds every one of them (a report without --since and --until), else nothing. SQLite takes an index for any
 * range, since it cannot tell that one holds everything, and then pays a row lookup per entry: scanning the table
 * is faster (500 MB of transcripts: the session report's sums 91 against 128 ms, the agent report's 30 against
 * 46-70 ms).
 */
export function wholeRangeScan(db: SqliteDatabase, from: number, to: number): string {
  const span = usageSpanOf(db, 0, Number.MAX_SAFE_INTEGER);
  return span === null || (from <= span[0] && to > span[1]) ? 'NOT INDEXED' : '';
}

/**
 * Indexes no statement of a cold import reads (its lookups go through the primary keys and the session indexes
 * the activity reconciliation uses): during a cold import they are dropped and built once at the end, a sort
 * instead of one b-tree insertion per row.
 */
const DEFERRED_INDEXES = [
  'usage_records_ts',
  'usage_records_session',
  'usage_records_agent',
  'usage_records_session_model',
  'tool_calls_agent',
  'tool_calls_result_agent',
  'tool_calls_failed',
];

/**
 * Runs inside `applyBatch`'s transaction with what it changed, so whatever it writes (the team outbox) commits
 * or rolls back together with the batch.
 */
export type BatchHook = (changedUsage: UsageRecordRef[], sessions: SessionPatch[]) => void;

/** Which usage record changed: enough to find it again. */
export interface UsageRecordRef {
  id: string;
  sessionId: string;
}

/** Files changed since their root's snapshot past which a scan writes a new one (see `endScan`). */
const STALE_TREE_FILES = 256;

export class UsageStore {
  private readonly batchHooks = new Set<BatchHook>();
  private readonly atomically: Atomically;
  private readonly upsertUsage;
  private readonly dropReplay;
  private readonly dropIfReplay;
  private readonly upsertSession;
  private readonly selectFile;
  /**
   * During a scan (see `beginScan`), where each file looked up or read stopped (null: not read to its end without
   * error); null outside one.
   */
  private readEnds: Map<string, FileEnd | null> | null = null;
  /** The files of the scan under way whose snapshot ends are out of date. */
  private staleEnds: ReadonlySet<string> = new Set();
  /** Whether the scan under way started without a snapshot, or from one with too many files changed since. */
  private treeStale = false;
  private readonly upsertFile;
  private readonly storedListeners = new Set<(rows: UsageRecordRow[]) => void>();

  constructor(private readonly db: SqliteDatabase) {
    this.atomically = atomically(db);
    // Lines sharing an id are one API response: keep the one with the most tokens, on a tie the dearer one,
    // on a full tie the first one read (ccusage's choice, found by probing it).
    this.upsertUsage = db.prepare(`
      INSERT INTO usage_records (id, session_id, project, agent_id, is_sidechain, ts, model, input_tokens,
        output_tokens, cache_creation_tokens, cache_creation_1h, cache_read_tokens, total_tokens, speed,
        cost_usd, priced, message_id, sidechain_line, source_path, line_cost_usd)
      VALUES (${Array(20).fill('?').join(', ')})
      ON CONFLICT(id) DO UPDATE SET
        session_id = excluded.session_id, project = excluded.project, agent_id = excluded.agent_id,
        is_sidechain = excluded.is_sidechain, ts = excluded.ts, model = excluded.model,
        input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
        cache_creation_tokens = excluded.cache_creation_tokens, cache_creation_1h = excluded.cache_creation_1h,
        cache_read_tokens = excluded.cache_read_tokens, total_tokens = excluded.total_tokens,
        speed = excluded.speed, cost_usd = excluded.cost_usd, priced = excluded.priced,
        source_path = excluded.source_path, line_cost_usd = excluded.line_cost_usd
      WHERE excluded.total_tokens > usage_records.total_tokens
         OR (excluded.total_tokens = usage_records.total_tokens AND excluded.cost_usd > usage_records.cost_usd)`);
    // A sidechain line replaying a main-chain response (same message.id, whatever its requestId) is not
    // counted, whichever of the two was read first. Both lines are found by id (see usageRecordId): a sidechain
    // line's is `side:<message.id>`, a main-chain line's `<message.id>:<requestId>`, in the range [`<message.id>:`,
    // `<message.id>;`) of the primary key.
    this.dropReplay = db.prepare(
      `UPDATE usage_records SET counted = 0 WHERE id = ? AND sidechain_line = 1 AND counted = 1
       RETURNING id, session_id AS sessionId`,
    );
    this.dropIfReplay = db.prepare(`
      UPDATE usage_records SET counted = 0
      WHERE id = ? AND counted = 1
        AND EXISTS (SELECT 1 FROM usage_records m WHERE m.id >= ? AND m.id < ? AND m.sidechain_line = 0)
      RETURNING id, session_id AS sessionId`);
    this.upsertSession = db.prepare(`
      INSERT INTO sessions (id, project, cwd, git_branch, version, title, first_ts, last_ts)
      VALUES (@id, @project, @cwd, @gitBranch, @version, @title, @firstTs, @lastTs)
      ON CONFLICT(id) DO UPDATE SET
        cwd = COALESCE(excluded.cwd, sessions.cwd),
        git_branch = COALESCE(excluded.git_branch, sessions.git_branch),
        version = COALESCE(excluded.version, sessions.version),
        title = COALESCE(excluded.title, sessions.title),
        first_ts = MIN(sessions.first_ts, excluded.first_ts),
        last_ts = MAX(sessions.last_ts, excluded.last_ts)`);
    this.selectFile = db.prepare(`
      SELECT path, root, kind, inode, size, offset, lines, skipped_lines AS skippedLines,
             last_error AS lastError, updated_at AS updatedAt
      FROM source_files WHERE path = ?`);
    this.upsertFile = db.prepare(`
      INSERT INTO source_files (path, root, kind, inode, size, offset, lines, skipped_lines, last_error, updated_at)
      VALUES (@path, @root, @kind, @inode, @size, @offset, @lines, @skippedLines, @lastError, @updatedAt)
      ON CONFLICT(path) DO UPDATE SET
        inode = excluded.inode, size = excluded.size, offset = excluded.offset, lines = excluded.lines,
        skipped_lines = excluded.skipped_lines, last_error = excluded.last_error, updated_at = excluded.updated_at`);
  }

  /** Restores what `beginBulk` changed; null outside a bulk write. */
  private bulkRestore: (() => void) | null = null;
  /** The rollup triggers and deferred indexes dropped for a cold bulk write, to recreate when it ends; null when none were. */
  private deferredTriggers: string[] | null = null;
  /**
   * During a bulk write into a store that held no usage: the message ids stored since, per kind of line. Only
   * this code writes usage rows, so these are exactly the stored ones: a replay check that cannot match is not run
   * (two statements a row become one: most of a cold import's usage writes).
   */
  private coldMessageIds: { main: Set<string>; side: Set<string> } | null = null;

  /**
   * Starts a bulk write (a scan of many files): one outer transaction that `applyBatch` calls nest into as
   * savepoints, with no fsync and a larger page cache meanwhile; `bulkCheckpoint` commits now and then.
   * Into an empty store (a cold import) the rollup triggers and the indexes no import reads are dropped for the
   * duration, and the rollups and those indexes are built in one pass at the end, in the same single transaction
   * (no checkpoints then): a crash rolls back everything, triggers and indexes included. Returns false (and does nothing) when a transaction is already open.
   */
  beginBulk(): boolean {
    if (this.bulkRestore || this.db.inTransaction) return false;
    const synchronous = this.db.pragma('synchronous', { simple: true }) as number;
    const cacheSize = this.db.pragma('cache_size', { simple: true }) as number;
    this.db.pragma('synchronous = OFF');
    // 32 MiB: on a 500 MiB import, 64 MiB was no faster and took 35 MB more of the memory the read-ahead worker needs.
    this.db.pragma('cache_size = -32768');
    this.bulkRestore = () => {
      this.db.pragma(`synchronous = ${Number(synchronous)}`);
      this.db.pragma(`cache_size = ${Number(cacheSize)}`);
    };
    this.db.exec('BEGIN');
    try {
      const empty = this.db.prepare(`SELECT 1 FROM usage_records LIMIT 1`).get() === undefined;
      this.coldMessageIds = empty ? { main: new Set(), side: new Set() } : null;
      this.deferredTriggers = empty ? this.deferRollupTriggers() : null;
    } catch (error) {
      this.db.exec('ROLLBACK');
      this.bulkRestore();
      this.bulkRestore = null;
      this.coldMessageIds = null;
      throw error;
    }
    return true;
  }

  /** Commits what a bulk write gathered so far and opens the next transaction (not during a cold import). */
  bulkCheckpoint(): void {
    if (!this.bulkRestore || this.deferredTriggers) return;
    if (this.db.inTransaction) this.db.exec('COMMIT');
    this.db.exec('BEGIN');
  }

  /** Builds the rollups if their triggers were deferred, commits, and ends a bulk write. */
  endBulk(): void {
    const restore = this.bulkRestore;
    if (!restore) return;
    this.bulkRestore = null;
    const triggers = this.deferredTriggers;
    this.deferredTriggers = null;
    this.coldMessageIds = null;
    try {
      if (!this.db.inTransaction) return;
      try {
        if (triggers) {
          this.db.exec(ROLLUP_REBUILD_SQL);
          for (const sql of triggers) this.db.exec(sql);
        }
        this.db.exec('COMMIT');
      } catch (error) {
        this.db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      restore();
    }
  }

  /**
   * Drops the rollup triggers (the store holds no usage yet) when they are exactly the known set (a trigger
   * this code does not know of keeps them all in place), and with them the deferred indexes; returns their SQL,
   * or null when nothing was dropped.
   */
  private deferRollupTriggers(): string[] | null {
    const triggers = this.db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'usage_records'`)
      .all() as { name: string; sql: string }[];
    const names = triggers.map((t) => t.name).sort();
    if (names.join() !== [...ROLLUP_TRIGGERS].sort().join()) return null;
    for (const t of triggers) this.db.exec(`DROP TRIGGER "${t.name}"`);
    const indexes = this.db
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
         AND name IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(DEFERRED_INDEXES)) as { name: string; sql: string }[];
    for (const i of indexes) this.db.exec(`DROP INDEX "${i.name}"`);
    return [...triggers, ...indexes].map((t) => t.sql);
  }

  fileState(path: string): SourceFileState | undefined {
    return this.selectFile.get(path) as SourceFileState | undefined;
  }

  /** Where the last read of `path` stopped, if it reached the file's end without an error. */
  readEnd(path: string): FileEnd | undefined {
    const known = this.readEnds?.get(path);
    if (known !== undefined) return known ?? undefined;
    const state = this.fileState(path);
    const end = state && state.lastError === null ? { inode: state.inode, offset: state.offset } : null;
    this.readEnds?.set(path, end);
    return end ?? undefined;
  }

  saveFileState(state: SourceFileState): void {
    this.readEnds?.set(state.path, state.lastError === null ? { inode: state.inode, offset: state.offset } : null);
    this.upsertFile.run(state);
  }

  /**
   * Starts a scan of `root`: returns the folders and read ends of the root's snapshot (store/source-tree.ts), and
   * the files whose state changed since it was written (their ends there are out of date: `readEnd` reads their
   * rows). Without a snapshot, every file's read end is read ahead instead, so `readEnd` answers thousands of calls
   * without a query each. Ends with `endScan`.
   */
  beginScan(root: string): ScanTree {
    this.readEnds = new Map();
    this.staleEnds = new Set();
    this.treeStale = true;
    const stored = this.db.prepare(`SELECT snapshot FROM source_trees WHERE root = ?`).pluck().get(root) as
      string | undefined;
    const previous = stored === undefined ? null : decodeTree(stored);
    if (!previous) {
      const rows = this.db
        .prepare(`SELECT path, inode, offset FROM source_files WHERE root = ? AND last_error IS NULL`)
        .raw()
        .all(root) as [string, number, number][];
      for (const [path, inode, offset] of rows) this.readEnds.set(path, { inode, offset });
      return { previous: null, stale: this.staleEnds, next: new Map(), changed: false };
    }
    this.staleEnds = new Set(
      this.db.prepare(`SELECT path FROM source_files_changed WHERE root = ?`).pluck().all(root) as string[],
    );
    this.treeStale = this.staleEnds.size > STALE_TREE_FILES;
    return { previous, stale: this.staleEnds, next: new Map(), changed: false };
  }

  /**
   * Ends a scan. When it went through every folder (`folders`, what it listed) and a folder had to be read from
   * disk (`listedAny`) or the snapshot was missing or stale, writes the new snapshot of `root`. Transcripts that
   * merely grew do not rewrite it: the few being written to are looked up by their rows, and a live app's
   * rescans do not rewrite a snapshot of thousands of files every few seconds.
   */
  endScan(root: string, folders: Map<string, FolderListing> | null, listedAny: boolean): void {
    const ends = this.readEnds;
    this.readEnds = null;
    if (!ends || !folders || !(this.treeStale || listedAny)) return;
    const snapshot = encodeTree(folders, (path) => ends.get(path), this.staleEnds);
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO source_trees (root, snapshot) VALUES (?, ?)
           ON CONFLICT(root) DO UPDATE SET snapshot = excluded.snapshot`,
        )
        .run(root, snapshot);
      this.db.prepare(`DELETE FROM source_files_changed WHERE root = ?`).run(root);
    })();
  }

  /** Adds a hook run inside every batch's transaction; returns the function that removes it. */
  onBatch(hook: BatchHook): () => void {
    this.batchHooks.add(hook);
    return () => this.batchHooks.delete(hook);
  }

  /** Stores a batch, and the file's read state when given, atomically; returns how many usage records were added or grew. */
  applyBatch(usage: UsageRecordRow[], sessions: SessionPatch[], file?: SourceFileState): number {
    let changed = 0;
    const stored: UsageRecordRow[] = [];
    this.atomically(() => {
      const changedUsage: UsageRecordRef[] = [];
      for (const s of sessions) this.upsertSession.run(s);
      for (const u of usage) {
        // Bound by position: naming twenty parameters of an object spread was a third of storing a record.
        const r = this.upsertUsage.run(
          u.id,
          u.sessionId,
          u.project,
          u.agentId,
          u.isSidechain ? 1 : 0,
          u.ts,
          u.model,
          u.inputTokens,
          u.outputTokens,
          u.cacheCreationTokens,
          u.cacheCreation1hTokens,
          u.cacheReadTokens,
          u.inputTokens + u.outputTokens + u.cacheCreationTokens + u.cacheReadTokens,
          u.speed,
          u.costUsd,
          u.priced ? 1 : 0,
          u.messageId,
          u.sidechainLine ? 1 : 0,
          u.sourcePath,
          u.lineCostUsd,
        );
        changed += r.changes;
        if (r.changes > 0 && this.batchHooks.size > 0) changedUsage.push(u);
        let replay = false;
        if (u.messageId !== null) {
          const cold = this.coldMessageIds;
          let dropped: UsageRecordRef[] = [];
          if (!cold) {
            dropped = (
              u.sidechainLine
                ? this.dropIfReplay.all(u.id, `${u.messageId}:`, `${u.messageId};`)
                : this.dropReplay.all(`side:${u.messageId}`)
            ) as UsageRecordRef[];
          } else if (u.sidechainLine) {
            if (cold.main.has(u.messageId)) dropped = this.dropReplay.all(u.id) as UsageRecordRef[];
            cold.side.add(u.messageId);
          } else {
            if (cold.side.has(u.messageId)) dropped = this.dropReplay.all(`side:${u.messageId}`) as UsageRecordRef[];
            cold.main.add(u.messageId);
          }
          if (this.batchHooks.size > 0) changedUsage.push(...dropped);
          replay = dropped.some((d) => d.id === u.id);
        }
        // A replayed response never counts, so it must not move budgets either.
        if (r.changes > 0 && !replay && this.storedListeners.size > 0) stored.push(u);
      }
      flushUsageRollups(this.db);
      for (const hook of this.batchHooks) hook(changedUsage, sessions);
      if (file) this.saveFileState(file);
    });
    if (stored.length > 0) for (const l of this.storedListeners) l(stored);
    return changed;
  }

  /** Calls `listener` after each commit with the usage records it added or grew (alerts feed on these). */
  onRecordsStored(listener: (rows: UsageRecordRow[]) => void): () => void {
    this.storedListeners.add(listener);
    return () => this.storedListeners.delete(listener);
  }

  /** Totals of API responses in [from, to). */
  totals(from: number, to: number): TotalsRow & { sessions: number } {
    return this.db
      .prepare(
        `SELECT ${TOTALS_COLUMNS}, COUNT(DISTINCT session_id) AS sessions
         FROM usage_records WHERE ts >= ? AND ts < ? AND counted = 1`,
      )
      .get(from, to) as TotalsRow & { sessions: number };
  }

  /** Totals per model in [from, to), most expensive first. */
  totalsByModel(from: number, to: number): (TotalsRow & { model: string; unpriced: number })[] {
    return this.db
      .prepare(
        `SELECT model, ${TOTALS_COLUMNS}, SUM(1 - priced) AS unpriced
         FROM usage_records WHERE ts >= ? AND ts < ? AND counted = 1
         GROUP BY model ORDER BY totalCost DESC, totalTokens DESC`,
      )
      .all(from, to) as (TotalsRow & { model: string; unpriced: number })[];
  }

  /** Sessions with usage in [from, to), most recent first, with their totals in that range. */
  sessionsActive(from: number, to: number, limit: number) {
    return this.db
      .prepare(
        `SELECT s.id, s.project, s.title, s.git_branch AS gitBranch, s.first_ts AS firstActivity,
                s.last_ts AS lastActivity, ${TOTALS_COLUMNS}
         FROM usage_records u JOIN sessions s ON s.id = u.session_id
         WHERE u.ts >= ? AND u.ts < ? AND u.counted = 1
         GROUP BY s.id ORDER BY s.last_ts DESC LIMIT ?`,
      )
      .all(from, to, limit) as (TotalsRow & {
      id: string;
      project: string;
      title: string | null;
      gitBranch: string | null;
      firstActivity: number;
      lastActivity: number;
    })[];
  }

  /**
   * `totals` for a range on 15-minute bucket edges (a day in any zone of today's tz database), read from the
   * rollups and a per-session probe instead of summing every record of the day: the Overview's day of 300,000
   * records drops from about 600 ms to a few ms. Other ranges fall back to `totals`.
   */
  rangeTotals(from: number, to: number): TotalsRow & { sessions: number } {
    if (from % BUCKET_SIZE_MS !== 0 || to % BUCKET_SIZE_MS !== 0) return this.totals(from, to);
    const sums = this.db
      .prepare(
        `SELECT COALESCE(SUM(input_tokens), 0) AS inputTokens, COALESCE(SUM(output_tokens), 0) AS outputTokens,
                COALESCE(SUM(cache_creation_tokens), 0) AS cacheCreationTokens,
                COALESCE(SUM(cache_read_tokens), 0) AS cacheReadTokens,
                COALESCE(SUM(input_tokens + output_tokens + cache_creation_tokens + cache_read_tokens), 0) AS totalTokens,
                COALESCE(SUM(cost_usd), 0) AS totalCost, COALESCE(SUM(requests), 0) AS apiCalls
         FROM total_usage_rollup_15m WHERE bucket >= ? AND bucket < ?`,
      )
      .get(from, to) as TotalsRow;
    // A session's last_ts is the latest of its lines, so only sessions active since `from` can have usage in the
    // range; each is probed through usage_records_session.
    const { sessions } = this.db
      .prepare(
        `SELECT COUNT(*) AS sessions FROM sessions s
         WHERE s.last_ts >= ? AND EXISTS (
           SELECT 1 FROM usage_records u WHERE u.session_id = s.id AND u.ts >= ? AND u.ts < ? AND u.counted = 1)`,
      )
      .get(from, from, to) as { sessions: number };
    return { ...sums, sessions };
  }

  /** `totalsByModel` for a range on 15-minute bucket edges, from the rollups (see `rangeTotals`). */
  rangeTotalsByModel(from: number, to: number): (TotalsRow & { model: string; unpriced: number })[] {
    if (from % BUCKET_SIZE_MS !== 0 || to % BUCKET_SIZE_MS !== 0) return this.totalsByModel(from, to);
    return this.db
      .prepare(
        `SELECT model, SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens,
                SUM(cache_creation_tokens) AS cacheCreationTokens, SUM(cache_read_tokens) AS cacheReadTokens,
                SUM(input_tokens + output_tokens + cache_creation_tokens + cache_read_tokens) AS totalTokens,
                SUM(cost_usd) AS totalCost, SUM(requests) AS apiCalls, SUM(unpriced) AS unpriced
         FROM usage_rollup_15m WHERE bucket >= ? AND bucket < ?
         GROUP BY model ORDER BY totalCost DESC, totalTokens DESC`,
      )
      .all(from, to) as (TotalsRow & { model: string; unpriced: number })[];
  }

  /**
   * `sessionsActive`, picking the sessions first (most recent first, probed as in `rangeTotals`) and summing only
   * their records, rather than grouping every record of the range.
   */
  recentSessionsActive(from: number, to: number, limit: number): ReturnType<UsageStore['sessionsActive']> {
    return this.db
      .prepare(
        `WITH picked AS (
           SELECT s.id, s.project, s.title, s.git_branch AS gitBranch, s.first_ts AS firstActivity,
                  s.last_ts AS lastActivity
           FROM sessions s
           WHERE s.last_ts >= ? AND EXISTS (
             SELECT 1 FROM usage_records u WHERE u.session_id = s.id AND u.ts >= ? AND u.ts < ? AND u.counted = 1)
           ORDER BY s.last_ts DESC, s.id LIMIT ?)
         SELECT p.id, p.project, p.title, p.gitBranch, p.firstActivity, p.lastActivity, ${TOTALS_COLUMNS}
         FROM picked p JOIN usage_records u ON u.session_id = p.id AND u.ts >= ? AND u.ts < ? AND u.counted = 1
         GROUP BY p.id ORDER BY p.lastActivity DESC, p.id`,
      )
      .all(from, from, to, limit, from, to) as ReturnType<UsageStore['sessionsActive']>;
  }

  /** Per-root file counts, lines and skipped lines, for the Sources view. */
  sourceSummary(): { root: string; files: number; lines: number; skippedLines: number; lastIngestAt: number | null }[] {
    return this.db
      .prepare(
        `SELECT root, COUNT(*) AS files, SUM(lines) AS lines, SUM(skipped_lines) AS skippedLines,
                MAX(updated_at) AS lastIngestAt
         FROM source_files GROUP BY root`,
      )
      .all() as { root: string; files: number; lines: number; skippedLines: number; lastIngestAt: number | null }[];
  }

  /** Damaged lines skipped per root, for the roots that had any. */
  skippedLinesByRoot(): { root: string; skippedLines: number }[] {
    return this.db
      .prepare(
        `SELECT root, SUM(skipped_lines) AS skippedLines FROM source_files WHERE skipped_lines > 0 GROUP BY root`,
      )
      .all() as { root: string; skippedLines: number }[];
  }

  /** The files under `root` with skipped lines, most skipped first: where the damaged lines are. */
  skippedFiles(root: string, limit: number): SkippedFileRow[] {
    return this.db
      .prepare(
        `SELECT path, lines, skipped_lines AS skippedLines, last_error AS lastError, updated_at AS updatedAt
         FROM source_files WHERE root = ? AND skipped_lines > 0 ORDER BY skipped_lines DESC, path LIMIT ?`,
      )
      .all(root, limit) as SkippedFileRow[];
  }

  /** The first and the last instant of the 15-minute buckets with counted usage that overlap [from, to); null when none. */
  usageSpan(from: number, to: number): [number, number] | null {
    return usageSpanOf(this.db, from, to);
  }

  /**
   * Counted usage per local day and reported model name, from the 15-minute buckets that overlap [from, to), for
   * a zone `offsetMs` ahead of UTC throughout. Summed by SQLite: a report reads a few rows a day, not thousands.
   */
  dayTotals(from: number, to: number, offsetMs: number): DayTotalsRow[] {
    return this.db
      .prepare(
        `SELECT (bucket * ${BUCKET_SIZE_MS} + CAST(? AS INTEGER)) / ${DAY_MS} AS day, model,
                SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens,
                SUM(cache_creation_tokens) AS cacheCreationTokens, SUM(cache_read_tokens) AS cacheReadTokens,
                SUM(total_tokens) AS totalTokens, SUM(cost_usd) AS cost, SUM(records) AS records,
                SUM(unpriced) AS unpriced
         FROM report_rollup_15m WHERE bucket >= ? AND bucket < ? AND records > 0 GROUP BY day, model`,
      )
      .all(offsetMs, ...bucketRange(from, to)) as DayTotalsRow[];
  }

  /** Counted usage in [from, to) per transcript file and reported model name, for the session report. */
  sourceTotals(from: number, to: number): SourceTotalsRow[] {
    return this.db
      .prepare(
        `SELECT source_path AS sourcePath, MIN(session_id) AS sessionId, MIN(project) AS project,
                ${REPORTED_MODEL} AS model,
                SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens,
                SUM(cache_creation_tokens) AS cacheCreationTokens, SUM(cache_read_tokens) AS cacheReadTokens,
                SUM(total_tokens) AS totalTokens, SUM(cost_usd) AS cost, COUNT(*) AS records,
                SUM(1 - priced) AS unpriced, MIN(ts) AS firstTs, MAX(ts) AS lastTs
         FROM usage_records ${wholeRangeScan(this.db, from, to)} WHERE ts >= ? AND ts < ? AND counted = 1
         GROUP BY source_path, 4`,
      )
      .all(from, to) as SourceTotalsRow[];
  }

  /** Reported model names seen in the store that have no price. */
  unpricedModels(): { model: string; records: number }[] {
    return this.db
      .prepare(
        `SELECT model, SUM(records) AS records FROM report_rollup_15m
         WHERE unpriced > 0 GROUP BY model ORDER BY model`,
      )
      .all() as { model: string; records: number }[];
  }

  /** The fingerprint of the price table the stored costs were computed with. */
  pricingFingerprint(): string | null {
    const row = this.db.prepare(`SELECT fingerprint FROM pricing_state WHERE id = 1`).get() as
      { fingerprint: string } | undefined;
    return row?.fingerprint ?? null;
  }

  /**
   * Prices every stored record again (a line's own costUSD is kept) and records the table's fingerprint,
   * in one transaction, rollups included. Returns how many costs changed.
   */
  reprice(fingerprint: string, price: (row: PricingInputRow) => number | null): number {
    const select = this.db.prepare(`
      SELECT id, model, input_tokens AS inputTokens, output_tokens AS outputTokens,
             cache_creation_tokens AS cacheCreationTokens, cache_creation_1h AS cacheCreation1hTokens,
             cache_read_tokens AS cacheReadTokens, speed, cost_usd AS costUsd, priced
      FROM usage_records WHERE line_cost_usd IS NULL`);
    const update = this.db.prepare(`UPDATE usage_records SET cost_usd = ?, priced = ? WHERE id = ?`);
    let changed = 0;
    this.db.transaction(() => {
      const updates: [number, number, string][] = [];
      for (const row of select.iterate() as IterableIterator<PricingInputRow>) {
        const cost = price(row);
        const priced = cost === null ? 0 : 1;
        if ((cost ?? 0) !== row.costUsd || priced !== row.priced) updates.push([cost ?? 0, priced, row.id]);
      }
      for (const u of updates) update.run(...u);
      flushUsageRollups(this.db);
      changed = updates.length;
      this.db
        .prepare(
          `INSERT INTO pricing_state (id, fingerprint) VALUES (1, ?)
           ON CONFLICT(id) DO UPDATE SET fingerprint = excluded.fingerprint`,
        )
        .run(fingerprint);
    })();
    return changed;
  }
}
