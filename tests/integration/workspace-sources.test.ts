// The agent registry and SubForge workspaces of projects seen in sessions reach the store and the agents
// and tasks views; broken files are counted, not fatal; edits are picked up.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentList, TaskItem } from '../../shared/contract';
import { createLogger } from '../../electron/main/core/logger';
import { MonitorCore } from '../../electron/main/core/monitor-core';
import { assistantBlocks, toolResultLine, toolUse, taskResult, promptLine } from '../support/activity-lines';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';

const S = '2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091';
const silent = createLogger('error', () => {});
const t = (minute: number) => new Date(Date.UTC(2026, 10, 20, 9, minute));
const lines = (...l: string[]) => l.join('\n') + '\n';

describe('workspace sources', () => {
  let dirs: TempDirs;
  let core: MonitorCore | null = null;
  let cwd: string;

  const open = async () => {
    core = new MonitorCore({ dataDir: dirs.dataDir, claudeDirs: [dirs.claudeDir], mode: 'browser', log: silent });
    await core.importOnce();
  };
  const ask = async <T>(name: string, input: unknown): Promise<T> => {
    const answer = await core!.dispatch(name, input);
    if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
    return answer.value as T;
  };

  beforeEach(() => {
    dirs = makeTempDirs();
    cwd = join(dirs.dataDir, '..', 'shop');
    mkdirSync(join(cwd, '.claude', 'agents'), { recursive: true });
    mkdirSync(join(dirs.claudeDir, 'agents'), { recursive: true });
    const main = { sessionId: S, cwd };
    const sub = { ...main, isSidechain: true, agentId: 'c0ffee1' };
    const project = dirs.projectDir('-tmp-shop');
    mkdirSync(join(project, S, 'subagents'), { recursive: true });
    writeFileSync(
      join(project, `${S}.jsonl`),
      lines(
        assistantBlocks(main, t(0), [
          toolUse('toolu_r', 'Task', { subagent_type: 'code-reviewer', description: 'Review', prompt: 'Review it' }),
        ]),
        toolResultLine(main, t(3), 'toolu_r', { text: 'ok', toolUseResult: taskResult('c0ffee1', 'Review it') }),
      ),
    );
    writeFileSync(
      join(project, S, 'subagents', 'agent-c0ffee1.jsonl'),
      lines(
        promptLine(sub, t(1), 'Review it'),
        assistantBlocks(sub, t(2), [toolUse('toolu_g', 'Grep', { pattern: 'TODO' })], { input: 10, output: 5 }),
      ),
    );
  });
  afterEach(() => {
    core?.close();
    core = null;
    dirs.cleanup();
  });

  it('joins project and user agent definitions with their runs, and lists broken definitions', async () => {
    writeFileSync(
      join(cwd, '.claude', 'agents', 'code-reviewer.md'),
      '---\nname: code-reviewer\ndescription: Reviews code\nmodel: sonnet\ntools: Read, Grep, Glob\n---\nYou review.\n',
    );
    writeFileSync(
      join(dirs.claudeDir, 'agents', 'writer.md'),
      '---\nname: writer\ndescription: Writes docs\ntools:\n  - Read\n  - Write\n---\n',
    );
    writeFileSync(join(dirs.claudeDir, 'agents', 'broken.md'), 'name: broken\nno frontmatter here\n');
    await open();
    const list = await ask<AgentList>('agents.list', {});
    expect(list.agents.find((a) => a.name === 'code-reviewer')).toMatchObject({
      scope: 'project',
      model: 'sonnet',
      tools: ['Read', 'Grep', 'Glob'],
      runs: 1,
      succeeded: 1,
      inputTokens: 10,
      toolsUsed: [{ name: 'Grep', count: 1 }],
      lastRunAt: t(1).getTime(),
    });
    expect(list.agents.find((a) => a.name === 'writer')).toMatchObject({
      scope: 'user',
      tools: ['Read', 'Write'],
      runs: 0,
    });
    expect(list.badFiles).toEqual([
      { path: join(dirs.claudeDir, 'agents', 'broken.md'), error: expect.stringMatching(/no frontmatter/) },
    ]);

    // An edit and a removal are picked up by the next scan.
    rmSync(join(dirs.claudeDir, 'agents', 'broken.md'));
    writeFileSync(join(dirs.claudeDir, 'agents', 'writer.md'), '---\nname: writer\nmodel: haiku\n---\n');
    await core!.workspaces.scan();
    const again = await ask<AgentList>('agents.list', {});
    expect(again.badFiles).toEqual([]);
    expect(again.agents.find((a) => a.name === 'writer')).toMatchObject({ model: 'haiku', tools: null });
  });

  it('turns a SubForge current-task.json into tasks and replaces them when the file changes', async () => {
    mkdirSync(join(cwd, 'workflow-state'), { recursive: true });
    const file = join(cwd, 'workflow-state', 'current-task.json');
    const write = (statuses: [string, string][]) =>
      writeFileSync(
        file,
        JSON.stringify({
          workflow_id: 'wf-1',
          task_breakdown: statuses.map(([description, status], i) => ({
            task_id: `task-00${i + 1}`,
            description,
            assigned_to: '@backend-developer',
            status,
          })),
          blockers: [],
        }),
      );
    write([
      ['Create schema', 'completed'],
      ['Build API', 'in_progress'],
    ]);
    mkdirSync(join(cwd, '.subforge', 'subforge_1'), { recursive: true });
    writeFileSync(join(cwd, '.subforge', 'subforge_1', 'workflow_context.json'), '{"phase_results": {');
    await open();
    const subforge = async () => (await ask<TaskItem[]>('tasks.list', {})).filter((x) => x.source === 'subforge');
    expect((await subforge()).map((x) => [x.title, x.status, x.agent, x.project])).toEqual(
      expect.arrayContaining([
        ['Create schema', 'done', 'backend-developer', cwd],
        ['Build API', 'running', 'backend-developer', cwd],
      ]),
    );

    write([['Build API', 'failed']]);
    // A rewrite within the same millisecond keeps the mtime; make it visibly newer.
    const later = new Date(Date.now() + 5000);
    const { utimesSync } = await import('node:fs');
    utimesSync(file, later, later);
    const report = await core!.workspaces.scan();
    expect(report).toMatchObject({ subforgeFiles: 2, badSubforgeFiles: 1 });
    expect((await subforge()).map((x) => [x.title, x.status])).toEqual([['Build API', 'failed']]);

    rmSync(file);
    await core!.workspaces.scan();
    expect(await subforge()).toEqual([]);
  });
});
