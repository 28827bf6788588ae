// The alert engine's own input: a small union of facts, independent of where they come from. Adapters
// (adapters.ts) turn store rows, hook events and team records into these, so the engine never learns a source.
import { z } from 'zod';

const ms = z.number().int().nonnegative();

/** One API response's usage (one stored usage record, or the growth of one). */
export const UsageSignal = z.object({
  kind: z.literal('usage'),
  /** When the response was written, ms since the epoch. */
  ts: ms,
  sessionId: z.string(),
  model: z.string(),
  /** All four token kinds, as ccusage counts a block: input + output + cache creation + cache read. */
  tokens: z.number().int().nonnegative(),
  /** USD; 0 for an unpriced model (its cost is unknown, so it cannot push a budget). */
  costUsd: z.number().nonnegative(),
});

/** A subagent run's state: once when it starts (`running`), again when it ends. */
export const AgentRunSignal = z.object({
  kind: z.literal('agentRun'),
  /** Stable run id (the subagent's agent id or tool_use id). */
  id: z.string(),
  sessionId: z.string(),
  /** The subagent type (`code-reviewer`), as the Task tool named it. */
  agentType: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  startedAt: ms,
  endedAt: ms.nullable(),
  /** Why it failed, when known; shown in the alert's body. */
  error: z.string().nullable().optional(),
  /**
   * Other ids the same run was announced under: a hook's SubagentStart knows only the agent id, the transcript
   * knows the Task call's tool_use id too. The engine treats them as one run.
   */
  aliases: z.array(z.string()).max(8).optional(),
});

/** One tool call's result. */
export const ToolResultSignal = z.object({
  kind: z.literal('toolResult'),
  sessionId: z.string(),
  /** The agent run it happened in; absent for the main thread. */
  agentRunId: z.string().optional(),
  toolName: z.string(),
  /** The call's tool_use id: a hook and the transcript report the same call, and it must count once. */
  toolUseId: z.string().optional(),
  isError: z.boolean(),
  ts: ms,
});

/** A live session's status, from hook events (Notification → waiting, Stop → idle, SessionEnd → ended). */
export const SessionStatusSignal = z.object({
  kind: z.literal('sessionStatus'),
  sessionId: z.string(),
  status: z.enum(['running', 'waiting', 'idle', 'ended']),
  /** Since when the session has had this status. */
  since: ms,
  /** What it waits for, e.g. `permission_prompt` or `idle_prompt` (the Notification hook's type). */
  reason: z.string().nullable().optional(),
});

/** Health of one watched source directory (the Sources page's row). */
export const SourceHealthSignal = z.object({
  kind: z.literal('sourceHealth'),
  path: z.string(),
  skippedLines: z.number().int().nonnegative(),
  linesTotal: z.number().int().nonnegative(),
  exists: z.boolean(),
  ts: ms,
});

/** A teammate's agent run ending, from team mode. */
export const TeammateRunSignal = z.object({
  kind: z.literal('teammateRun'),
  developer: z.string(),
  agentType: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  ts: ms,
});

/** Everything the engine consumes. */
export const AlertSignal = z.discriminatedUnion('kind', [
  UsageSignal,
  AgentRunSignal,
  ToolResultSignal,
  SessionStatusSignal,
  SourceHealthSignal,
  TeammateRunSignal,
]);
export type AlertSignal = z.infer<typeof AlertSignal>;
export type UsageSignal = z.infer<typeof UsageSignal>;
export type AgentRunSignal = z.infer<typeof AgentRunSignal>;
export type ToolResultSignal = z.infer<typeof ToolResultSignal>;
export type SessionStatusSignal = z.infer<typeof SessionStatusSignal>;
export type SourceHealthSignal = z.infer<typeof SourceHealthSignal>;
export type TeammateRunSignal = z.infer<typeof TeammateRunSignal>;
