// Hook events, the live status of sessions and subagents, and tool call outcomes; all their SQL lives here.
import type {
  HookEventRecord,
  HookEventSummary,
  LiveAgentStatus,
  LiveSessionStatus,
  LiveStatus,
  WaitingFor,
} from '../../../shared/contract';
import { boundedPayload, hookFacts, type HookEvent } from '../hooks/hook-events';
import {
  endAgent,
  nextAgent,
  nextSession,
  toolCallOutcome,
  type AgentLive,
  type SessionLive,
} from '../hooks/live-status';
import type { SqliteDatabase } from './database';

/** What storing one event changed: the event as the feed shows it and its session's new status. */
export interface StoredHookEvent {
  summary: HookEventSummary;
  session: LiveSessionStatus;
}

const SESSION_COLUMNS = `session_id AS sessionId, status, since, last_event AS lastEvent, last_event_at AS lastEventAt,
  cwd, project, transcript_path AS transcriptPath, waiting_for AS waitingFor, detail, current_tool AS currentTool,
  failed_tool_calls AS failedToolCalls`;
const AGENT_COLUMNS = `session_id AS sessionId, agent_id AS agentId, agent_type AS agentType, status, since,
  last_event AS lastEvent, last_event_at AS lastEventAt, waiting_for AS waitingFor, current_tool AS currentTool,
  failed_tool_calls AS failedToolCalls`;
const EVENT_COLUMNS = `id, session_id AS sessionId, event, tool_name AS toolName, tool_use_id AS toolUseId,
  agent_id AS agentId, agent_type AS agentType, received_at AS at, detail`;

type EventRow = HookEventSummary & { payload: string; truncated: number };

export class HookEventStore {
  private readonly insertEvent;
  private readonly selectSession;
  private readonly upsertSession;
  private readonly selectAgent;
  private readonly selectOpenAgents;
  private readonly upsertAgent;
  private readonly upsertToolCall;
  private readonly selectAgentsOf;

  constructor(private readonly db: SqliteDatabase) {
    this.insertEvent = db.prepare(`
      INSERT INTO hook_events (session_id, event, tool_name, tool_use_id, agent_id, agent_type, received_at, detail,
        payload, truncated)
      VALUES (@sessionId, @event, @toolName, @toolUseId, @agentId, @agentType, @at, @detail, @payload, @truncated)`);
    this.selectSession = db.prepare(`SELECT ${SESSION_COLUMNS} FROM live_sessions WHERE session_id = ?`);
    this.upsertSession = db.prepare(`
      INSERT INTO live_sessions (session_id, status, since, last_event, last_event_at, cwd, project, transcript_path,
        waiting_for, detail, current_tool, failed_tool_calls)
      VALUES (@sessionId, @status, @since, @lastEvent, @lastEventAt, @cwd, @project, @transcriptPath, @waitingFor,
        @detail, @currentTool, @failedToolCalls)
      ON CONFLICT(session_id) DO UPDATE SET
        status = excluded.status, since = excluded.since, last_event = excluded.last_event,
        last_event_at = excluded.last_event_at, cwd = excluded.cwd, project = excluded.project,
        transcript_path = excluded.transcript_path, waiting_for = excluded.waiting_for, detail = excluded.detail,
        current_tool = excluded.current_tool, failed_tool_calls = excluded.failed_tool_calls`);
    this.selectAgent = db.prepare(`SELECT ${AGENT_COLUMNS} FROM live_agents WHERE session_id = ? AND agent_id = ?`);
    this.selectOpenAgents = db.prepare(
      `SELECT ${AGENT_COLUMNS} FROM live_agents WHERE session_id = ? AND status != 'ended'`,
    );
    this.selectAgentsOf = db.prepare(
      `SELECT ${AGENT_COLUMNS} FROM live_agents WHERE session_id = ? ORDER BY since, agent_id`,
    );
    this.upsertAgent = db.prepare(`
      INSERT INTO live_agents (session_id, agent_id, agent_type, status, since, last_event, last_event_at,
        waiting_for, current_tool, failed_tool_calls)
      VALUES (@sessionId, @agentId, @agentType, @status, @since, @lastEvent, @lastEventAt, @waitingFor,
        @currentTool, @failedToolCalls)
      ON CONFLICT(session_id, agent_id) DO UPDATE SET
        agent_type = excluded.agent_type, status = excluded.status, since = excluded.since,
        last_event = excluded.last_event, last_event_at = excluded.last_event_at, waiting_for = excluded.waiting_for,
        current_tool = excluded.current_tool, failed_tool_calls = excluded.failed_tool_calls`);
    // A Post* event may arrive for a call whose PreToolUse was not seen (hooks installed mid-session).
    this.upsertToolCall = db.prepare(`
      INSERT INTO hook_tool_calls (tool_use_id, session_id, agent_id, tool_name, outcome, started_at, ended_at, error)
      VALUES (@toolUseId, @sessionId, @agentId, @toolName, @outcome, @startedAt, @endedAt, @error)
      ON CONFLICT(tool_use_id) DO UPDATE SET
        outcome = excluded.outcome,
        started_at = COALESCE(hook_tool_calls.started_at, excluded.started_at),
        ended_at = COALESCE(excluded.ended_at, hook_tool_calls.ended_at),
        error = COALESCE(excluded.error, hook_tool_calls.error),
        tool_name = COALESCE(hook_tool_calls.tool_name, excluded.tool_name)`);
  }

  /** Stores one accepted event and moves its session's and subagents' status, atomically. */
  record(event: HookEvent, at: number): StoredHookEvent {
    const f = hookFacts(event);
    const { json, truncated } = boundedPayload(event);
    return this.db.transaction((): StoredHookEvent => {
      const id = Number(
        this.insertEvent.run({
          sessionId: f.sessionId,
          event: f.event,
          toolName: f.toolName,
          toolUseId: f.toolUseId,
          agentId: f.agentId,
          agentType: f.agentType,
          at,
          detail: f.detail,
          payload: json,
          truncated: truncated ? 1 : 0,
        }).lastInsertRowid,
      );
      const session = nextSession(this.selectSession.get(f.sessionId) as SessionLive | undefined, f, at);
      this.upsertSession.run(session);
      if (f.agentId) {
        const agent = nextAgent(this.selectAgent.get(f.sessionId, f.agentId) as AgentLive | undefined, f, at);
        if (agent) this.upsertAgent.run(agent);
      }
      if (f.event === 'SessionEnd') {
        for (const a of this.selectOpenAgents.all(f.sessionId) as AgentLive[]) {
          this.upsertAgent.run(endAgent(a, f.event, at));
        }
      }
      const call = toolCallOutcome(f);
      if (call) {
        this.upsertToolCall.run({
          toolUseId: call.toolUseId,
          sessionId: f.sessionId,
          agentId: f.agentId,
          toolName: f.toolName,
          outcome: call.outcome,
          startedAt: call.outcome === 'running' ? at : null,
          endedAt: call.outcome === 'running' ? null : at,
          error: call.outcome === 'failed' ? f.detail : null,
        });
      }
      const summary: HookEventSummary = {
        id,
        sessionId: f.sessionId,
        event: f.event,
        toolName: f.toolName,
        toolUseId: f.toolUseId,
        agentId: f.agentId,
        agentType: f.agentType,
        at,
        detail: f.detail,
      };
      return { summary, session: this.withAgents(session) };
    })();
  }

  /** Sessions whose last event is at or after `since`, most recent first, with their subagents. */
  liveSessions(since: number, limit: number): LiveSessionStatus[] {
    const rows = this.db
      .prepare(
        `SELECT ${SESSION_COLUMNS} FROM live_sessions WHERE last_event_at >= ? ORDER BY last_event_at DESC LIMIT ?`,
      )
      .all(since, limit) as SessionLive[];
    return rows.map((r) => this.withAgents(r));
  }

  /** The latest events, newest first. */
  recentEvents(limit: number, sessionId?: string): HookEventRecord[] {
    const rows = (
      sessionId === undefined
        ? this.db
            .prepare(`SELECT ${EVENT_COLUMNS}, payload, truncated FROM hook_events ORDER BY id DESC LIMIT ?`)
            .all(limit)
        : this.db
            .prepare(
              `SELECT ${EVENT_COLUMNS}, payload, truncated FROM hook_events WHERE session_id = ?
               ORDER BY id DESC LIMIT ?`,
            )
            .all(sessionId, limit)
    ) as EventRow[];
    return rows.map((r) => ({ ...r, truncated: r.truncated === 1 }));
  }

  /** The recorded outcome of one tool call, by its `tool_use_id`. */
  toolCall(toolUseId: string): { outcome: string; toolName: string | null; error: string | null } | undefined {
    return this.db
      .prepare(`SELECT outcome, tool_name AS toolName, error FROM hook_tool_calls WHERE tool_use_id = ?`)
      .get(toolUseId) as { outcome: string; toolName: string | null; error: string | null } | undefined;
  }

  /** Forgets events received before `before` (epoch ms); the live status rows stay. Returns how many went. */
  pruneEvents(before: number): number {
    return this.db.prepare(`DELETE FROM hook_events WHERE received_at < ?`).run(before).changes;
  }

  private withAgents(s: SessionLive): LiveSessionStatus {
    const agents = (this.selectAgentsOf.all(s.sessionId) as AgentLive[]).map((a): LiveAgentStatus => ({
      ...a,
      status: a.status as LiveStatus,
      waitingFor: a.waitingFor as WaitingFor | null,
    }));
    return {
      sessionId: s.sessionId,
      status: s.status,
      since: s.since,
      lastEvent: s.lastEvent,
      lastEventAt: s.lastEventAt,
      cwd: s.cwd,
      project: s.project,
      waitingFor: s.waitingFor,
      detail: s.detail,
      currentTool: s.currentTool,
      failedToolCalls: s.failedToolCalls,
      agents,
    };
  }
}
