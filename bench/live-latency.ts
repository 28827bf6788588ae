// Live figure: how long a line appended to a large transcript takes to reach the event stream.
// Usage: npx tsx bench/live-latency.ts [--mib 50] [--appends 1000] [--gap-ms 5]
import { appendFileSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../electron/main/core/logger';
import { MonitorCore } from '../electron/main/core/monitor-core';

const { values } = parseArgs({
  options: {
    mib: { type: 'string', default: '50' },
    appends: { type: 'string', default: '1000' },
    'gap-ms': { type: 'string', default: '5' },
  },
});
const mib = Number(values.mib);
const appends = Number(values.appends);
const gapMs = Number(values['gap-ms']);

const root = mkdtempSync(join(tmpdir(), 'sfm-live-'));
const claudeDir = join(root, 'claude');
const session = '3f9a7c52-1b2d-4e8f-9a6b-5c4d3e2f1a0b';
const project = join(claudeDir, 'projects', '-home-dev-bench');
mkdirSync(project, { recursive: true });
const file = join(project, `${session}.jsonl`);

let n = 0;
const line = (ts: Date, text: string): string =>
  JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    userType: 'external',
    cwd: '/home/dev/bench',
    sessionId: session,
    version: '2.0.14',
    gitBranch: 'main',
    message: {
      id: `msg_bench_${n}`,
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5-20250929',
      content: [{ type: 'text', text }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 1000, output_tokens: 50 },
    },
    requestId: `req_bench_${n++}`,
    type: 'assistant',
    uuid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    timestamp: ts.toISOString(),
  });

// A 50 MB transcript: realistic lines with a few KB of assistant text each.
const filler = 'Reviewing the change set and running the test suite again. '.repeat(40);
const fd = openSync(file, 'w');
let bytes = 0;
const start = Date.now() - 3_600_000;
while (bytes < mib * 1024 * 1024) {
  const l = line(new Date(start + n * 1000), filler) + '\n';
  writeSync(fd, l);
  bytes += Buffer.byteLength(l);
}
closeSync(fd);

const core = new MonitorCore({
  dataDir: join(root, 'data'),
  claudeDirs: [claudeDir],
  mode: 'browser',
  log: createLogger('error'),
  rescanMs: 60_000,
});
const t0 = performance.now();
await core.start();
const initialMs = performance.now() - t0;

let waiting: ((at: number) => void) | null = null;
core.subscribe((e) => {
  if (e.name === 'usage.changed' && waiting) waiting(performance.now());
});

const latencies: number[] = [];
for (let i = 0; i < appends; i++) {
  const arrived = new Promise<number>((resolve) => (waiting = resolve));
  const sent = performance.now();
  appendFileSync(file, line(new Date(), 'Appended while the agent works.') + '\n');
  const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(Number.NaN), 5000));
  const at = await Promise.race([arrived, timeout]);
  waiting = null;
  latencies.push(at - sent);
  await new Promise((r) => setTimeout(r, gapMs));
}
core.close();
rmSync(root, { recursive: true, force: true });

const missed = latencies.filter((l) => Number.isNaN(l)).length;
const sorted = latencies.filter((l) => !Number.isNaN(l)).sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
console.log(
  JSON.stringify({
    transcriptMiB: +(bytes / 1024 / 1024).toFixed(1),
    initialImportMs: Math.round(initialMs),
    appends,
    missed,
    p50Ms: +pct(50).toFixed(1),
    p99Ms: +pct(99).toFixed(1),
    maxMs: +sorted.at(-1)!.toFixed(1),
  }),
);
