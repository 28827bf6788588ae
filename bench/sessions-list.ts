// Benchmark: p50/p95 of `sessions.list` (filters, text, sorts, pages) and `sessions.get` on an imported Claude dir.
// Run: npx tsx electron/main/cli/index.ts simulate --out /tmp/sim-sessions --mib 200 --seed 3
//      npx tsx bench/sessions-list.ts --claude-dir /tmp/sim-sessions [--runs 30]   (store in a temp dir, removed)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RequestInput } from '../shared/contract';
import { createLogger } from '../electron/main/core/logger';
import { MonitorCore } from '../electron/main/core/monitor-core';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const claudeDir = option('--claude-dir') ?? '/tmp/sim-sessions';
const RUNS = Number(option('--runs') ?? 30);

const dataDir = mkdtempSync(join(tmpdir(), 'sfm-bench-sessions-'));
const core = new MonitorCore({
  dataDir,
  claudeDirs: [claudeDir],
  mode: 'browser',
  log: createLogger('error'),
  hooks: false,
});

const started = performance.now();
await core.importOnce();
const importMs = performance.now() - started;

const call = async <T>(name: 'sessions.list' | 'sessions.get', input: unknown): Promise<T> => {
  const envelope = await core.dispatch(name, input);
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.message}`);
  return envelope.value as T;
};

const first = await call<{ total: number; facets: { projects: string[]; models: string[]; agentTypes: string[] } }>(
  'sessions.list',
  {},
);
const { projects, models, agentTypes } = first.facets;
const biggest = await call<{ rows: { id: string; title: string | null; apiCalls: number }[] }>('sessions.list', {
  sort: 'apiCalls',
  limit: 1,
});
const word = (biggest.rows[0]?.title ?? 'fix').split(/\s+/)[0] ?? 'fix';

type ListInput = RequestInput<'sessions.list'>;
const cases: { name: string; input: ListInput }[] = [
  { name: 'newest first, page 1', input: {} },
  { name: 'page 10', input: { offset: 450 } },
  { name: 'by cost', input: { sort: 'cost' } },
  { name: 'by tokens, ascending', input: { sort: 'tokens', order: 'asc' } },
  { name: 'project', input: { project: projects[0] ?? 'x' } },
  { name: 'model', input: { model: models[0] ?? 'x' } },
  { name: 'agent type', input: { agentType: agentTypes[0] ?? 'x' } },
  { name: `text "${word}"`, input: { text: word } },
  { name: 'text, no match', input: { text: 'zz-no-such-text-zz' } },
  { name: 'last 7 days by cost', input: { from: Date.now() - 7 * 86_400_000, to: Date.now(), sort: 'cost' } },
  {
    name: 'everything at once',
    input: { project: projects[0] ?? 'x', model: models[0] ?? 'x', text: 'e', sort: 'duration' },
  },
];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
const all: number[] = [];
console.log(`imported ${claudeDir} in ${(importMs / 1000).toFixed(1)} s: ${first.total} sessions`);
for (const c of cases) {
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    total = (await call<{ total: number }>('sessions.list', c.input)).total;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  all.push(...times);
  console.log(
    `sessions.list ${c.name.padEnd(28)} matches ${String(total).padStart(5)}  p50 ${percentile(times, 0.5).toFixed(2)} ms  p95 ${percentile(times, 0.95).toFixed(2)} ms`,
  );
}
all.sort((a, b) => a - b);
console.log(
  `sessions.list all cases: p50 ${percentile(all, 0.5).toFixed(2)} ms, p95 ${percentile(all, 0.95).toFixed(2)} ms`,
);

const id = biggest.rows[0]?.id;
if (id) {
  const times: number[] = [];
  let entries = 0;
  for (let i = 0; i < Math.min(RUNS, 10); i++) {
    const t = performance.now();
    const d = await call<{ toolCalls: unknown[]; turns: unknown[] }>('sessions.get', { id });
    times.push(performance.now() - t);
    entries = d.toolCalls.length + d.turns.length;
  }
  times.sort((a, b) => a - b);
  console.log(
    `sessions.get largest session (${entries} tool calls + turns): p50 ${percentile(times, 0.5).toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(1)} ms`,
  );
}
core.close();
rmSync(dataDir, { recursive: true, force: true });
