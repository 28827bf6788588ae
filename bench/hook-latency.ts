// Latency of live hook events: from the POST leaving a client to the batched `hooks.event` push reaching a
// subscriber, over N sequential posts to a real core (SQLite in a temp dir). Then what Claude Code waits for on
// each event: the built `hook` command (`out/main/hook.js`, run from a fresh process with the event on stdin) until
// it exits, against a bare `node -e 0` run alternately with it. Run: npx tsx bench/hook-latency.ts [N] [commands]
// (build first: npx electron-vite build).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLogger } from '../electron/main/core/logger';
import { MonitorCore } from '../electron/main/core/monitor-core';

const count = Number(process.argv[2] ?? 1000);
const commands = Number(process.argv[3] ?? 40);
const HOOK_ENTRY = resolve(import.meta.dirname, '../out/main/hook.js');
const dir = mkdtempSync(join(tmpdir(), 'sfm-bench-hooks-'));
const sessionId = '7e6d5c4b-3a2f-4e1d-8c9b-0a1b2c3d4e5f';

function post(url: string, token: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-SubForge-Token': token },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const fmt = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `p50 ${pct(s, 50).toFixed(2)} ms, p99 ${pct(s, 99).toFixed(2)} ms, max ${s.at(-1)!.toFixed(2)} ms`;
};

const core = new MonitorCore({
  dataDir: join(dir, 'data'),
  claudeDirs: [join(dir, 'claude')],
  mode: 'browser',
  log: createLogger('error'),
  hooks: { port: 0 },
});
try {
  await core.start();
  const { url, token } = core.hooks!;
  const sentAt = new Map<string, number>();
  const pushLatency: number[] = [];
  let waiting: (() => void) | null = null;
  let notifications = 0;
  core.subscribe((e) => {
    if (e.name !== 'hooks.event') return;
    const now = performance.now();
    notifications += e.payload.events.filter((ev) => ev.event === 'Notification').length;
    for (const ev of e.payload.events) {
      const t = ev.toolUseId ? sentAt.get(ev.toolUseId) : undefined;
      if (t !== undefined) pushLatency.push(now - t);
    }
    waiting?.();
  });
  const answerLatency: number[] = [];
  for (let i = 0; i < count; i++) {
    const id = `toolu_bench_${i.toString().padStart(6, '0')}`;
    const body = JSON.stringify({
      session_id: sessionId,
      transcript_path: `/home/dev/.claude/projects/-home-dev-demo/${sessionId}.jsonl`,
      cwd: '/home/dev/demo',
      permission_mode: 'default',
      hook_event_name: i % 2 === 0 ? 'PreToolUse' : 'PostToolUse',
      tool_name: 'Bash',
      tool_input: { command: `npm test -- --shard ${i}`, description: 'Run the test suite' },
      ...(i % 2 === 0 ? {} : { tool_response: { stdout: 'ok', stderr: '', interrupted: false, isImage: false } }),
      tool_use_id: id,
    });
    const pushed = new Promise<void>((resolve) => (waiting = resolve));
    const t0 = performance.now();
    sentAt.set(id, t0);
    const status = await post(url, token, body);
    answerLatency.push(performance.now() - t0);
    if (status !== 200) throw new Error(`post ${i} answered ${status}`);
    await pushed; // one event in flight at a time: measures latency, not throughput
  }
  console.log(`hook events: ${count} sequential POSTs to ${url}`);
  console.log(`  POST → 200 answer:        ${fmt(answerLatency)}`);
  console.log(`  POST → hooks.event push:  ${fmt(pushLatency)} (batch window 16 ms)`);

  if (!existsSync(HOOK_ENTRY)) throw new Error(`${HOOK_ENTRY} is missing: run npx electron-vite build first`);
  const run = (args: string[], input: string) =>
    new Promise<number>((done, fail) => {
      const t0 = performance.now();
      const child = execFile(process.execPath, args, (error) => (error ? fail(error) : done(performance.now() - t0)));
      child.stdin!.end(input);
    });
  const hookMs: number[] = [];
  const bareMs: number[] = [];
  for (let i = 0; i < commands; i++) {
    const body = JSON.stringify({ session_id: sessionId, hook_event_name: 'Notification', message: `bench ${i}` });
    hookMs.push(await run([HOOK_ENTRY, '--data-dir', join(dir, 'data')], body));
    bareMs.push(await run(['-e', '0'], ''));
  }
  await new Promise((done) => setTimeout(done, 100)); // the last push's batch window
  if (notifications !== commands) throw new Error(`the hook command forwarded ${notifications} of ${commands} events`);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `hook command: ${commands} runs of node out/main/hook.js, each forwarding one event, alternating with node -e 0`,
  );
  console.log(`  hook command: ${fmt(hookMs)}; median ${median(hookMs).toFixed(1)} ms`);
  console.log(`  node -e 0:    ${fmt(bareMs)}; median ${median(bareMs).toFixed(1)} ms`);
  console.log(`  the command's own cost (median difference): ${(median(hookMs) - median(bareMs)).toFixed(1)} ms`);
} finally {
  core.close();
  rmSync(dir, { recursive: true, force: true });
}
