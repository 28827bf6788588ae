// Alert engine throughput with every rule on: a mix of real-shaped signals through `AlertEngine.ingest`,
// with the clock ticking as the service ticks it. Run: `npx tsx bench/alerts-throughput.ts [signals]`.
import { defaultAlertSettings } from '../shared/alerts';
import { AlertEngine } from '../electron/main/alerts/engine';
import type { AlertSignal } from '../electron/main/alerts/signals';

const N = Number(process.argv[2] ?? 1_000_000);
const settings = defaultAlertSettings('Europe/Berlin');
const r = settings.rules;
r.budget.dailyUsd = 50;
r.budget.monthlyUsd = 1000;
r.usage_block.tokenLimit = 50_000_000;
r.usage_block.costLimitUsd = 100;
r.run_failed.quietHours = [{ start: '22:00', end: '07:00' }];
r.tool_error_streak.quietHours = [{ start: '22:00', end: '07:00' }];
const engine = new AlertEngine(settings);

const sessions = Array.from({ length: 200 }, (_, i) => `sess-${i.toString(16).padStart(8, '0')}`);
const start = Date.parse('2026-03-10T08:00:00Z');
// Signals are built up front so the timing is the engine's, not the generator's.
const signals: AlertSignal[] = new Array(N);
for (let i = 0; i < N; i++) {
  const ts = start + Math.floor(i / 10); // 10 signals per ms: a full day of 10k/s is 864M; this covers N/10 ms
  const session = sessions[i % sessions.length]!;
  const k = i % 20;
  if (k < 14)
    signals[i] = { kind: 'usage', ts, sessionId: session, model: 'claude-sonnet-4-5', tokens: 1200, costUsd: 0.00001 };
  else if (k < 16) signals[i] = { kind: 'toolResult', sessionId: session, toolName: 'Bash', isError: i % 7 === 0, ts };
  else if (k < 18) {
    const id = `run-${Math.floor(i / 40)}`;
    signals[i] =
      k === 16
        ? {
            kind: 'agentRun',
            id,
            sessionId: session,
            agentType: 'tester',
            status: 'running',
            startedAt: ts,
            endedAt: null,
          }
        : {
            kind: 'agentRun',
            id,
            sessionId: session,
            agentType: 'tester',
            status: i % 9 === 0 ? 'failed' : 'succeeded',
            startedAt: ts,
            endedAt: ts,
          };
  } else if (k === 18)
    signals[i] = {
      kind: 'sessionStatus',
      sessionId: session,
      status: i % 3 === 0 ? 'waiting' : 'running',
      since: ts,
      reason: 'permission_prompt',
    };
  else
    signals[i] = {
      kind: 'teammateRun',
      developer: `dev${i % 6}`,
      agentType: 'reviewer',
      status: i % 4 === 0 ? 'failed' : 'succeeded',
      ts,
    };
}

let raised = 0;
const t0 = process.hrtime.bigint();
for (let i = 0; i < N; i++) {
  const s = signals[i]!;
  const now = start + Math.floor(i / 10);
  raised += engine.ingest(s, now).length;
  if (i % 10_000 === 0) raised += engine.tick(now).length; // the service ticks every second: 10k signals at 10k/s
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(
  JSON.stringify({
    bench: 'alerts-throughput',
    signals: N,
    seconds: +seconds.toFixed(3),
    signalsPerSecond: Math.round(N / seconds),
    alertsRaised: raised,
    stats: engine.stats,
  }),
);
