// Alerts as the contract carries them: the alert record, rule ids, and the rule settings a user edits.
// Shared by the core (rule engine, store) and the renderer (Alerts panel, rules editor).
import { z } from 'zod';

/** The rules the engine knows; `summary` marks an alert that stands for a group of others. */
export const AlertRuleId = z.enum([
  'run_failed',
  'tool_error_streak',
  'session_waiting',
  'long_run',
  'budget',
  'usage_block',
  'cost_spike',
  'source_broken',
  'teammate_failing',
]);
export type AlertRuleId = z.infer<typeof AlertRuleId>;

export const AlertRuleName = z.union([AlertRuleId, z.literal('summary')]);
export type AlertRuleName = z.infer<typeof AlertRuleName>;

export const AlertSeverity = z.enum(['info', 'warning', 'critical']);
export type AlertSeverity = z.infer<typeof AlertSeverity>;

/** One raised alert, as stored and listed. */
export const Alert = z.object({
  id: z.string(),
  rule: AlertRuleName,
  severity: AlertSeverity,
  title: z.string(),
  body: z.string(),
  /** The Claude Code session it is about, when it is about one. */
  sessionId: z.string().nullable(),
  /** De-duplication key: the same rule never raises twice for one subject. */
  subject: z.string(),
  createdAt: z.number().int(),
  acknowledgedAt: z.number().int().nullable(),
  /** The summary alert this one was folded into, when it arrived inside a grouping window. */
  groupId: z.string().nullable(),
  /** false when it was recorded silently: quiet hours, alerts paused, or folded into a later summary. */
  notified: z.boolean(),
});
export type Alert = z.infer<typeof Alert>;

/** An IANA time zone name known to the runtime (the contract's TimeZone; repeated here to avoid an import cycle). */
const ZoneName = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'unknown time zone' },
);

/** `HH:MM` on a 24-hour clock. */
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'expected HH:MM' });

/** A local time range in which a rule records alerts without notifying; it may wrap midnight (22:00–07:00). */
export const QuietHours = z.object({ start: ClockTime, end: ClockTime });
export type QuietHours = z.infer<typeof QuietHours>;

/** What every rule has. */
const common = {
  enabled: z.boolean(),
  /** Ranges in the settings' time zone during which alerts are stored but not notified. */
  quietHours: z.array(QuietHours).max(4),
  /** Until this instant (ms) the rule raises nothing at all. */
  snoozeUntil: z.number().int().nullable(),
};

const positive = z.number().positive();
const count = z.number().int().min(1).max(1000);

/** Each rule's settings: the common fields and its thresholds. */
export const RuleSettingsShapes = {
  run_failed: z.object({ ...common }),
  tool_error_streak: z.object({ ...common, /** consecutive tool errors in one session */ count }),
  session_waiting: z.object({ ...common, /** waiting for permission or input this long */ seconds: count }),
  long_run: z.object({ ...common, /** an agent run still running after this long */ minutes: count }),
  budget: z.object({
    ...common,
    /** USD per local day; null for none. */
    dailyUsd: positive.nullable(),
    /** USD per local calendar month; null for none. */
    monthlyUsd: positive.nullable(),
    /** Percentages of a budget that raise an alert. */
    percents: z.array(z.number().int().min(1).max(1000)).min(1).max(6),
  }),
  usage_block: z.object({
    ...common,
    /** Tokens a 5-hour block may use (ccusage counts input, output and both cache kinds); null for none. */
    tokenLimit: z.number().int().positive().nullable(),
    /** USD a 5-hour block may cost; null for none. */
    costLimitUsd: positive.nullable(),
    /** Percentage of the limit that counts as nearly spent. */
    percent: z.number().int().min(1).max(100),
  }),
  cost_spike: z.object({
    ...common,
    /** The hour's cost must exceed this many times the median of the same hour on previous days. */
    factor: z.number().min(1).max(100),
    /** ...and be at least this many USD. */
    minimumUsd: z.number().nonnegative(),
    /** How many previous days give the median. */
    days: z.number().int().min(1).max(14),
  }),
  source_broken: z.object({
    ...common,
    /** Share of skipped lines above which a source counts as broken. */
    skippedRatio: z.number().gt(0).max(1),
    /** Fewer lines than this are not judged (one bad line in three is noise). */
    minLines: z.number().int().min(1),
  }),
  teammate_failing: z.object({
    ...common,
    /** This many failed runs of one teammate's agent type... */
    count,
    /** ...within this many minutes. */
    windowMinutes: count,
  }),
} as const;

export const RuleSettings = z.object(RuleSettingsShapes);
export type RuleSettings = z.infer<typeof RuleSettings>;

/** Storm control shared by all rules. */
export const StormSettings = z.object({
  /** Alerts raised within this many seconds of a notified one are folded into one summary. */
  groupWindowSeconds: z.number().int().min(0).max(3600),
  /** Token bucket per rule: at most `burst` at once, refilled at `perHour`. */
  burst: z.number().int().min(1).max(100),
  perHour: z.number().int().min(1).max(10_000),
});
export type StormSettings = z.infer<typeof StormSettings>;

/** Everything the user tunes about alerts. */
export const AlertSettings = z.object({
  /** Budgets' days and months and quiet hours are in this zone (IANA name). */
  timezone: ZoneName,
  /** Until this instant (ms) nothing is notified (pause all); alerts are still recorded. */
  pausedUntil: z.number().int().nullable(),
  storm: StormSettings,
  rules: RuleSettings,
});
export type AlertSettings = z.infer<typeof AlertSettings>;

/** A change to the settings: any rule's fields, the storm settings or the time zone. */
export const AlertSettingsPatch = z
  .object({
    timezone: ZoneName.optional(),
    storm: StormSettings.partial().strict().optional(),
    rules: z
      .object({
        run_failed: RuleSettingsShapes.run_failed.partial().strict().optional(),
        tool_error_streak: RuleSettingsShapes.tool_error_streak.partial().strict().optional(),
        session_waiting: RuleSettingsShapes.session_waiting.partial().strict().optional(),
        long_run: RuleSettingsShapes.long_run.partial().strict().optional(),
        budget: RuleSettingsShapes.budget.partial().strict().optional(),
        usage_block: RuleSettingsShapes.usage_block.partial().strict().optional(),
        cost_spike: RuleSettingsShapes.cost_spike.partial().strict().optional(),
        source_broken: RuleSettingsShapes.source_broken.partial().strict().optional(),
        teammate_failing: RuleSettingsShapes.teammate_failing.partial().strict().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type AlertSettingsPatch = z.infer<typeof AlertSettingsPatch>;

/** Settings for a new data directory: on, with thresholds that rarely fire for nothing; budgets unset. */
export function defaultAlertSettings(timezone = 'UTC'): AlertSettings {
  const base = { enabled: true, quietHours: [], snoozeUntil: null };
  return {
    timezone,
    pausedUntil: null,
    storm: { groupWindowSeconds: 30, burst: 5, perHour: 30 },
    rules: {
      run_failed: { ...base },
      tool_error_streak: { ...base, count: 5 },
      session_waiting: { ...base, seconds: 120 },
      long_run: { ...base, minutes: 30 },
      budget: { ...base, dailyUsd: null, monthlyUsd: null, percents: [50, 80, 100] },
      usage_block: { ...base, tokenLimit: null, costLimitUsd: null, percent: 90 },
      cost_spike: { ...base, factor: 3, minimumUsd: 5, days: 14 },
      source_broken: { ...base, skippedRatio: 0.05, minLines: 20 },
      teammate_failing: { ...base, count: 3, windowMinutes: 30 },
    },
  };
}

/** What each rule is for, in the words the rules editor shows. */
export const ruleLabels: Record<AlertRuleName, string> = {
  run_failed: 'Subagent run failed',
  tool_error_streak: 'Streak of tool errors',
  session_waiting: 'Waiting for permission or input',
  long_run: 'Agent run takes long',
  budget: 'Daily / monthly budget',
  usage_block: '5-hour usage block nearly spent',
  cost_spike: 'Cost spike against the usual hour',
  source_broken: 'Source broken',
  teammate_failing: 'Teammate’s agent failing',
  summary: 'Summary of several alerts',
};
