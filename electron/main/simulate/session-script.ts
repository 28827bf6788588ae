// Plays one Claude Code session as the lines Claude Code would append to its transcripts: prompts, streamed
// assistant responses, tool results, TodoWrite lists, subagent runs in one of three layouts, compactions and
// API errors. Lazy (a generator), so the same script fills a directory at once or trickles in live.
import type { Prng } from './prng';
import {
  API_ERRORS,
  BUILT_IN_AGENTS,
  CODE_LINES,
  COMPACT_SUMMARY_PREFIX,
  MODELS,
  PROMPTS,
  SENTENCES,
  SYNTHETIC_MODEL,
  TEST_OUTPUT_FAIL,
  TEST_OUTPUT_PASS,
  TODO_ITEMS,
  TODO_RESULT,
  TOOL_REJECTED,
  languageOf,
  type ProjectProfile,
} from './vocabulary';

export type JsonObject = Record<string, unknown>;

/**
 * Where a session's subagents write: inside the session file as `isSidechain` lines (Claude Code 1.x), flat
 * `<project>/agent-<id>.jsonl` (early 2.0), or `<project>/<session>/subagents/agent-<id>.jsonl` with a
 * `.meta.json` beside it (current).
 */
export type SubagentLayout = 'inline' | 'flat' | 'nested';

export const VERSIONS: Record<SubagentLayout, string[]> = {
  inline: ['1.0.72', '1.0.98'],
  flat: ['2.0.14', '2.0.37', '2.0.55'],
  nested: ['2.0.76', '2.1.3', '2.1.14'],
};

/** What the script hands its consumer; `file` is relative to the project folder. */
export type TranscriptEvent =
  | {
      kind: 'line';
      file: string;
      entry: JsonObject;
      /** An assistant line carrying `message.usage` (the lines usage damage can hit). */
      hasUsage: boolean;
      /** A session title that belongs at the top of the file, as Claude Code keeps `summary` lines. */
      atTop?: boolean;
    }
  | { kind: 'meta'; file: string; content: JsonObject };

/** Simulated or real time; subagents running in parallel get forks of the session's clock. */
export interface Clock {
  now(): number;
  advance(ms: number): void;
  fork(): Clock;
}

export class SimulatedClock implements Clock {
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += Math.max(1, Math.round(ms));
  }
  fork(): Clock {
    return new SimulatedClock(this.t);
  }
}

/** Wall-clock time for live mode: pacing comes from the writer, so advancing only keeps timestamps in order. */
export class WallClock implements Clock {
  private last = 0;
  now(): number {
    this.last = Math.max(Date.now(), this.last + 1);
    return this.last;
  }
  advance(): void {}
  fork(): Clock {
    return this;
  }
}

export interface SessionPlan {
  project: ProjectProfile;
  sessionId: string;
  layout: SubagentLayout;
  version: string;
  gitBranch: string;
  model: string;
  turns: number;
  /** Make the first turn delegate to a subagent, so small simulations still show every layout. */
  forceSubagent: boolean;
  /** Whether this session's cache writes go to the 1-hour cache (some plans and subagents do). */
  oneHourCache: boolean;
  /** Continue an existing transcript: the uuid of its last line. */
  resumeFrom?: string | null;
}

export function planSession(rng: Prng, project: ProjectProfile, forceLayout?: SubagentLayout): SessionPlan {
  const layout =
    forceLayout ??
    rng.weighted<SubagentLayout>([
      ['inline', 1],
      ['flat', 3],
      ['nested', 6],
    ]);
  return {
    project,
    sessionId: rng.uuid(),
    layout,
    version: rng.pick(VERSIONS[layout]),
    gitBranch: rng.pick(project.branches),
    model: rng.weighted([
      [MODELS.sonnet, 6],
      [MODELS.opus, 3],
      [MODELS.haiku, 1],
    ]),
    turns: rng.skewed(1, 6, 40),
    forceSubagent: forceLayout !== undefined,
    oneHourCache: rng.chance(0.2),
  };
}

/** One thread of conversation: the session's main chain or one subagent run. */
interface Thread {
  file: string;
  parent: string | null;
  sidechain: boolean;
  agentId: string | null;
  model: string;
  clock: Clock;
  /** Tokens in the prompt cache after the last call. */
  context: number;
  /** Tokens added since the last call (results, prompts), to be written to the cache next call. */
  pending: number;
  lastCallAt: number;
  lastUsage: JsonObject | null;
  toolUses: number;
  outputTokens: number;
}

interface ToolCall {
  id: string;
  name: string;
  input: JsonObject;
}

interface ApiResponse {
  events: TranscriptEvent[];
  /** The uuid of the line holding each tool_use block. */
  lineOf: Map<string, string>;
  messageId: string;
  requestId: string;
  /** The line with the first tool_use, which a subagent may replay. */
  firstToolLine: JsonObject | null;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const COMPACT_AT = 150_000;

const tokensOf = (text: string): number => Math.max(1, Math.round(text.length / 3.6));

export class SessionScript {
  private readonly project: ProjectProfile;
  private readonly todos: { content: string; status: string; activeForm: string }[] = [];
  private readonly main: Thread;
  private readonly cwd: string;
  /** How many subagent runs the script has started so far. */
  subagentRuns = 0;

  constructor(
    private readonly rng: Prng,
    private readonly plan: SessionPlan,
    clock: Clock,
    /** Asked at every step: true ends the session early, cleanly (used to hit a size). */
    private readonly shouldStop: () => boolean = () => false,
  ) {
    this.project = plan.project;
    this.cwd = plan.project.cwd;
    this.main = this.thread(`${plan.sessionId}.jsonl`, false, null, plan.model, clock);
    this.main.parent = plan.resumeFrom ?? null;
  }

  *events(): Generator<TranscriptEvent, void, undefined> {
    const { plan, rng } = this;
    for (let turn = 0; turn < plan.turns; turn++) {
      if (turn > 0 && this.shouldStop()) break;
      if (turn > 0) this.main.clock.advance(rng.skewed(20 * SECOND, 3 * MINUTE, 90 * MINUTE));
      yield* this.turn(turn === 0 && plan.forceSubagent, turn === 0);
      if (this.main.context > COMPACT_AT || (turn > 3 && rng.chance(0.02))) yield* this.compact();
    }
    if (rng.chance(0.6)) {
      yield {
        kind: 'line',
        file: this.main.file,
        entry: { type: 'summary', summary: this.title(), leafUuid: this.main.parent },
        hasUsage: false,
        atTop: true,
      };
    }
  }

  private thread(file: string, sidechain: boolean, agentId: string | null, model: string, clock: Clock): Thread {
    return {
      file,
      parent: null,
      sidechain,
      agentId,
      model,
      clock,
      context: 0,
      pending: this.rng.int(14_000, 24_000), // system prompt, tools and CLAUDE.md
      lastCallAt: 0,
      lastUsage: null,
      toolUses: 0,
      outputTokens: 0,
    };
  }

  private title(): string {
    const topic = this.rng.pick(this.project.topics);
    return this.rng.pick([`Fix ${topic}`, `Investigate ${topic}`, `Refactor ${topic}`, `Add tests for ${topic}`]);
  }

  private fill(template: string): string {
    return template
      .replace('{topic}', this.rng.pick(this.project.topics))
      .replace('{file}', this.rng.pick(this.project.files))
      .replace('{agent}', this.rng.pick(this.project.agents));
  }

  /** The fields every conversation line starts with, in Claude Code's order. */
  private envelope(t: Thread): JsonObject {
    const e: JsonObject = {
      parentUuid: t.parent,
      isSidechain: t.sidechain,
      userType: 'external',
      cwd: this.cwd,
      sessionId: this.plan.sessionId,
      version: this.plan.version,
      gitBranch: this.plan.gitBranch,
    };
    if (t.agentId) e.agentId = t.agentId;
    return e;
  }

  private line(t: Thread, body: JsonObject, hasUsage = false): TranscriptEvent {
    const uuid = this.rng.uuid();
    const entry = { ...this.envelope(t), ...body, uuid, timestamp: new Date(t.clock.now()).toISOString() };
    t.parent = uuid;
    return { kind: 'line', file: t.file, entry, hasUsage };
  }

  private userText(t: Thread, text: string, extra: JsonObject = {}): TranscriptEvent {
    t.pending += tokensOf(text);
    return this.line(t, { type: 'user', message: { role: 'user', content: text }, ...extra });
  }

  private *turn(forceSubagent: boolean, first: boolean): Generator<TranscriptEvent> {
    const { rng, main } = this;
    const prompt = this.fill(rng.pick(PROMPTS));
    if (!this.plan.version.startsWith('1.')) {
      const messageId = rng.uuid();
      yield {
        kind: 'line',
        file: main.file,
        entry: {
          type: 'file-history-snapshot',
          messageId,
          snapshot: { messageId, trackedFileBackups: {}, timestamp: new Date(main.clock.now()).toISOString() },
          isSnapshotUpdate: false,
        },
        hasUsage: false,
      };
    }
    yield this.userText(main, prompt);

    const steps = rng.skewed(1, 5, 24);
    for (let step = 0; step < steps; step++) {
      if (step > 0 && this.shouldStop()) break;
      if (rng.chance(0.015)) {
        yield* this.apiError(main);
        if (rng.chance(0.4)) return; // the turn died; the user will have to say "continue"
      }
      const calls =
        forceSubagent && step === 0
          ? [this.taskCall()]
          : first && step === 0 && rng.chance(0.5)
            ? [this.todoCall()]
            : this.chooseCalls(main, true);
      const response = this.respond(main, calls, 'tool_use');
      yield* response.events;
      if (rng.chance(0.01)) {
        // interrupted while a tool ran: Claude Code answers the interruption itself
        yield this.userText(main, '[Request interrupted by user for tool use]');
        yield this.synthetic(main, 'No response requested.');
        return;
      }
      // Subagents run one after another here (in parallel on their own clocks when they have their own files);
      // each run's closing tool_result is held back and written in call order once all have finished.
      // A run launched with `run_in_background` answers its call at once (`async_launched`); the session learns
      // of its end from a `<task-notification>` once it is over.
      const closing = new Map<string, TranscriptEvent>();
      const background = new Map<
        string,
        { call: ToolCall; agentId: string; end: number; closing: TranscriptEvent | undefined }
      >();
      let latestEnd = main.clock.now();
      for (const call of calls) {
        if (call.name !== 'Task' && call.name !== 'Agent') continue;
        const run = this.subagent(call, response);
        let held: TranscriptEvent | undefined;
        for (const e of run.events) {
          if (held) yield held;
          held = e;
        }
        if (call.input.run_in_background) {
          background.set(call.id, { call, agentId: run.agentId, end: run.end(), closing: held });
          continue;
        }
        if (held) closing.set(call.id, held);
        latestEnd = Math.max(latestEnd, run.end());
      }
      for (const call of calls) {
        const result = closing.get(call.id);
        const launched = background.get(call.id);
        if (result) {
          main.clock.advance(Math.max(0, latestEnd - main.clock.now()));
          yield this.reparent(main, result, response.lineOf.get(call.id));
        } else if (launched) {
          main.clock.advance(rng.int(50, 400));
          yield this.asyncLaunch(main, call, launched.agentId, response.lineOf.get(call.id));
        } else {
          main.clock.advance(rng.skewed(200, 1500, 120 * SECOND));
          yield this.toolResult(main, call, response.lineOf.get(call.id));
        }
      }
      for (const run of background.values()) {
        main.clock.advance(Math.max(0, run.end - main.clock.now()));
        yield this.taskNotification(main, run.call, run.agentId, run.closing);
      }
    }
    yield* this.respond(main, [], 'end_turn').events;
  }

  /** Gives a subagent's closing tool_result its place in the parent chain, now that it is the parent's turn. */
  private reparent(t: Thread, result: TranscriptEvent, sourceLine: string | undefined): TranscriptEvent {
    if (result.kind !== 'line') return result;
    const entry = result.entry;
    entry.parentUuid = t.parent;
    entry.timestamp = new Date(t.clock.now()).toISOString();
    if (sourceLine && !this.plan.version.startsWith('1.')) entry.sourceToolAssistantUUID = sourceLine;
    t.parent = entry.uuid as string;
    return result;
  }

  private chooseCalls(t: Thread, allowTask: boolean): ToolCall[] {
    const { rng } = this;
    const tool = rng.weighted<string>([
      ['Read', 30],
      ['Bash', 20],
      ['Edit', 16],
      ['Grep', 10],
      ['Glob', 5],
      ['Write', 4],
      ['TodoWrite', allowTask ? 5 : 0],
      ['Task', allowTask ? 6 : 0],
      ['WebFetch', 1],
    ]);
    if (tool === 'Task') {
      const parallel =
        this.plan.layout === 'inline'
          ? 1
          : rng.weighted([
              [1, 6],
              [2, 3],
              [3, 1],
            ]);
      return Array.from({ length: parallel }, () => this.taskCall());
    }
    if (tool === 'TodoWrite') return [this.todoCall()];
    const count = tool === 'Read' && rng.chance(0.3) ? rng.int(2, 4) : 1;
    return Array.from({ length: count }, () => this.toolCall(t, tool));
  }

  private toolId(): string {
    return `toolu_01${this.rng.base62(22)}`;
  }

  private toolCall(_t: Thread, name: string): ToolCall {
    const { rng, project } = this;
    const file = `${this.cwd}/${rng.pick(project.files)}`;
    const id = this.toolId();
    switch (name) {
      case 'Read':
        return { id, name, input: { file_path: file } };
      case 'Edit': {
        const code = CODE_LINES[languageOf(file)] ?? [];
        const old = rng.pick(code.filter((l) => l.trim().length > 4)) ?? 'return null;';
        return { id, name, input: { file_path: file, old_string: old, new_string: `${old} // checked` } };
      }
      case 'Write':
        return {
          id,
          name,
          input: { file_path: file.replace(/(\.\w+)$/, '.spec$1'), content: this.code(file, rng.int(10, 60)) },
        };
      case 'Bash': {
        const command = rng.pick([
          project.testCommand,
          project.buildCommand,
          'git status',
          'git diff --stat',
          'ls -la',
        ]);
        return { id, name, input: { command, description: `Run ${command.split(' ')[0]}` } };
      }
      case 'Grep':
        return {
          id,
          name,
          input: {
            pattern: rng.pick(['TODO', 'round\\(', 'timeout', 'dedupe', 'export function']),
            output_mode: 'files_with_matches',
          },
        };
      case 'Glob':
        return { id, name, input: { pattern: rng.pick(['**/*.ts', 'src/**/*.tsx', '**/*_test.go', 'tests/**/*.py']) } };
      default:
        return {
          id,
          name,
          input: { url: 'https://docs.example.dev/api/limits', prompt: 'What are the documented limits?' },
        };
    }
  }

  private todoCall(): ToolCall {
    const { rng } = this;
    if (this.todos.length === 0 || rng.chance(0.2)) {
      this.todos.length = 0;
      const n = rng.int(3, 7);
      for (let i = 0; i < n; i++) {
        const content = this.fill(rng.pick(TODO_ITEMS));
        this.todos.push({ content, status: 'pending', activeForm: content.replace(/^(\w+)/, gerund) });
      }
    }
    // progress: finish the item in progress, start the next
    const current = this.todos.findIndex((t) => t.status === 'in_progress');
    if (current >= 0) (this.todos[current] as { status: string }).status = 'completed';
    const next = this.todos.find((t) => t.status === 'pending');
    if (next) next.status = 'in_progress';
    return { id: this.toolId(), name: 'TodoWrite', input: { todos: this.todos.map((t) => ({ ...t })) } };
  }

  /** The tool_result of a Task/Agent call launched with `run_in_background`, as Claude Code words it. */
  private asyncLaunch(t: Thread, call: ToolCall, agentId: string, sourceLine: string | undefined): TranscriptEvent {
    const text = `Async agent launched successfully.\nagentId: ${agentId} (internal ID - do not mention to user. Use to resume later if needed.)\nThe agent is working in the background. You will be notified automatically when it completes.`;
    t.pending += tokensOf(text);
    t.toolUses++;
    const extra: JsonObject = {
      toolUseResult: {
        isAsync: true,
        status: 'async_launched',
        agentId,
        description: call.input.description,
        prompt: call.input.prompt,
        outputFile: `/tmp/claude-1000/${this.cwd.replace(/[^a-zA-Z0-9]/g, '-')}/tasks/${agentId}.output`,
      },
    };
    if (sourceLine) extra.sourceToolAssistantUUID = sourceLine;
    const block: JsonObject = { tool_use_id: call.id, type: 'tool_result', content: [{ type: 'text', text }] };
    return this.line(t, { type: 'user', message: { role: 'user', content: [block] }, ...extra });
  }

  /**
   * The user line that tells the launching session a background run ended: a `<task-notification>` with the
   * agent id, `completed` or `failed`, and the run's report and totals from the result it would have returned.
   */
  private taskNotification(
    t: Thread,
    call: ToolCall,
    agentId: string,
    closing: TranscriptEvent | undefined,
  ): TranscriptEvent {
    const result = closing?.kind === 'line' ? closing.entry.toolUseResult : undefined;
    const done = typeof result === 'object' && result !== null && !Array.isArray(result);
    const outcome = (done ? result : {}) as JsonObject;
    const status = done ? 'completed' : 'failed';
    const report = done ? (((outcome.content as JsonObject[])[0]?.text as string | undefined) ?? '') : 'Agent stopped';
    const text = [
      '<task-notification>',
      `<task-id>${agentId}</task-id>`,
      `<status>${status}</status>`,
      `<summary>Agent "${call.input.description as string}" ${status}</summary>`,
      `<result>${report}</result>`,
      ...(done
        ? [
            `<usage>total_tokens: ${outcome.totalTokens as number}`,
            `tool_uses: ${outcome.totalToolUseCount as number}`,
            `duration_ms: ${outcome.totalDurationMs as number}</usage>`,
          ]
        : []),
      '</task-notification>',
    ].join('\n');
    return this.userText(t, text);
  }

  private taskCall(): ToolCall {
    const { rng, project } = this;
    const agent = rng.chance(0.55) ? rng.pick(project.agents) : rng.pick(BUILT_IN_AGENTS);
    const topic = rng.pick(project.topics);
    const description = rng.pick([
      `Investigate ${topic}`,
      `Review changes for ${topic}`,
      `Write tests for ${topic}`,
      `Map code for ${topic}`,
    ]);
    const prompt = `${description}. Look at ${rng.pick(project.files)} and related files. ${rng.pick(SENTENCES)} Report what you find with file paths and line numbers, and do not change unrelated code.`;
    const name = this.plan.version === '2.1.14' ? 'Agent' : 'Task';
    const input: JsonObject = { subagent_type: agent, description, prompt };
    // Versions that write subagents to their own files can run them in the background.
    if (this.plan.layout === 'nested' && rng.chance(0.25)) input.run_in_background = true;
    return { id: this.toolId(), name, input };
  }

  private code(file: string, lines: number): string {
    const src = CODE_LINES[languageOf(file)] ?? [];
    const start = this.rng.int(0, src.length - 1);
    const out: string[] = [];
    for (let i = 0; i < lines; i++) out.push(src[(start + i) % src.length] ?? '');
    return out.join('\n');
  }

  private prose(min: number, max: number): string {
    const n = this.rng.int(min, max);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.rng.pick(SENTENCES));
    return out.join(' ');
  }

  private usage(t: Thread, output: number): JsonObject {
    const { rng } = this;
    const now = t.clock.now();
    const ttl = this.plan.oneHourCache ? 60 * MINUTE : 5 * MINUTE;
    const warm = t.lastCallAt > 0 && now - t.lastCallAt < ttl;
    const write = warm ? t.pending : t.context + t.pending;
    const read = warm ? t.context : rng.chance(0.5) ? rng.int(9_000, 14_000) : 0; // the shared system prompt
    const oneHour = this.plan.oneHourCache ? write : 0;
    const usage: JsonObject = {
      input_tokens: rng.chance(0.9) ? rng.int(1, 12) : rng.int(100, 4_000),
      cache_creation_input_tokens: write,
      cache_read_input_tokens: read,
      cache_creation: { ephemeral_5m_input_tokens: write - oneHour, ephemeral_1h_input_tokens: oneHour },
      output_tokens: output,
      service_tier: 'standard',
    };
    if (!this.plan.version.startsWith('1.')) usage.server_tool_use = { web_search_requests: 0, web_fetch_requests: 0 };
    t.context = Math.max(read, t.context + t.pending) + output;
    t.pending = 0;
    t.lastCallAt = now;
    t.outputTokens += output;
    t.lastUsage = usage;
    return usage;
  }

  /**
   * One API response, written as Claude Code streams it: a line per content block (at most four), every line with
   * the same message id, request id and usage, the last one with the final output count.
   */
  private respond(t: Thread, calls: ToolCall[], stop: 'tool_use' | 'end_turn'): ApiResponse {
    const { rng } = this;
    t.clock.advance(rng.skewed(1500, 6 * SECOND, 90 * SECOND));
    const blocks: JsonObject[] = [];
    if (t.model === MODELS.opus && rng.chance(0.4)) {
      blocks.push({ type: 'thinking', thinking: this.prose(1, 4), signature: rng.base62(rng.int(200, 420)) });
    }
    if (calls.length === 0) blocks.push({ type: 'text', text: this.prose(2, 9) });
    else if (rng.chance(0.6)) blocks.push({ type: 'text', text: this.prose(1, 2) });
    for (const c of calls) blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: c.input });

    const output = blocks.reduce((s, b) => s + tokensOf(JSON.stringify(b)), rng.int(5, 60));
    const usage = this.usage(t, output);
    const messageId = `msg_01${rng.base62(22)}`;
    const requestId = `req_011C${rng.base62(18)}`;
    // at most four lines: extra blocks ride on the last line
    const groups: JsonObject[][] = blocks.slice(0, 3).map((b) => [b]);
    if (blocks.length > 3) groups.push(blocks.slice(3));
    const finalCountOnLast = rng.chance(0.7);
    const events: TranscriptEvent[] = [];
    const lineOf = new Map<string, string>();
    let firstToolLine: JsonObject | null = null;
    groups.forEach((content, i) => {
      const last = i === groups.length - 1;
      if (i > 0) t.clock.advance(rng.int(300, 4000));
      const lineUsage =
        last || !finalCountOnLast ? usage : { ...usage, output_tokens: Math.min(output, rng.int(1, 30)) };
      const e = this.line(
        t,
        {
          message: {
            id: messageId,
            type: 'message',
            role: 'assistant',
            model: t.model,
            content,
            stop_reason: last ? stop : null,
            stop_sequence: null,
            usage: lineUsage,
          },
          requestId,
          type: 'assistant',
        },
        true,
      );
      events.push(e);
      if (e.kind === 'line') {
        for (const b of content) {
          if (b.type === 'tool_use') {
            lineOf.set(b.id as string, e.entry.uuid as string);
            firstToolLine ??= e.entry;
          }
        }
      }
    });
    return { events, lineOf, messageId, requestId, firstToolLine };
  }

  private synthetic(t: Thread, text: string, apiError = false): TranscriptEvent {
    const message = {
      id: this.rng.uuid(),
      model: SYNTHETIC_MODEL,
      role: 'assistant',
      stop_reason: 'stop_sequence',
      stop_sequence: '',
      type: 'message',
      usage: {
        input_tokens: 0,
        output_tokens: 0,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        server_tool_use: { web_search_requests: 0 },
        service_tier: null,
      },
      content: [{ type: 'text', text }],
    };
    return this.line(t, { type: 'assistant', message, ...(apiError ? { isApiErrorMessage: true } : {}) }, true);
  }

  private *apiError(t: Thread): Generator<TranscriptEvent> {
    t.clock.advance(this.rng.int(2 * SECOND, 40 * SECOND));
    yield this.synthetic(t, this.rng.pick(API_ERRORS), true);
  }

  private toolResult(t: Thread, call: ToolCall, sourceLine: string | undefined): TranscriptEvent {
    const { rng } = this;
    let content: string;
    let result: unknown;
    let isError = rng.chance(0.07);
    const input = call.input;
    switch (call.name) {
      case 'Read': {
        const file = input.file_path as string;
        if (isError) {
          content = '<tool_use_error>File does not exist.</tool_use_error>';
          result = 'Error: File does not exist.';
          break;
        }
        const lines = rng.skewed(20, 120, 900);
        const text = this.code(file, lines);
        content = text
          .split('\n')
          .map((l, i) => `${String(i + 1).padStart(6)}→${l}`)
          .join('\n');
        result = {
          type: 'text',
          file: { filePath: file, content: text, numLines: lines, startLine: 1, totalLines: lines },
        };
        break;
      }
      case 'Edit': {
        if (isError) {
          content = `<tool_use_error>String to replace not found in file.\nString: ${input.old_string as string}</tool_use_error>`;
          result = 'Error: String to replace not found in file.';
          break;
        }
        const file = input.file_path as string;
        const snippet = this.code(file, 12)
          .split('\n')
          .map((l, i) => `${String(i + 20).padStart(6)}→${l}`)
          .join('\n');
        content = `The file ${file} has been updated. Here's the result of running \`cat -n\` on a snippet of the edited file:\n${snippet}`;
        result = {
          filePath: file,
          oldString: input.old_string,
          newString: input.new_string,
          replaceAll: false,
          userModified: false,
          structuredPatch: [
            {
              oldStart: 24,
              oldLines: 1,
              newStart: 24,
              newLines: 1,
              lines: [`-${String(input.old_string)}`, `+${String(input.new_string)}`],
            },
          ],
        };
        break;
      }
      case 'Write':
        isError = false;
        content = `File created successfully at: ${input.file_path as string}`;
        result = { type: 'create', filePath: input.file_path, content: input.content, structuredPatch: [] };
        break;
      case 'Bash': {
        const command = input.command as string;
        const failing = isError || (command === this.project.testCommand && rng.chance(0.3));
        isError = failing;
        const stdout = (
          command === this.project.testCommand
            ? failing
              ? TEST_OUTPUT_FAIL
              : TEST_OUTPUT_PASS
            : ['On branch ' + this.plan.gitBranch, 'nothing to commit, working tree clean']
        ).join('\n');
        content = failing ? `Exit code 1\n${stdout}` : stdout;
        result = failing ? `Error: Exit code 1\n${stdout}` : { stdout, stderr: '', interrupted: false, isImage: false };
        break;
      }
      case 'Grep': {
        isError = false;
        const n = rng.int(0, 6);
        const files = Array.from({ length: n }, () => `${this.cwd}/${rng.pick(this.project.files)}`);
        content = n === 0 ? 'No files found' : `Found ${n} files\n${files.join('\n')}`;
        result = { mode: 'files_with_matches', filenames: files, numFiles: n };
        break;
      }
      case 'Glob': {
        isError = false;
        const files = this.project.files.map((f) => `${this.cwd}/${f}`);
        content = files.join('\n');
        result = { filenames: files, durationMs: rng.int(3, 90), numFiles: files.length, truncated: false };
        break;
      }
      case 'TodoWrite':
        isError = false;
        content = TODO_RESULT;
        result = { oldTodos: [], newTodos: input.todos };
        break;
      default:
        content = isError ? 'Request failed with status code 404' : this.prose(3, 8);
        result = isError
          ? 'Error: Request failed with status code 404'
          : { bytes: 18234, code: 200, codeText: 'OK', result: content, durationMs: 912, url: input.url };
    }
    if (isError && rng.chance(0.25)) {
      content = TOOL_REJECTED;
      result = 'Error: The user rejected the tool use';
    }
    t.pending += tokensOf(content);
    t.toolUses++;
    const block: JsonObject = { tool_use_id: call.id, type: 'tool_result', content };
    if (isError) block.is_error = true;
    const extra: JsonObject = { toolUseResult: result };
    if (sourceLine && !this.plan.version.startsWith('1.')) extra.sourceToolAssistantUUID = sourceLine;
    return this.line(t, { type: 'user', message: { role: 'user', content: [block] }, ...extra });
  }

  /**
   * One subagent run started by a Task/Agent tool_use: its lines in the layout of this session's version, and
   * last the tool_result closing it in the parent chain (re-parented by the caller).
   */
  private subagent(
    call: ToolCall,
    parentResponse: ApiResponse,
  ): { events: Iterable<TranscriptEvent>; end: () => number; agentId: string } {
    const { rng, plan } = this;
    this.subagentRuns++;
    const layout = plan.layout;
    const agentType = call.input.subagent_type as string;
    const agentId = layout === 'nested' ? `a${rng.hex(16)}` : rng.hex(8);
    const file =
      layout === 'inline'
        ? this.main.file
        : layout === 'flat'
          ? `agent-${agentId}.jsonl`
          : `${plan.sessionId}/subagents/agent-${agentId}.jsonl`;
    const model = agentType === 'Explore' ? MODELS.haiku : rng.chance(0.3) ? MODELS.sonnet : plan.model;
    const clock = layout === 'inline' ? this.main.clock : this.main.clock.fork();
    // inline sidechains (Claude Code 1.x) carried no agent id
    const t = this.thread(file, true, layout === 'inline' ? null : agentId, model, clock);
    const span = { started: clock.now(), end: clock.now() };
    const run = { call, parentResponse, layout, agentType, agentId, file, t, clock, span };
    return { events: this.runSubagent(run), end: () => span.end, agentId };
  }

  private *runSubagent(run: {
    call: ToolCall;
    parentResponse: ApiResponse;
    layout: SubagentLayout;
    agentType: string;
    agentId: string;
    file: string;
    t: Thread;
    clock: Clock;
    span: { started: number; end: number };
  }): Generator<TranscriptEvent> {
    const { call, parentResponse, layout, agentType, agentId, file, t, clock, span } = run;
    const { rng, plan } = this;
    if (layout === 'nested') {
      yield {
        kind: 'meta',
        file: `${plan.sessionId}/subagents/agent-${agentId}.meta.json`,
        content: { agentType, description: call.input.description, toolUseId: call.id },
      };
    }
    if (layout !== 'inline' && parentResponse.firstToolLine && rng.chance(0.15)) {
      // Claude Code sometimes copies the parent's calling message into the sidechain: same message and request id
      const replay = { ...parentResponse.firstToolLine, isSidechain: true, agentId, uuid: rng.uuid() };
      yield { kind: 'line', file, entry: replay, hasUsage: true };
    }
    clock.advance(rng.int(200, 2000));
    yield this.userText(t, call.input.prompt as string);
    const steps = rng.skewed(2, 6, 30);
    let failed = false;
    for (let step = 0; step < steps; step++) {
      if (step > 0 && this.shouldStop()) break;
      if (rng.chance(0.02)) {
        yield* this.apiError(t);
        failed = rng.chance(0.5);
        if (failed) break;
      }
      const calls = this.chooseCalls(t, false);
      const response = this.respond(t, calls, 'tool_use');
      yield* response.events;
      for (const c of calls) {
        clock.advance(rng.skewed(200, 1200, 60 * SECOND));
        yield this.toolResult(t, c, response.lineOf.get(c.id));
      }
    }
    let report = '';
    if (!failed) {
      const final = this.respond(t, [], 'end_turn');
      yield* final.events;
      const last = final.events[final.events.length - 1];
      const content = last?.kind === 'line' ? ((last.entry.message as JsonObject).content as JsonObject[]) : [];
      report = (content.find((b) => b.type === 'text')?.text as string | undefined) ?? '';
    }
    span.end = clock.now();
    const totalTokens = t.outputTokens + t.context;
    const block: JsonObject = {
      tool_use_id: call.id,
      type: 'tool_result',
      content: failed
        ? 'Agent stopped: the API returned an error before the task finished.'
        : [{ type: 'text', text: report }],
    };
    if (failed) block.is_error = true;
    const resultEntry = {
      ...this.envelope(this.main),
      type: 'user',
      message: { role: 'user', content: [block] },
      uuid: rng.uuid(),
      timestamp: new Date(span.end).toISOString(),
      toolUseResult: failed
        ? 'Error: Agent stopped'
        : {
            status: 'completed',
            prompt: call.input.prompt,
            agentId,
            content: [{ type: 'text', text: report }],
            totalDurationMs: span.end - span.started,
            totalTokens,
            totalToolUseCount: t.toolUses,
            usage: t.lastUsage,
          },
    };
    this.main.pending += tokensOf(report);
    yield { kind: 'line', file: this.main.file, entry: resultEntry, hasUsage: false };
  }

  private *compact(): Generator<TranscriptEvent> {
    const { rng, main } = this;
    const trigger = main.context > COMPACT_AT ? 'auto' : 'manual';
    main.clock.advance(rng.int(20 * SECOND, 90 * SECOND));
    const logicalParent = main.parent;
    main.parent = null;
    const boundary = this.line(main, {
      type: 'system',
      subtype: 'compact_boundary',
      content: 'Conversation compacted',
      isMeta: false,
      level: 'info',
      compactMetadata: { trigger, preTokens: main.context },
      logicalParentUuid: logicalParent,
    });
    yield boundary;
    main.context = 0;
    main.lastCallAt = 0;
    main.pending = rng.int(14_000, 24_000);
    const summary = `${COMPACT_SUMMARY_PREFIX}Analysis:\n${this.prose(4, 10)}\n\nSummary:\n1. Primary Request: ${this.title()}.\n2. Files: ${this.project.files.slice(0, 3).join(', ')}.\n3. Pending: ${this.prose(1, 3)}`;
    yield this.userText(main, summary, { isVisibleInTranscriptOnly: true, isCompactSummary: true });
  }
}

/** "Run" → "Running", "Write" → "Writing", "Fix" → "Fixing": the `activeForm` Claude Code shows for a todo. */
function gerund(verb: string): string {
  if (verb === 'Run') return 'Running';
  if (verb.endsWith('e') && !verb.endsWith('ee')) return `${verb.slice(0, -1)}ing`;
  return `${verb}ing`;
}
