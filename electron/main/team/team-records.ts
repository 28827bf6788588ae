// The shapes team records take on the wire (Postgres rows, Redis messages) and in the local team cache.
// Redis messages come from other machines, so they are validated with these schemas before use.
import { z } from 'zod';

/** A session as the team sees it: metadata, plus cwd and title only when the developer shares text. */
export const TeamSessionRow = z.object({
  team: z.string(),
  developer: z.string(),
  id: z.string(),
  project: z.string(),
  cwd: z.string().nullable(),
  gitBranch: z.string().nullable(),
  version: z.string().nullable(),
  title: z.string().nullable(),
  firstTs: z.number().int(),
  lastTs: z.number().int(),
  /** Postgres's change sequence; the cache keeps the newest version of a row. */
  seq: z.number().int().nonnegative(),
});
export type TeamSessionRow = z.infer<typeof TeamSessionRow>;

/** One API response as the team sees it: tokens, cost, model, agent; never text. */
export const TeamUsageRow = z.object({
  team: z.string(),
  developer: z.string(),
  id: z.string(),
  sessionId: z.string(),
  project: z.string(),
  agentId: z.string().nullable(),
  isSidechain: z.boolean(),
  ts: z.number().int(),
  model: z.string(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cacheCreationTokens: z.number().int().nonnegative(),
  cacheCreation1hTokens: z.number().int().nonnegative(),
  cacheReadTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
  speed: z.string().nullable(),
  costUsd: z.number().nonnegative(),
  priced: z.boolean(),
  /** false for a sidechain replay of a main-chain response: kept for the record, never summed. */
  counted: z.boolean(),
  seq: z.number().int().nonnegative(),
});
export type TeamUsageRow = z.infer<typeof TeamUsageRow>;

/**
 * A subagent run's outcome as the team sees it: type, status and times, never its prompt. Carried by team
 * messages for the teammate alerts; senders from before this field omit it (see TeamEventMessage.runs).
 */
export const TeamAgentRunRow = z.object({
  /** The Task call's tool_use id (or the agent id when no call is known). */
  id: z.string(),
  sessionId: z.string(),
  /** The run's own id, which its usage records carry; absent from older senders. */
  agentId: z.string().nullable().optional(),
  agentType: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  startedAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  /** Postgres's change sequence, once stored there; absent from older senders. */
  seq: z.number().int().nonnegative().optional(),
});
export type TeamAgentRunRow = z.infer<typeof TeamAgentRunRow>;

/** A run as Postgres and the team cache keep it. */
export type TeamRunRecord = Omit<TeamAgentRunRow, 'agentId' | 'seq'> & {
  team: string;
  developer: string;
  agentId: string | null;
  seq: number;
};

/** What one app publishes on the team channel after Postgres acknowledged a batch. */
export const TeamEventMessage = z.object({
  v: z.literal(1),
  team: z.string(),
  developer: z.string(),
  sentAt: z.number().int(),
  sessions: z.array(TeamSessionRow),
  usage: z.array(TeamUsageRow),
  /** Runs that started, changed or ended in the batch; optional, so older apps' messages stay valid. */
  runs: z.array(TeamAgentRunRow).max(10_000).optional(),
});
export type TeamEventMessage = z.infer<typeof TeamEventMessage>;

/** Someone's presence, stored under a Redis key that expires when their app stops refreshing it. */
export const PresenceRecord = z.object({
  developer: z.string(),
  at: z.number().int(),
  runningAgents: z.array(
    z.object({ sessionId: z.string(), project: z.string(), agentIds: z.array(z.string()), lastTs: z.number().int() }),
  ),
});
export type PresenceRecord = z.infer<typeof PresenceRecord>;

/** Where catch-up stopped: the last Postgres transaction id and seq seen (see pg-team-store.ts for why both). */
export interface CatchUpCursor {
  xid: string;
  seq: number;
}
