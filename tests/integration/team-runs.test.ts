// Subagent runs shared through the team's Postgres (real Postgres and Redis): Alice's runs, read from her
// transcripts, reach Bob's cache by catch-up even though Bob was not online when she pushed them, and the
// Agents view and the task board answer for the team, for one developer and for this machine.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { AgentSummary, RequestInput, RequestName, RequestOutput } from '../../shared/contract';
import type { MonitorCore } from '../../electron/main/core/monitor-core';
import { assistantBlocks, promptLine, taskResult, toolResultLine, toolUse } from '../support/activity-lines';
import { teamTestbed } from '../support/team-instances';

const SESSION = '33333333-3333-4333-8333-333333333333';

async function ask<K extends RequestName>(core: MonitorCore, name: K, input: RequestInput<K>) {
  const e = await core.dispatch(name, input);
  if (!e.ok) throw new Error(`${name}: ${e.error.code} ${e.error.message}`);
  return e.value as RequestOutput<K>;
}

const figures = (agents: AgentSummary[], name: string) => {
  const a = agents.find((x) => x.name === name);
  return a && { runs: a.runs, succeeded: a.succeeded, failed: a.failed, totalTokens: a.totalTokens };
};

describe('team agent runs', () => {
  const bed = teamTestbed();

  it('reach a teammate who was offline, through Postgres, and fill the Agents view of the team', async () => {
    const target = bed.target();
    const alice = await bed.open('alice', target);

    // A code-reviewer run with its own transcript (350 tokens) that succeeds, and an Explore call that fails.
    const now = Date.now();
    const at = (s: number) => new Date(now - 60_000 + s * 1000);
    const main = { sessionId: SESSION, cwd: '/home/alice/shop' };
    const project = alice.dirs.projectDir('-home-alice-shop');
    const subDir = join(project, SESSION, 'subagents');
    mkdirSync(subDir, { recursive: true });
    writeFileSync(
      join(project, `${SESSION}.jsonl`),
      [
        assistantBlocks(main, at(0), [
          toolUse('toolu_01Review', 'Task', {
            subagent_type: 'code-reviewer',
            description: 'Review cart',
            prompt: 'Review the cart module',
          }),
        ]),
        toolResultLine(main, at(10), 'toolu_01Review', {
          text: 'Looks good.',
          toolUseResult: taskResult('a1b2c3d', 'Review the cart module'),
        }),
        assistantBlocks(main, at(11), [
          toolUse('toolu_01Explore', 'Agent', { subagent_type: 'Explore', description: 'Find', prompt: 'Find it' }),
        ]),
        toolResultLine(main, at(12), 'toolu_01Explore', { text: 'Agent crashed: tool limit', isError: true }),
      ].join('\n') + '\n',
    );
    const sub = { ...main, isSidechain: true, agentId: 'a1b2c3d' };
    writeFileSync(
      join(subDir, 'agent-a1b2c3d.jsonl'),
      [
        promptLine(sub, at(1), 'Review the cart module'),
        assistantBlocks(sub, at(2), [{ type: 'text', text: 'Reading.' }], { input: 100, output: 20 }),
        assistantBlocks(sub, at(3), [{ type: 'text', text: 'Looks good.' }], { input: 200, output: 30 }),
      ].join('\n') + '\n',
    );
    await alice.core.importOnce();

    // In Postgres before Bob exists: he can only learn of them by catch-up.
    await vi.waitFor(
      async () => {
        const rows = await bed.db.query(
          `SELECT id, developer, agent_id AS "agentId", agent_type AS "agentType", status FROM team_agent_runs ORDER BY id`,
        );
        expect(rows).toEqual([
          { id: 'toolu_01Explore', developer: 'alice', agentId: null, agentType: 'Explore', status: 'failed' },
          {
            id: 'toolu_01Review',
            developer: 'alice',
            agentId: 'a1b2c3d',
            agentType: 'code-reviewer',
            status: 'succeeded',
          },
        ]);
      },
      { timeout: 15_000 },
    );

    const bob = await bed.open('bob', target);
    const team = { scope: { kind: 'team' as const } };
    await vi.waitFor(
      async () => {
        const agents = (await ask(bob.core, 'agents.list', team)).agents;
        expect(figures(agents, 'code-reviewer')).toEqual({ runs: 1, succeeded: 1, failed: 0, totalTokens: 350 });
        expect(figures(agents, 'Explore')).toEqual({ runs: 1, succeeded: 0, failed: 1, totalTokens: 0 });
      },
      { timeout: 15_000 },
    );
    // One developer's view is that developer's runs; Bob ran none, and his own machine has none either.
    const aliceOnly = (await ask(bob.core, 'agents.list', { scope: { kind: 'developer', developer: 'alice' } })).agents;
    expect(figures(aliceOnly, 'code-reviewer')).toEqual({ runs: 1, succeeded: 1, failed: 0, totalTokens: 350 });
    const bobOnly = (await ask(bob.core, 'agents.list', { scope: { kind: 'developer', developer: 'bob' } })).agents;
    expect(bobOnly.filter((a) => a.runs > 0)).toEqual([]);
    expect((await ask(bob.core, 'agents.list', {})).agents.filter((a) => a.runs > 0)).toEqual([]);
    // The team's task board: one card per run, titled by its type, with whose run it was and its own tokens.
    const tasks = await ask(bob.core, 'tasks.list', { limit: 50, ...team });
    expect(tasks.map((t) => [t.id, t.developer, t.title, t.status, t.totalTokens, t.sessionId, t.project])).toEqual([
      ['subagent:toolu_01Explore', 'alice', 'Explore', 'failed', null, SESSION, '-home-alice-shop'],
      ['subagent:toolu_01Review', 'alice', 'code-reviewer', 'done', 350, SESSION, '-home-alice-shop'],
    ]);
    expect((await ask(bob.core, 'tasks.list', { limit: 50, status: 'failed', ...team })).map((t) => t.title)).toEqual([
      'Explore',
    ]);
    expect(await ask(bob.core, 'tasks.list', { limit: 50, status: 'queued', ...team })).toEqual([]);
    expect(await ask(bob.core, 'tasks.list', { limit: 50, scope: { kind: 'developer', developer: 'bob' } })).toEqual(
      [],
    );
    // Alice's own team view agrees with Bob's: her pushed runs are cached on her side too.
    const aliceTeam = (await ask(alice.core, 'agents.list', team)).agents;
    expect(figures(aliceTeam, 'code-reviewer')).toEqual({ runs: 1, succeeded: 1, failed: 0, totalTokens: 350 });
  });
});
