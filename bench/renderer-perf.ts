// Benchmark: the dashboard in real Chromium against the browser twin (`serve`) on a store of 1,000,000 usage
// records: time to the Overview's numbers, each panel switch, and — under a stream of hook events — the renderer's
// long tasks and JS heap.
// Run: npx electron-vite build && npx tsx bench/renderer-perf.ts [--records N] [--days N] [--rate N] [--seconds N]
//      [--loops N] [--keep] [--trace FILE]   (store in .bench-data/, removed afterwards unless --keep)
/// <reference lib="dom" />
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { ENDPOINT_FILE, TOKEN_HEADER } from '../electron/main/hooks/hook-protocol';
import { bodies, hookSession, toolUseId, type HookSession } from '../tests/support/hook-bodies';
import { fillUsageStore } from './dashboard-queries';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RECORDS = flag('--records', 1_000_000);
// Three days, evenly spread: today holds a third of the records however early in the day the run is.
const DAYS = flag('--days', 3);
const RATE = flag('--rate', 1000);
const SECONDS = flag('--seconds', 30);
const LOOPS = flag('--loops', 8);
const TRACE = args.includes('--trace') ? args[args.indexOf('--trace') + 1]! : null;
const root = resolve('.bench-data', `renderer-${RECORDS}`);
const dataDir = join(root, 'data');
const claudeDir = join(root, 'claude');

/** The panels in the sidebar's order; each panel's heading has the id `<route>-title`. */
const PANELS = [
  ['agents', 'Agents'],
  ['tasks', 'Task board'],
  ['sessions', 'Sessions'],
  ['metrics', 'Metrics'],
  ['analytics', 'Analytics'],
  ['alerts', 'Alerts'],
  ['sources', 'Sources & settings'],
  ['overview', 'Overview'],
] as const;

async function startServe(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['out/main/cli.js', 'serve', '--port', '0', '--data-dir', dataDir, '--claude-dir', claudeDir],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SUBFORGE_MONITOR_LOG_LEVEL: 'warn' } },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((done, fail) => {
    createInterface({ input: child.stdout! }).once('line', done);
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { url, child };
}

/** Long tasks seen by the page since it loaded (or since the last reset). */
const OBSERVE_LONG_TASKS = () => {
  const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
};

/** ms from `page.goto` to the Overview's exact token total having its text. */
async function openOverview(
  page: Page,
  url: string,
): Promise<{ ms: number; inPage: number; dcl: number; tokens: string }> {
  const t = performance.now();
  await page.goto(url);
  const handle = await page.waitForFunction(
    () => {
      const text = document.querySelector('[data-testid="today-total-tokens-exact"]')?.textContent ?? '';
      const nav = window.performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return text === '' ? null : { text, at: performance.now(), dcl: nav?.domContentLoadedEventEnd ?? 0 };
    },
    undefined,
    { polling: 'raf', timeout: 60_000 },
  );
  const ms = performance.now() - t;
  const { text, at, dcl } = (await handle.jsonValue())!;
  return { ms, inPage: at, dcl, tokens: text };
}

/** Clicks a sidebar link and times, in the page, until the panel's heading shows and nothing in it is loading. */
async function switchPanel(page: Page, route: string, label: string): Promise<number> {
  return await page.evaluate(
    async ({ route, label }) => {
      const link = [...document.querySelectorAll<HTMLAnchorElement>('nav a')].find((a) => a.textContent === label);
      if (!link) throw new Error(`no link ${label}`);
      const t = performance.now();
      link.click();
      return await new Promise<number>((done, fail) => {
        const check = () => {
          const main = document.querySelector('main')!;
          const heading = document.getElementById(`${route}-title`);
          const busy = main.querySelector('.loading, [aria-busy="true"]');
          if (heading && heading.getClientRects().length > 0 && !busy) done(performance.now() - t);
          else if (performance.now() - t > 60_000) fail(new Error(`${label} not ready after 60 s`));
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
    },
    { route, label },
  );
}

/** Posts hook events from `LOOPS` concurrent loops at `RATE` per second in all, for `SECONDS`. */
async function streamHookEvents(): Promise<{ sent: number; failed: number; ms: number }> {
  const endpoint = JSON.parse(readFileSync(join(dataDir, ENDPOINT_FILE), 'utf8')) as { url: string; token: string };
  const agent = new Agent({ keepAlive: true, maxSockets: LOOPS });
  const post = (body: Record<string, unknown>) =>
    new Promise<boolean>((done) => {
      const data = Buffer.from(JSON.stringify(body));
      const req = request(
        endpoint.url,
        {
          method: 'POST',
          agent,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': data.length,
            [TOKEN_HEADER]: endpoint.token,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => done((res.statusCode ?? 0) < 300));
        },
      );
      req.on('error', () => done(false));
      req.end(data);
    });
  // Each loop plays sessions the way Claude Code sends them: a start, a prompt, tool calls (some in a subagent).
  const plays = function* (s: HookSession): Generator<Record<string, unknown>> {
    yield bodies.sessionStart(s);
    yield bodies.userPromptSubmit(s);
    const sub = { agentId: `a${s.sessionId.slice(0, 12)}`, agentType: 'code-reviewer' };
    yield bodies.subagentStart(s, sub);
    for (;;) {
      for (let i = 0; i < 20; i++) {
        const id = toolUseId();
        const who = i % 3 === 0 ? sub : undefined;
        yield bodies.preToolUse(s, id, 'npm test', who);
        yield bodies.postToolUse(s, id, 'Tests: 12 passed, 12 total', who);
      }
      yield bodies.userPromptSubmit(s, 'Now run the linter');
    }
  };
  const total = RATE * SECONDS;
  const perLoop = Math.ceil(total / LOOPS);
  const gap = (1000 * LOOPS) / RATE;
  let sent = 0;
  let failed = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: LOOPS }, async (_, loop) => {
      const events = plays(hookSession(undefined, `/home/dev/stream-${loop}`));
      const start = performance.now() + (loop * gap) / LOOPS;
      for (let i = 0; i < perLoop; i++) {
        const due = start + i * gap;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        if (await post(events.next().value as Record<string, unknown>)) sent++;
        else failed++;
      }
    }),
  );
  agent.destroy();
  return { sent, failed, ms: performance.now() - t };
}

/** Least-squares slope (bytes per second) of the samples taken in [from, to) seconds. */
function slope(samples: { s: number; heap: number }[], from: number, to: number) {
  const xs = samples.filter((p) => p.s >= from && p.s < to);
  const mx = xs.reduce((a, p) => a + p.s, 0) / xs.length;
  const my = xs.reduce((a, p) => a + p.heap, 0) / xs.length;
  const num = xs.reduce((a, p) => a + (p.s - mx) * (p.heap - my), 0);
  const den = xs.reduce((a, p) => a + (p.s - mx) ** 2, 0);
  return { slope: den === 0 ? 0 : num / den, mean: my, min: Math.min(...xs.map((p) => p.heap)), n: xs.length };
}

const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);

async function main() {
  if (!existsSync(join(dataDir, 'monitor.sqlite')) || args.includes('--fresh')) {
    fillUsageStore(dataDir, { records: RECORDS, days: DAYS, officeHours: false });
  }
  mkdirSync(claudeDir, { recursive: true });
  const { url, child } = await startServe();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--enable-precise-memory-info',
    ],
  });
  try {
    console.log(
      `${RECORDS} records over ${DAYS} days; ${cpus().length} × ${cpus()[0]?.model}, ${mb(totalmem())} MiB; ` +
        `Chromium ${browser.version()}, node ${process.version}; load ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
    );
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // tsx compiles with esbuild's keepNames, so functions sent to the page call `__name`: give the page one.
    await context.addInitScript({ content: 'window.__name = (f) => f;' });
    await context.addInitScript(OBSERVE_LONG_TASKS);
    const page = await context.newPage();

    // 1. The Overview's numbers: the first open (fresh server and browser), then four reloads.
    const opens: number[] = [];
    for (let i = 0; i < 5; i++) {
      const o = await openOverview(page, url);
      opens.push(o.ms);
      console.log(
        `overview open ${i + 1}: ${o.ms.toFixed(0)} ms from goto (${o.inPage.toFixed(0)} ms after navigation start, ` +
          `scripts run by ${o.dcl.toFixed(0)} ms), ` +
          `today ${o.tokens} tokens`,
      );
    }

    // 2. Panel switches, twice round the sidebar (the first round is the first visit of each panel).
    for (const round of [1, 2]) {
      for (const [route, label] of PANELS) {
        const ms = await switchPanel(page, route, label);
        console.log(`switch round ${round} → ${label}: ${ms.toFixed(0)} ms${ms > 300 ? '  > 300 ms' : ''}`);
      }
    }

    // 3. A stream of hook events while the Overview is open (--seconds 0 skips it).
    if (SECONDS > 0) await streamPhase(page, context, url);
    await context.close();
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    if (!args.includes('--keep')) rmSync(root, { recursive: true, force: true });
  }
}

async function streamPhase(page: Page, context: BrowserContext, url: string) {
  await openOverview(page, url);
  await page.waitForTimeout(1000);
  if (TRACE) await context.tracing.start({ screenshots: false, snapshots: false });
  await page.evaluate(() => {
    const w = window as unknown as {
      __longTasks: unknown[];
      __heap: { s: number; heap: number }[];
      __sampler: number;
    };
    w.__longTasks = [];
    w.__heap = [];
    const t = performance.now();
    const mem = () => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
    w.__heap.push({ s: 0, heap: mem() });
    w.__sampler = window.setInterval(() => w.__heap.push({ s: (performance.now() - t) / 1000, heap: mem() }), 1000);
  });
  const stream = await streamHookEvents();
  await page.waitForTimeout(1000);
  if (TRACE) await context.tracing.stop({ path: TRACE });
  const result = await page.evaluate(() => {
    const w = window as unknown as {
      __longTasks: { start: number; duration: number }[];
      __heap: { s: number; heap: number }[];
      __sampler: number;
    };
    clearInterval(w.__sampler);
    return {
      longTasks: w.__longTasks,
      heap: w.__heap,
      feed: document.querySelectorAll('[data-testid="feed-item"]').length,
    };
  });
  console.log(
    `stream: ${stream.sent} events posted in ${(stream.ms / 1000).toFixed(1)} s ` +
      `(${((stream.sent * 1000) / stream.ms).toFixed(0)}/s, ${stream.failed} failed), ${LOOPS} loops; ` +
      `feed shows ${result.feed} items`,
  );
  const longest = Math.max(0, ...result.longTasks.map((t) => t.duration));
  const over100 = result.longTasks.filter((t) => t.duration > 100).length;
  console.log(
    `long tasks (> 50 ms): ${result.longTasks.length}, over 100 ms: ${over100}, longest ${longest.toFixed(0)} ms` +
      (result.longTasks.length > 0
        ? ` [${result.longTasks.map((t) => `${(t.start / 1000).toFixed(1)}s:${t.duration.toFixed(0)}`).join(' ')}]`
        : ''),
  );
  const a = slope(result.heap, 10, 20);
  const b = slope(result.heap, 20, 31);
  console.log(
    `heap: ${result.heap.map((p) => mb(p.heap)).join(' ')} MiB; 10–20 s mean ${mb(a.mean)} MiB, lowest ` +
      `${mb(a.min)} MiB, slope ${(a.slope / 1024).toFixed(0)} KiB/s; 20–30 s mean ${mb(b.mean)} MiB, lowest ` +
      `${mb(b.min)} MiB, slope ${(b.slope / 1024).toFixed(0)} KiB/s; ` +
      `ratio of means ${(b.mean / a.mean).toFixed(3)}`,
  );
}

void main();
