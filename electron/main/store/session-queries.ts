// The SQL behind the Sessions panel: the filtered, sorted, paged session list and a session's assistant turns.
// Tokens and cost come from session_usage (counted rows only) and from usage_records rows with counted = 1.
import type { SqliteDatabase } from './database';

export interface SessionListFilter {
  project: string | null;
  gitBranch: string | null;
  agentType: string | null;
  model: string | null;
  from: number | null;
  to: number | null;
  text: string | null;
}

export type SessionOrderKey = 'start' | 'last' | 'duration' | 'cost' | 'tokens' | 'apiCalls';

export interface SessionListRowRaw {
  id: string;
  project: string;
  cwd: string | null;
  title: string | null;
  gitBranch: string | null;
  firstActivity: number;
  lastActivity: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalCost: number;
  apiCalls: number;
  /** Models joined by U+001F. */
  models: string | null;
  subagentRuns: number;
  failedToolCalls: number;
  liveStatus: string | null;
}

export interface TurnRow {
  id: string;
  agentId: string | null;
  ts: number;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalTokens: number;
  cost: number;
}

/**
 * ORDER BY expressions by sort key, over a session `s` and its totals `su` (the team list's too): picked from this
 * fixed map, never built from input.
 */
export const SESSION_ORDER_BY: Record<SessionOrderKey, string> = {
  start: 's.first_ts',
  last: 's.last_ts',
  duration: '(s.last_ts - s.first_ts)',
  cost: 'COALESCE(su.cost_usd, 0)',
  tokens:
    '(COALESCE(su.input_tokens, 0) + COALESCE(su.output_tokens, 0) + COALESCE(su.cache_creation_tokens, 0) + COALESCE(su.cache_read_tokens, 0))',
  apiCalls: 'COALESCE(su.requests, 0)',
};

const WHERE = `
  (@project IS NULL OR s.project = @project)
  AND (@gitBranch IS NULL OR s.git_branch = @gitBranch)
  AND (@from IS NULL OR s.last_ts >= @from)
  AND (@to IS NULL OR s.first_ts < @to)
  AND (@text IS NULL OR s.title LIKE @text ESCAPE '\\' OR s.cwd LIKE @text ESCAPE '\\' OR s.id LIKE @text ESCAPE '\\')
  AND (@model IS NULL OR EXISTS (
    SELECT 1 FROM usage_records u WHERE u.session_id = s.id AND u.model = @model AND u.counted = 1))
  AND (@agentType IS NULL OR EXISTS (
    SELECT 1 FROM agent_runs r WHERE r.session_id = s.id AND r.subagent_type = @agentType))`;

/** `text` as a LIKE pattern matching it anywhere, its own % _ and \\ taken literally. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class SessionQueries {
  constructor(private readonly db: SqliteDatabase) {}

  private params(f: SessionListFilter) {
    return { ...f, text: f.text === null ? null : containsPattern(f.text) };
  }

  count(filter: SessionListFilter): number {
    const row = this.db.prepare(`SELECT COUNT(*) AS n FROM sessions s WHERE ${WHERE}`).get(this.params(filter)) as {
      n: number;
    };
    return row.n;
  }

  /** One page; the per-row figures are computed for that page only. `liveSince`: older hook status is not live. */
  page(
    filter: SessionListFilter,
    order: { key: SessionOrderKey; direction: 'asc' | 'desc' },
    page: { limit: number; offset: number },
    liveSince: number,
  ): SessionListRowRaw[] {
    const direction = order.direction === 'asc' ? 'ASC' : 'DESC';
    return this.db
      .prepare(
        `WITH p AS (
           SELECT s.id, s.project, s.cwd, s.title, s.git_branch AS gitBranch, s.first_ts AS firstActivity,
                  s.last_ts AS lastActivity,
                  COALESCE(su.input_tokens, 0) AS inputTokens, COALESCE(su.output_tokens, 0) AS outputTokens,
                  COALESCE(su.cache_creation_tokens, 0) AS cacheCreationTokens,
                  COALESCE(su.cache_read_tokens, 0) AS cacheReadTokens, COALESCE(su.cost_usd, 0) AS totalCost,
                  COALESCE(su.requests, 0) AS apiCalls
           FROM sessions s LEFT JOIN session_usage su ON su.session_id = s.id
           WHERE ${WHERE}
           ORDER BY ${SESSION_ORDER_BY[order.key]} ${direction}, s.id ${direction}
           LIMIT @limit OFFSET @offset)
         SELECT p.*,
           (SELECT group_concat(model, char(31)) FROM (
              SELECT DISTINCT u.model FROM usage_records u
              WHERE u.session_id = p.id AND u.counted = 1 AND u.model <> '<synthetic>' ORDER BY u.model)) AS models,
           (SELECT COUNT(*) FROM agent_runs r WHERE r.session_id = p.id) AS subagentRuns,
           (SELECT COUNT(*) FROM tool_calls t WHERE t.session_id = p.id AND t.is_error = 1) AS failedToolCalls,
           (SELECT l.status FROM live_sessions l WHERE l.session_id = p.id AND l.last_event_at >= @liveSince)
             AS liveStatus
         FROM p`,
      )
      .all({ ...this.params(filter), limit: page.limit, offset: page.offset, liveSince }) as SessionListRowRaw[];
  }

  /** The values each filter can take. */
  facets(): { projects: string[]; gitBranches: string[]; agentTypes: string[]; models: string[] } {
    const column = (sql: string) => (this.db.prepare(sql).pluck().all() as string[]).filter((v) => v !== '');
    return {
      projects: column(`SELECT DISTINCT project FROM sessions ORDER BY project`),
      gitBranches: column(`SELECT DISTINCT git_branch FROM sessions WHERE git_branch IS NOT NULL ORDER BY git_branch`),
      agentTypes: column(
        `SELECT DISTINCT subagent_type FROM agent_runs WHERE subagent_type IS NOT NULL ORDER BY subagent_type`,
      ),
      // The hourly rollup holds counted rows only and is far smaller than usage_records.
      models: column(`SELECT DISTINCT model FROM usage_rollup_1h WHERE model <> '<synthetic>' ORDER BY model`),
    };
  }

  /** A session's counted API responses, earliest first. */
  turns(sessionId: string, limit: number): TurnRow[] {
    return this.db
      .prepare(
        `SELECT id, agent_id AS agentId, ts, CASE WHEN speed = 'fast' THEN model || '-fast' ELSE model END AS model,
                input_tokens AS inputTokens, output_tokens AS outputTokens,
                cache_creation_tokens AS cacheCreationTokens, cache_read_tokens AS cacheReadTokens,
                total_tokens AS totalTokens, cost_usd AS cost
         FROM usage_records WHERE session_id = ? AND counted = 1 ORDER BY ts, id LIMIT ?`,
      )
      .all(sessionId, limit) as TurnRow[];
  }

  /** How many tool calls and counted turns a session has. */
  entryCounts(sessionId: string): { toolCalls: number; turns: number } {
    return this.db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM tool_calls WHERE session_id = @id) AS toolCalls,
                (SELECT COUNT(*) FROM usage_records WHERE session_id = @id AND counted = 1) AS turns`,
      )
      .get({ id: sessionId }) as { toolCalls: number; turns: number };
  }
}
