// The live status machine over event sequences as Claude Code sends them.
import { describe, expect, it } from 'vitest';
import { hookFacts, parseHookEvent } from '../../electron/main/hooks/hook-events';
import {
  agentKey,
  applyHookFacts,
  emptyLiveState,
  projectOf,
  toolCallOutcome,
  type LiveState,
} from '../../electron/main/hooks/live-status';
import { bodies, hookSession, toolUseId } from '../support/hook-bodies';

const s = hookSession('9b8a7c6d-1e2f-4a3b-8c7d-6e5f4a3b2c1d');
const explore = { agentId: 'a1b2c3d4e5f6', agentType: 'Explore' };
const reviewer = { agentId: 'f6e5d4c3b2a1', agentType: 'code-reviewer' };

/** Replays bodies one second apart from t=1000 s; returns the state and each step's session status. */
function replay(list: Record<string, unknown>[], state: LiveState = emptyLiveState()) {
  const steps: string[] = [];
  list.forEach((body, i) => {
    const parsed = parseHookEvent(body);
    if (!parsed.ok) throw new Error(parsed.message);
    steps.push(applyHookFacts(state, hookFacts(parsed.event), 1_000_000 + i * 1000).session.status);
  });
  return { state, steps, session: state.sessions.get(s.sessionId)! };
}

describe('live status', () => {
  it('follows a turn: idle, running, waiting for permission, running, idle, ended', () => {
    const id = toolUseId();
    const { steps, session } = replay([
      bodies.sessionStart(s),
      bodies.userPromptSubmit(s),
      bodies.preToolUse(s, id),
      bodies.permissionRequest(s),
      bodies.notification(s, 'permission_prompt'),
      bodies.postToolUse(s, id),
      bodies.stop(s),
      bodies.notification(s, 'idle_prompt'),
      bodies.sessionEnd(s),
    ]);
    expect(steps).toEqual(['idle', 'running', 'running', 'waiting', 'waiting', 'running', 'idle', 'waiting', 'ended']);
    expect(session).toMatchObject({
      status: 'ended',
      since: 1_008_000,
      lastEvent: 'SessionEnd',
      detail: 'prompt_input_exit',
      project: '-home-dev-demo',
      cwd: '/home/dev/demo',
      currentTool: null,
      failedToolCalls: 0,
    });
  });

  it('says what a waiting session waits for, and keeps `since` while the status holds', () => {
    const { state } = replay([bodies.userPromptSubmit(s), bodies.permissionRequest(s)]);
    expect(state.sessions.get(s.sessionId)).toMatchObject({
      status: 'waiting',
      waitingFor: 'permission',
      since: 1_001_000,
    });
    replay([bodies.notification(s, 'permission_prompt')], state);
    expect(state.sessions.get(s.sessionId)).toMatchObject({ waitingFor: 'permission', since: 1_001_000 });
    replay([bodies.notification(s, 'idle_prompt')], state);
    expect(state.sessions.get(s.sessionId)).toMatchObject({ status: 'waiting', waitingFor: 'input' });
    replay([bodies.notification(s, 'auth_success')], state);
    expect(state.sessions.get(s.sessionId)).toMatchObject({ status: 'waiting', waitingFor: 'input' });
  });

  it('shows the tool in use and counts failed tool calls', () => {
    const ok = toolUseId();
    const bad = toolUseId();
    const { state } = replay([bodies.userPromptSubmit(s), bodies.preToolUse(s, ok)]);
    expect(state.sessions.get(s.sessionId)).toMatchObject({ currentTool: 'Bash', status: 'running' });
    replay([bodies.postToolUse(s, ok), bodies.preToolUse(s, bad), bodies.postToolUseFailure(s, bad)], state);
    expect(state.sessions.get(s.sessionId)).toMatchObject({
      status: 'running',
      currentTool: null,
      failedToolCalls: 1,
      detail: 'Command failed with exit code 1: 2 tests failed',
    });
  });

  it('marks a tool call running, succeeded or failed by tool_use_id', () => {
    const id = toolUseId();
    const facts = (b: Record<string, unknown>) => {
      const p = parseHookEvent(b);
      if (!p.ok) throw new Error(p.message);
      return hookFacts(p.event);
    };
    expect(toolCallOutcome(facts(bodies.preToolUse(s, id)))).toEqual({ toolUseId: id, outcome: 'running' });
    expect(toolCallOutcome(facts(bodies.postToolUse(s, id)))).toEqual({ toolUseId: id, outcome: 'succeeded' });
    expect(toolCallOutcome(facts(bodies.postToolUseFailure(s, id)))).toEqual({ toolUseId: id, outcome: 'failed' });
    expect(toolCallOutcome(facts(bodies.stop(s)))).toBeNull();
  });

  it('tracks subagents apart from the main loop', () => {
    const inside = toolUseId();
    const { state } = replay([
      bodies.userPromptSubmit(s),
      bodies.subagentStart(s, explore),
      bodies.subagentStart(s, reviewer),
      bodies.preToolUse(s, inside, 'rg parseConfig', explore),
      bodies.postToolUseFailure(s, inside, explore),
      bodies.permissionRequest(s, reviewer),
    ]);
    const a = state.agents.get(agentKey(s.sessionId, explore.agentId))!;
    const r = state.agents.get(agentKey(s.sessionId, reviewer.agentId))!;
    expect(a).toMatchObject({ status: 'running', agentType: 'Explore', failedToolCalls: 1, currentTool: null });
    expect(r).toMatchObject({ status: 'waiting', waitingFor: 'permission', agentType: 'code-reviewer' });
    // A subagent waiting for a human makes the session wait; the main loop's own tool is not the subagent's.
    expect(state.sessions.get(s.sessionId)).toMatchObject({ status: 'waiting', currentTool: null, failedToolCalls: 1 });

    replay([bodies.subagentStop(s, explore)], state);
    expect(state.agents.get(agentKey(s.sessionId, explore.agentId))).toMatchObject({
      status: 'ended',
      since: 1_000_000,
    });
    replay([bodies.preToolUse(s, toolUseId(), 'ls', explore)], state);
    expect(state.agents.get(agentKey(s.sessionId, explore.agentId))).toMatchObject({ status: 'ended' });

    replay([bodies.sessionEnd(s)], state);
    expect(state.agents.get(agentKey(s.sessionId, reviewer.agentId))).toMatchObject({
      status: 'ended',
      lastEvent: 'SessionEnd',
      waitingFor: null,
    });
  });

  it('marks a turn that ended on an API error failed, and a new prompt runs again', () => {
    const { steps } = replay([bodies.userPromptSubmit(s), bodies.stopFailure(s), bodies.userPromptSubmit(s)]);
    expect(steps).toEqual(['running', 'failed', 'running']);
  });

  it('does not revive an ended session on a late tool event, but a resumed one starts over', () => {
    const { steps } = replay([
      bodies.sessionEnd(s, 'other'),
      bodies.postToolUse(s, toolUseId()),
      bodies.sessionStart(s, 'resume'),
    ]);
    expect(steps).toEqual(['ended', 'ended', 'idle']);
  });

  it('names the project as the transcript folder, or as Claude Code encodes the cwd', () => {
    expect(projectOf('/home/dev/.claude/projects/-home-dev-shop/abc.jsonl', '/elsewhere')).toBe('-home-dev-shop');
    expect(projectOf(null, '/home/dev/my_app')).toBe('-home-dev-my-app');
    expect(projectOf(null, null)).toBeNull();
  });
});
