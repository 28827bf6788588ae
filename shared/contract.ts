// The one API contract between the core and the renderer: every request, every pushed event, with zod schemas.
// Main (IPC), the preload, the WebSocket server and both renderer clients derive their types from this file.
import { z } from 'zod';
import { Alert, AlertRuleName, AlertSettings, AlertSettingsPatch, AlertSeverity } from './alerts';

/** Error codes a caller can act on. */
export const ErrorCode = z.enum([
  'INVALID_REQUEST', // the payload failed validation
  'UNKNOWN_REQUEST', // no such request name in the contract
  'FORBIDDEN', // the sender is not one of our windows, or the token is wrong
  'NOT_FOUND',
  'UNAVAILABLE', // the core is starting or stopping
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
  /** Raised alerts, newest first, optionally only unacknowledged ones, or one rule's, or one severity's. */
  'alerts.list': {
    input: z
      .object({
        limit: z.number().int().min(1).max(1000).default(200),
        unacknowledged: z.boolean().optional(),
        rule: AlertRuleName.optional(),
        severity: AlertSeverity.optional(),
      })
      .strict(),
    output: z.array(Alert),
  },
  /** Marks alerts seen; acknowledging a summary acknowledges the alerts it stands for. */
  'alerts.acknowledge': {
    input: z.object({ ids: z.array(z.string()).min(1).max(1000) }).strict(),
    output: z.object({ acknowledged: z.number().int().nonnegative() }),
  },
  /** Every rule's settings, the storm control and the time zone budgets and quiet hours use. */
  'alerts.rules.get': { input: z.object({}).strict(), output: AlertSettings },
  /** Changes some settings; the merged result is validated as a whole and returned. */
  'alerts.rules.update': { input: AlertSettingsPatch, output: AlertSettings },
  /** Pauses notifications for `minutes` (alerts are still recorded); 0 resumes them. */
  'alerts.pause': {
    input: z
      .object({
        minutes: z
          .number()
          .int()
          .min(0)
          .max(7 * 24 * 60),
      })
      .strict(),
    output: z.object({ pausedUntil: z.number().int().nullable() }),
  },
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
  /** Alerts were raised (and stored); those with `notified` should reach the user now. Pushed at once, unbatched. */
  'alerts.raised': z.object({ alerts: z.array(Alert) }),
  /** The desktop shell asks the renderer to show a panel (`alerts`, `sessions?session=<id>`), e.g. after a notification click. */
  'app.navigate': z.object({ route: z.string().regex(/^[a-z][a-z0-9-]*(\?[^#\s]*)?$/) }),
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
