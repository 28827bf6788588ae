// The alert rules: rolling aggregates updated in O(1) per signal, and the checks that turn them into
// candidate alerts. Pure: no clock, no I/O; the engine (engine.ts) gates candidates and controls storms.
import type { AlertRuleId, AlertSeverity, RuleSettings } from '../../../shared/alerts';
import { LocalCalendar } from './calendar';
import type {
  AgentRunSignal,
  AlertSignal,
  SessionStatusSignal,
  SourceHealthSignal,
  TeammateRunSignal,
  ToolResultSignal,
  UsageSignal,
} from './signals';

/** An alert a rule wants to raise, before snooze, de-duplication, rate limits and grouping. */
export interface Candidate {
  rule: AlertRuleId;
  severity: AlertSeverity;
  title: string;
  body: string;
  sessionId: string | null;
  /** De-duplication key, unique per rule and subject. */
  subject: string;
}

/** Where rules put what they find: new candidates, and subjects that recovered and may fire again. */
export interface RuleOutput {
  raise(candidate: Candidate): void;
  resolve(subject: string): void;
}

/** A subagent run that is still running, for the long-run rule and the tray's list. */
export interface RunningRun {
  id: string;
  sessionId: string;
  agentType: string;
  startedAt: number;
  warned: boolean;
}

const HOUR = 3_600_000;
const BLOCK = 5 * HOUR;
/** Hours kept for the cost-spike median: 14 previous days and today. */
const SPIKE_RING_HOURS = 15 * 24;
/** Runs never seen ending are forgotten after a day, so a lost SubagentStop cannot pin memory. */
const STALE_RUN_MS = 24 * HOUR;
/** Run aliases remembered (agent id → the run's id); old ones are dropped first. */
const MAX_RUN_ALIASES = 4096;
/** Tool calls remembered per error streak, to count a call reported by a hook and a transcript once. */
const STREAK_IDS = 64;

const shortId = (id: string): string => id.slice(0, 8);
const usd = (n: number): string => `$${n.toFixed(2)}`;

/** The state every rule keeps between signals. */
export class RuleState {
  calendar: LocalCalendar;
  private readonly dailyCost = new Map<string, number>();
  private readonly monthlyCost = new Map<string, number>();
  /** Highest budget percentage already raised, per `daily:<day>:<budget>` / `monthly:<month>:<budget>`. */
  private readonly budgetLevel = new Map<string, number>();
  private block: { start: number; lastTs: number; tokens: number; costUsd: number; warned: boolean } | null = null;
  private readonly hourCost = new Float64Array(SPIKE_RING_HOURS);
  private readonly hourTag = new Float64Array(SPIKE_RING_HOURS).fill(-1);
  private readonly spikeMedian = new Map<number, number>();
  private spikeWarnedHour = -1;
  private firstUsageTs = Infinity;
  private readonly toolStreaks = new Map<string, { count: number; since: number; lastTs: number; ids: string[] }>();
  /** Another id of a run → the id the run is kept under (see AgentRunSignal.aliases). */
  private readonly runAliases = new Map<string, string>();
  private readonly waiting = new Map<string, { since: number; reason: string | null; warned: boolean }>();
  readonly running = new Map<string, RunningRun>();
  private readonly sourceFlags = new Map<string, { missing: boolean; skipped: boolean }>();
  private readonly teammateFailures = new Map<string, number[]>();

  constructor(timeZone: string) {
    this.calendar = new LocalCalendar(timeZone);
  }

  setTimeZone(timeZone: string): void {
    if (timeZone === this.calendar.timeZone) return;
    // Days and months are local: totals kept under the old zone's days would be wrong in the new one.
    this.calendar = new LocalCalendar(timeZone);
    this.dailyCost.clear();
    this.monthlyCost.clear();
    this.budgetLevel.clear();
  }

  /** Today's cost so far in the settings' time zone. */
  todayCostUsd(now: number): number {
    return this.dailyCost.get(this.calendar.dayOf(now).key) ?? 0;
  }

  /** Applies one signal to the aggregates and runs the rules it concerns. */
  apply(signal: AlertSignal, now: number, rules: RuleSettings, out: RuleOutput): void {
    switch (signal.kind) {
      case 'usage':
        return this.usage(signal, now, rules, out);
      case 'agentRun':
        return this.agentRun(signal, rules, out);
      case 'toolResult':
        return this.toolResult(signal, rules, out);
      case 'sessionStatus':
        return this.sessionStatus(signal);
      case 'sourceHealth':
        return this.sourceHealth(signal, rules, out);
      case 'teammateRun':
        return this.teammateRun(signal, rules, out);
    }
  }

  /** The rules that depend on time passing: waiting too long, running too long. */
  tick(now: number, rules: RuleSettings, out: RuleOutput): void {
    const waitMs = rules.session_waiting.seconds * 1000;
    for (const [sessionId, w] of this.waiting) {
      if (w.warned || now - w.since < waitMs) continue;
      w.warned = true;
      if (!rules.session_waiting.enabled) continue;
      const what = w.reason === 'permission_prompt' ? 'permission' : 'input';
      out.raise({
        rule: 'session_waiting',
        severity: 'warning',
        title: `Session ${shortId(sessionId)} waits for ${what}`,
        body: `Waiting for ${what} for ${Math.round((now - w.since) / 1000)} s.`,
        sessionId,
        subject: `session_waiting:${sessionId}:${w.since}`,
      });
    }
    const runMs = rules.long_run.minutes * 60_000;
    for (const [id, r] of this.running) {
      if (now - r.startedAt > STALE_RUN_MS) {
        this.running.delete(id);
        continue;
      }
      if (r.warned || now - r.startedAt < runMs) continue;
      r.warned = true;
      if (!rules.long_run.enabled) continue;
      out.raise({
        rule: 'long_run',
        severity: 'info',
        title: `${r.agentType} has run for ${Math.round((now - r.startedAt) / 60_000)} min`,
        body: `Agent run ${shortId(id)} in session ${shortId(r.sessionId)} is still running.`,
        sessionId: r.sessionId,
        subject: `long_run:${id}`,
      });
    }
  }

  /** Re-checks today's and this month's budgets (after the budget changed). */
  recheckBudgets(now: number, rules: RuleSettings, out: RuleOutput): void {
    const day = this.calendar.dayOf(now);
    this.checkBudgets(day.key, day.month, rules, out);
  }

  private usage(s: UsageSignal, now: number, rules: RuleSettings, out: RuleOutput): void {
    if (s.ts < this.firstUsageTs) this.firstUsageTs = s.ts;
    const day = this.calendar.dayOf(s.ts);
    if (s.costUsd > 0) {
      addTo(this.dailyCost, day.key, s.costUsd, 64);
      addTo(this.monthlyCost, day.month, s.costUsd, 24);
      // Only today's and this month's totals can still be acted on; history is aggregated silently.
      if (now >= day.monthStart && now < day.monthEnd) {
        this.checkBudgets(now >= day.start && now < day.end ? day.key : null, day.month, rules, out);
      }
    }
    this.usageBlock(s, now, rules, out);
    this.costSpike(s, now, rules, out);
  }

  private checkBudgets(dayKey: string | null, month: string, rules: RuleSettings, out: RuleOutput): void {
    const b = rules.budget;
    if (!b.enabled) return;
    if (dayKey !== null && b.dailyUsd !== null) {
      this.budgetCrossing('daily', dayKey, this.dailyCost.get(dayKey) ?? 0, b.dailyUsd, b.percents, out);
    }
    if (b.monthlyUsd !== null) {
      this.budgetCrossing('monthly', month, this.monthlyCost.get(month) ?? 0, b.monthlyUsd, b.percents, out);
    }
  }

  private budgetCrossing(
    period: 'daily' | 'monthly',
    key: string,
    spent: number,
    budget: number,
    percents: number[],
    out: RuleOutput,
  ): void {
    const pct = (spent / budget) * 100;
    let reached = 0;
    for (const p of percents) if (pct >= p && p > reached) reached = p;
    const levelKey = `${period}:${key}:${budget}`;
    if (reached === 0 || (this.budgetLevel.get(levelKey) ?? 0) >= reached) return;
    this.budgetLevel.set(levelKey, reached);
    if (this.budgetLevel.size > 128) this.budgetLevel.delete(this.budgetLevel.keys().next().value!);
    const label = period === 'daily' ? `Daily budget (${key})` : `Monthly budget (${key})`;
    out.raise({
      rule: 'budget',
      severity: reached >= 100 ? 'critical' : reached >= 80 ? 'warning' : 'info',
      title: `${label} ${reached >= 100 ? 'reached' : `at ${reached}%`}`,
      body: `${usd(spent)} of ${usd(budget)} spent (${Math.floor(pct)}%).`,
      sessionId: null,
      subject: `budget:${period}:${key}:${budget}:${reached}`,
    });
  }

  private usageBlock(s: UsageSignal, now: number, rules: RuleSettings, out: RuleOutput): void {
    const b = this.block;
    // ccusage: a block starts at its first activity's hour (UTC, floored) and lasts 5 hours; a gap of
    // more than 5 hours since the last activity also starts a new one.
    if (b === null || s.ts - b.start > BLOCK || s.ts - b.lastTs > BLOCK) {
      if (b !== null && s.ts < b.start) return; // older than the current block: history, not a live block
      this.block = { start: Math.floor(s.ts / HOUR) * HOUR, lastTs: s.ts, tokens: 0, costUsd: 0, warned: false };
    }
    const block = this.block!;
    if (s.ts < block.start) return;
    block.tokens += s.tokens;
    block.costUsd += s.costUsd;
    if (s.ts > block.lastTs) block.lastTs = s.ts;
    const r = rules.usage_block;
    if (block.warned || !r.enabled || now >= block.start + BLOCK || now < block.start) return;
    const byTokens = r.tokenLimit !== null ? (block.tokens / r.tokenLimit) * 100 : 0;
    const byCost = r.costLimitUsd !== null ? (block.costUsd / r.costLimitUsd) * 100 : 0;
    const pct = Math.max(byTokens, byCost);
    if (pct < r.percent) return;
    block.warned = true;
    const ends = new Date(block.start + BLOCK).toISOString().slice(11, 16);
    out.raise({
      rule: 'usage_block',
      severity: pct >= 100 ? 'critical' : 'warning',
      title: `5-hour block ${Math.floor(pct)}% spent`,
      body: `${block.tokens.toLocaleString('en-US')} tokens, ${usd(block.costUsd)} in the block ending ${ends} UTC.`,
      sessionId: null,
      subject: `usage_block:${block.start}`,
    });
  }

  private costSpike(s: UsageSignal, now: number, rules: RuleSettings, out: RuleOutput): void {
    if (s.costUsd <= 0) return;
    const hour = Math.floor(s.ts / HOUR);
    const slot = hour % SPIKE_RING_HOURS;
    if (this.hourTag[slot] !== hour) {
      if (this.hourTag[slot]! > hour) return; // older than the ring keeps
      this.hourTag[slot] = hour;
      this.hourCost[slot] = 0;
    }
    this.hourCost[slot]! += s.costUsd;
    const r = rules.cost_spike;
    const current = Math.floor(now / HOUR);
    if (!r.enabled || hour !== current || this.spikeWarnedHour === hour) return;
    // A first day has no usual hour to compare with.
    if (this.firstUsageTs > hour * HOUR - 24 * HOUR) return;
    const cost = this.hourCost[slot]!;
    if (cost < r.minimumUsd) return;
    let median = this.spikeMedian.get(hour);
    if (median === undefined) {
      median = this.medianOfSameHour(hour, r.days);
      this.spikeMedian.clear();
      this.spikeMedian.set(hour, median);
    }
    if (cost <= r.factor * median) return;
    this.spikeWarnedHour = hour;
    out.raise({
      rule: 'cost_spike',
      severity: 'warning',
      title: `Cost spike: ${usd(cost)} this hour`,
      body: `Usually ${usd(median)} at this hour (median of ${r.days} days); now ${(median > 0 ? cost / median : Infinity).toFixed(1)}×.`,
      sessionId: null,
      subject: `cost_spike:${hour}`,
    });
  }

  /** The median cost of the same hour on each of the `days` previous days (24 h apart), absent days as 0. */
  private medianOfSameHour(hour: number, days: number): number {
    const values: number[] = [];
    for (let d = 1; d <= days; d++) {
      const h = hour - 24 * d;
      const slot = h % SPIKE_RING_HOURS;
      values.push(this.hourTag[slot] === h ? this.hourCost[slot]! : 0);
    }
    values.sort((a, b) => a - b);
    const mid = values.length >> 1;
    return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
  }

  private agentRun(signal: AgentRunSignal, rules: RuleSettings, out: RuleOutput): void {
    const s = this.canonicalRun(signal);
    if (s.status === 'running') {
      if (!this.running.has(s.id)) {
        this.running.set(s.id, {
          id: s.id,
          sessionId: s.sessionId,
          agentType: s.agentType,
          startedAt: s.startedAt,
          warned: false,
        });
      }
      return;
    }
    this.running.delete(s.id);
    if (s.status !== 'failed' || !rules.run_failed.enabled) return;
    const took = s.endedAt !== null ? ` after ${Math.max(1, Math.round((s.endedAt - s.startedAt) / 1000))} s` : '';
    out.raise({
      rule: 'run_failed',
      severity: 'critical',
      title: `${s.agentType} failed`,
      body: `Agent run ${shortId(s.id)} in session ${shortId(s.sessionId)} failed${took}.${s.error ? ` ${s.error}` : ''}`,
      sessionId: s.sessionId,
      subject: `run_failed:${s.id}`,
    });
  }

  /**
   * One id per run whatever source names it: a signal's aliases point at its id from now on, and a running
   * entry kept under an alias moves to that id (keeping its start and whether it was warned about).
   */
  private canonicalRun(s: AgentRunSignal): AgentRunSignal {
    const id = this.runAliases.get(s.id) ?? s.id;
    for (const alias of s.aliases ?? []) {
      if (alias === id) continue;
      this.runAliases.delete(alias);
      this.runAliases.set(alias, id);
      if (this.runAliases.size > MAX_RUN_ALIASES) this.runAliases.delete(this.runAliases.keys().next().value!);
      const kept = this.running.get(alias);
      if (kept) {
        this.running.delete(alias);
        if (!this.running.has(id)) this.running.set(id, { ...kept, id, agentType: s.agentType || kept.agentType });
      }
    }
    return id === s.id ? s : { ...s, id };
  }

  private toolResult(s: ToolResultSignal, rules: RuleSettings, out: RuleOutput): void {
    let streak = this.toolStreaks.get(s.sessionId);
    if (!s.isError) {
      // A success older than the streak's last error is a late report (transcripts lag hooks): it breaks nothing.
      if (streak && s.ts >= streak.lastTs) this.toolStreaks.delete(s.sessionId);
      return;
    }
    if (streak && s.toolUseId !== undefined && streak.ids.includes(s.toolUseId)) return;
    if (!streak) {
      streak = { count: 0, since: s.ts, lastTs: s.ts, ids: [] };
      this.toolStreaks.set(s.sessionId, streak);
    }
    streak.count++;
    if (s.ts > streak.lastTs) streak.lastTs = s.ts;
    if (s.toolUseId !== undefined) {
      streak.ids.push(s.toolUseId);
      if (streak.ids.length > STREAK_IDS) streak.ids.shift();
    }
    const r = rules.tool_error_streak;
    if (!r.enabled || streak.count !== r.count) return;
    out.raise({
      rule: 'tool_error_streak',
      severity: 'warning',
      title: `${streak.count} tool errors in a row`,
      body: `Session ${shortId(s.sessionId)}: the last one from ${s.toolName}.`,
      sessionId: s.sessionId,
      subject: `tool_error_streak:${s.sessionId}:${streak.since}`,
    });
  }

  private sessionStatus(s: SessionStatusSignal): void {
    if (s.status === 'waiting') {
      const w = this.waiting.get(s.sessionId);
      if (!w || w.since !== s.since) {
        this.waiting.set(s.sessionId, { since: s.since, reason: s.reason ?? null, warned: false });
      }
      return;
    }
    this.waiting.delete(s.sessionId);
    if (s.status === 'ended') {
      this.toolStreaks.delete(s.sessionId);
      for (const [id, r] of this.running) if (r.sessionId === s.sessionId) this.running.delete(id);
    }
  }

  private sourceHealth(s: SourceHealthSignal, rules: RuleSettings, out: RuleOutput): void {
    const r = rules.source_broken;
    const flags = this.sourceFlags.get(s.path) ?? { missing: false, skipped: false };
    this.sourceFlags.set(s.path, flags);
    const missingSubject = `source_broken:missing:${s.path}`;
    if (!s.exists) {
      if (!flags.missing && r.enabled) {
        out.raise({
          rule: 'source_broken',
          severity: 'critical',
          title: 'A source directory is gone',
          body: `${s.path} no longer exists; nothing new is read from it.`,
          sessionId: null,
          subject: missingSubject,
        });
      }
      flags.missing = true;
      return;
    }
    if (flags.missing) out.resolve(missingSubject);
    flags.missing = false;
    const skippedSubject = `source_broken:skipped:${s.path}`;
    const broken = s.linesTotal >= r.minLines && s.skippedLines / s.linesTotal > r.skippedRatio;
    if (broken && !flags.skipped && r.enabled) {
      out.raise({
        rule: 'source_broken',
        severity: 'warning',
        title: 'Many damaged lines in a source',
        body: `${s.skippedLines} of ${s.linesTotal} lines in ${s.path} could not be read.`,
        sessionId: null,
        subject: skippedSubject,
      });
    }
    if (!broken && flags.skipped) out.resolve(skippedSubject);
    flags.skipped = broken;
  }

  private teammateRun(s: TeammateRunSignal, rules: RuleSettings, out: RuleOutput): void {
    if (s.status !== 'failed') return;
    const r = rules.teammate_failing;
    const key = `${s.developer}\u0000${s.agentType}`;
    const failures = this.teammateFailures.get(key) ?? [];
    this.teammateFailures.set(key, failures);
    failures.push(s.ts);
    while (failures.length > r.count) failures.shift();
    if (failures.length < r.count || failures.at(-1)! - failures[0]! > r.windowMinutes * 60_000) return;
    const first = failures[0]!;
    failures.length = 0;
    if (!r.enabled) return;
    out.raise({
      rule: 'teammate_failing',
      severity: 'warning',
      title: `${s.developer}’s ${s.agentType} keeps failing`,
      body: `${r.count} failed runs within ${r.windowMinutes} min.`,
      sessionId: null,
      subject: `teammate_failing:${s.developer}:${s.agentType}:${first}`,
    });
  }
}

/** Adds to a keyed total, dropping the oldest key when the map grows past `max` (keys arrive in time order). */
function addTo(map: Map<string, number>, key: string, amount: number, max: number): void {
  map.set(key, (map.get(key) ?? 0) + amount);
  if (map.size > max) map.delete(map.keys().next().value!);
}
