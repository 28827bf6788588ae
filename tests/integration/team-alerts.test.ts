// Teammate alerts on real Postgres and Redis: Alice's failing subagent runs, read from her transcripts, reach
// Bob's app on the team channel and raise "keeps failing" there, never on Alice's own app.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { assistantBlocks, toolResultLine, toolUse } from '../support/activity-lines';
import { teamTestbed } from '../support/team-instances';

const SESSION = '22222222-2222-4222-8222-222222222222';

describe('teammate alerts', () => {
  const bed = teamTestbed();

  it("raises teammate_failing on Bob's app when Alice's test-runner fails twice", async () => {
    const target = bed.target();
    const alice = await bed.open('alice', target);
    const bob = await bed.open('bob', target);
    for (const app of [alice, bob]) {
      const set = await app.core.dispatch('alerts.rules.update', {
        rules: { teammate_failing: { count: 2, windowMinutes: 30 } },
      });
      expect(set.ok).toBe(true);
    }
    await vi.waitFor(async () => {
      const s = await bob.core.dispatch('team.status', {});
      expect(s).toMatchObject({ ok: true, value: { redis: { connected: true } } });
    });

    const ctx = { sessionId: SESSION, cwd: '/home/alice/demo' };
    const now = Date.now();
    const lines = ['toolu_01AliceRunOne000000001', 'toolu_01AliceRunTwo000000002'].flatMap((id, i) => [
      assistantBlocks(ctx, new Date(now - 30_000 + i * 1000), [
        toolUse(id, 'Task', { description: 'Tests', prompt: `Run the tests (${i})`, subagent_type: 'test-runner' }),
      ]),
      toolResultLine(ctx, new Date(now - 10_000 + i * 1000), id, { text: 'API Error: 529 Overloaded', isError: true }),
    ]);
    writeFileSync(join(alice.dirs.projectDir('-home-alice-demo'), `${SESSION}.jsonl`), lines.join('\n') + '\n');
    await alice.core.importOnce();

    await vi.waitFor(
      () =>
        expect(bob.core.alerts.list({ limit: 10, rule: 'teammate_failing' }).map((a) => a.title)).toEqual([
          'alice’s test-runner keeps failing',
        ]),
      { timeout: 15_000 },
    );
    const runs = bob.live.filter((m) => m.developer === 'alice').flatMap((m) => m.runs ?? []);
    expect(runs.map((r) => [r.agentType, r.status])).toEqual([
      ['test-runner', 'failed'],
      ['test-runner', 'failed'],
    ]);
    // Alice hears of her runs as her own failures, not as a teammate's.
    expect(alice.core.alerts.list({ limit: 10, rule: 'teammate_failing' })).toEqual([]);
    expect(alice.core.alerts.list({ limit: 10, rule: 'run_failed' })).toHaveLength(2);
  });
});
