// The one API contract between the core and the renderer: every request, every pushed event, with zod schemas.
// Main (IPC), the preload, the WebSocket server and both renderer clients derive their types from this file.
import { z } from 'zod';
import { Alert, AlertRuleName, AlertSettings, AlertSettingsPatch, AlertSeverity } from './alerts';
import {
  AppSettings,
  AppSettingsPatch,
  HooksInstallInput,
  HooksInstallResult,
  HooksStatus,
  PriceList,
  PriceOverrideInput,
  PriceOverrideResult,
  SkippedLinesFile,
} from './settings';

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
  /** Whose session it is; present in team and developer scopes. */
  developer: z.string().optional(),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

/** A team or developer name (as team mode's configuration accepts it). */
export const TeamMemberName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'letters, digits, . _ - (up to 63)');

/**
 * Whose usage a panel shows: this machine's (`me`, the default), the whole team's, or one developer's. Team and
 * developer scopes read the local cache of the team's records, so they work offline.
 */
export const UsageScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('me') }).strict(),
  z.object({ kind: z.literal('team') }).strict(),
  z.object({ kind: z.literal('developer'), developer: TeamMemberName }).strict(),
]);
export type UsageScope = z.infer<typeof UsageScope>;

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
  /** The files of this directory with skipped lines, most skipped first (at most 200). */
  skippedFiles: z.array(SkippedLinesFile).optional(),
});
export type SourceStatus = z.infer<typeof SourceStatus>;

/**
 * A scan with many megabytes to read (the app's first, or one after a long pause): how far it got. Files and
 * bytes are those with something new to read; `finishedAt` is null while it runs.
 */
export const ScanProgress = z.object({
  files: z.number().int().nonnegative(),
  filesRead: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  bytesRead: z.number().int().nonnegative(),
  startedAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
});
export type ScanProgress = z.infer<typeof ScanProgress>;

/** The loopback endpoint receiving Claude Code hook events, and what it has accepted and refused. */
export const HookEndpointInfo = z.object({
  url: z.string(),
  port: z.number().int(),
  accepted: z.number().int().nonnegative(),
  /** Refusals by reason (`unauthorized`, `too-large`, `not-json`, `invalid-event`...). */
  refused: z.record(z.string(), z.number().int().nonnegative()),
});
export type HookEndpointInfo = z.infer<typeof HookEndpointInfo>;

/** What the app is and where it keeps things. */
export const AppInfo = z.object({
  version: z.string(),
  mode: z.enum(['desktop', 'browser']),
  dataDir: z.string(),
  claudeDirs: z.array(z.string()),
  /** Absent when the hook receiver is not running (it failed to start, or the core runs without it). */
  hookEndpoint: HookEndpointInfo.optional(),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** How a subagent run ended: still running, its Task/Agent call returned, or that call returned an error. */
export const AgentRunStatus = z.enum(['running', 'succeeded', 'failed']);
export type AgentRunStatus = z.infer<typeof AgentRunStatus>;

/** One subagent invocation, with the tokens and cost of its own API responses. */
export const AgentRun = TokenTotals.extend({
  /** Claude Code's agentId. */
  id: z.string(),
  sessionId: z.string(),
  /** The Task/Agent tool call that started the run, when known. */
  parentToolUseId: z.string().nullable(),
  /** How the run was tied to that call: the call's result named it, a progress line, its meta file, or its prompt. */
  linkMethod: z.enum(['tool-result', 'progress', 'meta', 'prompt']).nullable(),
  agentType: z.string().nullable(),
  description: z.string().nullable(),
  /** Truncated to 2000 characters. */
  prompt: z.string().nullable(),
  status: AgentRunStatus,
  startedAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  toolCount: z.number().int().nonnegative(),
  apiCalls: z.number().int().nonnegative(),
});
export type AgentRun = z.infer<typeof AgentRun>;

/** One tool call: a tool_use block and, once it arrived, its tool_result. */
export const ToolCall = z.object({
  id: z.string(),
  sessionId: z.string(),
  /** The subagent run the call was made in; null in the main thread. */
  agentId: z.string().nullable(),
  name: z.string(),
  startedAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  status: AgentRunStatus,
  /** A short summary of the input (paths, commands, the subagent's type and prompt, TodoWrite items). */
  input: z.record(z.string(), z.unknown()),
  /** Bytes of result content, in UTF-8. */
  resultSize: z.number().int().nullable(),
});
export type ToolCall = z.infer<typeof ToolCall>;

/** A compaction or an API error in a session. */
export const SessionEvent = z.object({
  id: z.string(),
  sessionId: z.string(),
  agentId: z.string().nullable(),
  ts: z.number().int(),
  kind: z.enum(['compaction', 'api-error']),
  detail: z.record(z.string(), z.unknown()),
});
export type SessionEvent = z.infer<typeof SessionEvent>;

/** One API response of a session (an assistant turn), as the timeline shows it. */
export const AssistantTurn = z.object({
  id: z.string(),
  /** The subagent run that made it; null in the main thread. */
  agentId: z.string().nullable(),
  ts: z.number().int(),
  model: z.string(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cacheCreationTokens: z.number().int().nonnegative(),
  cacheReadTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
  cost: z.number().nonnegative(),
});
export type AssistantTurn = z.infer<typeof AssistantTurn>;

/** One session with everything that happened in it, in time order. */
export const SessionDetail = z.object({
  session: z.object({
    id: z.string(),
    project: z.string(),
    cwd: z.string().nullable(),
    gitBranch: z.string().nullable(),
    version: z.string().nullable(),
    title: z.string().nullable(),
    firstActivity: z.number().int(),
    lastActivity: z.number().int(),
  }),
  toolCalls: z.array(ToolCall),
  runs: z.array(AgentRun),
  events: z.array(SessionEvent),
  /** More tool calls exist than were returned. */
  truncated: z.boolean(),
  /** The session's counted API responses in time order (present since the Sessions panel). */
  turns: z.array(AssistantTurn).optional(),
  /** More turns exist than were returned. */
  turnsTruncated: z.boolean().optional(),
  /** How many tool calls and turns the session has in all, to say how much "show more" would add. */
  counts: z.object({ toolCalls: z.number().int().nonnegative(), turns: z.number().int().nonnegative() }).optional(),
});
export type SessionDetail = z.infer<typeof SessionDetail>;

export const TaskStatus = z.enum(['queued', 'running', 'waiting', 'done', 'failed']);
export type TaskStatus = z.infer<typeof TaskStatus>;

/** A work item: a subagent invocation, a TodoWrite item, or a SubForge task_breakdown entry. */
export const TaskItem = z.object({
  id: z.string(),
  source: z.enum(['subagent', 'todo', 'subforge']),
  sessionId: z.string().nullable(),
  /** The project folder (cwd) the task belongs to, when known. */
  project: z.string().nullable(),
  agent: z.string().nullable(),
  title: z.string(),
  detail: z.string().nullable(),
  status: TaskStatus,
  startedAt: z.number().int().nullable(),
  updatedAt: z.number().int(),
  /** The subagent run a subagent task started, once its transcript was read; null for other sources. */
  runId: z.string().nullable().optional(),
  /** Tokens and cost (USD) of that run's own counted API responses; null when there is no run. */
  totalTokens: z.number().int().nonnegative().nullable().optional(),
  totalCost: z.number().nonnegative().nullable().optional(),
  /** Whose task, in team and developer scopes. */
  developer: z.string().optional(),
});
export type TaskItem = z.infer<typeof TaskItem>;

/** An agent of the registry (or a subagent type seen only in transcripts) with what its runs did. */
export const AgentSummary = TokenTotals.extend({
  name: z.string(),
  /** `unregistered`: seen in transcripts (built-in types such as Explore) but defined in no agents folder. */
  scope: z.enum(['user', 'project', 'unregistered']),
  description: z.string().nullable(),
  model: z.string().nullable(),
  tools: z.array(z.string()).nullable(),
  /** Definition files, project scope first. */
  paths: z.array(z.string()),
  runs: z.number().int().nonnegative(),
  succeeded: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  running: z.number().int().nonnegative(),
  /** succeeded / (succeeded + failed); null before any run ended. */
  successRate: z.number().nullable(),
  medianDurationMs: z.number().nullable(),
  p95DurationMs: z.number().nullable(),
  toolsUsed: z.array(z.object({ name: z.string(), count: z.number().int().nonnegative() })),
  lastRunAt: z.number().int().nullable(),
});
export type AgentSummary = z.infer<typeof AgentSummary>;

/** The agents view: every agent, and the definition files that could not be read. */
export const AgentList = z.object({
  agents: z.array(AgentSummary),
  badFiles: z.array(z.object({ path: z.string(), error: z.string() })),
});
export type AgentList = z.infer<typeof AgentList>;
/** What a session or subagent is doing now, from hook events. */
export const LiveStatus = z.enum(['running', 'waiting', 'idle', 'ended', 'failed']);
export type LiveStatus = z.infer<typeof LiveStatus>;

/** What a waiting session waits for: a permission decision or the user's next input. */
export const WaitingFor = z.enum(['permission', 'input']);
export type WaitingFor = z.infer<typeof WaitingFor>;

/** One subagent's live status. */
export const LiveAgentStatus = z.object({
  sessionId: z.string(),
  agentId: z.string(),
  agentType: z.string().nullable(),
  status: LiveStatus,
  /** When the status last changed, epoch ms. */
  since: z.number().int(),
  lastEvent: z.string(),
  lastEventAt: z.number().int(),
  waitingFor: WaitingFor.nullable(),
  currentTool: z.string().nullable(),
  failedToolCalls: z.number().int().nonnegative(),
});
export type LiveAgentStatus = z.infer<typeof LiveAgentStatus>;

/** One session's live status, with its subagents. */
export const LiveSessionStatus = z.object({
  sessionId: z.string(),
  status: LiveStatus,
  since: z.number().int(),
  lastEvent: z.string(),
  lastEventAt: z.number().int(),
  cwd: z.string().nullable(),
  /** The transcript folder's name, as `SessionSummary.project` names it. */
  project: z.string().nullable(),
  waitingFor: WaitingFor.nullable(),
  /** The last notification's message, failure's error or end's reason. */
  detail: z.string().nullable(),
  currentTool: z.string().nullable(),
  failedToolCalls: z.number().int().nonnegative(),
  agents: z.array(LiveAgentStatus),
});
export type LiveSessionStatus = z.infer<typeof LiveSessionStatus>;

/** One hook event as the live feed lists it. */
export const HookEventSummary = z.object({
  id: z.number().int(),
  sessionId: z.string(),
  event: z.string(),
  toolName: z.string().nullable(),
  toolUseId: z.string().nullable(),
  agentId: z.string().nullable(),
  agentType: z.string().nullable(),
  /** When the app received it, epoch ms. */
  at: z.number().int(),
  detail: z.string().nullable(),
});
export type HookEventSummary = z.infer<typeof HookEventSummary>;

/** A stored hook event with its body (JSON text; long strings cut when `truncated`). */
export const HookEventRecord = HookEventSummary.extend({ payload: z.string(), truncated: z.boolean() });
export type HookEventRecord = z.infer<typeof HookEventRecord>;
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
/** One developer found in the local team cache, for the scope switch. */
export const TeamDeveloper = z.object({
  developer: z.string(),
  sessions: z.number().int().nonnegative(),
  requests: z.number().int().nonnegative(),
  totalCost: z.number(),
  lastActivity: z.number().int().nullable(),
});
export type TeamDeveloper = z.infer<typeof TeamDeveloper>;

/** Team mode's settings as the Settings form shows them. Never carries a secret: URLs have their password masked. */
export const TeamSettings = z.object({
  team: z.string().nullable(),
  developer: z.string().nullable(),
  shareText: z.boolean(),
  /** Masked (`postgres://user:***@host/db`); null when not set. */
  databaseUrl: z.string().nullable(),
  redisUrl: z.string().nullable(),
  /** Where the URLs come from: the environment (or flags), this app's encrypted store, or nowhere yet. */
  urlsFrom: z.enum(['environment', 'secret-store', 'none']),
  /** Whether `team.configure` may store URLs here (desktop app with OS encryption); never under `serve`. */
  canStoreSecrets: z.boolean(),
  /** Why team mode is off, when it is. */
  reason: z.string().nullable(),
});
export type TeamSettings = z.infer<typeof TeamSettings>;

/** New team settings. A URL left out (or sent back masked, unchanged) keeps the current one. */
export const TeamConfigureInput = z
  .object({
    databaseUrl: z.string().max(4096).optional(),
    redisUrl: z.string().max(4096).optional(),
    team: TeamMemberName,
    developer: TeamMemberName,
    shareText: z.boolean(),
  })
  .strict();
export type TeamConfigureInput = z.infer<typeof TeamConfigureInput>;

/** One server's answer to a connection test. */
export const ConnectionCheck = z.object({
  ok: z.boolean(),
  /** The server's version on success; on failure what went wrong, in words a user can act on (no secrets). */
  message: z.string(),
  /** The URL tried, password masked. */
  url: z.string().nullable(),
  /** Whether the connection is encrypted (Postgres `sslmode=require`/`verify-*`, `rediss://`). */
  tls: z.boolean(),
  latencyMs: z.number().int().nonnegative().nullable(),
});
export type ConnectionCheck = z.infer<typeof ConnectionCheck>;

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

/** How the session list can be ordered. */
export const SessionSort = z.enum(['start', 'last', 'duration', 'cost', 'tokens', 'apiCalls']);
export type SessionSort = z.infer<typeof SessionSort>;

/**
 * Filters, order and page of the Sessions panel's list. With a team or developer `scope` the list comes from the
 * local team cache of the configured team (UNAVAILABLE when team mode is off, as for the other scoped requests):
 * its rows carry `developer`, tokens and cost of counted responses, `cwd` and `title` only when the sender shares
 * text, `subagentRuns` from the shared runs, `failedToolCalls` 0 and `liveStatus` null (teammates share usage and
 * runs, not tool calls or hook status).
 */
export const SessionListQuery = z
  .object({
    /** The transcript folder's name, exactly (`-home-dev-shop`). */
    project: z.string().min(1).max(500).optional(),
    gitBranch: z.string().min(1).max(500).optional(),
    /** Sessions with at least one subagent run of this type (in team scopes, of the runs teammates shared). */
    agentType: z.string().min(1).max(200).optional(),
    /** Sessions with at least one counted API response of this model. */
    model: z.string().min(1).max(200).optional(),
    /** Sessions active at some time in [from, to), epoch ms. */
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().positive().optional(),
    /** Case-insensitive substring of the title, working directory or session id (and developer, in team scopes). */
    text: z.string().min(1).max(200).optional(),
    sort: SessionSort.default('start'),
    order: z.enum(['asc', 'desc']).default('desc'),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).max(1_000_000).default(0),
    /** Whose sessions: this machine's (absent or `me`), the team's or one developer's, from the team cache. */
    scope: UsageScope.optional(),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.to > q.from, { message: 'to must be after from' });
export type SessionListQuery = z.infer<typeof SessionListQuery>;

/**
 * One row of the session list; tokens and cost count each API response once (no sidechain replays). `developer`
 * (from SessionSummary) is present on team and developer scope rows.
 */
export const SessionListRow = SessionSummary.extend({
  cwd: z.string().nullable(),
  durationMs: z.number().int().nonnegative(),
  /** Models of the session's counted responses, dearest first. */
  models: z.array(z.string()),
  subagentRuns: z.number().int().nonnegative(),
  failedToolCalls: z.number().int().nonnegative(),
  /** From hook events of the last 24 hours; null when no hook reported on the session. */
  liveStatus: LiveStatus.nullable(),
});
export type SessionListRow = z.infer<typeof SessionListRow>;

/** A page of the session list, the number of sessions matching the filters, and the values the filters offer. */
export const SessionList = z.object({
  rows: z.array(SessionListRow),
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
  facets: z.object({
    projects: z.array(z.string()),
    gitBranches: z.array(z.string()),
    agentTypes: z.array(z.string()),
    models: z.array(z.string()),
  }),
});
export type SessionList = z.infer<typeof SessionList>;

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
        scope: UsageScope.optional(),
      })
      .strict(),
    output: Overview,
  },
  /** Health of each source directory and the lines skipped in it. */
  'sources.list': { input: z.object({}).strict(), output: z.array(SourceStatus) },
  /** The large scan under way, or the last one (null before any). */
  'sources.scan': { input: z.object({}).strict(), output: ScanProgress.nullable() },
  /** The agent registry joined with runs: success rate, median and p95 duration, tokens, cost, tools, last run. */
  'agents.list': {
    input: z
      .object({
        /**
         * Whose runs: this machine's (default), or the team's / one developer's from the team cache (type, status,
         * times, tokens and cost are shared; tools used are not). Definitions are always this machine's.
         */
        scope: UsageScope.optional(),
      })
      .strict(),
    output: AgentList,
  },
  /** Subagent runs, newest first, optionally of one session or one agent type. */
  'agentRuns.list': {
    input: z
      .object({
        sessionId: z.string().min(1).optional(),
        agentType: z.string().min(1).optional(),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    output: z.array(AgentRun),
  },
  /** Tasks of every source, most recently updated first. */
  'tasks.list': {
    input: z
      .object({
        status: TaskStatus.optional(),
        limit: z.number().int().min(1).max(2000).default(200),
        /**
         * This machine's tasks (default), or the team's / one developer's from the team cache: their subagent runs,
         * titled by agent type (descriptions, prompts and TodoWrite lists are text, which stays on each machine).
         */
        scope: UsageScope.optional(),
      })
      .strict(),
    output: z.array(TaskItem),
  },
  /** One session with its tool calls, subagent runs and events in time order; NOT_FOUND for an unknown id. */
  'sessions.get': {
    input: z
      .object({
        id: z.string().min(1),
        /** Most tool calls, and most assistant turns, returned (the earliest first); 5000 when absent. */
        limit: z.number().int().min(1).max(100_000).optional(),
      })
      .strict(),
    output: SessionDetail,
  },
  /** Sessions matching filters and free text, sorted and paged, with counted tokens, cost, runs and failures. */
  'sessions.list': { input: SessionListQuery, output: SessionList },
  /** Sessions (with their subagents) that sent a hook event recently, most recent first. */
  'live.status': {
    input: z
      .object({
        /** Only sessions whose last event is this recent, in ms; defaults to 24 hours. */
        withinMs: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
    output: z.object({ sessions: z.array(LiveSessionStatus), at: z.number().int() }),
  },
  /** The latest hook events, newest first, of one session or of all. */
  'events.recent': {
    input: z
      .object({ limit: z.number().int().min(1).max(1000).optional(), sessionId: z.string().min(1).optional() })
      .strict(),
    output: z.array(HookEventRecord),
  },
  /**
   * Team mode: whether it is on (and why not), connections, outbox backlog, who is online.
   * Note for later requests over team data: add an optional `scope: 'me' | 'team'` input (default 'me')
   * rather than new request names; team data comes from the local team cache, so it works offline.
   */
  'team.status': { input: z.object({}).strict(), output: TeamStatus },
  /** Developers in the local team cache (for the scope switch); empty when team mode is off. */
  'team.developers': { input: z.object({}).strict(), output: z.array(TeamDeveloper) },
  /** Team mode's current settings, URLs masked. */
  'team.settings.get': { input: z.object({}).strict(), output: TeamSettings },
  /**
   * Saves team settings and restarts team sync with them (no app restart). URLs go to the core's secret store:
   * the desktop app's OS-encrypted store; under `serve` that store refuses (UNAVAILABLE) and says to use the
   * environment. INVALID_REQUEST for a malformed URL or name.
   */
  'team.configure': { input: TeamConfigureInput, output: TeamStatus },
  /** Tries to connect to Postgres and Redis (the given URLs, else the current ones) and reports each result. */
  'team.test': {
    input: z
      .object({ databaseUrl: z.string().max(4096).optional(), redisUrl: z.string().max(4096).optional() })
      .strict(),
    output: z.object({ postgres: ConnectionCheck, redis: ConnectionCheck }),
  },
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
  /** Tokens by kind, cost and cache hit ratio over a range, bucketed to its length, split by a grouping. */
  'metrics.get': {
    input: z
      .object({ range: TimeRange, groupBy: MetricsGroupBy, timezone: TimeZone, scope: UsageScope.optional() })
      .strict(),
    output: Metrics,
  },
  /** Trends, forecast, most expensive sessions and projects, spikes, heatmap and 5-hour blocks. */
  'analytics.get': {
    input: z.object({ timezone: TimeZone, scope: UsageScope.optional() }).strict(),
    output: Analytics,
  },
  /**
   * Writes simulated Claude Code data to `<dataDir>/demo-claude` (never the user's Claude directory) and watches it
   * as one more source. Answers UNAVAILABLE while this build has no simulator.
   */
  'demo.load': { input: z.object({}).strict(), output: DemoLoaded },
  /** Whether our hooks are in the user's settings.json and in each known project's (session folders, typed ones). */
  'hooks.status': { input: z.object({}).strict(), output: HooksStatus },
  /**
   * Adds our hooks to the user's or a project's `.claude/settings.json` after a backup; idempotent. A project must be
   * an existing absolute folder; only its `.claude/settings.json` is ever written.
   */
  'hooks.install': { input: HooksInstallInput, output: HooksInstallResult },
  /** The data directory, how to move it, retention and the last prune. */
  'settings.get': { input: z.object({}).strict(), output: AppSettings },
  /** Changes retention; applied by a prune at once, at start and daily. */
  'settings.update': { input: AppSettingsPatch, output: AppSettings },
  /** Model prices in effect (bundled table with the data directory's overrides) and unpriced models. */
  'prices.list': { input: z.object({}).strict(), output: PriceList },
  /** Sets or removes one model's override in `<dataDir>/model-prices.json` and reprices stored usage. */
  'prices.setOverride': { input: PriceOverrideInput, output: PriceOverrideResult },
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
  /** A large scan started, moved on (at most a few times a second) or finished. */
  'sources.scan': ScanProgress,
  /** Hook events arrived: the events (oldest first) and the new status of the sessions they touched. */
  'hooks.event': z.object({
    events: z.array(HookEventSummary),
    sessions: z.array(LiveSessionStatus),
    /** Events left out of this batch because it was full; `events.recent` has them. */
    dropped: z.number().int().nonnegative(),
    at: z.number().int(),
  }),
  /** The local cache of the team's records changed (a teammate's live batch, or catch-up from Postgres). */
  'team.changed': z.object({
    developers: z.array(z.string()),
    sessions: z.array(z.string()),
    records: z.number().int().nonnegative(),
    at: z.number().int(),
  }),
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
