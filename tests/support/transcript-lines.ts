// Builds transcript lines in Claude Code's JSONL format for tests, field for field as Claude Code writes them.
import { randomUUID } from 'node:crypto';

export interface LineContext {
  sessionId: string;
  cwd?: string;
  gitBranch?: string;
  version?: string;
  isSidechain?: boolean;
  agentId?: string;
}

export interface UsageSpec {
  input?: number;
  output?: number;
  cacheCreation?: number;
  cacheCreation1h?: number;
  cacheRead?: number;
  model?: string;
  messageId?: string;
  requestId?: string;
}

const base = (ctx: LineContext) => ({
  parentUuid: null,
  isSidechain: ctx.isSidechain ?? false,
  userType: 'external',
  cwd: ctx.cwd ?? '/home/dev/demo',
  sessionId: ctx.sessionId,
  version: ctx.version ?? '2.0.14',
  gitBranch: ctx.gitBranch ?? 'main',
  ...(ctx.agentId ? { agentId: ctx.agentId } : {}),
});

export function userLine(ctx: LineContext, timestamp: Date, text: string): string {
  return JSON.stringify({
    ...base(ctx),
    type: 'user',
    message: { role: 'user', content: text },
    uuid: randomUUID(),
    timestamp: timestamp.toISOString(),
  });
}

export function assistantLine(ctx: LineContext, timestamp: Date, usage: UsageSpec, text = 'Done.'): string {
  const cacheCreation = usage.cacheCreation ?? 0;
  const oneHour = usage.cacheCreation1h ?? 0;
  return JSON.stringify({
    ...base(ctx),
    message: {
      id: usage.messageId ?? `msg_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
      type: 'message',
      role: 'assistant',
      model: usage.model ?? 'claude-sonnet-4-5-20250929',
      content: [{ type: 'text', text }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: usage.input ?? 0,
        cache_creation_input_tokens: cacheCreation,
        cache_read_input_tokens: usage.cacheRead ?? 0,
        cache_creation: { ephemeral_5m_input_tokens: cacheCreation - oneHour, ephemeral_1h_input_tokens: oneHour },
        output_tokens: usage.output ?? 0,
        service_tier: 'standard',
      },
    },
    requestId: usage.requestId ?? `req_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
    type: 'assistant',
    uuid: randomUUID(),
    timestamp: timestamp.toISOString(),
  });
}
