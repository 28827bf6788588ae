// Gathers the activity of parsed transcript lines into batches for the activity store, and reads a
// subagent's `agent-<id>.meta.json` beside its transcript.
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ActivityBatch, RunSighting } from '../store/activity-store';
import { batchSize, emptyBatch } from '../store/activity-store';
import type { TranscriptEntry } from './transcript-line';

/** Where a line sits: the session it belongs to and the subagent whose transcript holds it. */
export interface LineContext {
  sessionId: string;
  agentId: string | null;
  path: string;
  offset: number;
}

/** Subagents Claude Code runs for itself; they get a type so their cost is not "unknown". */
const INTERNAL_AGENT_TYPES: [RegExp, string][] = [[/^acompact-/, 'compaction']];

export class ActivityCollector {
  private batch: ActivityBatch = emptyBatch();
  private runs = new Map<string, RunSighting>();
  /** Tool blocks that were present but unreadable, across the collector's life. */
  damagedBlocks = 0;

  get size(): number {
    // The batch's runs stay empty until `take`: they gather in `runs`.
    return batchSize(this.batch) + this.runs.size;
  }

  add(entry: TranscriptEntry, ctx: LineContext): void {
    const a = entry.activity;
    this.damagedBlocks += a.damagedBlocks;
    const ts = entry.timestamp;
    const { sessionId, agentId } = ctx;

    if (agentId !== null) {
      const run = this.runs.get(agentId) ?? {
        id: agentId,
        sessionId,
        firstTs: null,
        lastTs: null,
        firstPrompt: null,
        declaredType: INTERNAL_AGENT_TYPES.find(([re]) => re.test(agentId))?.[1] ?? null,
        declaredDescription: null,
      };
      if (ts !== null) {
        run.firstTs = run.firstTs === null ? ts : Math.min(run.firstTs, ts);
        run.lastTs = run.lastTs === null ? ts : Math.max(run.lastTs, ts);
      }
      run.firstPrompt ??= a.rootPrompt;
      this.runs.set(agentId, run);
    }

    for (const use of a.toolUses) {
      const inputJson = JSON.stringify(use.input);
      this.batch.starts.push({ id: use.id, sessionId, agentId, name: use.name, startedAt: ts, inputJson });
      if (use.todos !== null && ts !== null) {
        this.batch.todoLists.push({ sessionId, agentId, toolUseId: use.id, ts, todos: use.todos });
      }
    }
    for (const r of a.toolResults) {
      this.batch.ends.push({
        id: r.toolUseId,
        sessionId,
        agentId,
        endedAt: ts,
        isError: r.isError,
        size: r.size,
        resultAgentId: r.agentId,
        resultAgentType: r.agentType,
        resultStatus: r.status,
      });
      if (r.agentId) {
        this.batch.links.push({
          agentId: r.agentId,
          sessionId,
          toolUseId: r.toolUseId,
          method: 'tool-result',
          declaredType: r.agentType,
        });
      }
    }
    if (a.taskNotification) {
      this.batch.asyncEnds.push({ ...a.taskNotification, sessionId, endedAt: ts });
    }
    if (a.agentLink) {
      this.batch.links.push({
        agentId: a.agentLink.agentId,
        sessionId,
        toolUseId: a.agentLink.toolUseId,
        method: 'progress',
        declaredType: null,
      });
    }
    if (a.event && ts !== null) {
      this.batch.events.push({
        id: a.uuid ?? `${ctx.path}:${ctx.offset}`,
        sessionId,
        agentId,
        ts,
        kind: a.event.kind,
        detail: a.event.detail,
      });
    }
  }

  /** Hands over what was gathered and starts a new batch. */
  take(): ActivityBatch {
    const batch = this.batch;
    // Runs go first so the links and calls that follow find them.
    batch.runs = [...this.runs.values()];
    this.batch = emptyBatch();
    this.runs = new Map();
    return batch;
  }
}

/**
 * Adds what a subagent's meta file says (type, description, and the starting call when it names one) to the
 * first batch read from the subagent's transcript. The meta's type and description replace what the lines
 * declared, and its link goes before theirs.
 */
export function addRunMeta(batch: ActivityBatch, agentId: string, sessionId: string, meta: RunMeta): void {
  let run = batch.runs.find((r) => r.id === agentId);
  if (!run) {
    run = {
      id: agentId,
      sessionId,
      firstTs: null,
      lastTs: null,
      firstPrompt: null,
      declaredType: null,
      declaredDescription: null,
    };
    batch.runs.unshift(run);
  }
  run.declaredType = meta.agentType;
  run.declaredDescription = meta.description;
  if (meta.toolUseId) {
    batch.links.unshift({ agentId, sessionId, toolUseId: meta.toolUseId, method: 'meta', declaredType: null });
  }
}

export interface RunMeta {
  agentType: string | null;
  description: string | null;
  toolUseId: string | null;
}

const pick = (o: Record<string, unknown>, keys: string[]): string | null => {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string' && v.length > 0) return v;
  }
  return null;
};

/** Parses an `agent-<id>.meta.json` body; field names vary between Claude Code versions, so several are tried. */
export function parseRunMeta(text: string): RunMeta | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const o = value as Record<string, unknown>;
  return {
    agentType: pick(o, ['agentType', 'subagent_type', 'subagentType']),
    description: pick(o, ['description']),
    toolUseId: pick(o, ['toolUseId', 'parentToolUseId', 'parentToolUseID', 'tool_use_id']),
  };
}

/**
 * Reads the meta file beside `<session>/subagents/agent-<id>.jsonl`; null when there is none or it is unreadable.
 * Synchronous, as the transcripts are read: the file is tiny, and a thread-pool round trip per subagent cost a
 * cold import more than the read.
 */
export function readRunMeta(transcriptPath: string): RunMeta | null {
  const file = join(dirname(transcriptPath), `${basename(transcriptPath, '.jsonl')}.meta.json`);
  try {
    // Checked before opening: opening a FIFO would block until someone writes to it.
    if (!statSync(file).isFile()) return null;
    return parseRunMeta(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}
