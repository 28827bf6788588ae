// The team side of the local store: the durable outbox bound for Postgres, the cache of the team's records
// and the catch-up cursors. All their SQL lives here.
import type { CatchUpCursor, TeamRunRecord, TeamSessionRow, TeamUsageRow } from '../team/team-records';
import { RUN_STATE_COLUMNS } from './activity-store';
import type { SqliteDatabase } from './database';
import { TeamRollupWriter } from './team-usage-store';
import {
  TOTALS_COLUMNS,
  type SessionPatch,
  type TotalsRow,
  type UsageRecordRef,
  type UsageRecordRow,
} from './usage-store';

/** A local session in its current, merged state. */
export interface LocalSessionRow {
  id: string;
  project: string;
  cwd: string | null;
  gitBranch: string | null;
  version: string | null;
  title: string | null;
  firstTs: number;
  lastTs: number;
}

/** A local usage record in its current state. */
export type LocalUsageRow = Omit<UsageRecordRow, 'messageId' | 'sidechainLine' | 'sourcePath' | 'lineCostUsd'> & {
  totalTokens: number;
  /** false once a main-chain line showed this sidechain line to be a replay. */
  counted: boolean;
};

/** A local subagent run in its current state, as the team sees it. */
export interface LocalRunRow {
  id: string;
  sessionId: string;
  agentId: string | null;
  agentType: string;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: number | null;
  endedAt: number | null;
}

/** The oldest queued changes, read in queue order, with the local rows they name. */
export interface OutboxBatch {
  /** Acknowledge up to here once Postgres committed the batch. */
  maxSeq: number;
  entries: number;
  sessions: LocalSessionRow[];
  usage: LocalUsageRow[];
  runs: LocalRunRow[];
}

export interface TeamTotals extends TotalsRow {
  sessions: number;
  developers: { developer: string; totalTokens: number; totalCost: number; apiCalls: number }[];
}

const USAGE_COLUMNS = `u.id, u.session_id AS sessionId, u.project, u.agent_id AS agentId, u.is_sidechain AS isSidechain,
  u.ts, u.model, u.input_tokens AS inputTokens, u.output_tokens AS outputTokens,
  u.cache_creation_tokens AS cacheCreationTokens, u.cache_creation_1h AS cacheCreation1hTokens,
  u.cache_read_tokens AS cacheReadTokens, u.total_tokens AS totalTokens, u.speed, u.cost_usd AS costUsd, u.priced,
  u.counted`;

export class OutboxStore {
  private readonly enqueueStmt;
  private readonly upsertTeamSession;
  private readonly upsertTeamUsage;
  private readonly upsertTeamRun;
  /** What a drain runs per batch, prepared once. */
  private readonly batchHead;
  private readonly batchSessions;
  private readonly batchUsage;
  private readonly batchRuns;
  private readonly deleteAcknowledged;
  private readonly rollups: TeamRollupWriter;

  constructor(private readonly db: SqliteDatabase) {
    this.rollups = new TeamRollupWriter(db);
    // REPLACE gives a re-queued entity a new, larger seq: an in-flight batch acknowledged up to its own
    // maxSeq then cannot delete the newer change.
    this.enqueueStmt = db.prepare(`
      INSERT OR REPLACE INTO team_outbox (kind, entity_id, session_id, enqueued_at) VALUES (?, ?, ?, ?)`);
    // A row arrives twice (live message and catch-up); the newer Postgres version wins.
    this.upsertTeamSession = db.prepare(`
      INSERT INTO team_sessions (team, id, developer, project, cwd, git_branch, version, title, first_ts, last_ts, seq)
      VALUES (@team, @id, @developer, @project, @cwd, @gitBranch, @version, @title, @firstTs, @lastTs, @seq)
      ON CONFLICT(team, id) DO UPDATE SET
        developer = excluded.developer, project = excluded.project, cwd = excluded.cwd,
        git_branch = excluded.git_branch, version = excluded.version, title = excluded.title,
        first_ts = excluded.first_ts, last_ts = excluded.last_ts, seq = excluded.seq
      WHERE excluded.seq > team_sessions.seq`);
    this.upsertTeamUsage = db.prepare(`
      INSERT INTO team_usage_records (team, id, developer, session_id, project, agent_id, is_sidechain, ts, model,
        input_tokens, output_tokens, cache_creation_tokens, cache_creation_1h, cache_read_tokens, total_tokens,
        speed, cost_usd, priced, counted, seq)
      VALUES (@team, @id, @developer, @sessionId, @project, @agentId, @isSidechain, @ts, @model, @inputTokens,
        @outputTokens, @cacheCreationTokens, @cacheCreation1hTokens, @cacheReadTokens, @totalTokens, @speed,
        @costUsd, @priced, @counted, @seq)
      ON CONFLICT(team, id) DO UPDATE SET
        developer = excluded.developer, session_id = excluded.session_id, project = excluded.project,
        agent_id = excluded.agent_id, is_sidechain = excluded.is_sidechain, ts = excluded.ts, model = excluded.model,
        input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
        cache_creation_tokens = excluded.cache_creation_tokens, cache_creation_1h = excluded.cache_creation_1h,
        cache_read_tokens = excluded.cache_read_tokens, total_tokens = excluded.total_tokens, speed = excluded.speed,
        cost_usd = excluded.cost_usd, priced = excluded.priced, counted = excluded.counted, seq = excluded.seq
      WHERE excluded.seq > team_usage_records.seq`);
    this.upsertTeamRun = db.prepare(`
      INSERT INTO team_agent_runs (team, id, developer, session_id, agent_id, agent_type, status, started_at,
        ended_at, seq)
      VALUES (@team, @id, @developer, @sessionId, @agentId, @agentType, @status, @startedAt, @endedAt, @seq)
      ON CONFLICT(team, id) DO UPDATE SET
        developer = excluded.developer, session_id = excluded.session_id, agent_id = excluded.agent_id,
        agent_type = excluded.agent_type, status = excluded.status, started_at = excluded.started_at,
        ended_at = excluded.ended_at, seq = excluded.seq
      WHERE excluded.seq > team_agent_runs.seq`);
    this.batchHead = db.prepare(
      `SELECT MAX(seq) AS maxSeq, COUNT(*) AS entries FROM (SELECT seq FROM team_outbox ORDER BY seq LIMIT ?)`,
    );
    this.batchSessions = db.prepare(`
      SELECT s.id, s.project, s.cwd, s.git_branch AS gitBranch, s.version, s.title, s.first_ts AS firstTs,
             s.last_ts AS lastTs
      FROM team_outbox o JOIN sessions s ON s.id = o.entity_id
      WHERE o.kind = 'session' AND o.seq <= ? ORDER BY o.seq`);
    this.batchUsage = db.prepare(`
      SELECT ${USAGE_COLUMNS} FROM team_outbox o JOIN usage_records u ON u.id = o.entity_id
      WHERE o.kind = 'usage' AND o.seq <= ? ORDER BY o.seq`);
    this.batchRuns = db.prepare(`
      SELECT ${RUN_STATE_COLUMNS} FROM team_outbox o
      JOIN tool_calls tc ON tc.id = o.entity_id LEFT JOIN agent_runs r ON r.parent_tool_use_id = tc.id
      WHERE o.kind = 'run' AND o.seq <= ? ORDER BY o.seq`);
    this.deleteAcknowledged = db.prepare(`DELETE FROM team_outbox WHERE seq <= ?`);
  }

  /** Queues what a batch changed; called inside `UsageStore.applyBatch`'s transaction. Sessions first. */
  enqueue(changedUsage: UsageRecordRef[], sessions: SessionPatch[], now = Date.now()): void {
    for (const s of sessions) this.enqueueStmt.run('session', s.id, s.id, now);
    for (const u of changedUsage) this.enqueueStmt.run('usage', u.id, u.sessionId, now);
  }

  /** Queues subagent runs that started or changed; called inside `ActivityStore.applyBatch`'s transaction. */
  enqueueRuns(runs: { id: string; sessionId: string }[], now = Date.now()): void {
    for (const r of runs) this.enqueueStmt.run('run', r.id, r.sessionId, now);
  }

  /** Queues every local subagent run (every Task/Agent call): runs stored before they were shared. */
  enqueueAllRuns(now = Date.now()): number {
    return this.db
      .prepare(
        `INSERT OR IGNORE INTO team_outbox (kind, entity_id, session_id, enqueued_at)
         SELECT 'run', id, session_id, ? FROM tool_calls WHERE name IN ('Task', 'Agent') ORDER BY started_at`,
      )
      .run(now).changes;
  }

  /** Queues every local session and usage record not queued yet: what was stored before team mode was on. */
  enqueueEverything(now = Date.now()): number {
    return this.db.transaction(() => {
      const a = this.db
        .prepare(
          `INSERT OR IGNORE INTO team_outbox (kind, entity_id, session_id, enqueued_at)
           SELECT 'session', id, id, ? FROM sessions ORDER BY first_ts`,
        )
        .run(now).changes;
      const b = this.db
        .prepare(
          `INSERT OR IGNORE INTO team_outbox (kind, entity_id, session_id, enqueued_at)
           SELECT 'usage', id, session_id, ? FROM usage_records ORDER BY ts`,
        )
        .run(now).changes;
      return a + b;
    })();
  }

  /** The oldest `limit` queued entries with the rows they name (an entity deleted locally is skipped). */
  nextBatch(limit: number): OutboxBatch | null {
    const head = this.batchHead.get(limit) as { maxSeq: number | null; entries: number };
    if (head.maxSeq === null) return null;
    const sessions = this.batchSessions.all(head.maxSeq) as LocalSessionRow[];
    const usage = (
      this.batchUsage.all(head.maxSeq) as (Omit<LocalUsageRow, 'isSidechain' | 'priced' | 'counted'> & {
        isSidechain: number;
        priced: number;
        counted: number;
      })[]
    ).map((u) => ({ ...u, isSidechain: u.isSidechain === 1, priced: u.priced === 1, counted: u.counted === 1 }));
    const runs = (
      this.batchRuns.all(head.maxSeq) as (Omit<LocalRunRow, 'agentType'> & {
        agentType: string | null;
        lastActivityAt: number;
      })[]
    ).map(({ lastActivityAt: _last, ...r }) => ({ ...r, agentType: r.agentType ?? 'subagent' }));
    return { maxSeq: head.maxSeq, entries: head.entries, sessions, usage, runs };
  }

  /**
   * Drops the entries Postgres acknowledged (re-queued entities have a larger seq and stay) and caches the rows
   * Postgres changed, in one transaction: one commit per batch instead of two.
   */
  acknowledge(
    maxSeq: number,
    changedSessions: TeamSessionRow[] = [],
    changedUsage: TeamUsageRow[] = [],
    changedRuns: TeamRunRecord[] = [],
  ): void {
    this.db.transaction(() => {
      this.deleteAcknowledged.run(maxSeq);
      this.cacheTeamRows(changedSessions, changedUsage, changedRuns);
    })();
  }

  pending(): { entries: number; oldestAt: number | null } {
    // The oldest entry through the primary key, not a second pass over a backlog that may be large.
    return this.db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM team_outbox) AS entries,
                (SELECT enqueued_at FROM team_outbox ORDER BY seq LIMIT 1) AS oldestAt`,
      )
      .get() as { entries: number; oldestAt: number | null };
  }

  /** Stores team rows (sessions, usage, runs) in the cache, keeping the newest version of each, and the usage rollups; one transaction. */
  cacheTeamRows(sessions: TeamSessionRow[], usage: TeamUsageRow[], runs: TeamRunRecord[] = []): void {
    if (sessions.length === 0 && usage.length === 0 && runs.length === 0) return;
    this.db.transaction(() => {
      for (const s of sessions) this.upsertTeamSession.run(s);
      for (const r of runs) this.upsertTeamRun.run(r);
      const rollups = this.rollups.batch();
      for (const u of usage) {
        const old = this.rollups.replaced(u.team, u.id, u.seq);
        const { changes } = this.upsertTeamUsage.run({
          ...u,
          isSidechain: u.isSidechain ? 1 : 0,
          priced: u.priced ? 1 : 0,
          counted: u.counted ? 1 : 0,
        });
        if (changes === 0) continue; // an older or equal version: the cache and its rollups stay as they are
        if (old) rollups.add(old, -1);
        if (u.counted) rollups.add(u, 1);
      }
      rollups.write();
    })();
  }

  /** A stored value for this team (cursors, markers). */
  state(team: string, key: string): string | undefined {
    const row = this.db.prepare(`SELECT value FROM team_sync_state WHERE team = ? AND key = ?`).get(team, key) as
      { value: string } | undefined;
    return row?.value;
  }

  setState(team: string, key: string, value: string): void {
    this.db
      .prepare(
        `INSERT INTO team_sync_state (team, key, value) VALUES (?, ?, ?)
         ON CONFLICT(team, key) DO UPDATE SET value = excluded.value`,
      )
      .run(team, key, value);
  }

  cursor(team: string, stream: 'sessions' | 'usage' | 'runs'): CatchUpCursor {
    const raw = this.state(team, `cursor:${stream}`);
    if (!raw) return { xid: '0', seq: 0 };
    const [xid, seq] = raw.split(':');
    return { xid: xid ?? '0', seq: Number(seq ?? 0) };
  }

  setCursor(team: string, stream: 'sessions' | 'usage' | 'runs', cursor: CatchUpCursor): void {
    this.setState(team, `cursor:${stream}`, `${cursor.xid}:${cursor.seq}`);
  }

  /**
   * The team's totals in [from, to) from the cache, with each developer's share: what `report --team` will
   * print, available offline.
   */
  teamTotals(team: string, from = 0, to = Number.MAX_SAFE_INTEGER): TeamTotals {
    const totals = this.db
      .prepare(
        `SELECT ${TOTALS_COLUMNS}, COUNT(DISTINCT session_id) AS sessions
         FROM team_usage_records WHERE team = ? AND ts >= ? AND ts < ? AND counted = 1`,
      )
      .get(team, from, to) as TotalsRow & { sessions: number };
    const developers = this.db
      .prepare(
        `SELECT developer, COALESCE(SUM(total_tokens), 0) AS totalTokens, COALESCE(SUM(cost_usd), 0) AS totalCost,
                COUNT(*) AS apiCalls
         FROM team_usage_records WHERE team = ? AND ts >= ? AND ts < ? AND counted = 1
         GROUP BY developer ORDER BY totalCost DESC, developer`,
      )
      .all(team, from, to) as TeamTotals['developers'];
    return { ...totals, developers };
  }

  /** Local sessions with usage since `since`, with their subagents: what presence reports as running. */
  activeSessions(
    since: number,
    limit = 20,
  ): { sessionId: string; project: string; agentIds: string[]; lastTs: number }[] {
    const rows = this.db
      .prepare(
        `SELECT u.session_id AS sessionId, u.project, MAX(u.ts) AS lastTs,
                GROUP_CONCAT(DISTINCT u.agent_id) AS agents
         FROM usage_records u WHERE u.ts >= ? AND u.counted = 1
         GROUP BY u.session_id ORDER BY lastTs DESC LIMIT ?`,
      )
      .all(since, limit) as { sessionId: string; project: string; lastTs: number; agents: string | null }[];
    return rows.map((r) => ({
      sessionId: r.sessionId,
      project: r.project,
      lastTs: r.lastTs,
      agentIds: r.agents ? r.agents.split(',') : [],
    }));
  }
}
