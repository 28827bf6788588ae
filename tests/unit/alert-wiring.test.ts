// The pieces that connect sources to the alert engine, under plain Node: the freshness rule for transcript
// facts, hook events as signals, one run under two ids, a tool error counted once, and the tray's merge.
import { describe, expect, it } from 'vitest';
import { defaultAlertSettings } from '../../shared/alerts';
import type { LiveSessionStatus } from '../../shared/contract';
import {
  ACTIVITY_FRESH_MS,
  ActivitySignalAdapter,
  agentRunSignal,
  hookSignals,
  teammateRunSignals,
} from '../../electron/main/alerts/adapters';
import { TeamEventMessage } from '../../electron/main/team/team-records';
import { AlertEngine } from '../../electron/main/alerts/engine';
import { buildTrayModel, mergeRunningAgents } from '../../electron/main/alerts/tray-model';
import { hookFacts, parseHookEvent } from '../../electron/main/hooks/hook-events';
import { applyHookFacts, emptyLiveState } from '../../electron/main/hooks/live-status';
import type { SubagentRunState } from '../../electron/main/store/activity-store';
import { bodies, hookSession, toolUseId } from '../support/hook-bodies';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const SESSION = '5d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a';

const run = (over: Partial<SubagentRunState>): SubagentRunState => ({
  id: 'toolu_01A',
  sessionId: SESSION,
  agentId: null,
  agentType: 'code-reviewer',
  status: 'failed',
  startedAt: NOW - 60_000,
  endedAt: NOW - 1000,
  lastActivityAt: NOW - 1000,
  ...over,
});

/** Hook bodies through the real parser and status machine, as the store would give them to the core. */
function throughHooks(list: Record<string, unknown>[], start = NOW) {
  const state = emptyLiveState();
  return list.map((body, i) => {
    const parsed = parseHookEvent(body);
    if (!parsed.ok) throw new Error(parsed.message);
    const facts = hookFacts(parsed.event);
    const at = start + i * 1000;
    const { session } = applyHookFacts(state, facts, at);
    const agents = [...state.agents.values()].filter((a) => a.sessionId === session.sessionId);
    const live: LiveSessionStatus = { ...session, agents };
    return { live, signals: hookSignals(parsed.event, facts, live, at) };
  });
}

describe('freshness of transcript facts', () => {
  it('feeds a run that ended within the window, and history never', () => {
    const adapter = new ActivitySignalAdapter();
    const signals = adapter.toSignals(
      {
        runs: [
          run({ id: 'fresh', endedAt: NOW - ACTIVITY_FRESH_MS + 1 }),
          run({ id: 'old', endedAt: NOW - ACTIVITY_FRESH_MS - 1 }),
          run({ id: 'month-old', endedAt: NOW - 30 * 86_400_000 }),
          run({ id: 'open-in-history', status: 'running', endedAt: null, lastActivityAt: NOW - 3_600_000 }),
          run({ id: 'skewed-future', endedAt: NOW + 30_000 }),
        ],
        toolResults: [
          { id: 'toolu_x', sessionId: SESSION, agentId: null, toolName: 'Bash', isError: true, endedAt: NOW - 10 },
          {
            id: 'toolu_y',
            sessionId: SESSION,
            agentId: null,
            toolName: 'Bash',
            isError: true,
            endedAt: NOW - 86_400_000,
          },
        ],
      },
      NOW,
    );
    expect(signals.map((s) => (s.kind === 'agentRun' ? s.id : s.kind === 'toolResult' ? s.toolUseId : s.kind))).toEqual(
      ['fresh', 'skewed-future', 'toolu_x'],
    );
  });

  it('passes on the end of a run it announced running, however late the end is read', () => {
    const adapter = new ActivitySignalAdapter();
    const started = adapter.toSignals(
      { runs: [run({ status: 'running', endedAt: null, lastActivityAt: NOW, agentId: 'a77' })], toolResults: [] },
      NOW,
    );
    expect(started).toEqual([
      agentRunSignal({
        id: 'toolu_01A',
        sessionId: SESSION,
        agentType: 'code-reviewer',
        status: 'running',
        startedAt: NOW - 60_000,
        endedAt: null,
        aliases: ['a77'],
      }),
    ]);
    const later = NOW + 2 * 3_600_000; // the laptop slept; the result line is read now, stamped long ago
    const ended = adapter.toSignals({ runs: [run({ endedAt: NOW + 60_000 })], toolResults: [] }, later);
    expect(ended.map((s) => s.kind === 'agentRun' && s.status)).toEqual(['failed']);
  });
});

describe('teammates’ runs', () => {
  const message = (developer: string, runs: unknown[] | undefined) =>
    TeamEventMessage.parse({ v: 1, team: 'alpha', developer, sentAt: NOW, sessions: [], usage: [], runs });
  const failed = (id: string, endedAt: number) => ({
    id,
    sessionId: SESSION,
    agentType: 'test-runner',
    status: 'failed',
    startedAt: endedAt - 5000,
    endedAt,
  });

  it('feeds a teammate’s fresh ended runs, not ours, not history, not a message from an older app', () => {
    const m = message('alice', [failed('r1', NOW - 1000), failed('r2', NOW - ACTIVITY_FRESH_MS - 1)]);
    expect(teammateRunSignals(m, 'bob', NOW)).toEqual([
      { kind: 'teammateRun', developer: 'alice', agentType: 'test-runner', status: 'failed', ts: NOW - 1000 },
    ]);
    expect(teammateRunSignals(m, 'alice', NOW)).toEqual([]);
    expect(teammateRunSignals(message('alice', undefined), 'bob', NOW)).toEqual([]);
    expect(() => message('alice', [{ ...failed('r3', NOW), status: 'exploded' }])).toThrow();
  });
});

describe('hook events as signals', () => {
  const s = hookSession(SESSION);

  it('a permission prompt makes the session wait with its notification type; the next prompt ends the wait', () => {
    const steps = throughHooks([
      bodies.sessionStart(s),
      bodies.userPromptSubmit(s),
      bodies.notification(s, 'permission_prompt'),
      bodies.userPromptSubmit(s),
    ]);
    expect(steps.map((x) => x.signals.find((g) => g.kind === 'sessionStatus'))).toEqual([
      { kind: 'sessionStatus', sessionId: SESSION, status: 'idle', since: NOW, reason: null },
      { kind: 'sessionStatus', sessionId: SESSION, status: 'running', since: NOW + 1000, reason: null },
      { kind: 'sessionStatus', sessionId: SESSION, status: 'waiting', since: NOW + 2000, reason: 'permission_prompt' },
      { kind: 'sessionStatus', sessionId: SESSION, status: 'running', since: NOW + 3000, reason: null },
    ]);
  });

  it('a failed tool call is a tool error by its id; a failed Task call is also its run failing', () => {
    const bash = toolUseId();
    const task = toolUseId();
    const [first, second] = throughHooks([
      bodies.postToolUseFailure(s, bash),
      {
        ...bodies.postToolUseFailure(s, task),
        tool_name: 'Task',
        tool_input: { description: 'Plan', prompt: 'Plan the migration', subagent_type: 'planner' },
        error: 'Agent type planner not found',
      },
    ]);
    expect(first!.signals.filter((g) => g.kind !== 'sessionStatus')).toEqual([
      { kind: 'toolResult', sessionId: SESSION, toolName: 'Bash', toolUseId: bash, isError: true, ts: NOW },
    ]);
    expect(second!.signals.filter((g) => g.kind === 'agentRun')).toEqual([
      agentRunSignal({
        id: task,
        sessionId: SESSION,
        agentType: 'planner',
        status: 'failed',
        startedAt: NOW + 1000,
        endedAt: null,
        error: 'Agent type planner not found',
      }),
    ]);
  });
});

describe('the engine with signals from two sources', () => {
  const engine = () => {
    const settings = defaultAlertSettings('UTC');
    settings.rules.tool_error_streak.count = 3;
    return new AlertEngine(settings, { newId: () => 'id' });
  };

  it('keeps one running run when the hook names it by agent id and the transcript by its Task call', () => {
    const e = engine();
    const s = hookSession(SESSION);
    const agent = { agentId: 'a5b6c7d8', agentType: 'tester' };
    const [start] = throughHooks([bodies.subagentStart(s, agent)]);
    e.ingestMany(start!.signals, NOW);
    e.ingest(
      agentRunSignal({
        id: 'toolu_T',
        sessionId: SESSION,
        agentType: 'tester',
        status: 'running',
        startedAt: NOW - 500,
        endedAt: null,
        aliases: ['a5b6c7d8'],
      }),
      NOW,
    );
    expect(e.runningRuns().map((r) => r.id)).toEqual(['toolu_T']);
    const [stop] = throughHooks([bodies.subagentStop(s, agent)], NOW + 5000);
    e.ingestMany(stop!.signals, NOW + 5000);
    expect(e.runningRuns()).toEqual([]);
  });

  it('counts a tool error once across sources, and a late success from before the streak breaks nothing', () => {
    const e = engine();
    const err = (id: string, ts: number) =>
      ({ kind: 'toolResult', sessionId: SESSION, toolName: 'Bash', toolUseId: id, isError: true, ts }) as const;
    const ok = (id: string, ts: number) => ({ ...err(id, ts), isError: false });
    expect(e.ingestMany([err('t1', NOW), err('t1', NOW + 10), err('t2', NOW + 20)], NOW + 20)).toEqual([]);
    expect(e.ingest(ok('t0', NOW - 5000), NOW + 30)).toEqual([]); // read from the transcript after the errors
    expect(e.ingest(err('t3', NOW + 40), NOW + 40).map((a) => a.title)).toEqual(['3 tool errors in a row']);
    e.ingest(ok('t4', NOW + 50), NOW + 50);
    expect(e.ingestMany([err('t5', NOW + 60), err('t6', NOW + 70)], NOW + 70)).toEqual([]);
  });
});

describe('the tray’s running agents', () => {
  const s = hookSession(SESSION);
  const reviewer = { agentId: 'ab12cd34', agentType: 'code-reviewer' };

  it('lists each agent once across hooks, the store and the engine, the main loop too, and what waits', () => {
    const steps = throughHooks([
      bodies.sessionStart(s),
      bodies.userPromptSubmit(s),
      bodies.subagentStart(s, reviewer),
      bodies.permissionRequest(s, reviewer),
    ]);
    const live = [steps.at(-1)!.live];
    const running = mergeRunningAgents({
      live,
      stored: [
        {
          id: reviewer.agentId,
          sessionId: SESSION,
          parentToolUseId: 'toolu_R',
          agentType: 'code-reviewer',
          startedAt: NOW,
        },
        {
          id: 'ef56ab78',
          sessionId: SESSION,
          parentToolUseId: 'toolu_Q',
          agentType: 'test-runner',
          startedAt: NOW + 500,
        },
      ],
      engine: [
        { id: 'toolu_R', sessionId: SESSION, agentType: 'code-reviewer', startedAt: NOW, warned: false },
        { id: 'toolu_P', sessionId: SESSION, agentType: 'planner', startedAt: NOW + 900, warned: false },
      ],
    });
    expect(running.map((r) => [r.id, r.agentType, r.waitingFor ?? null])).toEqual([
      [reviewer.agentId, 'code-reviewer', 'permission'],
      [`session:${SESSION}`, 'Claude Code', 'permission'],
      ['ef56ab78', 'test-runner', null],
      ['toolu_P', 'planner', null],
    ]);
    const model = buildTrayModel({
      todayCostUsd: 3.456,
      running,
      unacknowledged: 0,
      pausedUntil: null,
      lastAlertAt: null,
    });
    expect(model.icon).toBe('active');
    expect(model.tooltip.split('\n')).toEqual(['SubForge Monitor', 'Today: $3.46', '4 agents running']);
    expect(model.menu.filter((i) => i.kind === 'action' && i.label.includes('waits for permission'))).toHaveLength(2);
  });

  it('drops what hooks saw stop, under either of its ids, and everything of a session that ended', () => {
    const stopped = throughHooks([
      bodies.sessionStart(s),
      bodies.subagentStart(s, reviewer),
      bodies.subagentStop(s, reviewer),
    ]);
    const stored = [
      {
        id: reviewer.agentId,
        sessionId: SESSION,
        parentToolUseId: 'toolu_R',
        agentType: 'code-reviewer',
        startedAt: NOW,
      },
    ];
    const engine = [{ id: 'toolu_R', sessionId: SESSION, agentType: 'code-reviewer', startedAt: NOW, warned: false }];
    expect(mergeRunningAgents({ live: [stopped.at(-1)!.live], stored, engine }).map((r) => r.id)).toEqual([
      `session:${SESSION}`,
    ]);
    const ended = throughHooks([bodies.sessionStart(s), bodies.sessionEnd(s)]);
    const other = { id: 'toolu_Z', sessionId: SESSION, agentType: 'planner', startedAt: NOW, warned: false };
    expect(mergeRunningAgents({ live: [ended.at(-1)!.live], stored: [], engine: [other] })).toEqual([]);
  });
});
