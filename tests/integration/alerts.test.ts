// The alert store and service on real SQLite, and the core: a transcript over a small daily budget raises
// a stored, pushed alert that can be listed and acknowledged; settings survive a restart.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../shared/alerts';
import type { ApiEvent } from '../../shared/contract';
import { agentRunSignal } from '../../electron/main/alerts/adapters';
import { AlertService } from '../../electron/main/alerts/alert-service';
import { createLogger } from '../../electron/main/core/logger';
import { MonitorCore } from '../../electron/main/core/monitor-core';
import { openDatabase, type SqliteDatabase } from '../../electron/main/store/database';
import { UsageStore } from '../../electron/main/store/usage-store';
import { usageRow } from '../support/alert-signals';
import { assistantLine, userLine } from '../support/transcript-lines';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';

const silent = createLogger('error', () => {});
const SESSION = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

describe('alert service on SQLite', () => {
  let dirs: TempDirs;
  let db: SqliteDatabase;
  let now: number;
  const open = () => new AlertService({ db, log: silent, timezone: 'UTC', now: () => now });

  beforeEach(() => {
    dirs = makeTempDirs();
    db = openDatabase(join(dirs.dataDir, 'monitor.sqlite'));
    now = Date.parse('2026-03-10T12:00:00Z');
  });
  afterEach(() => {
    db.close();
    dirs.cleanup();
  });

  it('stores raised alerts, lists them filtered and newest first, and acknowledges a summary with its members', () => {
    const service = open();
    const pushed: Alert[][] = [];
    service.onRaised((a) => pushed.push(a));
    service.feed(
      agentRunSignal({
        id: 'toolu_a',
        sessionId: SESSION,
        agentType: 'planner',
        status: 'failed',
        startedAt: now - 5000,
        endedAt: now,
      }),
    );
    now += 1000;
    service.feed(
      agentRunSignal({
        id: 'toolu_b',
        sessionId: SESSION,
        agentType: 'tester',
        status: 'failed',
        startedAt: now,
        endedAt: now,
      }),
    );
    now += 31_000;
    service.tick();
    expect(pushed.flat().map((a) => [a.rule, a.notified])).toEqual([
      ['run_failed', true],
      ['run_failed', false],
      ['summary', true],
    ]);
    const all = service.list({ limit: 10 });
    expect(all.map((a) => a.rule)).toEqual(['summary', 'run_failed', 'run_failed']);
    expect(service.list({ limit: 10, severity: 'critical', rule: 'run_failed' })).toHaveLength(2);
    expect(service.trayState().unacknowledged).toBe(2); // the first alert and the summary; members are inside it
    expect(service.acknowledge([all[0]!.id])).toBe(2);
    expect(service.list({ limit: 10, unacknowledged: true }).map((a) => a.title)).toEqual(['planner failed']);
  });

  it('validates and persists rule settings; a restart neither loses them nor raises the same subject again', () => {
    const service = open();
    expect(() => service.updateSettings({ rules: { budget: { percents: [] } } })).toThrow(/percents/);
    service.updateSettings({
      rules: { budget: { dailyUsd: 0.5 }, run_failed: { quietHours: [{ start: '22:00', end: '07:00' }] } },
    });
    service.pause(60);
    service.feed(
      agentRunSignal({
        id: 'toolu_c',
        sessionId: SESSION,
        agentType: 'planner',
        status: 'failed',
        startedAt: now,
        endedAt: now,
      }),
    );
    const again = open();
    expect(again.settings().rules.budget.dailyUsd).toBe(0.5);
    expect(again.settings().rules.run_failed.quietHours).toEqual([{ start: '22:00', end: '07:00' }]);
    expect(again.trayState().pausedUntil).toBe(now + 3_600_000);
    again.feed(
      agentRunSignal({
        id: 'toolu_c',
        sessionId: SESSION,
        agentType: 'planner',
        status: 'failed',
        startedAt: now,
        endedAt: now,
      }),
    );
    expect(again.list({ limit: 10 })).toHaveLength(1);
  });

  it('rebuilds today’s cost from stored usage on start, so a budget set later sees it', () => {
    const usage = new UsageStore(db);
    usage.applyBatch([usageRow(SESSION, new Date(now - 3_600_000), { output: 100_000 })], []);
    const service = open();
    expect(service.trayState().todayCostUsd).toBeCloseTo(1.5, 5);
    const raised: Alert[] = [];
    service.onRaised((a) => raised.push(...a));
    service.updateSettings({ rules: { budget: { dailyUsd: 2 } } });
    expect(raised.map((a) => a.title)).toEqual(['Daily budget (2026-03-10) at 50%']);
  });
});

describe('alerts in the core', () => {
  let dirs: TempDirs;
  let core: MonitorCore;

  beforeEach(() => {
    dirs = makeTempDirs();
    core = new MonitorCore({
      dataDir: dirs.dataDir,
      claudeDirs: [dirs.claudeDir],
      mode: 'browser',
      log: silent,
      rescanMs: 60_000,
    });
  });
  afterEach(() => {
    core.close();
    dirs.cleanup();
  });

  it('raises a budget alert from a transcript, pushes alerts.raised, and acknowledges it through the contract', async () => {
    const events: ApiEvent[] = [];
    core.subscribe((e) => events.push(e));
    const set = await core.dispatch('alerts.rules.update', { rules: { budget: { dailyUsd: 0.01 } } });
    expect(set.ok).toBe(true);
    const bad = await core.dispatch('alerts.rules.update', { rules: { budget: { dailyUsd: -1 } } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    await core.start();
    const now = new Date();
    writeFileSync(
      join(dirs.projectDir(), `${SESSION}.jsonl`),
      userLine({ sessionId: SESSION }, now, 'refactor the parser') +
        '\n' +
        assistantLine({ sessionId: SESSION }, now, { input: 1000, output: 2000 }) +
        '\n',
    );
    await vi.waitFor(() => expect(events.some((e) => e.name === 'alerts.raised')).toBe(true), { timeout: 10_000 });
    const listed = await core.dispatch('alerts.list', { limit: 10, rule: 'budget' });
    if (!listed.ok) throw new Error(listed.error.message);
    const alerts = listed.value as Alert[];
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'critical', notified: true });
    expect(alerts[0]!.title).toMatch(/^Daily budget \(\d{4}-\d{2}-\d{2}\) reached$/);
    const ack = await core.dispatch('alerts.acknowledge', { ids: [alerts[0]!.id] });
    expect(ack).toEqual({ ok: true, value: { acknowledged: 1 } });
    const open = await core.dispatch('alerts.list', { unacknowledged: true });
    expect(open).toEqual({ ok: true, value: [] });
  });
});
