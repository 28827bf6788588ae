// The alert engine over sequences of signals from real formats: each rule fires when it should and stays
// quiet when it should; snooze, quiet hours, de-duplication, grouping and rate limits hold.
import { describe, expect, it } from 'vitest';
import { defaultAlertSettings, type AlertSettings } from '../../shared/alerts';
import { AlertEngine } from '../../electron/main/alerts/engine';
import { sourceHealthSignals, toolResultSignal, teammateRunSignal } from '../../electron/main/alerts/adapters';
import { notificationHook, run, usageSignal, waitingFromHook } from '../support/alert-signals';

const S1 = '0d9e1c2b-3a4f-4e5d-8c7b-6a5f4e3d2c1b';
const S2 = '7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2918';
const T0 = Date.parse('2026-03-10T14:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

function engineWith(change: (s: AlertSettings) => void = () => {}, tz = 'UTC') {
  const settings = defaultAlertSettings(tz);
  settings.storm.groupWindowSeconds = 0; // most tests look at one rule; grouping has its own tests
  change(settings);
  let n = 0;
  return new AlertEngine(settings, { newId: () => `a${++n}` });
}

describe('rules', () => {
  it('raises a failed subagent run once, and nothing for a run that succeeded', () => {
    const engine = engineWith();
    expect(engine.ingest(run('toolu_01', S1, 'running', T0), T0)).toEqual([]);
    expect(engine.ingest(run('toolu_01', S1, 'succeeded', T0, T0 + 5000), T0 + 5000)).toEqual([]);
    const [alert] = engine.ingest(run('toolu_02', S1, 'failed', T0, T0 + 42_000), T0 + 42_000);
    expect(alert).toMatchObject({
      rule: 'run_failed',
      severity: 'critical',
      title: 'code-reviewer failed',
      sessionId: S1,
      notified: true,
    });
    expect(alert!.body).toContain('after 42 s');
    expect(engine.ingest(run('toolu_02', S1, 'failed', T0, T0 + 42_000), T0 + 43_000)).toEqual([]);
    expect(engine.stats.duplicates).toBe(1);
  });

  it('raises a streak of N tool errors in one session; a success in between resets it', () => {
    const engine = engineWith((s) => (s.rules.tool_error_streak.count = 3));
    const err = (session: string, t: number) =>
      engine.ingest(toolResultSignal({ sessionId: session, toolName: 'Bash', isError: true, ts: t }), t);
    expect(err(S1, T0)).toEqual([]);
    expect(err(S1, T0 + 1)).toEqual([]);
    engine.ingest(toolResultSignal({ sessionId: S1, toolName: 'Read', isError: false, ts: T0 + 2 }), T0 + 2);
    expect(err(S1, T0 + 3)).toEqual([]);
    expect(err(S2, T0 + 3)).toEqual([]); // another session's errors do not count
    expect(err(S1, T0 + 4)).toEqual([]);
    const raised = err(S1, T0 + 5);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ rule: 'tool_error_streak', title: '3 tool errors in a row', sessionId: S1 });
    expect(err(S1, T0 + 6)).toEqual([]); // the same streak does not raise again
  });

  it('raises a session waiting for permission longer than N seconds, once, and not after it moves on', () => {
    const engine = engineWith((s) => (s.rules.session_waiting.seconds = 60));
    engine.ingest(waitingFromHook(notificationHook(S1, 'permission_prompt'), T0), T0);
    engine.ingest(waitingFromHook(notificationHook(S2, 'idle_prompt'), T0), T0);
    engine.ingest({ kind: 'sessionStatus', sessionId: S2, status: 'running', since: T0 + 10_000 }, T0 + 10_000);
    expect(engine.tick(T0 + 59_000)).toEqual([]);
    const raised = engine.tick(T0 + 61_000);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ rule: 'session_waiting', sessionId: S1 });
    expect(raised[0]!.title).toContain('waits for permission');
    expect(engine.tick(T0 + 120_000)).toEqual([]);
  });

  it('raises a run still running after N minutes and lists it as running until it ends', () => {
    const engine = engineWith((s) => (s.rules.long_run.minutes = 10));
    engine.ingest(run('toolu_09', S1, 'running', T0), T0);
    expect(engine.runningRuns().map((r) => r.id)).toEqual(['toolu_09']);
    expect(engine.tick(T0 + 9 * MIN)).toEqual([]);
    expect(engine.tick(T0 + 11 * MIN)).toMatchObject([{ rule: 'long_run', sessionId: S1 }]);
    engine.ingest(run('toolu_09', S1, 'succeeded', T0, T0 + 12 * MIN), T0 + 12 * MIN);
    expect(engine.runningRuns()).toEqual([]);
  });

  it('raises a daily budget at 50, 80 and 100% of USD spent in the user’s time zone', () => {
    // 02:00 UTC on the 11th is still the 10th in New York: it counts for that day, not the next.
    const tz = 'America/New_York';
    const engine = engineWith((s) => (s.rules.budget.dailyUsd = 1), tz);
    const now = Date.parse('2026-03-11T15:00:00Z'); // 11:00 on the 11th in New York
    const yesterday = usageSignal(S1, new Date('2026-03-11T02:00:00Z'), { output: 60_000 });
    expect(yesterday.costUsd).toBeCloseTo(0.9, 5); // 60k output tokens of Sonnet 4.5 at $15/M
    expect(engine.ingest(yesterday, now)).toEqual([]);
    expect(engine.todayCostUsd(now)).toBe(0);
    const spend = (output: number, at: string) =>
      engine.ingest(usageSignal(S1, new Date(at), { output }), Date.parse(at));
    expect(spend(20_000, '2026-03-11T14:00:00Z')).toEqual([]); // $0.30
    expect(spend(20_000, '2026-03-11T14:10:00Z')).toMatchObject([
      { rule: 'budget', severity: 'info', title: 'Daily budget (2026-03-11) at 50%' },
    ]);
    expect(spend(20_000, '2026-03-11T14:20:00Z')).toMatchObject([
      { severity: 'warning', title: 'Daily budget (2026-03-11) at 80%' },
    ]);
    expect(spend(2_000, '2026-03-11T14:30:00Z')).toEqual([]); // $0.93
    expect(spend(10_000, '2026-03-11T14:40:00Z')).toMatchObject([
      { severity: 'critical', title: 'Daily budget (2026-03-11) reached' },
    ]);
    expect(spend(10_000, '2026-03-11T14:50:00Z')).toEqual([]);
  });

  it('raises the highest level reached at once, and a monthly budget over the local month', () => {
    const engine = engineWith((s) => {
      s.rules.budget.monthlyUsd = 2;
      s.rules.budget.dailyUsd = null;
    });
    const at = Date.parse('2026-03-20T10:00:00Z');
    const lastMonth = usageSignal(S1, new Date('2026-02-28T10:00:00Z'), { output: 200_000 });
    expect(engine.ingest(lastMonth, at)).toEqual([]);
    expect(engine.ingest(usageSignal(S1, new Date(at), { output: 110_000 }), at)).toMatchObject([
      { rule: 'budget', severity: 'warning', title: 'Monthly budget (2026-03) at 80%' },
    ]);
  });

  it('raises a 5-hour block nearly spent, with blocks as ccusage cuts them', () => {
    const engine = engineWith((s) => (s.rules.usage_block.tokenLimit = 100_000));
    // The block starts at 09:00 (first activity 09:40, floored to the hour) and ends at 14:00.
    const t = (hhmm: string) => Date.parse(`2026-03-10T${hhmm}:00Z`);
    engine.ingest(usageSignal(S1, new Date(t('09:40')), { input: 50_000 }), t('09:40'));
    expect(engine.ingest(usageSignal(S1, new Date(t('13:50')), { input: 35_000 }), t('13:50'))).toEqual([]);
    // 14:05 is past the block's end: a new block starts at 14:00 and counts from zero.
    expect(engine.ingest(usageSignal(S1, new Date(t('14:05')), { input: 60_000 }), t('14:05'))).toEqual([]);
    const raised = engine.ingest(usageSignal(S1, new Date(t('15:00')), { cacheRead: 31_000 }), t('15:00'));
    expect(raised).toMatchObject([
      { rule: 'usage_block', title: '5-hour block 91% spent', subject: `usage_block:${t('14:00')}` },
    ]);
  });

  it('raises a cost spike against the median of the same hour on previous days, with a minimum', () => {
    const engine = engineWith((s) => {
      s.rules.cost_spike.factor = 3;
      s.rules.cost_spike.minimumUsd = 1;
    });
    const now = Date.parse('2026-03-15T10:30:00Z');
    // A usual 10:00 hour costs $0.45 (30k output tokens) on each of the last 14 days.
    for (let d = 14; d >= 1; d--) {
      const at = new Date(now - d * 24 * HOUR);
      engine.ingest(usageSignal(S1, at, { output: 30_000 }), at.getTime());
    }
    expect(engine.ingest(usageSignal(S1, new Date(now), { output: 60_000 }), now)).toEqual([]); // $0.90 < minimum
    expect(engine.ingest(usageSignal(S1, new Date(now + 1000), { output: 20_000 }), now + 1000)).toEqual([]); // $1.20 < 3×
    const raised = engine.ingest(usageSignal(S1, new Date(now + 2000), { output: 10_000 }), now + 2000); // $1.35 = 3×
    expect(raised).toEqual([]);
    const spike = engine.ingest(usageSignal(S1, new Date(now + 3000), { output: 1_000 }), now + 3000); // $1.365 > 3×
    expect(spike).toMatchObject([{ rule: 'cost_spike', severity: 'warning' }]);
    expect(spike[0]!.body).toContain('Usually $0.45');
  });

  it('raises a source directory that vanished or reads badly, and again after it recovered and broke', () => {
    const engine = engineWith();
    const status = (exists: boolean, lines: number, skipped: number) => [
      {
        path: '/home/dev/.claude',
        kind: 'claude' as const,
        exists,
        files: 3,
        lines,
        skippedLines: skipped,
        lastIngestAt: null,
        error: null,
      },
    ];
    expect(engine.ingestMany(sourceHealthSignals(status(true, 100, 2), T0), T0)).toEqual([]);
    expect(engine.ingestMany(sourceHealthSignals(status(true, 10, 5), T0), T0)).toEqual([]); // too few lines to judge
    expect(engine.ingestMany(sourceHealthSignals(status(true, 100, 9), T0), T0)).toMatchObject([
      { rule: 'source_broken', severity: 'warning' },
    ]);
    expect(engine.ingestMany(sourceHealthSignals(status(false, 100, 9), T0 + 1), T0 + 1)).toMatchObject([
      { rule: 'source_broken', severity: 'critical', title: 'A source directory is gone' },
    ]);
    expect(engine.ingestMany(sourceHealthSignals(status(false, 100, 9), T0 + 2), T0 + 2)).toEqual([]);
    engine.ingestMany(sourceHealthSignals(status(true, 100, 0), T0 + 3), T0 + 3);
    expect(engine.ingestMany(sourceHealthSignals(status(false, 100, 0), T0 + 4), T0 + 4)).toHaveLength(1);
  });

  it('raises a teammate’s agent failing N times within the window, not N times spread out', () => {
    const engine = engineWith((s) => {
      s.rules.teammate_failing.count = 3;
      s.rules.teammate_failing.windowMinutes = 30;
    });
    const fail = (t: number, developer = 'ana') =>
      engine.ingest(teammateRunSignal({ developer, agentType: 'test-runner', status: 'failed', ts: t }), t);
    expect(fail(T0)).toEqual([]);
    expect(fail(T0 + 40 * MIN)).toEqual([]);
    expect(fail(T0 + 50 * MIN, 'ben')).toEqual([]);
    expect(fail(T0 + 60 * MIN)).toEqual([]);
    expect(fail(T0 + 65 * MIN)).toMatchObject([{ rule: 'teammate_failing', title: 'ana’s test-runner keeps failing' }]);
  });

  it('stays silent for a disabled rule', () => {
    const engine = engineWith((s) => (s.rules.run_failed.enabled = false));
    expect(engine.ingest(run('toolu_03', S1, 'failed', T0, T0), T0)).toEqual([]);
  });
});

describe('gates', () => {
  it('raises nothing for a snoozed rule until the snooze ends', () => {
    const engine = engineWith((s) => (s.rules.run_failed.snoozeUntil = T0 + HOUR));
    expect(engine.ingest(run('toolu_04', S1, 'failed', T0, T0), T0 + 10 * MIN)).toEqual([]);
    expect(engine.stats.snoozed).toBe(1);
    expect(engine.ingest(run('toolu_05', S1, 'failed', T0, T0), T0 + 2 * HOUR)).toHaveLength(1);
  });

  it('records alerts in quiet hours (local time, wrapping midnight) without notifying', () => {
    // Quiet 22:00–07:00 in Berlin (UTC+1 in March before DST): 05:30 UTC is 06:30 there, 06:30 UTC is 07:30.
    const engine = engineWith(
      (s) => (s.rules.run_failed.quietHours = [{ start: '22:00', end: '07:00' }]),
      'Europe/Berlin',
    );
    const quiet = Date.parse('2026-03-10T05:30:00Z');
    const loud = Date.parse('2026-03-10T06:30:00Z');
    expect(engine.ingest(run('toolu_06', S1, 'failed', quiet, quiet), quiet)).toMatchObject([{ notified: false }]);
    expect(engine.ingest(run('toolu_07', S1, 'failed', loud, loud), loud)).toMatchObject([{ notified: true }]);
  });

  it('records but does not notify while all alerts are paused', () => {
    const engine = engineWith((s) => (s.pausedUntil = T0 + HOUR));
    expect(engine.ingest(run('toolu_08', S1, 'failed', T0, T0), T0)).toMatchObject([{ notified: false }]);
    expect(engine.ingest(run('toolu_10', S1, 'failed', T0, T0), T0 + 2 * HOUR)).toMatchObject([{ notified: true }]);
  });

  it('notifies the first alert at once and folds the rest of the window into one summary', () => {
    const engine = engineWith((s) => (s.storm.groupWindowSeconds = 30));
    const first = engine.ingest(run('r1', S1, 'failed', T0, T0), T0);
    expect(first).toMatchObject([{ notified: true, groupId: null }]);
    const second = engine.ingest(run('r2', S1, 'failed', T0, T0), T0 + 5000);
    const third = engine.ingest(run('r3', S2, 'failed', T0, T0), T0 + 9000);
    expect([...second, ...third]).toMatchObject([{ notified: false }, { notified: false }]);
    expect(engine.tick(T0 + 20_000)).toEqual([]);
    const [summary] = engine.tick(T0 + 31_000);
    expect(summary).toMatchObject({ rule: 'summary', severity: 'critical', notified: true, sessionId: null });
    expect(summary!.title).toBe('2 alerts: code-reviewer failed; code-reviewer failed');
    expect(second[0]!.groupId).toBe(summary!.id);
    expect(third[0]!.groupId).toBe(summary!.id);
    // After the window, the next alert is notified on its own again.
    expect(engine.ingest(run('r4', S1, 'failed', T0, T0), T0 + 60_000)).toMatchObject([{ notified: true }]);
  });

  it('makes one summary when many fire at once', () => {
    const engine = engineWith((s) => (s.storm.groupWindowSeconds = 30));
    const raised = engine.ingestMany(
      ['r1', 'r2', 'r3', 'r4'].map((id) => run(id, S1, 'failed', T0, T0)),
      T0,
    );
    const summary = raised.filter((a) => a.notified);
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatchObject({ rule: 'summary', sessionId: S1 });
    expect(summary[0]!.title).toMatch(/^4 alerts: /);
    expect(raised.filter((a) => a.groupId === summary[0]!.id)).toHaveLength(4);
  });

  it('holds back a rule past its token bucket and says so in the next summary', () => {
    const engine = engineWith((s) => {
      s.storm = { groupWindowSeconds: 30, burst: 2, perHour: 60 };
    });
    const raised = [1, 2, 3, 4, 5].flatMap((i) => engine.ingest(run(`r${i}`, S1, 'failed', T0, T0), T0 + i));
    expect(raised).toHaveLength(2);
    expect(engine.stats.rateLimited).toBe(3);
    const [summary] = engine.tick(T0 + 31_000);
    expect(summary!.body).toContain('3 more held back by the rate limit');
    // One token per minute comes back.
    expect(engine.ingest(run('r6', S1, 'failed', T0, T0), T0 + 90_000)).toHaveLength(1);
    expect(engine.ingest(run('r7', S1, 'failed', T0, T0), T0 + 90_001)).toHaveLength(0);
  });

  it('does not raise subjects remembered from the store again', () => {
    const engine = engineWith();
    engine.remember([{ subject: 'run_failed:toolu_11', createdAt: T0 - HOUR }]);
    expect(engine.ingest(run('toolu_11', S1, 'failed', T0, T0), T0)).toEqual([]);
  });
});
