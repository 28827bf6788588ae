// Sessions, usage records and per-file read state in the local store; all their SQL lives here.
import type { SqliteDatabase } from './database';

/** One API response, de-duplicated by `id`, ready to store. */
export interface UsageRecordRow {
  id: string;
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

export interface TotalsRow {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalTokens: number;
  totalCost: number;
  apiCalls: number;
}

const TOTALS_COLUMNS = `
  COALESCE(SUM(input_tokens), 0)          AS inputTokens,
  COALESCE(SUM(output_tokens), 0)         AS outputTokens,
  COALESCE(SUM(cache_creation_tokens), 0) AS cacheCreationTokens,
  COALESCE(SUM(cache_read_tokens), 0)     AS cacheReadTokens,
  COALESCE(SUM(total_tokens), 0)          AS totalTokens,
  COALESCE(SUM(cost_usd), 0)              AS totalCost,
  COUNT(*)                                AS apiCalls`;

export class UsageStore {
  private readonly upsertUsage;
  private readonly upsertSession;
  private readonly selectFile;
  private readonly upsertFile;
  private readonly storedListeners = new Set<(rows: UsageRecordRow[]) => void>();

  constructor(private readonly db: SqliteDatabase) {
    // Lines sharing message.id + requestId are one API response: keep the one with the most tokens.
    this.upsertUsage = db.prepare(`
      INSERT INTO usage_records (id, session_id, project, agent_id, is_sidechain, ts, model, input_tokens,
        output_tokens, cache_creation_tokens, cache_creation_1h, cache_read_tokens, total_tokens, speed,
        cost_usd, priced)
      VALUES (@id, @sessionId, @project, @agentId, @isSidechain, @ts, @model, @inputTokens, @outputTokens,
        @cacheCreationTokens, @cacheCreation1hTokens, @cacheReadTokens, @totalTokens, @speed, @costUsd, @priced)
      ON CONFLICT(id) DO UPDATE SET
        session_id = excluded.session_id, project = excluded.project, agent_id = excluded.agent_id,
        is_sidechain = excluded.is_sidechain, ts = excluded.ts, model = excluded.model,
        input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
        cache_creation_tokens = excluded.cache_creation_tokens, cache_creation_1h = excluded.cache_creation_1h,
        cache_read_tokens = excluded.cache_read_tokens, total_tokens = excluded.total_tokens,
        speed = excluded.speed, cost_usd = excluded.cost_usd, priced = excluded.priced
      WHERE excluded.total_tokens > usage_records.total_tokens`);
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

  fileState(path: string): SourceFileState | undefined {
    return this.selectFile.get(path) as SourceFileState | undefined;
  }

  saveFileState(state: SourceFileState): void {
    this.upsertFile.run(state);
  }

  /** Stores a batch, and the file's read state when given, atomically; returns how many usage records were added or grew. */
  applyBatch(usage: UsageRecordRow[], sessions: SessionPatch[], file?: SourceFileState): number {
    let changed = 0;
    const stored: UsageRecordRow[] = [];
    this.db.transaction(() => {
      for (const s of sessions) this.upsertSession.run(s);
      for (const u of usage) {
        const r = this.upsertUsage.run({
          ...u,
          isSidechain: u.isSidechain ? 1 : 0,
          priced: u.priced ? 1 : 0,
          totalTokens: u.inputTokens + u.outputTokens + u.cacheCreationTokens + u.cacheReadTokens,
        });
        changed += r.changes;
        if (r.changes > 0 && this.storedListeners.size > 0) stored.push(u);
      }
      if (file) this.upsertFile.run(file);
    })();
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
         FROM usage_records WHERE ts >= ? AND ts < ?`,
      )
      .get(from, to) as TotalsRow & { sessions: number };
  }

  /** Totals per model in [from, to), most expensive first. */
  totalsByModel(from: number, to: number): (TotalsRow & { model: string; unpriced: number })[] {
    return this.db
      .prepare(
        `SELECT model, ${TOTALS_COLUMNS}, SUM(1 - priced) AS unpriced
         FROM usage_records WHERE ts >= ? AND ts < ?
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
         WHERE u.ts >= ? AND u.ts < ?
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
}
