// Hook event schemas on bodies in Claude Code's format: what passes, what is refused and with which field named.
import { describe, expect, it } from 'vitest';
import { boundedPayload, hookFacts, parseHookEvent } from '../../electron/main/hooks/hook-events';
import { bodies, hookSession, toolUseId } from '../support/hook-bodies';

const s = hookSession('3f1c2a7e-5b6d-4e8f-9a0b-1c2d3e4f5a6b');
const agent = { agentId: 'a4f2c9e1b7d3', agentType: 'Explore' };

describe('hook event schemas', () => {
  it('accepts every event of a real session, subagents included', () => {
    const id = toolUseId();
    const all = [
      bodies.sessionStart(s),
      bodies.userPromptSubmit(s),
      bodies.preToolUse(s, id),
      bodies.permissionRequest(s),
      bodies.notification(s, 'permission_prompt'),
      bodies.postToolUse(s, id),
      bodies.postToolUseFailure(s, toolUseId()),
      bodies.subagentStart(s, agent),
      bodies.preToolUse(s, toolUseId(), 'rg parseConfig', agent),
      bodies.subagentStop(s, agent),
      bodies.preCompact(s),
      bodies.stop(s),
      bodies.stopFailure(s),
      bodies.notification(s, 'idle_prompt'),
      bodies.sessionEnd(s),
    ];
    for (const body of all) expect(parseHookEvent(body), String(body.hook_event_name)).toMatchObject({ ok: true });
  });

  it('keeps fields it does not know, for events it knows and for new event names', () => {
    const known = parseHookEvent({ ...bodies.stop(s), effort: { level: 'high' } });
    expect(known.ok && known.event).toMatchObject({ effort: { level: 'high' } });
    const future = parseHookEvent({ session_id: s.sessionId, hook_event_name: 'PostToolBatch', tool_calls: [1, 2] });
    expect(future.ok && future.event).toMatchObject({ hook_event_name: 'PostToolBatch', tool_calls: [1, 2] });
  });

  it('names the bad field of an invalid event', () => {
    const { session_id: _drop, ...noSession } = bodies.stop(s);
    expect(parseHookEvent(noSession)).toEqual({ ok: false, message: expect.stringMatching(/^Stop: session_id: /) });
    const badTool = { ...bodies.preToolUse(s, toolUseId()), tool_input: 'npm test' };
    expect(parseHookEvent(badTool)).toEqual({ ok: false, message: expect.stringMatching(/^PreToolUse: tool_input: /) });
    const { agent_type: _t, ...startWithoutType } = bodies.subagentStart(s, agent);
    expect(parseHookEvent(startWithoutType)).toMatchObject({
      ok: false,
      message: expect.stringContaining('agent_type'),
    });
    expect(parseHookEvent({ ...bodies.notification(s, 'idle_prompt'), message: 7 })).toMatchObject({
      ok: false,
      message: expect.stringContaining('message'),
    });
    expect(parseHookEvent({ session_id: 'x', hook_event_name: 'rm -rf /' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('hook_event_name'),
    });
    expect(parseHookEvent([1, 2])).toEqual({ ok: false, message: 'the body must be a JSON object' });
  });

  it('reads the facts the live status needs', () => {
    const id = toolUseId();
    const parsed = parseHookEvent(bodies.postToolUseFailure(s, id, agent));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(hookFacts(parsed.event)).toEqual({
      event: 'PostToolUseFailure',
      sessionId: s.sessionId,
      agentId: agent.agentId,
      agentType: 'Explore',
      toolName: 'Bash',
      toolUseId: id,
      cwd: '/home/dev/demo',
      transcriptPath: s.transcriptPath,
      notificationType: null,
      detail: 'Command failed with exit code 1: 2 tests failed',
    });
  });

  it('bounds a huge payload and keeps it valid JSON', () => {
    const parsed = parseHookEvent(bodies.postToolUse(s, toolUseId(), 'x'.repeat(500_000)));
    if (!parsed.ok) throw new Error(parsed.message);
    const small = boundedPayload(parsed.event, 64 * 1024);
    expect(small.truncated).toBe(true);
    expect(small.json.length).toBeLessThanOrEqual(64 * 1024);
    expect(JSON.parse(small.json)).toMatchObject({ hook_event_name: 'PostToolUse', tool_name: 'Bash' });
    const tiny = boundedPayload(parsed.event, 600);
    expect(tiny.json.length).toBeLessThanOrEqual(600);
    expect(JSON.parse(tiny.json)).toMatchObject({ _truncated: true, session_id: s.sessionId });
    const normal = parseHookEvent(bodies.stop(s));
    if (!normal.ok) throw new Error(normal.message);
    expect(boundedPayload(normal.event)).toEqual({ json: JSON.stringify(normal.event), truncated: false });
  });
});
