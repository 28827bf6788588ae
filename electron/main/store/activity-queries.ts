// Reads of tool calls, agent runs, tasks, events and the agent registry; the SQL behind the agent, task and
// session views. Token sums come from usage_records at read time, so they follow however usage is counted.
import type { SqliteDatabase } from './database';
import { wholeRangeScan } from './usage-store';

const USAGE_OF_RUN = (alias: string) => `
  (SELECT COALESCE(SUM(u.input_tokens), 0) FROM usage_records u WHERE u.agent_id = ${alias}.id AND u.counted = 1) AS inputTokens,
  (SELECT COALESCE(SUM(u.output_tokens), 0) FROM usage_records u WHERE u.agent_id = ${alias}.id AND u.counted = 1) AS outputTokens,
  (SELECT COALESCE(SUM(u.cache_creation_tokens), 0) FROM usage_records u WHERE u.agent_id = ${alias}.id AND u.counted = 1)
    AS cacheCreationTokens,
  (SELECT COALESCE(SUM(u.cache_read_tokens), 0) FROM usage_records u WHERE u.agent_id = ${alias}.id AND u.counted = 1)
    AS cacheReadTokens,
  (SELECT COALESCE(SUM(u.total_tokens), 0) FROM usage_records u WHERE u.agent_id = ${alias}.id AND u.counted = 1) AS totalTokens,
  (SELECT COALESCE(SUM(u.cost_usd), 0) FROM usage_records u WHERE u.agent_id = ${alias}.id AND u.counted = 1) AS totalCost,
  (SELECT COUNT(*) FROM usage_records u WHERE u.agent_id = ${alias}.id AND u.counted = 1) AS apiCalls`;

const RUN_COLUMNS = `
  r.id, r.session_id AS sessionId, r.parent_tool_use_id AS parentToolUseId, r.link_method AS linkMethod,
  r.subagent_type AS agentType, r.description, r.prompt, r.status, r.started_at AS startedAt,
  r.ended_at AS endedAt, r.duration_ms AS durationMs,
  (SELECT COUNT(*) FROM tool_calls t WHERE t.agent_id = r.id) AS toolCount,
  ${USAGE_OF_RUN('r')}`;

export interface RunRow {
  id: string;
  sessionId: string;
  parentToolUseId: string | null;
  linkMethod: 'tool-result' | 'progress' | 'meta' | 'prompt' | null;
  agentType: string | null;
  description: string | null;
  prompt: string | null;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: number | null;
  endedAt: number | null;
  durationMs: number | null;
  toolCount: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalTokens: number;
  totalCost: number;
  apiCalls: number;
}

export interface ToolCallRow {
  id: string;
  sessionId: string;
  agentId: string | null;
  name: string;
  startedAt: number | null;
  endedAt: number | null;
  durationMs: number | null;
  isError: number;
  inputJson: string;
  resultSize: number | null;
}

export interface EventRow {
  id: string;
  sessionId: string;
  agentId: string | null;
  ts: number;
  kind: 'compaction' | 'api-error';
  detailJson: string;
}

export interface TaskRow {
  id: string;
  source: 'subagent' | 'todo' | 'subforge';
  sessionId: string | null;
  project: string | null;
  agent: string | null;
  title: string;
  detail: string | null;
  status: 'queued' | 'running' | 'waiting' | 'done' | 'failed';
  startedAt: number | null;
  updatedAt: number;
}

export interface RunTotalsRow {
  toolUseId: string;
  runId: string;
  totalTokens: number;
  totalCost: number;
}

export interface RegistryRow {
  path: string;
  scope: 'user' | 'project';
  projectCwd: string | null;
  name: string | null;
  description: string | null;
  model: string | null;
  toolsJson: string | null;
  error: string | null;
}

/** One subagent run's outcome, for the Agents panel's per-type figures. */
export interface RunOutcomeRow {
  agentType: string;
  status: string;
  durationMs: number | null;
  startedAt: number | null;
}

export interface TypeTotalsRow {
  agentType: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalTokens: number;
  totalCost: number;
}

/** One run's usage in one 15-minute slot: fine enough to assign to a day in any time zone. */
export interface RunSlotRow extends TypeTotalsRow {
  agentId: string;
  slot: number;
}

export const SLOT_MS = 15 * 60 * 1000;

export class ActivityQueries {
  constructor(private readonly db: SqliteDatabase) {}

  runs(filter: { sessionId?: string; agentType?: string; limit: number }): RunRow[] {
    return this.db
      .prepare(
        `SELECT ${RUN_COLUMNS} FROM agent_runs r
         WHERE (@sessionId IS NULL OR r.session_id = @sessionId)
           AND (@agentType IS NULL OR r.subagent_type = @agentType)
         ORDER BY r.started_at DESC, r.id LIMIT @limit`,
      )
      .all({
        sessionId: filter.sessionId ?? null,
        agentType: filter.agentType ?? null,
        limit: filter.limit,
      }) as RunRow[];
  }

  /** Runs still running whose last line is at or after `since`, newest first (the tray's running agents). */
  runningRuns(since: number, limit: number) {
    return this.db
      .prepare(
        `SELECT id, session_id AS sessionId, parent_tool_use_id AS parentToolUseId, subagent_type AS agentType,
                started_at AS startedAt
         FROM agent_runs
         WHERE status = 'running' AND COALESCE(last_activity_at, started_at) >= ?
           AND (declared_type IS NULL OR declared_type <> 'compaction')
         ORDER BY started_at DESC LIMIT ?`,
      )
      .all(since, limit) as {
      id: string;
      sessionId: string;
      parentToolUseId: string | null;
      agentType: string | null;
      startedAt: number | null;
    }[];
  }

  session(id: string) {
    return this.db
      .prepare(
        `SELECT id, project, cwd, git_branch AS gitBranch, version, title, first_ts AS firstActivity,
                last_ts AS lastActivity
         FROM sessions WHERE id = ?`,
      )
      .get(id) as
      | {
          id: string;
          project: string;
          cwd: string | null;
          gitBranch: string | null;
          version: string | null;
          title: string | null;
          firstActivity: number;
          lastActivity: number;
        }
      | undefined;
  }

  toolCalls(sessionId: string, limit: number): ToolCallRow[] {
    return this.db
      .prepare(
        `SELECT id, session_id AS sessionId, agent_id AS agentId, name, started_at AS startedAt, ended_at AS endedAt,
                duration_ms AS durationMs, is_error AS isError, input_json AS inputJson, result_size AS resultSize
         FROM tool_calls WHERE session_id = ?
         ORDER BY COALESCE(started_at, ended_at), id LIMIT ?`,
      )
      .all(sessionId, limit) as ToolCallRow[];
  }

  events(sessionId: string): EventRow[] {
    return this.db
      .prepare(
        `SELECT id, session_id AS sessionId, agent_id AS agentId, ts, kind, detail_json AS detailJson
         FROM session_events WHERE session_id = ? ORDER BY ts, id`,
      )
      .all(sessionId) as EventRow[];
  }

  sessionRuns(sessionId: string): RunRow[] {
    return this.db
      .prepare(`SELECT ${RUN_COLUMNS} FROM agent_runs r WHERE r.session_id = ? ORDER BY r.started_at, r.id`)
      .all(sessionId) as RunRow[];
  }

  /** Tasks, most recently updated first; a task without a project takes its session's folder. */
  tasks(filter: { status?: string; limit: number }): TaskRow[] {
    return this.db
      .prepare(
        `SELECT t.id, t.source, t.session_id AS sessionId, COALESCE(t.project, s.cwd) AS project, t.agent, t.title,
                t.detail, t.status, t.started_at AS startedAt, t.updated_at AS updatedAt
         FROM tasks t LEFT JOIN sessions s ON s.id = t.session_id
         WHERE (@status IS NULL OR t.status = @status)
         ORDER BY t.updated_at DESC, t.list_key, t.position LIMIT @limit`,
      )
      .all({ status: filter.status ?? null, limit: filter.limit }) as TaskRow[];
  }

  /** The run each of these Task/Agent calls started, with its counted tokens and cost. */
  runTotalsByCall(toolUseIds: string[]): RunTotalsRow[] {
    if (toolUseIds.length === 0) return [];
    return this.db
      .prepare(
        `SELECT r.parent_tool_use_id AS toolUseId, r.id AS runId,
                COALESCE(SUM(u.total_tokens), 0) AS totalTokens, COALESCE(SUM(u.cost_usd), 0) AS totalCost
         FROM agent_runs r LEFT JOIN usage_records u ON u.agent_id = r.id AND u.counted = 1
         WHERE r.parent_tool_use_id IN (SELECT value FROM json_each(?))
         GROUP BY r.id ORDER BY r.started_at`,
      )
      .all(JSON.stringify(toolUseIds)) as RunTotalsRow[];
  }

  registry(): RegistryRow[] {
    return this.db
      .prepare(
        `SELECT path, scope, project_cwd AS projectCwd, name, description, model, tools_json AS toolsJson, error
         FROM agents ORDER BY scope DESC, path`,
      )
      .all() as RegistryRow[];
  }

  /** Every run's type, status, duration and start, for per-type statistics. */
  runOutcomes(): RunOutcomeRow[] {
    return this.db
      .prepare(
        `SELECT COALESCE(subagent_type, 'unknown') AS agentType, status, duration_ms AS durationMs,
                started_at AS startedAt
         FROM agent_runs`,
      )
      .all() as RunOutcomeRow[];
  }

  /** Tokens and cost of every subagent type, from the usage records of its runs. */
  totalsByType(): TypeTotalsRow[] {
    return this.db
      .prepare(
        // From the per-agent rollup (counted rows only), not every usage record: with a million records the
        // Agents panel waited 150-300 ms on this scan.
        `SELECT COALESCE(r.subagent_type, 'unknown') AS agentType,
                SUM(u.input_tokens) AS inputTokens, SUM(u.output_tokens) AS outputTokens,
                SUM(u.cache_creation_tokens) AS cacheCreationTokens, SUM(u.cache_read_tokens) AS cacheReadTokens,
                SUM(u.input_tokens + u.output_tokens + u.cache_creation_tokens + u.cache_read_tokens) AS totalTokens,
                SUM(u.cost_usd) AS totalCost
         FROM agent_usage_rollup_15m u JOIN agent_runs r ON r.id = u.agent_id
         GROUP BY 1`,
      )
      .all() as TypeTotalsRow[];
  }

  toolsByType(): { agentType: string; name: string; count: number }[] {
    return this.db
      .prepare(
        `SELECT COALESCE(r.subagent_type, 'unknown') AS agentType, t.name, COUNT(*) AS count
         FROM tool_calls t JOIN agent_runs r ON r.id = t.agent_id
         GROUP BY 1, 2 ORDER BY count DESC, t.name`,
      )
      .all() as { agentType: string; name: string; count: number }[];
  }

  /** Subagent usage in [from, to) by run and 15-minute slot; usage with no known run counts as `unknown`. */
  usageSlots(from: number, to: number): RunSlotRow[] {
    return this.db
      .prepare(
        `SELECT u.agent_id AS agentId, COALESCE(r.subagent_type, 'unknown') AS agentType, u.ts / ${SLOT_MS} AS slot,
                SUM(u.input_tokens) AS inputTokens, SUM(u.output_tokens) AS outputTokens,
                SUM(u.cache_creation_tokens) AS cacheCreationTokens, SUM(u.cache_read_tokens) AS cacheReadTokens,
                SUM(u.total_tokens) AS totalTokens, SUM(u.cost_usd) AS totalCost
         FROM usage_records u ${wholeRangeScan(this.db, from, to)} LEFT JOIN agent_runs r ON r.id = u.agent_id
         WHERE u.agent_id IS NOT NULL AND u.counted = 1 AND u.ts >= ? AND u.ts < ?
         GROUP BY u.agent_id, slot`,
      )
      .all(from, to) as RunSlotRow[];
  }
}
