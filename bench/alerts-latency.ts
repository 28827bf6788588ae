// Signal → notification-call latency, end to end through the AlertService on a real SQLite store: a failing
// run is fed among usage traffic, and a fake notifier sink (what notifier.ts is in the app) records when it
// is called. Run: `npx tsx bench/alerts-latency.ts [alerts]`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentRunSignal } from '../electron/main/alerts/adapters';
import { AlertService } from '../electron/main/alerts/alert-service';
import { createLogger } from '../electron/main/core/logger';
import { openDatabase } from '../electron/main/store/database';

const ALERTS = Number(process.argv[2] ?? 2000);
const BACKGROUND = 100; // usage signals between two failing runs
const dir = mkdtempSync(join(tmpdir(), 'sfm-bench-alerts-'));
const db = openDatabase(join(dir, 'monitor.sqlite'));
// The service's clock moves a minute per alert so the per-rule token bucket refills as it would in real time;
// the latency itself is measured on the real monotonic clock.
let clock = Date.now();
const service = new AlertService({ db, log: createLogger('error', () => {}), timezone: 'UTC', now: () => clock });
// Every failing run must reach the sink on its own: no grouping window, no rate limit in the way.
service.updateSettings({
  storm: { groupWindowSeconds: 0, burst: 100, perHour: 10_000 },
  rules: { budget: { dailyUsd: 1e9 } },
});

const sentAt = new Map<string, bigint>();
const latenciesMs: number[] = [];
const notifierSink = (title: string, body: string, subject: string) => {
  const sent = sentAt.get(subject);
  if (sent !== undefined && title.length + body.length > 0)
    latenciesMs.push(Number(process.hrtime.bigint() - sent) / 1e6);
};
service.onRaised((alerts) => {
  for (const a of alerts) if (a.notified) notifierSink(a.title, a.body, a.subject);
});

const t0 = process.hrtime.bigint();
for (let i = 0; i < ALERTS; i++) {
  clock += 60_000;
  const now = clock;
  service.feedMany(
    Array.from({ length: BACKGROUND }, () => ({
      kind: 'usage' as const,
      ts: now,
      sessionId: 'sess-bench',
      model: 'claude-sonnet-4-5',
      tokens: 900,
      costUsd: 0.0001,
    })),
  );
  const id = `toolu_bench_${i}`;
  sentAt.set(`run_failed:${id}`, process.hrtime.bigint());
  service.feed(
    agentRunSignal({
      id,
      sessionId: 'sess-bench',
      agentType: 'tester',
      status: 'failed',
      startedAt: now - 1000,
      endedAt: now,
    }),
  );
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
latenciesMs.sort((a, b) => a - b);
const q = (p: number) => +latenciesMs[Math.min(latenciesMs.length - 1, Math.floor(p * latenciesMs.length))]!.toFixed(3);
console.log(
  JSON.stringify({
    bench: 'alerts-latency',
    alerts: ALERTS,
    notified: latenciesMs.length,
    backgroundSignals: ALERTS * BACKGROUND,
    p50Ms: q(0.5),
    p99Ms: q(0.99),
    maxMs: +latenciesMs.at(-1)!.toFixed(3),
    seconds: +seconds.toFixed(3),
  }),
);
db.close();
rmSync(dir, { recursive: true, force: true });
