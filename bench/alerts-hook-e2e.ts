// Hook POST → `alerts.raised` latency through the whole core: the loopback HTTP receiver, the hook event store
// (SQLite), the signal adapter, the engine, the alert store and the event bus. Each event is a
// PostToolUseFailure of a Task call (a failed subagent run), sent one at a time as Claude Code would.
// Run: `npx tsx bench/alerts-hook-e2e.ts [events]`.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../electron/main/core/logger';
import { MonitorCore } from '../electron/main/core/monitor-core';

const EVENTS = Number(process.argv[2] ?? 500);
/** The per-rule token bucket holds at most 100 alerts; a fresh core per round keeps every event an alert. */
const PER_ROUND = 100;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

async function round(n: number, latencies: number[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sfm-bench-hook-alerts-'));
  const claudeDir = join(dir, 'claude');
  mkdirSync(claudeDir);
  const core = new MonitorCore({
    dataDir: join(dir, 'data'),
    claudeDirs: [claudeDir],
    mode: 'browser',
    log: createLogger('error', () => {}),
    rescanMs: 600_000,
    hooks: { port: 0 },
  });
  mkdirSync(join(dir, 'data'), { recursive: true });
  await core.start();
  await core.dispatch('alerts.rules.update', { storm: { groupWindowSeconds: 0, burst: 100, perHour: 10_000 } });
  const endpoint = core.hooks!;
  const waiting = new Map<string, (at: bigint) => void>();
  core.subscribe((e) => {
    if (e.name !== 'alerts.raised') return;
    const at = process.hrtime.bigint();
    for (const a of e.payload.alerts) waiting.get(a.subject)?.(at);
  });
  const sessionId = randomUUID();
  for (let i = 0; i < n; i++) {
    const id = `toolu_01${randomUUID().replace(/-/g, '').slice(0, 22)}`;
    const body = JSON.stringify({
      session_id: sessionId,
      transcript_path: `/home/dev/.claude/projects/-home-dev-shop/${sessionId}.jsonl`,
      cwd: '/home/dev/shop',
      permission_mode: 'default',
      hook_event_name: 'PostToolUseFailure',
      tool_name: 'Task',
      tool_input: { description: 'Run tests', prompt: 'Run npm test', subagent_type: 'test-runner' },
      tool_use_id: id,
      error: 'API Error: 529 Overloaded',
      is_interrupt: false,
    });
    const raised = new Promise<bigint>((resolve) => waiting.set(`run_failed:${id}`, resolve));
    const sent = process.hrtime.bigint();
    const res = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${endpoint.token}` },
      body,
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`hook POST answered ${res.status}`);
    const at = await raised;
    latencies.push(Number(at - sent) / 1e6);
  }
  await core.shutdown();
  rmSync(dir, { recursive: true, force: true });
}

const latencies: number[] = [];
const t0 = process.hrtime.bigint();
for (let left = EVENTS; left > 0; left -= PER_ROUND) await round(Math.min(PER_ROUND, left), latencies);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const sorted = [...latencies].sort((a, b) => a - b);
console.log(
  JSON.stringify({
    events: latencies.length,
    p50Ms: +pct(sorted, 0.5).toFixed(2),
    p95Ms: +pct(sorted, 0.95).toFixed(2),
    p99Ms: +pct(sorted, 0.99).toFixed(2),
    maxMs: +sorted.at(-1)!.toFixed(2),
    seconds: +seconds.toFixed(2),
  }),
);
