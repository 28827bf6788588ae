// Zod schemas of the JSON bodies Claude Code sends to hooks (stdin of a `command` hook, POST body of an `http`
// hook), per event. The common fields are checked strictly; fields we do not know are kept, because Claude Code
// adds fields between versions and a monitor must not refuse tomorrow's events.
import { z } from 'zod';

const id = z.string().min(1).max(256);
const path = z.string().max(4096);
const toolInput = z.record(z.string(), z.unknown());

/** Fields every event carries (agent_id / agent_type only when the event fires inside a subagent). */
const base = {
  session_id: id,
  transcript_path: path.optional(),
  cwd: path.optional(),
  permission_mode: z.string().max(64).optional(),
  prompt_id: z.string().max(256).optional(),
  agent_id: id.optional(),
  agent_type: z.string().max(256).optional(),
};

const event = <N extends string, S extends z.ZodRawShape>(name: N, shape: S) =>
  z.looseObject({ ...base, hook_event_name: z.literal(name), ...shape });

const toolEvent = { tool_name: z.string().min(1).max(256), tool_input: toolInput, tool_use_id: id.optional() };

/**
 * The events Claude Code documents today (code.claude.com/docs/en/hooks), with the fields this app reads.
 * Events listed with an empty shape are accepted and stored but only their common fields are checked.
 */
export const hookEventSchemas = {
  SessionStart: event('SessionStart', { source: z.string().max(64).optional(), model: z.string().optional() }),
  SessionEnd: event('SessionEnd', { reason: z.string().max(64).optional() }),
  UserPromptSubmit: event('UserPromptSubmit', { prompt: z.string() }),
  PreToolUse: event('PreToolUse', toolEvent),
  PostToolUse: event('PostToolUse', { ...toolEvent, tool_response: z.unknown() }),
  PostToolUseFailure: event('PostToolUseFailure', {
    ...toolEvent,
    error: z.string().optional(),
    is_interrupt: z.boolean().optional(),
  }),
  PermissionRequest: event('PermissionRequest', {
    tool_name: toolEvent.tool_name,
    tool_input: toolInput,
    permission_suggestions: z.array(z.unknown()).optional(),
  }),
  PermissionDenied: event('PermissionDenied', { ...toolEvent, reason: z.string().optional() }),
  Notification: event('Notification', {
    message: z.string(),
    title: z.string().optional(),
    notification_type: z.string().max(64).optional(),
  }),
  Stop: event('Stop', { stop_hook_active: z.boolean().optional(), last_assistant_message: z.string().optional() }),
  StopFailure: event('StopFailure', { error_type: z.string().max(64).optional(), error: z.unknown().optional() }),
  SubagentStart: event('SubagentStart', { agent_id: id, agent_type: z.string().max(256) }),
  SubagentStop: event('SubagentStop', {
    agent_id: id,
    stop_hook_active: z.boolean().optional(),
    agent_transcript_path: path.optional(),
    last_assistant_message: z.string().optional(),
  }),
  PreCompact: event('PreCompact', {
    trigger: z.string().max(64).optional(),
    custom_instructions: z.string().nullish(),
  }),
  PostCompact: event('PostCompact', { trigger: z.string().max(64).optional() }),
  TaskCreated: event('TaskCreated', { task_id: z.string().optional(), task_subject: z.string().optional() }),
  TaskCompleted: event('TaskCompleted', { task_id: z.string().optional(), task_subject: z.string().optional() }),
  TeammateIdle: event('TeammateIdle', {}),
  Setup: event('Setup', {}),
  InstructionsLoaded: event('InstructionsLoaded', {}),
  ConfigChange: event('ConfigChange', {}),
  CwdChanged: event('CwdChanged', {}),
  FileChanged: event('FileChanged', {}),
  WorktreeCreate: event('WorktreeCreate', {}),
  WorktreeRemove: event('WorktreeRemove', {}),
  Elicitation: event('Elicitation', {}),
  ElicitationResult: event('ElicitationResult', {}),
} as const;

export type KnownHookEventName = keyof typeof hookEventSchemas;

/** An event name Claude Code may add later: accepted with the common fields only. */
const unknownEvent = z.looseObject({ ...base, hook_event_name: z.string().regex(/^[A-Z][A-Za-z]{1,63}$/) });

/** A validated hook event: the common fields typed, every other field kept as sent. */
export type HookEvent = z.infer<typeof unknownEvent>;

export type HookEventParse = { ok: true; event: HookEvent } | { ok: false; message: string };

const isKnown = (name: unknown): name is KnownHookEventName =>
  typeof name === 'string' && Object.hasOwn(hookEventSchemas, name);

/** Validates one decoded JSON body; the message names the first bad field, as a user can fix it. */
export function parseHookEvent(body: unknown): HookEventParse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, message: 'the body must be a JSON object' };
  }
  const name = (body as Record<string, unknown>).hook_event_name;
  const schema = isKnown(name) ? hookEventSchemas[name] : unknownEvent;
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, event: parsed.data as HookEvent };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : 'body';
  const event = typeof name === 'string' ? `${name.slice(0, 64)}: ` : '';
  return { ok: false, message: `${event}${field}: ${issue.message}` };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** What the live status and the store read from an event, whatever its kind. */
export interface HookFacts {
  event: string;
  sessionId: string;
  agentId: string | null;
  agentType: string | null;
  toolName: string | null;
  toolUseId: string | null;
  cwd: string | null;
  transcriptPath: string | null;
  notificationType: string | null;
  /** A short human line: the notification's message, the failure's error, the end's reason... */
  detail: string | null;
}

const DETAIL_MAX = 300;

export function hookFacts(e: HookEvent): HookFacts {
  const raw = e as Record<string, unknown>;
  const detailSource =
    str(raw.message) ?? str(raw.error) ?? str(raw.reason) ?? str(raw.source) ?? str(raw.error_type) ?? null;
  return {
    event: e.hook_event_name,
    sessionId: e.session_id,
    agentId: e.agent_id ?? null,
    agentType: e.agent_type ?? null,
    toolName: str(raw.tool_name),
    toolUseId: str(raw.tool_use_id),
    cwd: e.cwd ?? null,
    transcriptPath: e.transcript_path ?? null,
    notificationType: str(raw.notification_type),
    detail: detailSource === null ? null : detailSource.slice(0, DETAIL_MAX),
  };
}

/**
 * The event as JSON text of at most `maxChars`, still valid JSON: long strings (tool output, file contents) are
 * cut first; if that is not enough, the payload is replaced by a marked preview.
 */
export function boundedPayload(e: HookEvent, maxChars = 64 * 1024): { json: string; truncated: boolean } {
  const full = JSON.stringify(e);
  if (full.length <= maxChars) return { json: full, truncated: false };
  for (const limit of [8192, 1024, 128]) {
    const cut = JSON.stringify(e, (_key, value: unknown) =>
      typeof value === 'string' && value.length > limit
        ? `${value.slice(0, limit)}…[${value.length - limit} more chars]`
        : value,
    );
    if (cut.length <= maxChars) return { json: cut, truncated: true };
  }
  const preview = {
    session_id: e.session_id,
    hook_event_name: e.hook_event_name,
    _truncated: true,
    // Escaping can double a character's length, so a third of the budget is always enough.
    preview: full.slice(0, Math.floor(maxChars / 3)),
  };
  return { json: JSON.stringify(preview), truncated: true };
}
