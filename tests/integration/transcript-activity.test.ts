// Tool calls, subagent runs (all three transcript layouts), TodoWrite tasks and session events reach the
// store from real-format transcript lines, idempotently and incrementally.
import Database from 'better-sqlite3';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentList, AgentRun, SessionDetail, TaskItem } from '../../shared/contract';
import { Importer } from '../../electron/main/core/importer';
import { createLogger } from '../../electron/main/core/logger';
import { MonitorCore } from '../../electron/main/core/monitor-core';
import { buildAgentReport } from '../../electron/main/query/agent-report';
import {
  agentProgressLine,
  apiErrorLine,
  assistantBlocks,
  asyncLaunchResult,
  asyncLaunchText,
  compactBoundaryLine,
  promptLine,
  taskNotificationLine,
  taskResult,
  toolResultLine,
  toolUse,
} from '../support/activity-lines';
import { listFiles } from '../support/simulated-dir';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';

const S = '7f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f';
const main = { sessionId: S, cwd: '/home/dev/shop' };
const silent = createLogger('error', () => {});
const t = (minute: number, second = 0) => new Date(Date.UTC(2026, 10, 20, 10, minute, second));
const lines = (...l: string[]) => l.join('\n') + '\n';

describe('transcript activity', () => {
  let dirs: TempDirs;
  let core: MonitorCore | null = null;
  let project: string;

  const open = async () => {
    core = new MonitorCore({ dataDir: dirs.dataDir, claudeDirs: [dirs.claudeDir], mode: 'browser', log: silent });
    await core.importOnce();
    return core;
  };
  const ask = async <T>(name: string, input: unknown): Promise<T> => {
    const answer = await core!.dispatch(name, input);
    if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
    return answer.value as T;
  };
  const runs = () => ask<AgentRun[]>('agentRuns.list', { sessionId: S });
  const byId = (list: AgentRun[], id: string) => list.find((r) => r.id === id);

  beforeEach(() => {
    dirs = makeTempDirs();
    project = dirs.projectDir('-home-dev-shop');
  });
  afterEach(() => {
    core?.close();
    core = null;
    dirs.cleanup();
  });

  /** Every stored call, run, task and list. */
  const rows = () => {
    const db = new Database(join(dirs.dataDir, 'monitor.sqlite'), { readonly: true });
    try {
      return ['tool_calls', 'agent_runs', 'tasks', 'task_lists'].map((table) =>
        db.prepare(`SELECT * FROM ${table} ORDER BY 1`).all(),
      );
    } finally {
      db.close();
    }
  };

  /** A parent session that starts three subagents, one for each transcript layout. */
  function writeThreeLayouts(): void {
    const subDir = join(project, S, 'subagents');
    mkdirSync(subDir, { recursive: true });
    writeFileSync(
      join(project, `${S}.jsonl`),
      lines(
        // 1. <session>/subagents/agent-<id>.jsonl, tied by toolUseResult.agentId
        assistantBlocks(main, t(0), [
          toolUse('toolu_new', 'Task', {
            subagent_type: 'code-reviewer',
            description: 'Review cart',
            prompt: 'Review the cart module',
          }),
        ]),
        toolResultLine(main, t(2), 'toolu_new', {
          text: 'Looks good.',
          toolUseResult: taskResult('a1b2c3d', 'Review the cart module'),
        }),
        // 2. flat <project>/agent-<id>.jsonl from an older version: no agentId in the result, tied by prompt
        assistantBlocks(main, t(3), [
          toolUse('toolu_flat', 'Task', {
            subagent_type: 'test-engineer',
            description: 'Write cart tests',
            prompt: 'Write tests for the cart',
          }),
        ]),
        toolResultLine(main, t(5), 'toolu_flat', { text: 'Tests written.' }),
        // 3. isSidechain lines inside the parent transcript, tied by a progress line; its call failed
        assistantBlocks(main, t(6), [
          toolUse('toolu_side', 'Agent', {
            subagent_type: 'Explore',
            description: 'Find payment code',
            prompt: 'Find the payment code',
          }),
        ]),
        agentProgressLine(main, t(6, 5), 'toolu_side', 'e5f6a7b', 'Find the payment code'),
        promptLine({ ...main, isSidechain: true, agentId: 'e5f6a7b' }, t(6, 5), 'Find the payment code'),
        assistantBlocks({ ...main, isSidechain: true, agentId: 'e5f6a7b' }, t(6, 30), [{ type: 'text', text: 'x' }], {
          input: 7,
          output: 3,
        }),
        toolResultLine(main, t(7), 'toolu_side', { text: 'Agent crashed: tool limit', isError: true }),
      ),
    );
    const sub = { ...main, isSidechain: true, agentId: 'a1b2c3d' };
    writeFileSync(
      join(subDir, 'agent-a1b2c3d.jsonl'),
      lines(
        promptLine(sub, t(0, 5), 'Review the cart module'),
        assistantBlocks(sub, t(0, 20), [toolUse('toolu_sub_read', 'Read', { file_path: '/home/dev/shop/cart.ts' })], {
          input: 100,
          output: 20,
        }),
        toolResultLine(sub, t(0, 21), 'toolu_sub_read', { text: 'export const cart = 1;' }),
        assistantBlocks(sub, t(1), [{ type: 'text', text: 'Looks good.' }], { input: 200, output: 30 }),
      ),
    );
    writeFileSync(join(subDir, 'agent-a1b2c3d.meta.json'), JSON.stringify({ agentType: 'code-reviewer' }));
    const flat = { ...main, isSidechain: true, agentId: 'f00dbab' };
    writeFileSync(
      join(project, 'agent-f00dbab.jsonl'),
      lines(
        promptLine(flat, t(3, 2), 'Write tests for the cart'),
        assistantBlocks(flat, t(4), [toolUse('toolu_flat_w', 'Write', { file_path: '/home/dev/shop/cart.test.ts' })], {
          input: 40,
          output: 60,
        }),
        toolResultLine(flat, t(4, 1), 'toolu_flat_w', { text: 'File created' }),
      ),
    );
  }

  it('links a run of every layout to its Task/Agent call and sums its own tokens', async () => {
    writeThreeLayouts();
    await open();
    const list = await runs();
    expect(list).toHaveLength(3);
    expect(byId(list, 'a1b2c3d')).toMatchObject({
      parentToolUseId: 'toolu_new',
      linkMethod: 'tool-result',
      agentType: 'code-reviewer',
      description: 'Review cart',
      status: 'succeeded',
      startedAt: t(0, 5).getTime(),
      endedAt: t(2).getTime(),
      toolCount: 1,
      inputTokens: 300,
      outputTokens: 50,
      apiCalls: 2,
    });
    expect(byId(list, 'f00dbab')).toMatchObject({
      parentToolUseId: 'toolu_flat',
      linkMethod: 'prompt',
      agentType: 'test-engineer',
      status: 'succeeded',
      toolCount: 1,
      inputTokens: 40,
      outputTokens: 60,
    });
    expect(byId(list, 'e5f6a7b')).toMatchObject({
      parentToolUseId: 'toolu_side',
      linkMethod: 'progress',
      agentType: 'Explore',
      status: 'failed',
      inputTokens: 7,
      outputTokens: 3,
    });

    const tasks = await ask<TaskItem[]>('tasks.list', {});
    expect(tasks.filter((x) => x.source === 'subagent').map((x) => [x.title, x.status, x.project])).toEqual(
      expect.arrayContaining([
        ['Review cart', 'done', '/home/dev/shop'],
        ['Write cart tests', 'done', '/home/dev/shop'],
        ['Find payment code', 'failed', '/home/dev/shop'],
      ]),
    );

    const agents = await ask<AgentList>('agents.list', {});
    expect(agents.agents.find((a) => a.name === 'code-reviewer')).toMatchObject({
      scope: 'unregistered',
      runs: 1,
      succeeded: 1,
      successRate: 1,
      medianDurationMs: t(2).getTime() - t(0, 5).getTime(),
      inputTokens: 300,
      toolsUsed: [{ name: 'Read', count: 1 }],
    });
    expect(agents.agents.find((a) => a.name === 'Explore')).toMatchObject({ runs: 1, failed: 1, successRate: 0 });

    const report = buildAgentReport(core!.activityQueries, { timezone: 'UTC' });
    expect(report.agents.map((a) => [a.agentType, a.inputTokens, a.runs])).toEqual(
      expect.arrayContaining([
        ['code-reviewer', 300, 1],
        ['test-engineer', 40, 1],
        ['Explore', 7, 1],
      ]),
    );
    expect(report.daily.every((d) => d.date === '2026-11-20')).toBe(true);
    expect(report.totals).toMatchObject({ inputTokens: 347, runs: 3 });
  });

  it('splits the agent report by day in the viewer time zone', async () => {
    const sub = { ...main, isSidechain: true, agentId: 'd4y5p1t' };
    const at = (h: number, m: number) => new Date(Date.UTC(2026, 10, 20, h, m));
    mkdirSync(join(project, S, 'subagents'), { recursive: true });
    writeFileSync(
      join(project, S, 'subagents', 'agent-d4y5p1t.jsonl'),
      lines(
        assistantBlocks(sub, at(22, 50), [{ type: 'text', text: 'a' }], { input: 10, output: 1 }),
        assistantBlocks(sub, at(23, 10), [{ type: 'text', text: 'b' }], { input: 20, output: 2 }),
      ),
    );
    writeFileSync(join(project, S, 'subagents', 'agent-d4y5p1t.meta.json'), JSON.stringify({ agentType: 'Plan' }));
    await open();
    const berlin = buildAgentReport(core!.activityQueries, { timezone: 'Europe/Berlin' });
    expect(berlin.daily.map((d) => [d.date, d.agentType, d.inputTokens, d.runs])).toEqual([
      ['2026-11-20', 'Plan', 10, 1],
      ['2026-11-21', 'Plan', 20, 1],
    ]);
    expect(berlin.agents).toEqual([expect.objectContaining({ agentType: 'Plan', inputTokens: 30, runs: 1 })]);
    const utc = buildAgentReport(core!.activityQueries, { timezone: 'UTC', since: '2026-11-20', until: '2026-11-20' });
    expect(utc.daily.map((d) => [d.date, d.inputTokens])).toEqual([['2026-11-20', 30]]);
    const none = buildAgentReport(core!.activityQueries, { timezone: 'UTC', since: '2026-11-21' });
    expect(none.totals).toMatchObject({ inputTokens: 0, runs: 0 });
  });

  it('gives the same rows when everything is imported again into a fresh cursor', async () => {
    writeThreeLayouts();
    await open();
    const first = await ask<SessionDetail>('sessions.get', { id: S });
    core!.close();
    // Forget the read offsets: every line is read a second time.
    const { openDatabase } = await import('../../electron/main/store/database');
    const db = openDatabase(join(dirs.dataDir, 'monitor.sqlite'));
    db.exec('DELETE FROM source_files');
    db.close();
    await open();
    const second = await ask<SessionDetail>('sessions.get', { id: S });
    expect(second).toEqual(first);
    expect(second.toolCalls.map((c) => c.id)).toEqual([
      'toolu_new',
      'toolu_sub_read',
      'toolu_flat',
      'toolu_flat_w',
      'toolu_side',
    ]);
  });

  it('stores the same calls, runs and lists whether a transcript is read whole or a line at a time', async () => {
    const todos = (status: string) => ({ todos: [{ content: 'Add cart', status, activeForm: 'Adding cart' }] });
    writeThreeLayouts();
    appendFileSync(
      join(project, `${S}.jsonl`),
      lines(
        assistantBlocks(main, t(8), [toolUse('toolu_todo1', 'TodoWrite', todos('in_progress'))]),
        toolResultLine(main, t(8, 1), 'toolu_todo1', { text: 'Todos have been modified successfully.' }),
        assistantBlocks(main, t(9), [toolUse('toolu_todo2', 'TodoWrite', todos('completed'))]),
      ),
    );
    await open();
    core!.close();
    const whole = rows();
    expect(whole[0]).toHaveLength(7);

    // The same files again, in fresh folders, grown a line at a time with a read after each line: no call has its
    // start and its end in one read.
    const files = listFiles(dirs.claudeDir).map((path) => ({
      rel: relative(dirs.claudeDir, path),
      lines: readFileSync(path, 'utf8').split(/(?<=\n)/),
    }));
    dirs.cleanup();
    dirs = makeTempDirs();
    for (let i = 0; files.some((f) => i < f.lines.length); i++) {
      for (const f of files) {
        if (i >= f.lines.length) continue;
        mkdirSync(dirname(join(dirs.claudeDir, f.rel)), { recursive: true });
        appendFileSync(join(dirs.claudeDir, f.rel), f.lines[i]!);
      }
      await open();
      core!.close();
    }
    core = null;
    expect(rows()).toEqual(whole);
  });

  it('derives the same runs and tasks in an import nobody listens to, which derives them once at its end', async () => {
    writeThreeLayouts();
    await open(); // the app's core listens to activity: runs are derived after every file
    core!.close();
    core = null;
    const live = rows();
    rmSync(dirs.dataDir, { recursive: true, force: true });
    const importer = new Importer({ dataDir: dirs.dataDir, claudeDirs: [dirs.claudeDir], log: silent });
    // Nobody listens to this importer's activity: its import defers runs to its end.
    expect(importer.activity.deferRuns()).toBe(true);
    importer.activity.endDeferRuns();
    await importer.importOnce();
    importer.close();
    expect(rows()).toEqual(live);
    expect(live[1]!.map((r) => (r as { link_method: string }).link_method).sort()).toEqual([
      'progress',
      'prompt',
      'tool-result',
    ]);
  });

  it('closes a tool call when its result arrives in a later append, and marks an error result failed', async () => {
    const file = join(project, `${S}.jsonl`);
    writeFileSync(file, lines(assistantBlocks(main, t(0), [toolUse('toolu_bash', 'Bash', { command: 'npm test' })])));
    await open();
    let detail = await ask<SessionDetail>('sessions.get', { id: S });
    expect(detail.toolCalls).toEqual([
      expect.objectContaining({ id: 'toolu_bash', status: 'running', endedAt: null, input: { command: 'npm test' } }),
    ]);
    core!.close();
    appendFileSync(file, lines(toolResultLine(main, t(1), 'toolu_bash', { text: 'Exit code 1', isError: true })));
    await open();
    detail = await ask<SessionDetail>('sessions.get', { id: S });
    expect(detail.toolCalls[0]).toMatchObject({ status: 'failed', durationMs: 60_000, resultSize: 11 });
  });

  it('ends a background subagent when its task notification arrives, as it reports', async () => {
    const launch = (id: string, agentId: string, minute: number) => [
      assistantBlocks(main, t(minute), [
        toolUse(id, 'Agent', {
          subagent_type: 'test-runner',
          description: `Tests ${agentId}`,
          prompt: `Run the tests (${agentId})`,
          run_in_background: true,
        }),
      ]),
      toolResultLine(main, t(minute, 1), id, {
        text: asyncLaunchText(agentId),
        toolUseResult: asyncLaunchResult(agentId, `Tests ${agentId}`, `Run the tests (${agentId})`),
      }),
    ];
    const file = join(project, `${S}.jsonl`);
    writeFileSync(file, lines(...launch('toolu_bg_ok', 'a0b0c01', 0), ...launch('toolu_bg_fail', 'a0b0c02', 1)));
    await open();
    const status = async () =>
      Object.fromEntries((await ask<TaskItem[]>('tasks.list', { limit: 50 })).map((x) => [x.id, x.status]));
    // Launched: both run in the background, though their calls returned.
    expect(await status()).toEqual({ 'subagent:toolu_bg_ok': 'running', 'subagent:toolu_bg_fail': 'running' });

    appendFileSync(
      file,
      lines(
        taskNotificationLine(main, t(5), 'a0b0c01', 'completed', 'Tests a0b0c01'),
        taskNotificationLine(main, t(6), 'a0b0c02', 'failed', 'Tests a0b0c02'),
      ),
    );
    await core!.importOnce();
    expect(await status()).toEqual({ 'subagent:toolu_bg_ok': 'done', 'subagent:toolu_bg_fail': 'failed' });
    const detail = await ask<SessionDetail>('sessions.get', { id: S });
    const call = (id: string) => detail.toolCalls.find((c) => c.id === id)!;
    expect(call('toolu_bg_ok')).toMatchObject({ status: 'succeeded', endedAt: t(5).getTime() });
    expect(call('toolu_bg_ok').durationMs).toBe(5 * 60_000);
    expect(call('toolu_bg_fail')).toMatchObject({ status: 'failed', endedAt: t(6).getTime() });
    // The notification is not a prompt, and a second import changes nothing.
    await core!.importOnce();
    expect(await status()).toEqual({ 'subagent:toolu_bg_ok': 'done', 'subagent:toolu_bg_fail': 'failed' });
  });

  it('keeps only the latest TodoWrite list of a session', async () => {
    const todos = (...items: [string, string][]) =>
      items.map(([content, status]) => ({ content, status, activeForm: `${content}…` }));
    writeFileSync(
      join(project, `${S}.jsonl`),
      lines(
        assistantBlocks(main, t(0), [
          toolUse('toolu_todo1', 'TodoWrite', {
            todos: todos(['Add cart', 'in_progress'], ['Add checkout', 'pending'], ['Old idea', 'pending']),
          }),
        ]),
        assistantBlocks(main, t(5), [
          toolUse('toolu_todo2', 'TodoWrite', {
            todos: todos(['Add cart', 'completed'], ['Add checkout', 'in_progress']),
          }),
        ]),
      ),
    );
    await open();
    const tasks = (await ask<TaskItem[]>('tasks.list', {})).filter((x) => x.source === 'todo');
    expect(tasks.map((x) => [x.title, x.status])).toEqual([
      ['Add cart', 'done'],
      ['Add checkout', 'running'],
    ]);
    expect(await ask<TaskItem[]>('tasks.list', { status: 'running' })).toHaveLength(1);
  });

  it('records compactions and API errors as session events, and answers NOT_FOUND for an unknown session', async () => {
    writeFileSync(
      join(project, `${S}.jsonl`),
      lines(
        compactBoundaryLine(main, t(1), 155_000),
        apiErrorLine(main, t(2), 'API Error: 529 {"type":"error","error":{"type":"overloaded_error"}}'),
        '{"type":"assistant","message":{"content":[{"type":"tool_use"}]}', // damaged: cut short
      ),
    );
    await open();
    const detail = await ask<SessionDetail>('sessions.get', { id: S });
    expect(detail.events.map((e) => [e.kind, e.detail])).toEqual([
      ['compaction', { trigger: 'auto', preTokens: 155_000 }],
      ['api-error', expect.objectContaining({ message: expect.stringContaining('529') })],
    ]);
    const missing = await core!.dispatch('sessions.get', { id: 'nope' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
