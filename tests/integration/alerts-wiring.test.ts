// Every source of signals reaching the alert engine through the core: transcript runs and tool results (with
// the freshness rule that keeps history silent), hook events (waiting, tool failures, subagents), and the
// tray's merged list of running agents.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../shared/alerts';
import { createLogger } from '../../electron/main/core/logger';
import { MonitorCore } from '../../electron/main/core/monitor-core';
import { openDatabase } from '../../electron/main/store/database';
import { ActivityStore, emptyBatch, type ActivityChanges } from '../../electron/main/store/activity-store';
import { assistantBlocks, taskResult, toolResultLine, toolUse } from '../support/activity-lines';
import { bodies, hookSession, toolUseId } from '../support/hook-bodies';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';

const silent = createLogger('error', () => {});
const MIN = 60_000;

/** A main transcript in which a Task call starts a subagent and its result comes back, an error if `failed`. */
function taskLines(sessionId: string, callId: string, type: string, start: Date, end: Date, failed: boolean): string {
  const ctx = { sessionId };
  const prompt = `Review the ${type} changes`;
  return [
    assistantBlocks(ctx, start, [toolUse(callId, 'Task', { description: 'Review', prompt, subagent_type: type })]),
    failed
      ? toolResultLine(ctx, end, callId, {
          text: `Agent type '${type}' failed: API Error: 529 Overloaded`,
          isError: true,
        })
      : toolResultLine(ctx, end, callId, { text: 'Done.', toolUseResult: taskResult(null, prompt) }),
  ].join('\n');
}

describe('the activity store tells listeners what a batch changed', () => {
  let dirs: TempDirs;
  beforeEach(() => (dirs = makeTempDirs()));
  afterEach(() => dirs.cleanup());

  it('reports a Task call as a run when it starts and when its result fails it, once per change', () => {
    const db = openDatabase(join(dirs.dataDir, 'monitor.sqlite'));
    const store = new ActivityStore(db);
    const seen: ActivityChanges[] = [];
    store.onActivityStored((c) => seen.push(c));
    const s = 'sess-1';
    store.applyBatch({
      ...emptyBatch(),
      starts: [
        {
          id: 'toolu_t',
          sessionId: s,
          agentId: null,
          name: 'Task',
          startedAt: 1000,
          inputJson: '{"subagent_type":"qa"}',
        },
      ],
    });
    const end = {
      id: 'toolu_t',
      sessionId: s,
      agentId: null,
      endedAt: 5000,
      isError: true,
      size: 40,
      resultAgentId: null,
      resultAgentType: null,
      resultStatus: null,
    };
    store.applyBatch({ ...emptyBatch(), ends: [end] });
    store.applyBatch({ ...emptyBatch(), ends: [end] }); // the same line read again moves nothing
    expect(seen.map((c) => c.runs.map((r) => [r.id, r.agentType, r.status, r.endedAt]))).toEqual([
      [['toolu_t', 'qa', 'running', null]],
      [['toolu_t', 'qa', 'failed', 5000]],
      [],
    ]);
    expect(seen[1]!.toolResults).toEqual([
      { id: 'toolu_t', sessionId: s, agentId: null, toolName: 'Task', isError: true, endedAt: 5000 },
    ]);
    db.close();
  });
});

describe('alerts wired in the core', () => {
  let dirs: TempDirs;
  let core: MonitorCore;
  let raised: Alert[];

  const start = async (hooks: boolean) => {
    core = new MonitorCore({
      dataDir: dirs.dataDir,
      claudeDirs: [dirs.claudeDir],
      mode: 'browser',
      log: silent,
      rescanMs: 60_000,
      hooks: hooks ? { port: 0 } : false,
    });
    raised = [];
    core.alerts.onRaised((a) => raised.push(...a));
    await core.start();
  };
  const post = async (body: Record<string, unknown>) => {
    const endpoint = core.hooks!;
    const res = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${endpoint.token}` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  };

  beforeEach(() => (dirs = makeTempDirs()));
  afterEach(() => {
    core.close();
    dirs.cleanup();
  });

  it('raises a failed subagent run read live, but nothing for 30 days of old failures on the first import', async () => {
    const now = Date.now();
    const old = 'b0b0b0b0-0000-4000-8000-000000000001';
    // History: a failure every day for 30 days, each run and its result long over.
    writeFileSync(
      join(dirs.projectDir('-home-dev-old'), `${old}.jsonl`),
      Array.from({ length: 30 }, (_, d) =>
        taskLines(
          old,
          `toolu_old${d}`,
          'code-reviewer',
          new Date(now - (d + 1) * 86_400_000),
          new Date(now - (d + 1) * 86_400_000 + MIN),
          true,
        ),
      ).join('\n') + '\n',
    );
    await start(false);
    expect(raised).toEqual([]);
    expect(core.alerts.list({ limit: 50 })).toEqual([]);

    const live = 'c1c1c1c1-0000-4000-8000-000000000002';
    writeFileSync(
      join(dirs.projectDir('-home-dev-shop'), `${live}.jsonl`),
      taskLines(live, 'toolu_live1', 'test-runner', new Date(now - 20_000), new Date(), true) + '\n',
    );
    await core.importOnce();
    expect(raised.map((a) => [a.rule, a.title, a.sessionId])).toEqual([['run_failed', 'test-runner failed', live]]);
    expect(raised[0]!.body).toContain('failed after 20 s');
  });

  it('a permission prompt with no further event raises session_waiting; a failing Task call raises run_failed once', async () => {
    await start(true);
    const set = await core.dispatch('alerts.rules.update', { rules: { session_waiting: { seconds: 1 } } });
    expect(set.ok).toBe(true);
    const s = hookSession();
    await post(bodies.sessionStart(s));
    await post(bodies.userPromptSubmit(s));
    await post(bodies.notification(s, 'permission_prompt'));
    await vi.waitFor(() => expect(raised.map((a) => a.rule)).toContain('session_waiting'), { timeout: 10_000 });
    expect(raised.find((a) => a.rule === 'session_waiting')!.title).toBe(
      `Session ${s.sessionId.slice(0, 8)} waits for permission`,
    );

    // The same failing Task call, first from the hook and then from the transcript: one alert, with the hook's error.
    const call = toolUseId();
    await post({
      ...bodies.postToolUseFailure(s, call),
      tool_name: 'Task',
      tool_input: { description: 'Review', prompt: 'Review the diff', subagent_type: 'code-reviewer' },
      error: 'Agent type code-reviewer not found',
    });
    writeFileSync(
      join(dirs.projectDir(), `${s.sessionId}.jsonl`),
      taskLines(s.sessionId, call, 'code-reviewer', new Date(Date.now() - 5000), new Date(), true) + '\n',
    );
    await core.importOnce();
    const failed = core.alerts.list({ limit: 50, rule: 'run_failed' });
    expect(failed.map((a) => [a.title, a.subject])).toEqual([['code-reviewer failed', `run_failed:${call}`]]);
    expect(failed[0]!.body).toContain('Agent type code-reviewer not found');
  });

  it('counts a tool error reported by a hook and by the transcript once toward the streak', async () => {
    await start(true);
    await core.dispatch('alerts.rules.update', { rules: { tool_error_streak: { count: 3 } } });
    const s = hookSession();
    const calls = [toolUseId(), toolUseId()];
    for (const id of calls) await post(bodies.postToolUseFailure(s, id));
    // The transcript's copies of the same two failures: still two in a row, no alert.
    const ctx = { sessionId: s.sessionId };
    const at = new Date();
    writeFileSync(
      join(dirs.projectDir(), `${s.sessionId}.jsonl`),
      calls
        .flatMap((id) => [
          assistantBlocks(ctx, at, [toolUse(id, 'Bash', { command: 'npm test' })]),
          toolResultLine(ctx, at, id, { text: 'Command failed with exit code 1', isError: true }),
        ])
        .join('\n') + '\n',
    );
    await core.importOnce();
    expect(core.alerts.list({ limit: 10, rule: 'tool_error_streak' })).toEqual([]);
    await post(bodies.postToolUseFailure(s, toolUseId()));
    expect(core.alerts.list({ limit: 10, rule: 'tool_error_streak' }).map((a) => a.title)).toEqual([
      '3 tool errors in a row',
    ]);
  });

  it('lists running agents in the tray from hooks and transcripts, each once, and drops one hooks saw stop', async () => {
    await start(true);
    const s = hookSession();
    const agent = { agentId: 'a9f3c2e1b7d4', agentType: 'code-reviewer' };
    await post(bodies.sessionStart(s));
    await post(bodies.userPromptSubmit(s));
    await post(bodies.subagentStart(s, agent));
    // The transcript: the Task call that started that subagent, linked by its progress line, still running.
    const call = toolUseId();
    const ctx = { sessionId: s.sessionId };
    const now = new Date();
    writeFileSync(
      join(dirs.projectDir(), `${s.sessionId}.jsonl`),
      [
        assistantBlocks(ctx, now, [
          toolUse(call, 'Task', { description: 'Review', prompt: 'Review the diff', subagent_type: 'code-reviewer' }),
        ]),
        toolResultLine(ctx, now, call, {
          text: 'Async agent launched',
          toolUseResult: { status: 'async_launched', agentId: agent.agentId, prompt: 'Review the diff' },
        }),
      ].join('\n') + '\n',
    );
    await core.importOnce();
    const listed = () => core.trayState().running.map((r) => [r.agentType, r.sessionId]);
    expect(listed()).toEqual(
      expect.arrayContaining([
        ['code-reviewer', s.sessionId],
        ['Claude Code', s.sessionId],
      ]),
    );
    expect(listed()).toHaveLength(2);
    expect(core.trayState().todayCostUsd).toBeGreaterThan(0);

    await post(bodies.subagentStop(s, agent));
    expect(listed()).toEqual([['Claude Code', s.sessionId]]);
    await post(bodies.sessionEnd(s));
    expect(listed()).toEqual([]);
  });
});
