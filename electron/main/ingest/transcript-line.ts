// Parses one line of a Claude Code transcript (JSONL) into what the store keeps. Pure; never throws.
import { ASCII_LINE, DECODED_LINE, decodeUtf8Bytes, hasWideEscape, UTF8_BYTES_LINE, type LineText } from './line-text';
import { readLineActivity, type LineActivity } from './transcript-activity';

/** Why a line was skipped; counted per file and shown in the Sources view. */
export type SkipReason = 'invalid-json' | 'not-an-object' | 'missing-message' | 'bad-timestamp' | 'bad-usage';

/** Token usage of one API response line, before de-duplication. */
export interface UsageLine {
  messageId: string | null;
  requestId: string | null;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  /** The part of cacheCreationTokens written to the 1-hour cache. */
  cacheCreation1hTokens: number;
  cacheReadTokens: number;
  speed: string | null;
  /** A cost the line states itself (older Claude Code wrote `costUSD`); ccusage uses it before any price table. */
  costUsd: number | null;
}

/** What a well-formed line says about its session, plus usage when it carries one. */
export interface TranscriptEntry {
  kind: 'entry';
  type: string;
  timestamp: number | null;
  sessionId: string | null;
  cwd: string | null;
  gitBranch: string | null;
  version: string | null;
  isSidechain: boolean;
  agentId: string | null;
  /** A session title, from `summary` or `ai-title` lines. */
  title: string | null;
  usage: UsageLine | null;
  /** Tool calls, results, subagent links, compactions and API errors the line carries. */
  activity: LineActivity;
}

export type ParsedLine = TranscriptEntry | { kind: 'skip'; reason: SkipReason };

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A non-empty string value of the line, as text. */
const str = (v: unknown, t: LineText): string | null => (typeof v === 'string' && v.length > 0 ? t.text(v) : null);

/** A token count must be a finite, non-negative integer; absent optional counts are 0, but null is damage (as ccusage reads it). */
function tokenCount(v: unknown, required: boolean): number | null {
  if (v === undefined) return required ? null : 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return null;
  return v;
}

function parseUsage(message: Json, t: LineText): UsageLine | 'bad' | null {
  const usage = message.usage;
  if (usage === undefined) return null;
  if (!isObject(usage)) return 'bad';
  const input = tokenCount(usage.input_tokens, true);
  const output = tokenCount(usage.output_tokens, true);
  const cacheCreation = tokenCount(usage.cache_creation_input_tokens, false);
  const cacheRead = tokenCount(usage.cache_read_input_tokens, false);
  if (input === null || output === null || cacheCreation === null || cacheRead === null) return 'bad';
  const split = isObject(usage.cache_creation) ? usage.cache_creation : null;
  const oneHour = split ? (tokenCount(split.ephemeral_1h_input_tokens, false) ?? 0) : 0;
  return {
    messageId: str(message.id, t),
    requestId: null,
    // A response without a model still counts in totals; reports leave it out of the per-model lists.
    model: str(message.model, t) ?? '',
    inputTokens: input,
    outputTokens: output,
    cacheCreationTokens: cacheCreation,
    cacheCreation1hTokens: Math.min(oneHour, cacheCreation),
    cacheReadTokens: cacheRead,
    speed: str(usage.speed, t),
    costUsd: null,
  };
}

// ccusage reads a usage line only with a full RFC 3339 date-time; `2025-10-01` alone is dropped.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** Parses one transcript line (without its newline). */
export function parseTranscriptLine(line: string): ParsedLine {
  return parseLine(line, DECODED_LINE);
}

/**
 * Parses one transcript line given as its bytes, a char per byte (see line-text.ts), as the line reader hands
 * lines over; `ascii` says no byte is above 0x7f.
 */
export function parseTranscriptBytes(bytes: string, ascii: boolean): ParsedLine {
  if (ascii) return parseLine(bytes, ASCII_LINE);
  if (hasWideEscape(bytes)) return parseLine(decodeUtf8Bytes(bytes), DECODED_LINE);
  return parseLine(bytes, UTF8_BYTES_LINE);
}

function parseLine(line: string, t: LineText): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'skip', reason: 'invalid-json' };
  }
  if (!isObject(value)) return { kind: 'skip', reason: 'not-an-object' };

  const type = str(value.type, t) ?? 'unknown';
  let timestamp: number | null = null;
  const stamp = typeof value.timestamp === 'string' ? t.text(value.timestamp) : null;
  if (value.timestamp !== undefined) {
    timestamp = stamp !== null ? Date.parse(stamp) : NaN;
    if (Number.isNaN(timestamp)) return { kind: 'skip', reason: 'bad-timestamp' };
  }

  let usage: UsageLine | null = null;
  if ((type === 'assistant' || type === 'user') && !isObject(value.message)) {
    return { kind: 'skip', reason: 'missing-message' };
  }
  // ccusage counts usage wherever a line carries `message.usage`, whatever its type.
  if (isObject(value.message)) {
    const parsed = parseUsage(value.message, t);
    if (parsed === 'bad') return { kind: 'skip', reason: 'bad-usage' };
    if (parsed) {
      if (timestamp === null || stamp === null || !DATE_TIME.test(stamp))
        return { kind: 'skip', reason: 'bad-timestamp' };
      const stated = typeof value.costUSD === 'number' && Number.isFinite(value.costUSD) ? value.costUSD : null;
      usage = { ...parsed, requestId: str(value.requestId, t), costUsd: stated };
    }
  }

  let title: string | null = null;
  if (type === 'summary') title = str(value.summary, t);
  else if (type === 'ai-title') title = str(value.title, t) ?? str(value.aiTitle, t);

  return {
    kind: 'entry',
    type,
    timestamp,
    sessionId: str(value.sessionId, t),
    cwd: str(value.cwd, t),
    gitBranch: str(value.gitBranch, t),
    version: str(value.version, t),
    isSidechain: value.isSidechain === true,
    agentId: str(value.agentId, t),
    title,
    usage,
    activity: readLineActivity(value, type, t),
  };
}
