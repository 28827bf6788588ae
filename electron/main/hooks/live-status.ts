// The live status machine: what a session and each of its subagents is doing now, derived from hook events
// alone. Pure functions over plain objects; the store persists their results.
import type { LiveStatus, WaitingFor } from '../../../shared/contract';
import type { HookFacts } from './hook-events';

export interface SessionLive {
  sessionId: string;
  status: LiveStatus;
  /** When the status (or what it waits for) last changed, epoch ms. */
  since: number;
  lastEvent: string;
  lastEventAt: number;
  cwd: string | null;
  /** The transcript folder's name under `projects/`, as the usage store names projects. */
  project: string | null;
  transcriptPath: string | null;
  waitingFor: WaitingFor | null;
  detail: string | null;
  currentTool: string | null;
  failedToolCalls: number;
}

export interface AgentLive {
  sessionId: string;
  agentId: string;
  agentType: string | null;
  status: LiveStatus;
  since: number;
  lastEvent: string;
  lastEventAt: number;
  waitingFor: WaitingFor | null;
  currentTool: string | null;
  failedToolCalls: number;
}

export type ToolCallOutcome = 'running' | 'succeeded' | 'failed';

/** Notification types that mean a human must act before the agent goes on. */
const WAITING_NOTIFICATIONS: Record<string, WaitingFor> = {
  permission_prompt: 'permission',
  idle_prompt: 'input',
  elicitation_dialog: 'input',
};

/** Events that show the agent at work (a tool, a subagent, a compaction...). */
const ACTIVITY = new Set([
  'UserPromptSubmit',
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'PermissionDenied',
  'SubagentStart',
  'SubagentStop',
  'PreCompact',
  'PostCompact',
  'TaskCreated',
  'TaskCompleted',
]);

/** `<claude>/projects/<project>/<session>.jsonl` → `<project>`; else Claude Code's own encoding of the cwd. */
export function projectOf(transcriptPath: string | null, cwd: string | null): string | null {
  if (transcriptPath) {
    const parts = transcriptPath.split(/[\\/]/);
    const i = parts.lastIndexOf('projects');
    if (i >= 0 && i + 2 < parts.length && parts[i + 1]) return parts[i + 1]!;
  }
  return cwd ? cwd.replace(/[^a-zA-Z0-9]/g, '-') : null;
}

type Transition = { status: LiveStatus; waitingFor: WaitingFor | null } | null;

/** The status an event moves an agent loop (main or subagent) to; null keeps the current one. */
function transition(f: HookFacts, current: LiveStatus | undefined): Transition {
  switch (f.event) {
    case 'SessionStart':
      return { status: 'idle', waitingFor: null };
    case 'SessionEnd':
      return { status: 'ended', waitingFor: null };
    case 'Stop':
      return { status: 'idle', waitingFor: null };
    case 'StopFailure':
      return { status: 'failed', waitingFor: null };
    case 'PermissionRequest':
      return { status: 'waiting', waitingFor: 'permission' };
    case 'Notification': {
      const waitingFor = f.notificationType ? WAITING_NOTIFICATIONS[f.notificationType] : undefined;
      return waitingFor ? { status: 'waiting', waitingFor } : null;
    }
    default:
      if (!ACTIVITY.has(f.event)) return null;
      // A late tool event after SessionEnd does not bring the session back; a new prompt does.
      if (current === 'ended' && f.event !== 'UserPromptSubmit') return null;
      return { status: 'running', waitingFor: null };
  }
}

function toolState(f: HookFacts, currentTool: string | null, failed: number) {
  switch (f.event) {
    case 'PreToolUse':
      return { currentTool: f.toolName, failedToolCalls: failed };
    case 'PostToolUse':
      return { currentTool: null, failedToolCalls: failed };
    case 'PostToolUseFailure':
      return { currentTool: null, failedToolCalls: failed + 1 };
    case 'Stop':
    case 'StopFailure':
    case 'SessionEnd':
    case 'UserPromptSubmit':
      return { currentTool: null, failedToolCalls: failed };
    default:
      return { currentTool, failedToolCalls: failed };
  }
}

/**
 * The session after one event. Events from inside a subagent (they carry `agent_id`) count as the session's
 * activity too: the main loop is busy waiting for its subagent, and a subagent's permission prompt makes the
 * whole session wait for a human. Only the main loop's own tool calls set its `currentTool`.
 */
export function nextSession(prev: SessionLive | undefined, f: HookFacts, at: number): SessionLive {
  const fromSubagent = f.agentId !== null && f.event !== 'SubagentStart' && f.event !== 'SubagentStop';
  const t = fromSubagent && (f.event === 'Stop' || f.event === 'SessionStart') ? null : transition(f, prev?.status);
  const status = t?.status ?? prev?.status ?? 'running';
  const waitingFor = t ? t.waitingFor : (prev?.waitingFor ?? null);
  const changed = !prev || prev.status !== status || prev.waitingFor !== waitingFor;
  const tools = fromSubagent
    ? {
        currentTool: prev?.currentTool ?? null,
        failedToolCalls: (prev?.failedToolCalls ?? 0) + (f.event === 'PostToolUseFailure' ? 1 : 0),
      }
    : toolState(f, prev?.currentTool ?? null, prev?.failedToolCalls ?? 0);
  const transcriptPath = fromSubagent ? (prev?.transcriptPath ?? f.transcriptPath) : (f.transcriptPath ?? null);
  const cwd = f.cwd ?? prev?.cwd ?? null;
  return {
    sessionId: f.sessionId,
    status,
    since: prev && !changed ? prev.since : at,
    lastEvent: f.event,
    lastEventAt: at,
    cwd,
    project: projectOf(transcriptPath ?? prev?.transcriptPath ?? null, cwd) ?? prev?.project ?? null,
    transcriptPath: transcriptPath ?? prev?.transcriptPath ?? null,
    waitingFor,
    detail: t || f.detail ? (f.detail ?? null) : (prev?.detail ?? null),
    currentTool: tools.currentTool,
    failedToolCalls: tools.failedToolCalls,
  };
}

/** The subagent an event concerns after that event, or null when the event is not about a subagent. */
export function nextAgent(prev: AgentLive | undefined, f: HookFacts, at: number): AgentLive | null {
  if (f.agentId === null) return null;
  let t: Transition;
  if (f.event === 'SubagentStart') t = { status: 'running', waitingFor: null };
  else if (f.event === 'SubagentStop') t = { status: 'ended', waitingFor: null };
  else if (prev?.status === 'ended')
    t = null; // a stopped subagent's stragglers do not revive it
  else t = transition(f, prev?.status);
  const status = t?.status ?? prev?.status ?? 'running';
  const waitingFor = t ? t.waitingFor : (prev?.waitingFor ?? null);
  const tools = toolState(f, prev?.currentTool ?? null, prev?.failedToolCalls ?? 0);
  return {
    sessionId: f.sessionId,
    agentId: f.agentId,
    agentType: f.agentType ?? prev?.agentType ?? null,
    status,
    since: !prev || prev.status !== status || prev.waitingFor !== waitingFor ? at : prev.since,
    lastEvent: f.event,
    lastEventAt: at,
    waitingFor,
    currentTool: f.event === 'SubagentStop' ? null : tools.currentTool,
    failedToolCalls: tools.failedToolCalls,
  };
}

/** A subagent still open when its session ends is over too. */
export function endAgent(agent: AgentLive, event: string, at: number): AgentLive {
  if (agent.status === 'ended') return agent;
  return {
    ...agent,
    status: 'ended',
    since: at,
    lastEvent: event,
    lastEventAt: at,
    waitingFor: null,
    currentTool: null,
  };
}

/** How an event changes one tool call (by `tool_use_id`), or null when it is not a tool call's event. */
export function toolCallOutcome(f: HookFacts): { toolUseId: string; outcome: ToolCallOutcome } | null {
  if (!f.toolUseId) return null;
  if (f.event === 'PreToolUse') return { toolUseId: f.toolUseId, outcome: 'running' };
  if (f.event === 'PostToolUse') return { toolUseId: f.toolUseId, outcome: 'succeeded' };
  if (f.event === 'PostToolUseFailure') return { toolUseId: f.toolUseId, outcome: 'failed' };
  return null;
}

/** The state after a sequence of events, in memory: what the store computes row by row. */
export interface LiveState {
  sessions: Map<string, SessionLive>;
  agents: Map<string, AgentLive>;
}

export const agentKey = (sessionId: string, agentId: string) => `${sessionId}\u0000${agentId}`;

/** Applies one event to an in-memory state; returns the session and the agents it changed. */
export function applyHookFacts(
  state: LiveState,
  f: HookFacts,
  at: number,
): { session: SessionLive; agents: AgentLive[] } {
  const session = nextSession(state.sessions.get(f.sessionId), f, at);
  state.sessions.set(f.sessionId, session);
  const agents: AgentLive[] = [];
  const agent = nextAgent(f.agentId ? state.agents.get(agentKey(f.sessionId, f.agentId)) : undefined, f, at);
  if (agent) agents.push(agent);
  if (f.event === 'SessionEnd') {
    for (const a of state.agents.values()) {
      if (a.sessionId === f.sessionId && a.status !== 'ended') agents.push(endAgent(a, f.event, at));
    }
  }
  for (const a of agents) state.agents.set(agentKey(a.sessionId, a.agentId), a);
  return { session, agents };
}

export const emptyLiveState = (): LiveState => ({ sessions: new Map(), agents: new Map() });
