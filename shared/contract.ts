// The one API contract between the core and the renderer: every request, every pushed event, with zod schemas.
// Main (IPC), the preload, the WebSocket server and both renderer clients derive their types from this file.
import { z } from 'zod';

/** Error codes a caller can act on. */
export const ErrorCode = z.enum([
  'INVALID_REQUEST', // the payload failed validation
  'UNKNOWN_REQUEST', // no such request name in the contract
  'FORBIDDEN', // the sender is not one of our windows, or the token is wrong
  'NOT_FOUND',
  'UNAVAILABLE', // the core is starting or stopping, or this build lacks the feature (demo.load)
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** What crosses a transport instead of a thrown error. */
export const ApiError = z.object({ code: ErrorCode, message: z.string() });
export type ApiError = z.infer<typeof ApiError>;

/** Every response is an envelope: a value, or an error with a code. Nothing is thrown across IPC. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** An IANA time zone name, such as `Europe/Berlin`; checked against the runtime's Intl data. */
export const TimeZone = z.string().refine(
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

/** Token counts of one or many API responses, named as ccusage names them. */
export const TokenTotals = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cacheCreationTokens: z.number().int().nonnegative(),
  cacheReadTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
  /** USD; excludes responses whose model has no known price (see `unpricedModels`). */
  totalCost: z.number().nonnegative(),
});
export type TokenTotals = z.infer<typeof TokenTotals>;

/** One model's share of a period. */
export const ModelUsage = TokenTotals.extend({
  model: z.string(),
  /** false when the model is missing from the price table: its cost is unknown, not zero. */
  priced: z.boolean(),
});
export type ModelUsage = z.infer<typeof ModelUsage>;

/** A session as listed on the Overview. */
export const SessionSummary = TokenTotals.extend({
  id: z.string(),
  project: z.string(),
  title: z.string().nullable(),
  gitBranch: z.string().nullable(),
  firstActivity: z.number().int(),
  lastActivity: z.number().int(),
  apiCalls: z.number().int().nonnegative(),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

/** The Overview panel's numbers for one day in the viewer's time zone. */
export const Overview = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  timezone: z.string(),
  today: TokenTotals.extend({ sessions: z.number().int().nonnegative() }),
  yesterday: TokenTotals.extend({ sessions: z.number().int().nonnegative() }),
  models: z.array(ModelUsage),
  sessions: z.array(SessionSummary),
  unpricedModels: z.array(z.string()),
});
export type Overview = z.infer<typeof Overview>;

/** Health of one watched source directory. */
export const SourceStatus = z.object({
  path: z.string(),
  kind: z.enum(['claude']),
  exists: z.boolean(),
  files: z.number().int().nonnegative(),
  lines: z.number().int().nonnegative(),
  skippedLines: z.number().int().nonnegative(),
  lastIngestAt: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type SourceStatus = z.infer<typeof SourceStatus>;

/** What the app is and where it keeps things. */
export const AppInfo = z.object({
  version: z.string(),
  mode: z.enum(['desktop', 'browser']),
  dataDir: z.string(),
  claudeDirs: z.array(z.string()),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** A time range: a preset ending now, or explicit UTC milliseconds [from, to). */
export const RangePreset = z.enum(['1h', '24h', '7d', '30d']);
export type RangePreset = z.infer<typeof RangePreset>;
export const TimeRange = z.union([
  z.object({ preset: RangePreset }).strict(),
  z
    .object({ from: z.number().int().nonnegative(), to: z.number().int().nonnegative() })
    .strict()
    .refine((r) => r.to > r.from, { message: 'to must be after from' })
    .refine((r) => r.to - r.from <= 400 * 24 * 3_600_000, { message: 'a range may span at most 400 days' }),
]);
export type TimeRange = z.infer<typeof TimeRange>;

/** What the Metrics panel splits its series by. 'developer' is the local developer alone until team mode lands. */
export const MetricsGroupBy = z.enum(['model', 'project', 'agent', 'developer']);
export type MetricsGroupBy = z.infer<typeof MetricsGroupBy>;

/** Tokens by kind, cost and request counts of some API responses. */
export const UsageBreakdown = TokenTotals.extend({
  requests: z.number().int().nonnegative(),
  /** Responses whose model has no known price: their cost is missing from `totalCost`. */
  unpricedRequests: z.number().int().nonnegative(),
  /** cache read / (input + cache creation + cache read); null when there was no input at all. */
  cacheHitRatio: z.number().min(0).max(1).nullable(),
});
export type UsageBreakdown = z.infer<typeof UsageBreakdown>;

/** One group of the Metrics panel (a model, a project, an agent run or the main session, a developer). */
export const MetricsGroup = UsageBreakdown.extend({ key: z.string(), label: z.string() });
export type MetricsGroup = z.infer<typeof MetricsGroup>;

/** One time bucket of the Metrics series: totals, and tokens and cost per group key. */
export const MetricsPoint = UsageBreakdown.extend({
  /** UTC milliseconds at which the bucket starts (a local midnight for day buckets). */
  start: z.number().int(),
  groups: z.record(z.string(), z.object({ totalTokens: z.number().int().nonnegative(), totalCost: z.number() })),
});
export type MetricsPoint = z.infer<typeof MetricsPoint>;

/** Tool-call figures; present once tool-call ingestion lands (absent until then, never zero by pretence). */
export const ToolMetrics = z.object({
  calls: z.number().int().nonnegative(),
  errorRate: z.number().min(0).max(1).nullable(),
  durationP50Ms: z.number().nonnegative().nullable(),
  durationP95Ms: z.number().nonnegative().nullable(),
});
export type ToolMetrics = z.infer<typeof ToolMetrics>;

/** The Metrics panel: a series over [from, to) in buckets sized to the range, split by a grouping. */
export const Metrics = z.object({
  from: z.number().int(),
  to: z.number().int(),
  timezone: z.string(),
  groupBy: MetricsGroupBy,
  bucket: z.enum(['5m', '15m', '1h', '1d']),
  /** Equal to a `report` over the same [from, to): every usage record in range, counted once. */
  totals: UsageBreakdown,
  /** The largest groups by cost; the rest are folded into one group with key `__other__`. */
  groups: z.array(MetricsGroup),
  series: z.array(MetricsPoint),
  unpricedModels: z.array(z.string()),
  tools: ToolMetrics.optional(),
});
export type Metrics = z.infer<typeof Metrics>;

/** Cost, tokens and requests of one local day. */
export const DayUsage = z.object({
  date: z.string(),
  totalTokens: z.number().int().nonnegative(),
  totalCost: z.number(),
  requests: z.number().int().nonnegative(),
});
export type DayUsage = z.infer<typeof DayUsage>;

/** A 5-hour usage block as ccusage defines it, with its burn rate and, while active, its projection. */
export const UsageBlock = TokenTotals.extend({
  start: z.number().int(),
  end: z.number().int(),
  firstActivity: z.number().int(),
  lastActivity: z.number().int(),
  requests: z.number().int().nonnegative(),
  active: z.boolean(),
  /** All tokens per minute between the first and the last response; null for a single instant. */
  tokensPerMinute: z.number().nonnegative().nullable(),
  costPerHour: z.number().nonnegative().nullable(),
  projection: z
    .object({
      totalTokens: z.number().nonnegative(),
      totalCost: z.number().nonnegative(),
      remainingMinutes: z.number().nonnegative(),
    })
    .nullable(),
});
export type UsageBlock = z.infer<typeof UsageBlock>;

/** The Analytics panel, everything in the viewer's time zone. */
export const Analytics = z.object({
  timezone: z.string(),
  generatedAt: z.number().int(),
  /** Monday to Sunday of this week against last week; days still to come have `thisWeek: null`. */
  week: z.object({
    days: z.array(z.object({ weekday: z.string(), thisWeek: DayUsage.nullable(), lastWeek: DayUsage })),
    thisWeekCost: z.number(),
    /** Last week's cost over the same weekdays as this week so far, for a fair comparison. */
    lastWeekCostToDate: z.number(),
    lastWeekCost: z.number(),
  }),
  /** monthToDateCost + averageDailyCost (last `basisDays` complete days) × daysLeft. */
  forecast: z.object({
    month: z.string(),
    monthToDateCost: z.number(),
    averageDailyCost: z.number(),
    basisDays: z.number().int().positive(),
    daysLeft: z.number().nonnegative(),
    forecastCost: z.number(),
  }),
  topSessions: z.array(
    z.object({
      id: z.string(),
      project: z.string(),
      title: z.string().nullable(),
      lastActivity: z.number().int(),
      totalTokens: z.number().int().nonnegative(),
      totalCost: z.number(),
      requests: z.number().int().nonnegative(),
    }),
  ),
  topProjects: z.array(
    z.object({
      project: z.string(),
      totalTokens: z.number().int().nonnegative(),
      totalCost: z.number(),
      requests: z.number().int().nonnegative(),
    }),
  ),
  /** Hourly cost over the last 14 days; `spike` when cost > k × baseline (see `spikeRule`). */
  hourly: z.array(z.object({ start: z.number().int(), cost: z.number(), baseline: z.number(), spike: z.boolean() })),
  spikeRule: z.object({ k: z.number().positive(), days: z.number().int().positive() }),
  /** Requests and cost per local weekday (0 = Monday) and hour over the last `days` days. */
  heatmap: z.object({
    days: z.number().int().positive(),
    cells: z.array(
      z.object({
        weekday: z.number().int().min(0).max(6),
        hour: z.number().int().min(0).max(23),
        requests: z.number().int().nonnegative(),
        cost: z.number(),
      }),
    ),
  }),
  /** 5-hour blocks of the last 7 days, newest first. */
  blocks: z.array(UsageBlock),
});
export type Analytics = z.infer<typeof Analytics>;

/** What loading the demo data did. */
export const DemoLoaded = z.object({ source: z.string(), files: z.number().int().nonnegative() });
export type DemoLoaded = z.infer<typeof DemoLoaded>;

/** Every request: name → input and output schemas. */
export const requests = {
  /** Name, version, mode and directories of the running core. */
  'app.info': { input: z.object({}).strict(), output: AppInfo },
  /** Today's and yesterday's totals, cost by model and today's sessions, in the given time zone. */
  'overview.get': {
    input: z
      .object({
        timezone: TimeZone,
        /** A day other than today, as YYYY-MM-DD; defaults to today in `timezone`. */
        date: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .optional(),
      })
      .strict(),
    output: Overview,
  },
  /** Health of each source directory and the lines skipped in it. */
  'sources.list': { input: z.object({}).strict(), output: z.array(SourceStatus) },
  /** Tokens by kind, cost and cache hit ratio over a range, bucketed to its length, split by a grouping. */
  'metrics.get': {
    input: z.object({ range: TimeRange, groupBy: MetricsGroupBy, timezone: TimeZone }).strict(),
    output: Metrics,
  },
  /** Trends, forecast, most expensive sessions and projects, spikes, heatmap and 5-hour blocks. */
  'analytics.get': { input: z.object({ timezone: TimeZone }).strict(), output: Analytics },
  /**
   * Writes simulated Claude Code data to `<dataDir>/demo-claude` (never the user's Claude directory) and watches it
   * as one more source. Answers UNAVAILABLE while this build has no simulator.
   */
  'demo.load': { input: z.object({}).strict(), output: DemoLoaded },
} as const;

export type RequestName = keyof typeof requests;
export type RequestInput<K extends RequestName> = z.input<(typeof requests)[K]['input']>;
export type RequestOutput<K extends RequestName> = z.infer<(typeof requests)[K]['output']>;

/** Every pushed event: name → payload schema. Events are batched by the core before they are pushed. */
export const events = {
  /** New usage reached the local store; `sessions` lists the sessions that changed. */
  'usage.changed': z.object({
    sessions: z.array(z.string()),
    records: z.number().int().nonnegative(),
    at: z.number().int(),
  }),
  /** A source's health changed (files found, lines skipped, a directory appeared or vanished). */
  'sources.changed': z.object({ at: z.number().int() }),
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

/** A pushed event as it crosses a transport. */
export type ApiEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

/** The object the renderer finds on `window.api`, whatever the transport behind it. */
export interface MonitorApi {
  /** Sends one request; always resolves, with an envelope. */
  invoke<K extends RequestName>(name: K, input: RequestInput<K>): Promise<Envelope<RequestOutput<K>>>;
  /** Listens to one pushed event; returns the function that stops listening. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** IPC channel names, one per request and one for all pushed events. */
export const requestChannel = (name: RequestName): string => `sfm:request:${name}`;
export const EVENT_CHANNEL = 'sfm:event';

export const isRequestName = (name: unknown): name is RequestName =>
  typeof name === 'string' && Object.hasOwn(requests, name);
export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.hasOwn(events, name);

/** WebSocket frames of the browser twin. Requests carry an id so answers can be matched. */
export const WsClientFrame = z.object({
  id: z.number().int().nonnegative(),
  name: z.string(),
  input: z.unknown(),
});
export type WsClientFrame = z.infer<typeof WsClientFrame>;
export type WsServerFrame =
  { kind: 'response'; id: number; envelope: Envelope<unknown> } | { kind: 'event'; event: ApiEvent };
