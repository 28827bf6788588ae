// Builds the Sessions panel's answers: the searchable session list and one session's timeline data.
import {
  LiveStatus,
  type SessionDetail,
  type SessionList,
  type SessionListQuery,
  type SessionListRow,
} from '../../../shared/contract';
import { ApiFailure } from '../api/dispatch';
import type { ActivityQueries } from '../store/activity-queries';
import type { SessionListFilter, SessionListRowRaw, SessionQueries } from '../store/session-queries';
import type { TeamSessionQueries } from '../store/team-session-queries';
import { parseObject, toRun, toToolCall } from './activity';

/** Tool calls and turns one timeline request returns unless it asks for more. */
export const SESSION_ENTRY_LIMIT = 5000;
/** Hook status older than this is history, not live (the `live.status` default). */
const LIVE_WINDOW_MS = 24 * 3600_000;

const toRow = (r: SessionListRowRaw): SessionListRow => {
  const live = LiveStatus.safeParse(r.liveStatus);
  return {
    id: r.id,
    project: r.project,
    cwd: r.cwd,
    title: r.title,
    gitBranch: r.gitBranch,
    firstActivity: r.firstActivity,
    lastActivity: r.lastActivity,
    durationMs: Math.max(0, r.lastActivity - r.firstActivity),
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    cacheCreationTokens: r.cacheCreationTokens,
    cacheReadTokens: r.cacheReadTokens,
    totalTokens: r.inputTokens + r.outputTokens + r.cacheCreationTokens + r.cacheReadTokens,
    // Rollup sums of many additions and subtractions can end a hair below zero.
    totalCost: Math.max(0, r.totalCost),
    apiCalls: r.apiCalls,
    models: r.models ? r.models.split('\u001f') : [],
    subagentRuns: r.subagentRuns,
    failedToolCalls: r.failedToolCalls,
    liveStatus: live.success ? live.data : null,
  };
};

const listFilter = (input: SessionListQuery): SessionListFilter => {
  const text = input.text?.trim();
  return {
    project: input.project ?? null,
    gitBranch: input.gitBranch ?? null,
    agentType: input.agentType ?? null,
    model: input.model ?? null,
    from: input.from ?? null,
    to: input.to ?? null,
    text: text ? text : null,
  };
};

/** A full first page needs the count; a short page tells it for free. */
const pageTotal = (rows: number, input: SessionListQuery, count: () => number): number =>
  rows < input.limit && (rows > 0 || input.offset === 0) ? input.offset + rows : count();

export function listSessions(q: SessionQueries, input: SessionListQuery, now = Date.now()): SessionList {
  const filter = listFilter(input);
  const page = { limit: input.limit, offset: input.offset };
  const rows = q.page(filter, { key: input.sort, direction: input.order }, page, now - LIVE_WINDOW_MS);
  const total = pageTotal(rows.length, input, () => q.count(filter));
  return { rows: rows.map(toRow), total, offset: input.offset, limit: input.limit, facets: q.facets() };
}

/** The session list of a team or developer scope, from the team cache; each row names its developer. */
export function listTeamSessions(q: TeamSessionQueries, input: SessionListQuery): SessionList {
  const filter = listFilter(input);
  const page = { limit: input.limit, offset: input.offset };
  const rows = q.page(filter, { key: input.sort, direction: input.order }, page);
  const total = pageTotal(rows.length, input, () => q.count(filter));
  return {
    rows: rows.map((r) => ({ ...toRow(r), developer: r.developer })),
    total,
    offset: input.offset,
    limit: input.limit,
    facets: q.facets(),
  };
}

/** A session with its tool calls, runs, events and counted turns; at most `limit` tool calls and turns each. */
export function getSessionDetail(
  activity: ActivityQueries,
  sessions: SessionQueries,
  id: string,
  limit = SESSION_ENTRY_LIMIT,
): SessionDetail {
  const session = activity.session(id);
  if (!session) throw new ApiFailure('NOT_FOUND', `No session ${id} in the local store.`);
  const calls = activity.toolCalls(id, limit + 1);
  const turns = sessions.turns(id, limit + 1);
  return {
    session,
    toolCalls: calls.slice(0, limit).map(toToolCall),
    runs: activity.sessionRuns(id).map(toRun),
    events: activity.events(id).map(({ detailJson, ...e }) => ({ ...e, detail: parseObject(detailJson) })),
    truncated: calls.length > limit,
    turns: turns.slice(0, limit).map((t) => ({ ...t, cost: Math.max(0, t.cost) })),
    turnsTruncated: turns.length > limit,
    counts: sessions.entryCounts(id),
  };
}
