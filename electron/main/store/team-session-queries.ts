// The SQL behind the Sessions panel in team and developer scopes: the team cache's sessions (team_sessions) with
// their counted totals (migration 11's team_session_usage), filtered, sorted and paged as the local list is.
// Teammates share usage and subagent runs (type, status, times), not tool calls or hook status: those are fixed here.
import type { SqliteDatabase } from './database';
import {
  containsPattern,
  SESSION_ORDER_BY,
  type SessionListFilter,
  type SessionListRowRaw,
  type SessionOrderKey,
} from './session-queries';
import { MINE, type TeamScope } from './team-usage-store';

/** A team session row: the local row's fields and whose session it is. */
export type TeamSessionListRowRaw = SessionListRowRaw & { developer: string };

const WHERE = `
  s.team = @team AND (@developer IS NULL OR s.developer = @developer)
  AND (@project IS NULL OR s.project = @project)
  AND (@gitBranch IS NULL OR s.git_branch = @gitBranch)
  AND (@from IS NULL OR s.last_ts >= @from)
  AND (@to IS NULL OR s.first_ts < @to)
  AND (@text IS NULL OR s.title LIKE @text ESCAPE '\\' OR s.cwd LIKE @text ESCAPE '\\' OR s.id LIKE @text ESCAPE '\\'
       OR s.developer LIKE @text ESCAPE '\\')
  AND (@model IS NULL OR EXISTS (
    SELECT 1 FROM team_usage_records u
    WHERE u.team = s.team AND u.session_id = s.id AND u.developer = s.developer AND u.model = @model
      AND u.counted = 1))
  AND (@agentType IS NULL OR EXISTS (
    SELECT 1 FROM team_agent_runs r
    WHERE r.team = s.team AND r.session_id = s.id AND r.developer = s.developer AND r.agent_type = @agentType))`;

export class TeamSessionQueries {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly scope: TeamScope,
  ) {}

  private params(f: SessionListFilter) {
    return {
      ...f,
      text: f.text === null ? null : containsPattern(f.text),
      team: this.scope.team,
      developer: this.scope.developer,
    };
  }

  count(filter: SessionListFilter): number {
    const row = this.db
      .prepare(`SELECT COUNT(*) AS n FROM team_sessions s WHERE ${WHERE}`)
      .get(this.params(filter)) as {
      n: number;
    };
    return row.n;
  }

  /** One page; models and agent ids are read for that page only. */
  page(
    filter: SessionListFilter,
    order: { key: SessionOrderKey; direction: 'asc' | 'desc' },
    page: { limit: number; offset: number },
  ): TeamSessionListRowRaw[] {
    const direction = order.direction === 'asc' ? 'ASC' : 'DESC';
    return this.db
      .prepare(
        `WITH p AS (
           SELECT s.id, s.developer, s.project, s.cwd, s.title, s.git_branch AS gitBranch,
                  s.first_ts AS firstActivity, s.last_ts AS lastActivity,
                  COALESCE(su.input_tokens, 0) AS inputTokens, COALESCE(su.output_tokens, 0) AS outputTokens,
                  COALESCE(su.cache_creation_tokens, 0) AS cacheCreationTokens,
                  COALESCE(su.cache_read_tokens, 0) AS cacheReadTokens, COALESCE(su.cost_usd, 0) AS totalCost,
                  COALESCE(su.requests, 0) AS apiCalls
           FROM team_sessions s
           LEFT JOIN team_session_usage su ON su.team = s.team AND su.session_id = s.id AND su.developer = s.developer
           WHERE ${WHERE}
           ORDER BY ${SESSION_ORDER_BY[order.key]} ${direction}, s.id ${direction}
           LIMIT @limit OFFSET @offset)
         SELECT p.*,
           (SELECT group_concat(model, char(31)) FROM (
              SELECT DISTINCT u.model FROM team_usage_records u
              WHERE u.team = @team AND u.session_id = p.id AND u.developer = p.developer AND u.counted = 1
                AND u.model <> '<synthetic>' ORDER BY u.model)) AS models,
           (SELECT COUNT(*) FROM team_agent_runs r
              WHERE r.team = @team AND r.session_id = p.id AND r.developer = p.developer) AS subagentRuns,
           0 AS failedToolCalls,
           NULL AS liveStatus
         FROM p`,
      )
      .all({ ...this.params(filter), limit: page.limit, offset: page.offset }) as TeamSessionListRowRaw[];
  }

  /** The values each filter can take in this scope. */
  facets(): { projects: string[]; gitBranches: string[]; agentTypes: string[]; models: string[] } {
    const scope = { team: this.scope.team, developer: this.scope.developer };
    const column = (sql: string) => (this.db.prepare(sql).pluck().all(scope) as string[]).filter((v) => v !== '');
    return {
      projects: column(`SELECT DISTINCT project FROM team_sessions WHERE ${MINE} ORDER BY project`),
      gitBranches: column(
        `SELECT DISTINCT git_branch FROM team_sessions WHERE ${MINE} AND git_branch IS NOT NULL ORDER BY git_branch`,
      ),
      agentTypes: column(`SELECT DISTINCT agent_type FROM team_agent_runs WHERE ${MINE} ORDER BY agent_type`),
      // The rollup holds counted rows only and is far smaller than team_usage_records.
      models: column(
        `SELECT DISTINCT model FROM team_usage_rollup_15m WHERE ${MINE} AND model <> '<synthetic>' ORDER BY model`,
      ),
    };
  }
}
