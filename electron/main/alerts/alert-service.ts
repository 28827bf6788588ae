// Glue around the pure engine: keeps the settings (validated, persisted), feeds signals, stores what is
// raised, tells listeners (event bus, tray, notifier), and owns the clock that makes time-based rules fire.
import {
  AlertSettings,
  AlertSettingsPatch,
  defaultAlertSettings,
  type Alert,
  type AlertRuleName,
  type AlertSeverity,
} from '../../../shared/alerts';
import { ApiFailure } from '../api/dispatch';
import type { Logger } from '../core/logger';
import { AlertStore } from '../store/alert-store';
import type { SqliteDatabase } from '../store/database';
import { AlertEngine } from './engine';
import type { RunningRun } from './rules';
import type { TrayRun } from './tray-model';
import { AlertSignal } from './signals';

export interface AlertServiceOptions {
  db: SqliteDatabase;
  log: Logger;
  /** The zone for new settings; the user can change it in the rules editor. */
  timezone?: string;
  /** The clock; tests and benchmarks pass their own. */
  now?: () => number;
  /** How often time-based rules are checked. */
  tickMs?: number;
  newId?: () => string;
}

/** What the tray shows. */
export interface AlertTrayState {
  todayCostUsd: number;
  /** The engine's running runs; the core merges in hooks' live status and the store's (see MonitorCore.trayState). */
  running: TrayRun[];
  unacknowledged: number;
  pausedUntil: number | null;
  /** When the newest unacknowledged alert was raised, or null. */
  lastAlertAt: number | null;
}

export type AlertListener = (alerts: Alert[]) => void;

/** Usage this far back rebuilds budgets (the month), the 5-hour block and the cost-spike medians (14 days). */
const WARM_UP_DAYS = 15;
const DAY = 24 * 3_600_000;

export class AlertService {
  readonly store: AlertStore;
  private readonly engine: AlertEngine;
  private readonly listeners = new Set<AlertListener>();
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private lastAlertAt: number | null = null;

  constructor(private readonly options: AlertServiceOptions) {
    this.store = new AlertStore(options.db);
    this.now = options.now ?? Date.now;
    const tz = options.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    const settings = this.store.loadSettings() ?? defaultAlertSettings(tz);
    this.engine = new AlertEngine(settings, { newId: options.newId });
    const now = this.now();
    this.engine.remember(this.store.subjectsSince(now - 40 * DAY));
    this.warmUp(now);
  }

  /** Starts the clock for waiting sessions, long runs and grouping windows. */
  start(): void {
    this.timer ??= setInterval(() => this.tick(), this.options.tickMs ?? 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Listens to raised alerts (stored already); `notified` ones should reach the user now. */
  onRaised(listener: AlertListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Feeds one signal from inside the app (typed by its adapter). */
  feed(signal: AlertSignal): void {
    this.publish(this.engine.ingest(signal, this.now()));
  }

  /** Feeds signals that arrived together; a burst of alerts becomes one summary. */
  feedMany(signals: AlertSignal[]): void {
    if (signals.length === 0) return;
    this.publish(this.engine.ingestMany(signals, this.now()));
  }

  /** Feeds a signal from outside the process (a plugin, a test harness): validated first. */
  feedUnchecked(input: unknown): void {
    const parsed = AlertSignal.safeParse(input);
    if (!parsed.success) throw new ApiFailure('INVALID_REQUEST', `alert signal: ${parsed.error.issues[0]?.message}`);
    this.feed(parsed.data);
  }

  /** Checks the time-based rules and closes a grouping window whose time is up. */
  tick(): void {
    this.publish(this.engine.tick(this.now()));
  }

  list(query: { limit: number; unacknowledged?: boolean; rule?: AlertRuleName; severity?: AlertSeverity }): Alert[] {
    return this.store.list(query);
  }

  acknowledge(ids: string[]): number {
    return this.store.acknowledge(ids, this.now());
  }

  settings(): AlertSettings {
    return this.engine.getSettings();
  }

  /** Merges a change into the settings, validates the result, stores it and applies it. */
  updateSettings(patch: AlertSettingsPatch): AlertSettings {
    const current = this.engine.getSettings();
    const rules = { ...current.rules } as Record<string, object>;
    for (const [id, change] of Object.entries(patch.rules ?? {})) {
      if (change) rules[id] = { ...rules[id], ...change };
    }
    const merged = {
      ...current,
      ...(patch.timezone ? { timezone: patch.timezone } : {}),
      storm: { ...current.storm, ...patch.storm },
      rules,
    };
    const parsed = AlertSettings.safeParse(merged);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ApiFailure('INVALID_REQUEST', `alert rules: ${issue?.path.join('.')}: ${issue?.message}`);
    }
    return this.apply(parsed.data);
  }

  /** Pauses notifications (alerts are still recorded) for `minutes`; 0 resumes them. */
  pause(minutes: number): { pausedUntil: number | null } {
    const pausedUntil = minutes > 0 ? this.now() + minutes * 60_000 : null;
    this.apply({ ...this.engine.getSettings(), pausedUntil });
    return { pausedUntil };
  }

  trayState(): AlertTrayState {
    const now = this.now();
    const settings = this.engine.getSettings();
    const unacknowledged = this.store.unacknowledgedCount();
    return {
      todayCostUsd: this.engine.todayCostUsd(now),
      running: this.runningRuns(),
      unacknowledged,
      pausedUntil: settings.pausedUntil !== null && settings.pausedUntil > now ? settings.pausedUntil : null,
      lastAlertAt: unacknowledged > 0 ? this.lastAlertAt : null,
    };
  }

  /** Agent runs the engine has seen start and not end. */
  runningRuns(): RunningRun[] {
    return this.engine.runningRuns();
  }

  private apply(settings: AlertSettings): AlertSettings {
    const now = this.now();
    this.store.saveSettings(settings, now);
    this.publish(this.engine.setSettings(settings, now));
    return settings;
  }

  /** Rebuilds the rolling totals from the store, so budgets and blocks survive a restart. */
  private warmUp(now: number): void {
    const monthStart = this.monthStart(now);
    const slices = this.store.usageSlicesSince(Math.min(monthStart, now - WARM_UP_DAYS * DAY));
    this.publish(
      this.engine.ingestMany(
        slices.map((s) => ({
          kind: 'usage',
          ts: s.ts,
          sessionId: '',
          model: '',
          tokens: s.tokens,
          costUsd: s.costUsd,
        })),
        now,
      ),
    );
  }

  private monthStart(now: number): number {
    // The first of the UTC month, two days early: covers the local month's start in any time zone.
    const d = new Date(now);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - 2 * DAY;
  }

  private publish(alerts: Alert[]): void {
    if (alerts.length === 0) return;
    this.store.insert(alerts);
    this.lastAlertAt = alerts[alerts.length - 1]!.createdAt;
    for (const l of this.listeners) {
      try {
        l(alerts);
      } catch (error) {
        this.options.log.warn('alert listener failed', { error: (error as Error).message });
      }
    }
  }
}
