// The one API contract between the core and the renderer: every request, every pushed event, with zod schemas.
// Main (IPC), the preload, the WebSocket server and both renderer clients derive their types from this file.
import { z } from 'zod';

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

/** Team mode's state: local with the reason, or the team's connections, outbox and who is online. */
export const TeamStatus = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('local'), reason: z.string() }),
  z.object({
    mode: z.literal('team'),
    team: z.string(),
    developer: z.string(),
    /** Connection URLs with passwords masked. */
    databaseUrl: z.string(),
    redisUrl: z.string(),
    /** Whether session titles and working directories (redacted) are shared; tokens and costs always are. */
    shareText: z.boolean(),
    postgres: z.object({ connected: z.boolean(), lastError: z.string().nullable() }),
    redis: z.object({ connected: z.boolean(), lastError: z.string().nullable() }),
    /** Local changes not yet acknowledged by Postgres. */
    outbox: z.object({ entries: z.number().int().nonnegative(), oldestAt: z.number().int().nullable() }),
    lastPushAt: z.number().int().nullable(),
    lastPullAt: z.number().int().nullable(),
    /** Team channel messages dropped because they failed validation. */
    rejectedMessages: z.number().int().nonnegative(),
    /** Developers whose presence key is alive. */
    members: z.array(
      z.object({ developer: z.string(), at: z.number().int(), runningSessions: z.number().int().nonnegative() }),
    ),
  }),
]);
export type TeamStatus = z.infer<typeof TeamStatus>;

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
  /**
   * Team mode: whether it is on (and why not), connections, outbox backlog, who is online.
   * Note for later requests over team data: add an optional `scope: 'me' | 'team'` input (default 'me')
   * rather than new request names; team data comes from the local team cache, so it works offline.
   */
  'team.status': { input: z.object({}).strict(), output: TeamStatus },
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
  /** The local cache of the team's records changed (a teammate's live batch, or catch-up from Postgres). */
  'team.changed': z.object({
    developers: z.array(z.string()),
    sessions: z.array(z.string()),
    records: z.number().int().nonnegative(),
    at: z.number().int(),
  }),
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
