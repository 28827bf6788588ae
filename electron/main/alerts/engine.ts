// The alert engine: signals and the clock in, alerts out. Runs the rules (rules.ts), then gates each
// candidate (snooze, de-duplication, rate limit, quiet hours, pause) and folds bursts into summaries.
// Pure apart from id generation: no timers, no I/O; the service (alert-service.ts) owns time and storage.
import { randomUUID } from 'node:crypto';
import type { Alert, AlertRuleId, AlertSettings, AlertSeverity } from '../../../shared/alerts';
import { RuleState, type Candidate, type RuleOutput, type RunningRun } from './rules';
import type { AlertSignal } from './signals';

export interface EngineOptions {
  /** Ids of new alerts; random UUIDs unless a test wants fixed ones. */
  newId?: () => string;
}

/** Why candidates were dropped, and how much went through; for tests, logs and benchmarks. */
export interface EngineStats {
  signals: number;
  raised: number;
  duplicates: number;
  snoozed: number;
  rateLimited: number;
}

/** Subjects are remembered this long; every subject embeds its day, run or hour, so this is ample. */
const SUBJECT_TTL_MS = 40 * 24 * 3_600_000;
const SEVERITY_ORDER: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };
const SUMMARY_TITLES = 3;

interface Bucket {
  tokens: number;
  at: number;
}

interface OpenGroup {
  id: string;
  until: number;
  members: Alert[];
  rateLimited: number;
}

export class AlertEngine {
  private settings: AlertSettings;
  private readonly state: RuleState;
  private readonly newId: () => string;
  /** subject → when it was raised (insertion order is time order, so pruning reads from the front). */
  private readonly seen = new Map<string, number>();
  private readonly buckets = new Map<AlertRuleId, Bucket>();
  private group: OpenGroup | null = null;
  private rateLimitedSinceSummary = 0;
  private pending: Candidate[] = [];
  private resolved: string[] = [];
  private readonly out: RuleOutput = {
    raise: (c) => this.pending.push(c),
    resolve: (s) => this.resolved.push(s),
  };
  readonly stats: EngineStats = { signals: 0, raised: 0, duplicates: 0, snoozed: 0, rateLimited: 0 };

  constructor(settings: AlertSettings, options: EngineOptions = {}) {
    this.settings = settings;
    this.state = new RuleState(settings.timezone);
    this.newId = options.newId ?? randomUUID;
  }

  /** Subjects already raised (from the store), so a restart does not raise them again. */
  remember(subjects: Iterable<{ subject: string; createdAt: number }>): void {
    for (const s of subjects) this.seen.set(s.subject, s.createdAt);
  }

  getSettings(): AlertSettings {
    return this.settings;
  }

  /** New settings; budgets are checked again at once, since a lower budget may already be spent. */
  setSettings(settings: AlertSettings, now: number): Alert[] {
    this.settings = settings;
    this.state.setTimeZone(settings.timezone);
    this.state.recheckBudgets(now, settings.rules, this.out);
    return this.drain(now);
  }

  /** One signal; returns the alerts it raised (stored ones, some to notify now). */
  ingest(signal: AlertSignal, now: number): Alert[] {
    this.stats.signals++;
    this.state.apply(signal, now, this.settings.rules, this.out);
    return this.pending.length > 0 || this.resolved.length > 0 ? this.drain(now) : [];
  }

  /** Many signals that arrived together: if several alerts fire at once they become one summary. */
  ingestMany(signals: Iterable<AlertSignal>, now: number): Alert[] {
    for (const s of signals) {
      this.stats.signals++;
      this.state.apply(s, now, this.settings.rules, this.out);
    }
    return this.drain(now);
  }

  /** Time passing: waiting sessions, long runs, and the end of a grouping window. */
  tick(now: number): Alert[] {
    this.state.tick(now, this.settings.rules, this.out);
    const raised = this.drain(now);
    if (this.group && now >= this.group.until) {
      const summary = this.closeGroup(now);
      if (summary) raised.push(summary);
    }
    return raised;
  }

  /** Today's cost in the settings' time zone, from every usage signal seen. */
  todayCostUsd(now: number): number {
    return this.state.todayCostUsd(now);
  }

  /** Agent runs started and not yet ended. */
  runningRuns(): RunningRun[] {
    return [...this.state.running.values()];
  }

  /** When the current grouping window ends, or null; the service sets its timer from this. */
  groupEndsAt(): number | null {
    return this.group?.until ?? null;
  }

  private drain(now: number): Alert[] {
    for (const s of this.resolved) this.seen.delete(s);
    this.resolved = [];
    if (this.pending.length === 0) return [];
    const candidates = this.pending;
    this.pending = [];
    const accepted: Alert[] = [];
    for (const c of candidates) {
      const alert = this.admit(c, now);
      if (alert) accepted.push(alert);
    }
    return this.applyGrouping(accepted, now);
  }

  /** Snooze, de-duplication and the rate limit; returns the alert to record, or null. */
  private admit(c: Candidate, now: number): Alert | null {
    const rule = this.settings.rules[c.rule];
    if (rule.snoozeUntil !== null && now < rule.snoozeUntil) {
      this.stats.snoozed++;
      return null;
    }
    if (this.seen.has(c.subject)) {
      this.stats.duplicates++;
      return null;
    }
    if (!this.takeToken(c.rule, now)) {
      this.stats.rateLimited++;
      this.rateLimitedSinceSummary++;
      return null;
    }
    this.seen.set(c.subject, now);
    this.pruneSeen(now);
    this.stats.raised++;
    const silent = this.isQuiet(rule.quietHours, now) || this.isPaused(now);
    return {
      id: this.newId(),
      rule: c.rule,
      severity: c.severity,
      title: c.title,
      body: c.body,
      sessionId: c.sessionId,
      subject: c.subject,
      createdAt: now,
      acknowledgedAt: null,
      groupId: null,
      notified: !silent,
    };
  }

  /**
   * The first alert after a quiet spell is notified at once and opens a grouping window; what follows in
   * the window is recorded and folded into one summary at its end. Several at once make a summary at once.
   */
  private applyGrouping(accepted: Alert[], now: number): Alert[] {
    const windowMs = this.settings.storm.groupWindowSeconds * 1000;
    const loud = accepted.filter((a) => a.notified);
    if (loud.length === 0 || windowMs === 0) return accepted;
    const out = [...accepted];
    if (this.group && now >= this.group.until) {
      const summary = this.closeGroup(now);
      if (summary) out.push(summary);
    }
    if (this.group) {
      for (const a of loud) this.fold(a, this.group);
      return out;
    }
    if (loud.length === 1) {
      this.group = { id: this.newId(), until: now + windowMs, members: [], rateLimited: 0 };
      return out;
    }
    const burst: OpenGroup = { id: this.newId(), until: now, members: [], rateLimited: 0 };
    for (const a of loud) this.fold(a, burst);
    this.group = burst;
    const summary = this.closeGroup(now);
    if (summary) out.push(summary);
    this.group = { id: this.newId(), until: now + windowMs, members: [], rateLimited: 0 };
    return out;
  }

  private fold(alert: Alert, group: OpenGroup): void {
    alert.notified = false;
    alert.groupId = group.id;
    group.members.push(alert);
  }

  private closeGroup(now: number): Alert | null {
    const g = this.group;
    this.group = null;
    if (!g || g.members.length === 0) return null;
    const n = g.members.length;
    const limited = this.rateLimitedSinceSummary;
    this.rateLimitedSinceSummary = 0;
    const severity = g.members.reduce<AlertSeverity>(
      (worst, a) => (SEVERITY_ORDER[a.severity] > SEVERITY_ORDER[worst] ? a.severity : worst),
      'info',
    );
    const titles = g.members.map((a) => a.title);
    const sessions = new Set(g.members.map((a) => a.sessionId));
    const body = titles.slice(0, 8).join('\n') + (n > 8 ? `\n…and ${n - 8} more` : '');
    return {
      id: g.id,
      rule: 'summary',
      severity,
      title: `${n} alerts: ${titles.slice(0, SUMMARY_TITLES).join('; ')}${n > SUMMARY_TITLES ? '; …' : ''}`,
      body: limited > 0 ? `${body}\n(${limited} more held back by the rate limit)` : body,
      sessionId: sessions.size === 1 ? [...sessions][0]! : null,
      subject: `summary:${g.id}`,
      createdAt: now,
      acknowledgedAt: null,
      groupId: null,
      notified: !this.isPaused(now),
    };
  }

  private takeToken(rule: AlertRuleId, now: number): boolean {
    const { burst, perHour } = this.settings.storm;
    const b = this.buckets.get(rule) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) * perHour) / 3_600_000);
    b.at = now;
    this.buckets.set(rule, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private isPaused(now: number): boolean {
    return this.settings.pausedUntil !== null && now < this.settings.pausedUntil;
  }

  private isQuiet(ranges: { start: string; end: string }[], now: number): boolean {
    if (ranges.length === 0) return false;
    const minute = this.state.calendar.minuteOfDay(now);
    return ranges.some(({ start, end }) => {
      const s = toMinutes(start);
      const e = toMinutes(end);
      return s <= e ? minute >= s && minute < e : minute >= s || minute < e;
    });
  }

  private pruneSeen(now: number): void {
    for (const [subject, at] of this.seen) {
      if (now - at < SUBJECT_TTL_MS) break;
      this.seen.delete(subject);
    }
  }
}

const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
