// Reads what a transcript line says beyond usage: tool calls and their results, subagent links, TodoWrite
// lists, compactions and API errors. Pure; never throws; a damaged block is counted and left out.
import type { LineText } from './line-text';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A non-empty string value of the line, as text. */
const str = (v: unknown, t: LineText): string | null => (typeof v === 'string' && v.length > 0 ? t.text(v) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Longest prompt kept; prompts are for recognising a run, not for archiving it. */
export const PROMPT_LIMIT = 2000;
const FIELD_LIMIT = 300;

const clip = (s: string | null, limit: number): string | null =>
  s === null ? null : s.length > limit ? `${s.slice(0, limit - 1)}…` : s;

/** The tools that start a subagent: `Task` (Claude Code up to 2.x) and `Agent` (its later name). */
export const SUBAGENT_TOOLS = new Set(['Task', 'Agent']);

export interface TodoItem {
  content: string;
  status: string;
  activeForm: string | null;
}

/** A `tool_use` block of an assistant line. */
export interface ToolUse {
  id: string;
  name: string;
  /** A small, display-safe summary of the input (never the whole input: it can hold whole files). */
  input: Json;
  /** Set for Task/Agent calls. */
  subagent: { subagentType: string | null; description: string | null; prompt: string | null } | null;
  /** Set for TodoWrite calls: the whole list as it stands after the call. */
  todos: TodoItem[] | null;
}

/** A `tool_result` block of a user line, with what `toolUseResult` adds for a subagent call. */
export interface ToolResult {
  toolUseId: string;
  isError: boolean;
  /** Bytes of result content (UTF-8). */
  size: number;
  /** The subagent that ran for this call, from `toolUseResult.agentId`. */
  agentId: string | null;
  agentType: string | null;
  /** `toolUseResult.status`, such as `completed` or `async_launched`. */
  status: string | null;
  totalDurationMs: number | null;
}

/** A `progress` line of a running subagent: it ties the agent to the tool call that started it. */
export interface AgentLink {
  toolUseId: string;
  agentId: string;
}

/**
 * A background subagent's end, as Claude Code reports it to the session that launched it (`run_in_background`):
 * a user line whose text is a `<task-notification>` with the agent's id as `<task-id>` and a `<status>`.
 */
export interface TaskNotification {
  agentId: string;
  /** `completed`, or how it ended otherwise (`failed`, `killed`). */
  status: string;
}

export interface SessionEventLine {
  kind: 'compaction' | 'api-error';
  detail: Json;
}

export interface LineActivity {
  uuid: string | null;
  parentUuid: string | null;
  toolUses: ToolUse[];
  toolResults: ToolResult[];
  agentLink: AgentLink | null;
  event: SessionEventLine | null;
  /** Text of a user line that starts a thread (no parent): in a subagent transcript, the prompt it was given. */
  rootPrompt: string | null;
  taskNotification: TaskNotification | null;
  /** Blocks that were present but unreadable. */
  damagedBlocks: number;
}

/** The text blocks of a message's content, as the line holds them (bytes, when the line was read as bytes). */
function textOf(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return null;
  const parts: string[] = [];
  for (const b of content) if (isObject(b) && b.type === 'text' && typeof b.text === 'string') parts.push(b.text);
  return parts.length > 0 ? parts.join('\n') : null;
}

function contentSize(content: unknown, t: LineText): number {
  if (content === undefined || content === null) return 0;
  if (typeof content === 'string') return t.bytes(content);
  const text = textOf(content);
  if (text !== null) return t.bytes(text);
  try {
    return t.bytes(JSON.stringify(content));
  } catch {
    return 0;
  }
}

function readTodos(v: unknown, t: LineText): TodoItem[] | null {
  if (!Array.isArray(v)) return null;
  const items: TodoItem[] = [];
  for (const item of v) {
    if (!isObject(item)) continue;
    const content = str(item.content, t);
    if (!content) continue;
    items.push({
      content: clip(content, FIELD_LIMIT)!,
      status: str(item.status, t) ?? 'pending',
      activeForm: clip(str(item.activeForm, t), FIELD_LIMIT),
    });
  }
  return items;
}

/** Keys worth showing for common tools; anything else is left out. */
const SUMMARY_KEYS = [
  'file_path',
  'path',
  'pattern',
  'command',
  'url',
  'query',
  'description',
  'skill',
  'notebook_path',
];

function readToolUse(b: Json, t: LineText): ToolUse | null {
  const id = str(b.id, t);
  const name = str(b.name, t);
  if (!id || !name) return null;
  const input = isObject(b.input) ? b.input : {};
  if (SUBAGENT_TOOLS.has(name)) {
    const subagent = {
      subagentType: str(input.subagent_type, t),
      description: clip(str(input.description, t), FIELD_LIMIT),
      prompt: clip(str(input.prompt, t), PROMPT_LIMIT),
    };
    // The input keeps Claude Code's own key names; the store reads them with json_extract.
    const summary = {
      subagent_type: subagent.subagentType,
      description: subagent.description,
      prompt: subagent.prompt,
    };
    return { id, name, input: summary, subagent, todos: null };
  }
  if (name === 'TodoWrite') {
    const todos = readTodos(input.todos, t);
    return { id, name, input: { todos: todos ?? [] }, subagent: null, todos };
  }
  const summary: Json = {};
  for (const k of SUMMARY_KEYS) {
    const v = str(input[k], t);
    if (v) summary[k] = clip(v, FIELD_LIMIT);
  }
  return { id, name, input: summary, subagent: null, todos: null };
}

function readToolResult(b: Json, toolUseResult: unknown, single: boolean, t: LineText): ToolResult | null {
  const toolUseId = str(b.tool_use_id, t);
  if (!toolUseId) return null;
  // `toolUseResult` describes the line's only result; with several results on a line it is ambiguous.
  const r = single && isObject(toolUseResult) ? toolUseResult : null;
  const status = r ? str(r.status, t) : null;
  return {
    toolUseId,
    isError: b.is_error === true,
    size: contentSize(b.content, t),
    agentId: r ? str(r.agentId, t) : null,
    agentType: r ? str(r.agentType, t) : null,
    status,
    totalDurationMs: r ? num(r.totalDurationMs) : null,
  };
}

const TASK_ID = /<task-id>\s*([^<\s]+)\s*<\/task-id>/;
const TASK_STATUS = /<status>\s*([^<\s]+)\s*<\/status>/;

function readTaskNotification(line: string | null, t: LineText): TaskNotification | null {
  if (line === null || !line.includes('<task-notification>')) return null;
  const text = t.text(line);
  const agentId = TASK_ID.exec(text)?.[1];
  const status = TASK_STATUS.exec(text)?.[1];
  return agentId && status ? { agentId, status } : null;
}

function readEvent(value: Json, type: string, message: Json | null, t: LineText): SessionEventLine | null {
  if (type === 'system' && value.subtype === 'compact_boundary') {
    const meta = isObject(value.compactMetadata) ? value.compactMetadata : {};
    return { kind: 'compaction', detail: { trigger: str(meta.trigger, t), preTokens: num(meta.preTokens) } };
  }
  if (type === 'system' && value.subtype === 'api_error') {
    const error = isObject(value.error) ? value.error : {};
    return {
      kind: 'api-error',
      detail: {
        message: clip(str(error.message, t) ?? str(value.content, t), FIELD_LIMIT),
        status: num(error.status),
        retryAttempt: num(value.retryAttempt),
        maxRetries: num(value.maxRetries),
      },
    };
  }
  if (value.isApiErrorMessage === true) {
    const text = message ? textOf(message.content) : null;
    return { kind: 'api-error', detail: { message: clip(text && t.text(text), FIELD_LIMIT), status: null } };
  }
  return null;
}

/**
 * What one parsed transcript object says about activity. `type` and the object come from the line's own
 * parse, so the line is parsed once; `t` reads its strings.
 */
export function readLineActivity(value: Json, type: string, t: LineText): LineActivity {
  const message = isObject(value.message) ? value.message : null;
  const activity: LineActivity = {
    uuid: str(value.uuid, t),
    parentUuid: str(value.parentUuid, t),
    toolUses: [],
    toolResults: [],
    agentLink: null,
    event: readEvent(value, type, message, t),
    rootPrompt: null,
    taskNotification: null,
    damagedBlocks: 0,
  };
  const content = message?.content;
  if (Array.isArray(content)) {
    const results = content.filter((b) => isObject(b) && b.type === 'tool_result').length;
    for (const b of content) {
      if (!isObject(b)) continue;
      if (b.type === 'tool_use' && type === 'assistant') {
        const use = readToolUse(b, t);
        if (use) activity.toolUses.push(use);
        else activity.damagedBlocks++;
      } else if (b.type === 'tool_result') {
        const result = readToolResult(b, value.toolUseResult, results === 1, t);
        if (result) activity.toolResults.push(result);
        else activity.damagedBlocks++;
      }
    }
  }
  if (type === 'user' && activity.toolResults.length === 0 && message) {
    const text = textOf(message.content);
    activity.taskNotification = readTaskNotification(text, t);
    if (activity.parentUuid === null && activity.taskNotification === null) {
      activity.rootPrompt = clip(text && t.text(text), PROMPT_LIMIT);
    }
  }
  if (type === 'progress') {
    const data = isObject(value.data) ? value.data : null;
    const toolUseId = str(value.parentToolUseID, t);
    const agentId = data && data.type === 'agent_progress' ? str(data.agentId, t) : null;
    if (toolUseId && agentId) activity.agentLink = { toolUseId, agentId };
  }
  return activity;
}

/** True when the line carries nothing the activity store keeps. */
export const isQuiet = (a: LineActivity): boolean =>
  a.toolUses.length === 0 &&
  a.toolResults.length === 0 &&
  a.agentLink === null &&
  a.event === null &&
  a.rootPrompt === null &&
  a.taskNotification === null;
