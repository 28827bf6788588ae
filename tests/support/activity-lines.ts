// Builds Claude Code transcript lines that carry activity (tool_use, tool_result with toolUseResult, progress,
// compact_boundary, API errors), field for field as Claude Code writes them.
import { randomUUID } from 'node:crypto';

export interface Ctx {
  sessionId: string;
  cwd?: string;
  isSidechain?: boolean;
  agentId?: string;
  parentUuid?: string | null;
}

const base = (ctx: Ctx) => ({
  parentUuid: ctx.parentUuid ?? null,
  isSidechain: ctx.isSidechain ?? false,
  userType: 'external',
  cwd: ctx.cwd ?? '/home/dev/demo',
  sessionId: ctx.sessionId,
  version: '2.0.14',
  gitBranch: 'main',
  ...(ctx.agentId ? { agentId: ctx.agentId } : {}),
});

export interface Tokens {
  input: number;
  output: number;
  model?: string;
}

const usageOf = (t: Tokens) => ({
  input_tokens: t.input,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
  output_tokens: t.output,
  service_tier: 'standard',
});

/** An assistant line whose content is the given blocks (text and tool_use). */
export function assistantBlocks(ctx: Ctx, at: Date, blocks: unknown[], tokens: Tokens = { input: 1, output: 1 }) {
  return JSON.stringify({
    ...base(ctx),
    message: {
      id: `msg_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
      type: 'message',
      role: 'assistant',
      model: tokens.model ?? 'claude-sonnet-4-5-20250929',
      content: blocks,
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: usageOf(tokens),
    },
    requestId: `req_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
    type: 'assistant',
    uuid: randomUUID(),
    timestamp: at.toISOString(),
  });
}

export const toolUse = (id: string, name: string, input: Record<string, unknown>) => ({
  type: 'tool_use',
  id,
  name,
  input,
});

/** A user line carrying one tool_result, and `toolUseResult` beside `message` as Claude Code writes it. */
export function toolResultLine(
  ctx: Ctx,
  at: Date,
  toolUseId: string,
  result: { text: string; isError?: boolean; toolUseResult?: unknown },
) {
  return JSON.stringify({
    ...base(ctx),
    type: 'user',
    message: {
      role: 'user',
      content: [
        {
          tool_use_id: toolUseId,
          type: 'tool_result',
          content: result.isError ? result.text : [{ type: 'text', text: result.text }],
          ...(result.isError ? { is_error: true } : {}),
        },
      ],
    },
    uuid: randomUUID(),
    timestamp: at.toISOString(),
    ...(result.toolUseResult !== undefined ? { toolUseResult: result.toolUseResult } : {}),
  });
}

/** The toolUseResult of a finished Task call. */
export const taskResult = (agentId: string | null, prompt: string) => ({
  status: 'completed',
  prompt,
  ...(agentId ? { agentId } : {}),
  content: [{ type: 'text', text: 'Done.' }],
  totalDurationMs: 4200,
  totalTokens: 150,
  totalToolUseCount: 1,
  usage: usageOf({ input: 100, output: 50 }),
});

/** The first line of a subagent transcript: the prompt, as a user message without a parent. */
export function promptLine(ctx: Ctx, at: Date, prompt: string) {
  return JSON.stringify({
    ...base({ ...ctx, parentUuid: null }),
    type: 'user',
    message: { role: 'user', content: prompt },
    uuid: randomUUID(),
    timestamp: at.toISOString(),
  });
}

/** The toolUseResult of a Task/Agent call launched with `run_in_background`: it returns at once. */
export const asyncLaunchResult = (agentId: string, description: string, prompt: string) => ({
  isAsync: true,
  status: 'async_launched',
  agentId,
  description,
  prompt,
  outputFile: `/tmp/claude-1000/-home-dev-shop/tasks/${agentId}.output`,
});

/** The text of that call's tool_result, as Claude Code words it. */
export const asyncLaunchText = (agentId: string) =>
  `Async agent launched successfully.\nagentId: ${agentId} (internal ID - do not mention to user. Use to resume later if needed.)\nThe agent is working in the background. You will be notified automatically when it completes.`;

/** The user line that tells the launching session a background subagent ended: a `<task-notification>`. */
export function taskNotificationLine(ctx: Ctx, at: Date, agentId: string, status: string, description: string) {
  const text = [
    '<task-notification>',
    `<task-id>${agentId}</task-id>`,
    `<status>${status}</status>`,
    `<summary>Agent "${description}" ${status}</summary>`,
    '<result>Done: all checks pass.</result>',
    '<usage>total_tokens: 23099',
    'tool_uses: 2',
    'duration_ms: 15506</usage>',
    '</task-notification>',
  ].join('\n');
  return JSON.stringify({
    ...base({ ...ctx, parentUuid: ctx.parentUuid === undefined ? randomUUID() : ctx.parentUuid }),
    type: 'user',
    message: { role: 'user', content: text },
    uuid: randomUUID(),
    timestamp: at.toISOString(),
  });
}

/** A progress line of a running subagent, as newer Claude Code versions write into the parent transcript. */
export function agentProgressLine(ctx: Ctx, at: Date, toolUseId: string, agentId: string, prompt: string) {
  return JSON.stringify({
    ...base(ctx),
    type: 'progress',
    data: {
      type: 'agent_progress',
      prompt,
      agentId,
      message: { type: 'user', message: { role: 'user', content: [{ type: 'text', text: prompt }] } },
    },
    toolUseID: `agent_msg_${randomUUID().slice(0, 8)}`,
    parentToolUseID: toolUseId,
    uuid: randomUUID(),
    timestamp: at.toISOString(),
  });
}

export function compactBoundaryLine(ctx: Ctx, at: Date, preTokens: number) {
  return JSON.stringify({
    ...base(ctx),
    type: 'system',
    subtype: 'compact_boundary',
    content: 'Conversation compacted',
    isMeta: false,
    level: 'info',
    compactMetadata: { trigger: 'auto', preTokens },
    uuid: randomUUID(),
    timestamp: at.toISOString(),
  });
}

export function apiErrorLine(ctx: Ctx, at: Date, text: string) {
  return JSON.stringify({
    ...base(ctx),
    message: {
      id: randomUUID(),
      model: '<synthetic>',
      role: 'assistant',
      stop_reason: 'stop_sequence',
      stop_sequence: '',
      type: 'message',
      usage: usageOf({ input: 0, output: 0 }),
      content: [{ type: 'text', text }],
    },
    type: 'assistant',
    uuid: randomUUID(),
    timestamp: at.toISOString(),
    isApiErrorMessage: true,
  });
}
