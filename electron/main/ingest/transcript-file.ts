// Reads what was appended to one transcript file into rows for the store: usage lines, session facts and
// activity. Touches no store, so it runs the same in the ingestor's thread and in the transcript worker
// (transcript-worker.ts), which reads files while the ingestor's thread writes the ones before.
import type { PriceTable } from '../pricing/price-table';
import type { ActivityBatch } from '../store/activity-store';
import type { SessionPatch, UsageRecordRow } from '../store/usage-store';
import { ActivityCollector, readRunMeta, type RunMeta } from './activity-collector';
import { readAppendedLines, type FileLine, type ReadResult } from './line-reader';
import { parseTranscriptBytes, type TranscriptEntry } from './transcript-line';

/** Where a transcript sits: its project folder and what its path says of session and subagent. */
export interface TranscriptLocation {
  project: string;
  sessionId: string | null;
  agentId: string | null;
}

/** A usage line as read, before pricing: the ingestor prices it, where the price table and its overrides live. */
export type ReadUsage = Omit<UsageRecordRow, 'costUsd' | 'priced'>;

/** Rows read from a file, in the order they are to be stored. */
export interface TranscriptRows {
  usage: ReadUsage[];
  sessions: SessionPatch[];
  /** Null when activity is not kept. */
  activity: ActivityBatch | null;
  /** On a subagent transcript's first rows, when asked for: its `.meta.json`, if it has a readable one. */
  meta: RunMeta | null;
}

/** A row read, with its cost: the one its line stated, else the price table's (none: the model has no price). */
export function priceUsage(u: ReadUsage, prices: PriceTable): UsageRecordRow {
  const cost = u.lineCostUsd ?? prices.cost(u.model, u);
  return { ...u, costUsd: cost ?? 0, priced: cost !== null };
}

/** What to read: a file from where its last read stopped. */
export interface TranscriptRequest {
  path: string;
  location: TranscriptLocation;
  offset: number;
  inode: number;
  /** Keep tool calls, runs, tasks and events, not only usage. */
  activity: boolean;
  /** Read the `.meta.json` beside a subagent's transcript (the ingestor decides, when storing, whether to use it). */
  readMeta: boolean;
}

/** How a read ended, with the rows it read last. */
export interface TranscriptReadEnd {
  rows: TranscriptRows;
  /** Where the read stopped; null when it failed. */
  read: ReadResult | null;
  /** Why it failed (`CODE: message`); what was read before the failure is in the rows. */
  error: string | null;
  lines: number;
  skipped: number;
}

/** Rows handed over before the end of a file: large files never sit whole in memory. */
const CHUNK_ROWS = 5000;

/**
 * Reads `request.path` from its offset. Full chunks of rows go to `onRows` as they fill; the last rows come with
 * the end, so the caller can store them together with the file's new read state.
 */
export async function readTranscriptRows(
  request: TranscriptRequest,
  onRows: (rows: TranscriptRows) => void,
): Promise<TranscriptReadEnd> {
  const { path, location } = request;
  let usage: ReadUsage[] = [];
  // Where each id's row is in `usage`: the repeats of a response are settled here (see keepUsage).
  let usageAt = new Map<string, number>();
  let sessions = new Map<string, SessionPatch>();
  const activity = request.activity ? new ActivityCollector() : null;
  let lines = 0;
  let skipped = 0;
  let meta = activity && request.readMeta && location.agentId && location.sessionId ? readRunMeta(path) : null;
  const take = (): TranscriptRows => {
    const rows = { usage, sessions: [...sessions.values()], activity: activity?.take() ?? null, meta };
    usage = [];
    usageAt = new Map();
    sessions = new Map();
    meta = null;
    return rows;
  };

  const collect = (fileLines: FileLine[]): void => {
    for (const line of fileLines) {
      lines++;
      const parsed = parseTranscriptBytes(line.bytes, line.ascii);
      if (parsed.kind === 'skip') {
        skipped++;
        continue;
      }
      const sessionId = parsed.sessionId ?? location.sessionId ?? `agent-${location.agentId ?? 'unknown'}`;
      if (parsed.timestamp !== null || parsed.title !== null) {
        const patch = sessions.get(sessionId) ?? {
          id: sessionId,
          project: location.project,
          cwd: null,
          gitBranch: null,
          version: null,
          title: null,
          firstTs: Number.MAX_SAFE_INTEGER,
          lastTs: 0,
        };
        // A subagent's lines say little about the session it ran in beyond its time span.
        if (!parsed.isSidechain) {
          patch.cwd = parsed.cwd ?? patch.cwd;
          patch.gitBranch = parsed.gitBranch ?? patch.gitBranch;
          patch.version = parsed.version ?? patch.version;
        }
        patch.title = parsed.title ?? patch.title;
        if (parsed.timestamp !== null) {
          patch.firstTs = Math.min(patch.firstTs, parsed.timestamp);
          patch.lastTs = Math.max(patch.lastTs, parsed.timestamp);
        }
        sessions.set(sessionId, patch);
      }
      activity?.add(parsed, { sessionId, agentId: parsed.agentId ?? location.agentId, path, offset: line.offset });
      const row = usageOf(parsed, sessionId, location, path, line.offset);
      if (row) keepUsage(usage, usageAt, row);
    }
  };

  try {
    const read = await readAppendedLines(path, request.offset, request.inode, (fileLines) => {
      collect(fileLines);
      // The offset is saved only at the end: a read cut short repeats these rows, which de-duplication absorbs.
      if (usage.length >= CHUNK_ROWS || (activity?.size ?? 0) >= CHUNK_ROWS) onRows(take());
    });
    lines += read.oversizedLines;
    skipped += read.oversizedLines;
    return { rows: take(), read, error: null, lines, skipped };
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    return { rows: take(), read: null, error: `${err.code ?? 'ERROR'}: ${err.message}`, lines, skipped };
  }
}

const totalTokens = (u: ReadUsage): number =>
  u.inputTokens + u.outputTokens + u.cacheCreationTokens + u.cacheReadTokens;

/** Whether two rows price the same: the same model, tokens of each kind, speed and own cost. */
const samePrice = (a: ReadUsage, b: ReadUsage): boolean =>
  a.model === b.model &&
  a.inputTokens === b.inputTokens &&
  a.outputTokens === b.outputTokens &&
  a.cacheCreationTokens === b.cacheCreationTokens &&
  a.cacheCreation1hTokens === b.cacheCreation1hTokens &&
  a.cacheReadTokens === b.cacheReadTokens &&
  a.speed === b.speed &&
  a.lineCostUsd === b.lineCostUsd;

/**
 * Adds `row` to `usage` unless the store would end with the same record without it. The store keeps, per id, the
 * row with the most tokens, on a tie the dearer, on a full tie the first (usage-store.ts), so a later row of an id
 * already here is dropped when it has fewer tokens, or as many at the same price, and takes the earlier one's place
 * when it has more. Only a tie at another price is left to the store. Claude Code writes a response's usage on each
 * of its content blocks: this halves the rows a transcript hands to the store.
 */
function keepUsage(usage: ReadUsage[], at: Map<string, number>, row: ReadUsage): void {
  const i = at.get(row.id);
  if (i !== undefined) {
    const kept = usage[i]!;
    const more = totalTokens(row) - totalTokens(kept);
    if (more < 0 || (more === 0 && samePrice(row, kept))) return;
    if (more > 0) {
      usage[i] = row;
      return;
    }
  }
  at.set(row.id, usage.length);
  usage.push(row);
}

/** The usage row of a parsed line in `sessionId`, before pricing; null when the line has no usage or no time. */
export function usageOf(
  parsed: TranscriptEntry,
  sessionId: string,
  location: TranscriptLocation,
  path: string,
  offset: number,
): ReadUsage | null {
  const u = parsed.usage;
  if (!u || parsed.timestamp === null) return null;
  return {
    id: usageRecordId(u.messageId, u.requestId, parsed.isSidechain, path, offset),
    messageId: u.messageId,
    sidechainLine: parsed.isSidechain,
    sourcePath: path,
    // A line's own costUSD wins over the table, as in ccusage's default (auto) mode.
    lineCostUsd: u.costUsd,
    sessionId,
    project: location.project,
    agentId: parsed.agentId ?? location.agentId,
    isSidechain: parsed.isSidechain || location.agentId !== null,
    ts: parsed.timestamp,
    model: u.model,
    inputTokens: u.inputTokens,
    outputTokens: u.outputTokens,
    cacheCreationTokens: u.cacheCreationTokens,
    cacheCreation1hTokens: u.cacheCreation1hTokens,
    cacheReadTokens: u.cacheReadTokens,
    speed: u.speed,
  };
}

/**
 * The de-duplication key of a usage line, as ccusage 20 de-duplicates: on the main chain message.id plus
 * requestId (a missing requestId is its own value); on a sidechain message.id alone, since a subagent's
 * replay of a response may carry another requestId; without message.id, the line itself.
 */
export function usageRecordId(
  messageId: string | null,
  requestId: string | null,
  sidechain: boolean,
  path: string,
  offset: number,
): string {
  if (messageId === null) return `${path}:${offset}`;
  return sidechain ? `side:${messageId}` : `${messageId}:${requestId ?? ''}`;
}
