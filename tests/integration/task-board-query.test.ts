// What the Task board and Agents panel read: a subagent task carries its run's tokens and cost, and a sidechain
// line replaying a main-chain response counts in neither a task's, a run's nor an agent type's tokens.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentList, AgentRun, TaskItem } from '../../shared/contract';
import { createLogger } from '../../electron/main/core/logger';
import { MonitorCore } from '../../electron/main/core/monitor-core';
import { assistantBlocks, promptLine, taskResult, toolResultLine, toolUse } from '../support/activity-lines';
import { assistantLine } from '../support/transcript-lines';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';

const S = '5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c';
const main = { sessionId: S, cwd: '/home/dev/shop' };
const silent = createLogger('error', () => {});
const t = (minute: number, second = 0) => new Date(Date.UTC(2026, 10, 21, 9, minute, second));
const lines = (...l: string[]) => l.join('\n') + '\n';

describe('task board query', () => {
  let dirs: TempDirs;
  let core: MonitorCore | null = null;

  beforeEach(() => {
    dirs = makeTempDirs();
  });
  afterEach(() => {
    core?.close();
    core = null;
    dirs.cleanup();
  });

  const ask = async <T>(name: string, input: unknown): Promise<T> => {
    const answer = await core!.dispatch(name, input);
    if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
    return answer.value as T;
  };

  it('gives a subagent task its run tokens and cost, without replayed responses; other tasks get none', async () => {
    const project = dirs.projectDir('-home-dev-shop');
    const subDir = join(project, S, 'subagents');
    mkdirSync(subDir, { recursive: true });
    const replayed = 'msg_01replayedparentresponse';
    writeFileSync(
      join(project, `${S}.jsonl`),
      lines(
        assistantLine(main, t(0), { input: 10, output: 5, messageId: replayed }),
        assistantBlocks(main, t(1), [
          toolUse('toolu_review', 'Task', {
            subagent_type: 'code-reviewer',
            description: 'Review cart',
            prompt: 'Review the cart module',
          }),
          toolUse('toolu_todo', 'TodoWrite', { todos: [{ content: 'Ship cart', status: 'pending', activeForm: 'x' }] }),
        ]),
        toolResultLine(main, t(3), 'toolu_review', {
          text: 'Looks good.',
          toolUseResult: taskResult('c0ffee1', 'Review the cart module'),
        }),
      ),
    );
    const sub = { ...main, isSidechain: true, agentId: 'c0ffee1' };
    writeFileSync(
      join(subDir, 'agent-c0ffee1.jsonl'),
      lines(
        promptLine(sub, t(1, 5), 'Review the cart module'),
        assistantLine(sub, t(1, 30), { input: 120, output: 30 }),
        // Replays the parent's response: stored, never counted.
        assistantLine(sub, t(2), { input: 10, output: 5, messageId: replayed }),
      ),
    );
    core = new MonitorCore({ dataDir: dirs.dataDir, claudeDirs: [dirs.claudeDir], mode: 'browser', log: silent });
    await core.importOnce();

    const tasks = await ask<TaskItem[]>('tasks.list', {});
    const review = tasks.find((x) => x.source === 'subagent');
    expect(review).toMatchObject({ title: 'Review cart', status: 'done', runId: 'c0ffee1', totalTokens: 150 });
    expect(review!.totalCost).toBeGreaterThan(0);
    expect(tasks.find((x) => x.source === 'todo')).toMatchObject({
      title: 'Ship cart',
      runId: null,
      totalTokens: null,
      totalCost: null,
    });

    const [run] = await ask<AgentRun[]>('agentRuns.list', { sessionId: S });
    expect(run).toMatchObject({ id: 'c0ffee1', totalTokens: 150, apiCalls: 1, totalCost: review!.totalCost });
    const agents = await ask<AgentList>('agents.list', {});
    expect(agents.agents.find((a) => a.name === 'code-reviewer')).toMatchObject({ totalTokens: 150 });
  });
});
