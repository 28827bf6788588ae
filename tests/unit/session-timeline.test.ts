// The timeline's rows: time order, a run's own work nested only when it is opened, failures marked.
import { describe, expect, it } from 'vitest';
import type { SessionDetail } from '../../shared/contract';
import { buildTimeline, entryFailed, sessionSpan } from '../../renderer/src/panels/sessions/timeline';

const tokens = { inputTokens: 1, outputTokens: 1, cacheCreationTokens: 0, cacheReadTokens: 0, totalTokens: 2 };
const turn = (id: string, ts: number, agentId: string | null = null) => ({
  id,
  agentId,
  ts,
  model: 'claude-sonnet-4-5',
  ...tokens,
  cost: 0.01,
});
const call = (id: string, start: number, end: number | null, agentId: string | null = null, failed = false) => ({
  id,
  sessionId: 's',
  agentId,
  name: id,
  startedAt: start,
  endedAt: end,
  durationMs: end === null ? null : end - start,
  status: end === null ? ('running' as const) : failed ? ('failed' as const) : ('succeeded' as const),
  input: {},
  resultSize: null,
});

const detail: SessionDetail = {
  session: {
    id: 's',
    project: 'p',
    cwd: null,
    gitBranch: null,
    version: null,
    title: null,
    firstActivity: 0,
    lastActivity: 100,
  },
  toolCalls: [
    call('Read', 10, 12),
    call('Task', 20, 90),
    call('Grep', 40, 45, 'r1'),
    call('Bash', 95, 130, null, true),
  ],
  runs: [
    {
      id: 'r1',
      sessionId: 's',
      parentToolUseId: 'Task',
      linkMethod: 'tool-result',
      agentType: 'reviewer',
      description: null,
      prompt: null,
      status: 'succeeded',
      startedAt: 21,
      endedAt: 88,
      durationMs: 67,
      toolCount: 1,
      apiCalls: 1,
      ...tokens,
      totalCost: 0.01,
    },
  ],
  events: [{ id: 'e', sessionId: 's', agentId: null, ts: 50, kind: 'api-error', detail: {} }],
  truncated: false,
  turns: [turn('t1', 10), turn('t2', 20), turn('t3', 40, 'r1')],
};

describe('buildTimeline', () => {
  it('orders the main thread by time, a turn before the calls it made, and hides a closed run’s work', () => {
    const rows = buildTimeline(detail, new Set());
    expect(rows.map((r) => r.key)).toEqual([
      'turn:t1',
      'tool:Read',
      'turn:t2',
      'tool:Task',
      'run:r1',
      'event:e',
      'tool:Bash',
    ]);
    const run = rows.find((r) => r.kind === 'run');
    expect(run?.kind === 'run' && run.children).toBe(2);
  });

  it('nests an opened run’s turns and calls under it, one level deep', () => {
    const rows = buildTimeline(detail, new Set(['r1']));
    const at = rows.findIndex((r) => r.key === 'run:r1');
    expect(rows.slice(at + 1, at + 3).map((r) => [r.key, r.depth])).toEqual([
      ['turn:t3', 1],
      ['tool:Grep', 1],
    ]);
    expect(rows).toHaveLength(9);
  });

  it('marks failures and spans the bars over work that ran past the session', () => {
    const rows = buildTimeline(detail, new Set());
    expect(rows.filter(entryFailed).map((r) => r.key)).toEqual(['event:e', 'tool:Bash']);
    expect(sessionSpan(detail)).toEqual({ start: 0, end: 130 });
  });
});
