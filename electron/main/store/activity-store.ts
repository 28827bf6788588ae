// Tool calls, agent runs, tasks and session events in the local store; all their SQL lives here.
// Writes are idempotent upserts keyed by ids from the transcripts, so reading a line twice changes nothing.
import { atomically, type Atomically, type SqliteDatabase } from './database';

/** A tool_use block, ready to store. */
export interface ToolCallStart {
  id: string;
  sessionId: string;
  agentId: string | null;
  name: string;
  startedAt: number | null;
  /** The input's summary (see transcript-activity.ts) as JSON: the store reads it with json_extract. */
  inputJson: string;
}

/** A tool_result block, ready to store; it closes the call with the same id. */
export interface ToolCallEnd {
  id: string;
  sessionId: string;
  agentId: string | null;
  endedAt: number | null;
  isError: boolean;
  size: number;
  resultAgentId: string | null;
  resultAgentType: string | null;
  resultStatus: string | null;
}

/** What a subagent's own transcript says about its run. */
export interface RunSighting {
  id: string;
  sessionId: string;
  firstTs: number | null;
  lastTs: number | null;
  firstPrompt: string | null;
  declaredType: string | null;
  declaredDescription: string | null;
}

/** A certain link between a run and the tool call that started it. */
export interface RunLink {
  agentId: string;
  sessionId: string;
  toolUseId: string;
  method: 'tool-result' | 'progress' | 'meta';
  declaredType: string | null;
}

export interface TodoList {
  sessionId: string;
  agentId: string | null;
  toolUseId: string;
  ts: number;
  todos: { content: string; status: string; activeForm: string | null }[];
}

export interface SessionEventRow {
  id: string;
  sessionId: string;
  agentId: string | null;
  ts: number;
  kind: 'compaction' | 'api-error';
  detail: Record<string, unknown>;
}

/** A background subagent's end, reported to its session by a task notification. */
export interface AsyncRunEnd {
  /** The subagent's id: the launching call's `toolUseResult.agentId`. */
  agentId: string;
  sessionId: string;
  status: string;
  endedAt: number | null;
}

export interface ActivityBatch {
  starts: ToolCallStart[];
  ends: ToolCallEnd[];
  asyncEnds: AsyncRunEnd[];
  runs: RunSighting[];
  links: RunLink[];
  todoLists: TodoList[];
  events: SessionEventRow[];
}

export const emptyBatch = (): ActivityBatch => ({
  starts: [],
  ends: [],
  asyncEnds: [],
  runs: [],
  links: [],
  todoLists: [],
  events: [],
});

/** How many rows a batch holds. */
export const batchSize = (b: ActivityBatch): number =>
  b.starts.length +
  b.ends.length +
  b.asyncEnds.length +
  b.links.length +
  b.todoLists.length +
  b.events.length +
  b.runs.length;

/** A subagent run as the alerts see it: one per Task/Agent call, with the run it started when linked. */
export interface SubagentRunState {
  /** The Task/Agent call's tool_use id: known from the first line, so the run keeps it for life. */
  id: string;
  sessionId: string;
  /** The linked run's agent id (what hooks and usage records call it), when linked. */
  agentId: string | null;
  agentType: string | null;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: number | null;
  endedAt: number | null;
  /** The newest line of the call or its run, for telling a live run from one left open in old history. */
  lastActivityAt: number | null;
}

/** A tool result the batch stored (new, or a call's result that changed). */
export interface StoredToolResult {
  id: string;
  sessionId: string;
  agentId: string | null;
  toolName: string;
  isError: boolean;
  endedAt: number | null;
}

/** What one committed batch changed, for listeners (the alerts). */
export interface ActivityChanges {
  /** Subagent runs that appeared or whose status, end or link changed. */
  runs: SubagentRunState[];
  toolResults: StoredToolResult[];
}

export type ActivityListener = (changes: ActivityChanges) => void;

export type TaskStatus = 'queued' | 'running' | 'waiting' | 'done' | 'failed';

/** One item of a task list that replaces the previous version of the same list. */
export interface TaskItemRow {
  id: string;
  agent: string | null;
  title: string;
  detail: string | null;
  status: TaskStatus;
  startedAt: number | null;
  updatedAt: number;
}

const TODO_STATUS: Record<string, TaskStatus> = {
  pending: 'queued',
  in_progress: 'running',
  completed: 'done',
};

const SUBAGENT_TOOL_NAMES = new Set(['Task', 'Agent']);

/** How long before a run's first line its starting tool call may be, for a prompt match (clock skew, queueing). */
const PROMPT_MATCH_SKEW_MS = 5_000;

/**
 * A subagent run's state (`SubagentRunState`) from its Task/Agent call `tc` and its linked run `r`: the team
 * outbox reads runs with the same columns.
 */
export const RUN_STATE_COLUMNS = `tc.id, tc.session_id AS sessionId, r.id AS agentId,
  COALESCE(json_extract(tc.input_json, '$.subagent_type'), r.subagent_type, r.declared_type) AS agentType,
  CASE WHEN tc.ended_at IS NULL OR tc.result_status = 'async_launched' THEN 'running'
       WHEN tc.is_error = 1 OR tc.result_status IN ('failed', 'error') THEN 'failed'
       ELSE 'succeeded' END AS status,
  COALESCE(r.started_at, tc.started_at) AS startedAt, tc.ended_at AS endedAt,
  MAX(COALESCE(tc.ended_at, 0), COALESCE(tc.started_at, 0), COALESCE(r.last_activity_at, 0)) AS lastActivityAt`;

/** Runs inside the batch's transaction with the runs it started or moved (the team outbox queues them). */
export type RunsHook = (runs: SubagentRunState[]) => void;

export class ActivityStore {
  private readonly atomically: Atomically;
  private readonly upsertStart;
  private readonly upsertEnd;
  private readonly upsertCall;
  private readonly endAsync;
  private readonly upsertRun;
  private readonly upsertLink;
  private readonly insertEvent;
  private readonly selectList;
  private readonly upsertList;
  private readonly deleteListItems;
  private readonly insertTask;
  private readonly selectUnlinked;
  private readonly selectPromptMatch;
  private readonly setPromptLink;
  private readonly refreshRuns;
  private readonly refreshSubagentTasks;
  private readonly selectDeclaredType;
  private readonly countSubagentCalls;
  private readonly selectRunStates;
  private readonly selectCallNames;
  private readonly listeners = new Set<ActivityListener>();
  private readonly runHooks = new Set<RunsHook>();
  /** Sessions whose runs and subagent tasks wait to be derived, while `deferRuns` holds; null otherwise. */
  private deferredSessions: Set<string> | null = null;

  constructor(private readonly db: SqliteDatabase) {
    this.atomically = atomically(db);
    // The first sighting of a call keeps its session and agent: a replayed line must not move it.
    // Parameters are bound by position: naming them in an object spread cost more than the statements.
    this.upsertStart = db.prepare(`
      INSERT INTO tool_calls (id, session_id, agent_id, name, started_at, input_json)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET
        name = excluded.name,
        started_at = COALESCE(tool_calls.started_at, excluded.started_at),
        input_json = excluded.input_json,
        duration_ms = tool_calls.ended_at - COALESCE(tool_calls.started_at, excluded.started_at)`);
    this.upsertEnd = db.prepare(`
      INSERT INTO tool_calls (id, session_id, agent_id, ended_at, is_error, result_size, result_agent_id, result_status)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET
        ended_at = excluded.ended_at,
        is_error = excluded.is_error,
        result_size = excluded.result_size,
        result_agent_id = COALESCE(excluded.result_agent_id, tool_calls.result_agent_id),
        result_status = COALESCE(excluded.result_status, tool_calls.result_status),
        duration_ms = excluded.ended_at - tool_calls.started_at`);
    // A call whose start and end are in one batch (most are: the result is a line or two after the call) is
    // stored with one statement that does what upsertStart and then upsertEnd would.
    this.upsertCall = db.prepare(`
      INSERT INTO tool_calls (id, session_id, agent_id, name, started_at, input_json, duration_ms, ended_at, is_error,
        result_size, result_agent_id, result_status)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET
        name = excluded.name,
        started_at = COALESCE(tool_calls.started_at, excluded.started_at),
        input_json = excluded.input_json,
        ended_at = excluded.ended_at,
        is_error = excluded.is_error,
        result_size = excluded.result_size,
        result_agent_id = COALESCE(excluded.result_agent_id, tool_calls.result_agent_id),
        result_status = COALESCE(excluded.result_status, tool_calls.result_status),
        duration_ms = excluded.ended_at - COALESCE(tool_calls.started_at, excluded.started_at)`);
    // A background subagent's call returned at launch (`async_launched`); its notification ends it. Found through
    // the session index: the result-agent index is dropped during a cold import.
    this.endAsync = db.prepare(`
      UPDATE tool_calls SET result_status = @status, is_error = @isError, ended_at = COALESCE(@endedAt, ended_at),
        duration_ms = COALESCE(@endedAt, ended_at) - started_at
      WHERE session_id = @sessionId AND result_agent_id = @agentId AND result_status = 'async_launched'`);
    this.upsertRun = db.prepare(`
      INSERT INTO agent_runs (id, session_id, first_prompt, declared_type, declared_description, own_started_at,
        last_activity_at)
      VALUES (@id, @sessionId, @firstPrompt, @declaredType, @declaredDescription, @firstTs, @lastTs)
      ON CONFLICT(id) DO UPDATE SET
        first_prompt = COALESCE(agent_runs.first_prompt, excluded.first_prompt),
        declared_type = COALESCE(excluded.declared_type, agent_runs.declared_type),
        declared_description = COALESCE(excluded.declared_description, agent_runs.declared_description),
        own_started_at = CASE WHEN agent_runs.own_started_at IS NULL OR excluded.own_started_at < agent_runs.own_started_at
                          THEN COALESCE(excluded.own_started_at, agent_runs.own_started_at)
                          ELSE agent_runs.own_started_at END,
        last_activity_at = MAX(COALESCE(agent_runs.last_activity_at, 0), COALESCE(excluded.last_activity_at, 0))`);
    // A certain link (tool result, progress line, meta file) overrides a guessed one (prompt match).
    this.upsertLink = db.prepare(`
      INSERT INTO agent_runs (id, session_id, parent_tool_use_id, link_method, declared_type)
      VALUES (@agentId, @sessionId, @toolUseId, @method, @declaredType)
      ON CONFLICT(id) DO UPDATE SET
        parent_tool_use_id = excluded.parent_tool_use_id,
        link_method = excluded.link_method,
        declared_type = COALESCE(agent_runs.declared_type, excluded.declared_type)
      WHERE agent_runs.parent_tool_use_id IS NULL OR agent_runs.link_method = 'prompt'
         OR agent_runs.parent_tool_use_id = excluded.parent_tool_use_id`);
    this.insertEvent = db.prepare(`
      INSERT INTO session_events (id, session_id, agent_id, ts, kind, detail_json)
      VALUES (@id, @sessionId, @agentId, @ts, @kind, @detailJson)
      ON CONFLICT(id) DO NOTHING`);
    this.selectList = db.prepare(`SELECT version_ts AS versionTs FROM task_lists WHERE list_key = ?`);
    this.upsertList = db.prepare(`
      INSERT INTO task_lists (list_key, source, version_ts, origin) VALUES (@listKey, @source, @versionTs, @origin)
      ON CONFLICT(list_key) DO UPDATE SET version_ts = excluded.version_ts, origin = excluded.origin`);
    this.deleteListItems = db.prepare(`DELETE FROM tasks WHERE list_key = ?`);
    this.insertTask = db.prepare(`
      INSERT INTO tasks (id, source, list_key, session_id, project, agent, title, detail, status, position,
        started_at, updated_at)
      VALUES (@id, @source, @listKey, @sessionId, @project, @agent, @title, @detail, @status, @position,
        @startedAt, @updatedAt)
      ON CONFLICT(id) DO UPDATE SET
        source = excluded.source, list_key = excluded.list_key, session_id = excluded.session_id,
        project = excluded.project, agent = excluded.agent, title = excluded.title, detail = excluded.detail,
        status = excluded.status, position = excluded.position, started_at = excluded.started_at,
        updated_at = excluded.updated_at`);
    this.selectUnlinked = db.prepare(`
      SELECT id, session_id AS sessionId, first_prompt AS firstPrompt, own_started_at AS startedAt
      FROM agent_runs
      WHERE parent_tool_use_id IS NULL AND first_prompt IS NOT NULL
        AND (declared_type IS NULL OR declared_type <> 'compaction') -- Claude Code's own, started by no call
        AND session_id IN (SELECT value FROM json_each(?))`);
    // The nearest earlier Task/Agent call of the session with the same prompt that no other run has claimed.
    this.selectPromptMatch = db.prepare(`
      SELECT tc.id FROM tool_calls tc
      WHERE tc.session_id = @sessionId AND tc.name IN ('Task', 'Agent')
        AND json_extract(tc.input_json, '$.prompt') = @prompt
        AND (tc.result_agent_id IS NULL OR tc.result_agent_id = @runId)
        AND (@startedAt IS NULL OR tc.started_at IS NULL OR tc.started_at <= @startedAt + ${PROMPT_MATCH_SKEW_MS})
        AND NOT EXISTS (SELECT 1 FROM agent_runs r WHERE r.parent_tool_use_id = tc.id AND r.id <> @runId)
      ORDER BY ABS(COALESCE(@startedAt, 0) - COALESCE(tc.started_at, 0)) LIMIT 1`);
    this.setPromptLink = db.prepare(`
      UPDATE agent_runs SET parent_tool_use_id = ?, link_method = 'prompt'
      WHERE id = ? AND parent_tool_use_id IS NULL`);
    // A run's type, description and prompt come from the call that started it, else from its own files;
    // its status is its parent call's: running until the tool_result, failed when that result is an error.
    this.refreshRuns = db.prepare(`
      UPDATE agent_runs AS r SET
        subagent_type = COALESCE(j.tc_type, r.declared_type),
        description   = COALESCE(j.tc_description, r.declared_description),
        prompt        = COALESCE(j.tc_prompt, r.first_prompt),
        started_at    = COALESCE(r.own_started_at, j.tc_started),
        status        = j.status,
        ended_at      = CASE WHEN j.status = 'running' THEN NULL ELSE j.tc_ended END,
        duration_ms   = CASE WHEN j.status = 'running' THEN NULL
                             ELSE j.tc_ended - COALESCE(r.own_started_at, j.tc_started) END
      FROM (
        SELECT r2.id AS run_id,
               json_extract(tc.input_json, '$.subagent_type') AS tc_type,
               json_extract(tc.input_json, '$.description') AS tc_description,
               json_extract(tc.input_json, '$.prompt') AS tc_prompt,
               tc.started_at AS tc_started, tc.ended_at AS tc_ended,
               CASE WHEN tc.id IS NULL OR tc.ended_at IS NULL OR tc.result_status = 'async_launched' THEN 'running'
                    WHEN tc.is_error = 1 OR tc.result_status IN ('failed', 'error') THEN 'failed'
                    ELSE 'succeeded' END AS status
        FROM agent_runs r2 LEFT JOIN tool_calls tc ON tc.id = r2.parent_tool_use_id
        WHERE r2.session_id IN (SELECT value FROM json_each(@sessions))
      ) AS j
      WHERE r.id = j.run_id`);
    this.refreshSubagentTasks = db.prepare(`
      INSERT INTO tasks (id, source, list_key, session_id, project, agent, title, detail, status, position,
        started_at, updated_at)
      SELECT 'subagent:' || tc.id, 'subagent', NULL, tc.session_id, NULL,
             COALESCE(json_extract(tc.input_json, '$.subagent_type'), r.subagent_type),
             COALESCE(json_extract(tc.input_json, '$.description'), r.description, tc.name || ' call'),
             json_extract(tc.input_json, '$.prompt'),
             CASE WHEN r.status = 'failed' THEN 'failed'
                  WHEN r.status = 'succeeded' THEN 'done'
                  WHEN tc.ended_at IS NULL OR tc.result_status = 'async_launched' THEN 'running'
                  WHEN tc.is_error = 1 THEN 'failed' ELSE 'done' END,
             0, tc.started_at, COALESCE(tc.ended_at, tc.started_at, 0)
      FROM tool_calls tc LEFT JOIN agent_runs r ON r.parent_tool_use_id = tc.id
      WHERE tc.name IN ('Task', 'Agent') AND tc.session_id IN (SELECT value FROM json_each(@sessions))
      ON CONFLICT(id) DO UPDATE SET
        agent = excluded.agent, title = excluded.title, detail = excluded.detail, status = excluded.status,
        started_at = excluded.started_at, updated_at = excluded.updated_at`);
    this.countSubagentCalls = db.prepare(`
      SELECT COUNT(*) AS n FROM tool_calls
      WHERE name IN ('Task', 'Agent') AND id IN (SELECT value FROM json_each(?))`);
    this.selectDeclaredType = db.prepare(`SELECT declared_type AS declaredType FROM agent_runs WHERE id = ?`);
    // The status rule is refreshRuns's, so a call without a linked run (it failed before its transcript
    // began) has a status too.
    this.selectRunStates = db.prepare(`
      SELECT ${RUN_STATE_COLUMNS}
      FROM tool_calls tc LEFT JOIN agent_runs r ON r.parent_tool_use_id = tc.id
      WHERE tc.name IN ('Task', 'Agent') AND tc.session_id IN (SELECT value FROM json_each(?))`);
    this.selectCallNames = db.prepare(`
      SELECT id, name FROM tool_calls WHERE id IN (SELECT value FROM json_each(?))`);
  }

  /** Adds a hook run inside every batch's transaction with the runs it changed; returns its remover. */
  onRunsChanged(hook: RunsHook): () => void {
    this.runHooks.add(hook);
    return () => this.runHooks.delete(hook);
  }

  /** Listens to what each committed batch changed; called after the commit, never inside it. */
  onActivityStored(listener: ActivityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * For a bulk write nobody listens to (a command-line import): run links, run statuses and subagent tasks are
   * derived once, by `flushRuns` at its end, instead of after every file that touched the session (most of a
   * large session's files did). Returns false, deferring nothing, when anyone listens: they see every change.
   */
  deferRuns(): boolean {
    if (this.listeners.size > 0 || this.runHooks.size > 0) return false;
    this.deferredSessions ??= new Set();
    return true;
  }

  /** Derives what `deferRuns` put off so far (before a commit: a commit never leaves runs underived). */
  flushRuns(): void {
    const sessions = this.deferredSessions;
    if (!sessions || sessions.size === 0) return;
    this.atomically(() => this.reconcile([...sessions]));
    sessions.clear();
  }

  /** Derives what `deferRuns` put off, and stops deferring. */
  endDeferRuns(): void {
    this.flushRuns();
    this.deferredSessions = null;
  }

  /** True when a run has no type from its meta file yet, so the ingestor knows to read that file. */
  needsRunMeta(agentId: string): boolean {
    const row = this.selectDeclaredType.get(agentId) as { declaredType: string | null } | undefined;
    return !row || row.declaredType === null;
  }

  /** Stores one batch and re-derives run links, statuses and subagent tasks of the sessions it touched. */
  applyBatch(batch: ActivityBatch): void {
    // Only what can move a run or a subagent task is re-derived: most batches are plain tool calls.
    const sessions = new Set<string>();
    const watched = this.listeners.size > 0 || this.runHooks.size > 0;
    // Every session the batch touches may gain or move a run; only those are compared before and after.
    const touched = watched ? JSON.stringify([...sessionsOf(batch)]) : '[]';
    let before = new Map<string, SubagentRunState>();
    let changes: ActivityChanges | null = null;
    this.atomically(() => {
      if (watched) before = this.runStates(touched);
      const pairs = pairedEnds(batch);
      for (const s of batch.starts) {
        const e = pairs.get(s.id);
        if (e) {
          const duration = s.startedAt === null || e.endedAt === null ? null : e.endedAt - s.startedAt;
          this.upsertCall.run(
            s.id,
            s.sessionId,
            s.agentId,
            s.name,
            s.startedAt,
            s.inputJson,
            duration,
            ...endValues(e),
          );
        } else {
          this.upsertStart.run(s.id, s.sessionId, s.agentId, s.name, s.startedAt, s.inputJson);
        }
        if (SUBAGENT_TOOL_NAMES.has(s.name)) {
          sessions.add(s.sessionId);
          if (e) sessions.add(e.sessionId);
        }
      }
      for (const e of batch.ends) {
        if (pairs.get(e.id) !== e) this.upsertEnd.run(e.id, e.sessionId, e.agentId, ...endValues(e));
      }
      for (const e of batch.asyncEnds) {
        this.endAsync.run({ ...e, isError: e.status === 'completed' ? 0 : 1 });
        sessions.add(e.sessionId);
      }
      // Did a subagent's call end? A call started in this batch said so above; the others' names are stored.
      const ended = batch.ends.filter((e) => !sessions.has(e.sessionId) && pairs.get(e.id) !== e);
      if (ended.length > 0) {
        const row = this.countSubagentCalls.get(JSON.stringify(ended.map((e) => e.id))) as { n: number };
        if (row.n > 0) for (const e of ended) sessions.add(e.sessionId);
      }
      for (const r of batch.runs) {
        this.upsertRun.run(r);
        sessions.add(r.sessionId);
      }
      for (const l of batch.links) {
        this.upsertLink.run(l);
        sessions.add(l.sessionId);
      }
      for (const ev of batch.events) {
        this.insertEvent.run({ ...ev, detailJson: JSON.stringify(ev.detail) });
      }
      for (const list of latestLists(batch.todoLists)) {
        const agent = list.agentId ?? 'main';
        this.replaceList(
          todoListKey(list),
          'todo',
          list.ts,
          list.toolUseId,
          { sessionId: list.sessionId, project: null },
          list.todos.map((t, i) => ({
            id: `todo:${list.sessionId}:${agent}:${i}`,
            agent: list.agentId,
            title: t.content,
            detail: t.activeForm,
            status: TODO_STATUS[t.status] ?? 'queued',
            startedAt: null,
            updatedAt: list.ts,
          })),
        );
      }
      const deferred = this.deferredSessions;
      if (deferred && !watched) for (const id of sessions) deferred.add(id);
      else if (sessions.size > 0) this.reconcile([...sessions]);
      if (watched) {
        changes = { runs: changedRuns(before, this.runStates(touched)), toolResults: this.results(batch) };
        if (changes.runs.length > 0) for (const hook of this.runHooks) hook(changes.runs);
      }
    });
    const committed = changes as ActivityChanges | null;
    if (committed && (committed.runs.length > 0 || committed.toolResults.length > 0)) {
      for (const l of this.listeners) l(committed);
    }
  }

  private runStates(sessionsJson: string): Map<string, SubagentRunState> {
    const rows = this.selectRunStates.all(sessionsJson) as SubagentRunState[];
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** The batch's tool results with their tool's name (from the batch, else from the stored call). */
  private results(batch: ActivityBatch): StoredToolResult[] {
    if (batch.ends.length === 0) return [];
    const names = new Map(batch.starts.map((s) => [s.id, s.name]));
    const missing = batch.ends.filter((e) => !names.has(e.id)).map((e) => e.id);
    if (missing.length > 0) {
      for (const row of this.selectCallNames.all(JSON.stringify(missing)) as { id: string; name: string }[]) {
        names.set(row.id, row.name);
      }
    }
    return batch.ends.map((e) => ({
      id: e.id,
      sessionId: e.sessionId,
      agentId: e.agentId,
      toolName: names.get(e.id) ?? 'unknown',
      isError: e.isError,
      endedAt: e.endedAt,
    }));
  }

  /**
   * Replaces every item of one list (a TodoWrite list, a SubForge task file) unless a newer version of it
   * is stored already. Returns whether the list was written.
   */
  replaceList(
    listKey: string,
    source: 'todo' | 'subforge',
    versionTs: number,
    origin: string,
    where: { sessionId: string | null; project: string | null },
    items: TaskItemRow[],
  ): boolean {
    let written = false;
    this.atomically(() => {
      const current = this.selectList.get(listKey) as { versionTs: number } | undefined;
      if (current && current.versionTs > versionTs) return;
      this.deleteListItems.run(listKey);
      items.forEach((item, position) =>
        this.insertTask.run({ ...item, source, listKey, position, sessionId: where.sessionId, project: where.project }),
      );
      this.upsertList.run({ listKey, source, versionTs, origin });
      written = true;
    });
    return written;
  }

  /** Removes a list whose file is gone. */
  dropList(listKey: string): void {
    this.db.transaction(() => {
      this.deleteListItems.run(listKey);
      this.db.prepare(`DELETE FROM task_lists WHERE list_key = ?`).run(listKey);
    })();
  }

  /**
   * Links runs no certain source has linked by their prompt: a subagent transcript starts with the prompt
   * its Task/Agent call was given, so the nearest earlier call of the session with that prompt started it.
   */
  private reconcile(sessions: string[]): void {
    const json = JSON.stringify(sessions);
    const unlinked = this.selectUnlinked.all(json) as {
      id: string;
      sessionId: string;
      firstPrompt: string;
      startedAt: number | null;
    }[];
    for (const run of unlinked) {
      const match = this.selectPromptMatch.get({
        sessionId: run.sessionId,
        prompt: run.firstPrompt,
        runId: run.id,
        startedAt: run.startedAt,
      }) as { id: string } | undefined;
      if (match) this.setPromptLink.run(match.id, run.id);
    }
    this.refreshRuns.run({ sessions: json });
    this.refreshSubagentTasks.run({ sessions: json });
  }
}

/**
 * The end of each call that has exactly one start and one end in the batch, by call id: stored together, they are
 * what the start followed by the end would store.
 */
function pairedEnds(batch: ActivityBatch): Map<string, ToolCallEnd> {
  const starts = new Map<string, number>();
  for (const s of batch.starts) starts.set(s.id, (starts.get(s.id) ?? 0) + 1);
  const ends = new Map<string, ToolCallEnd | null>();
  for (const e of batch.ends) ends.set(e.id, ends.has(e.id) ? null : e);
  const pairs = new Map<string, ToolCallEnd>();
  for (const [id, e] of ends) if (e && starts.get(id) === 1) pairs.set(id, e);
  return pairs;
}

/** An end's values after its call's id, session and agent, in the order upsertEnd and upsertCall take them. */
const endValues = (e: ToolCallEnd) => [e.endedAt, e.isError ? 1 : 0, e.size, e.resultAgentId, e.resultStatus] as const;

const todoListKey = (list: TodoList) => `todo:${list.sessionId}:${list.agentId ?? 'main'}`;

/**
 * The lists of a batch that `replaceList` would leave standing: per session and agent, the newest one (the later
 * one on a tie). A session rewrites its TodoWrite list with every change; writing each version was wasted.
 */
function latestLists(lists: TodoList[]): TodoList[] {
  const latest = new Map<string, TodoList>();
  for (const list of lists) {
    const key = todoListKey(list);
    const kept = latest.get(key);
    if (!kept || list.ts >= kept.ts) latest.set(key, list);
  }
  return [...latest.values()];
}

function sessionsOf(batch: ActivityBatch): Set<string> {
  const out = new Set<string>();
  for (const s of batch.starts) out.add(s.sessionId);
  for (const e of batch.ends) out.add(e.sessionId);
  for (const r of batch.runs) out.add(r.sessionId);
  for (const l of batch.links) out.add(l.sessionId);
  for (const e of batch.asyncEnds) out.add(e.sessionId);
  return out;
}

/** Runs that are new, or whose status, end or linked run moved. */
function changedRuns(before: Map<string, SubagentRunState>, after: Map<string, SubagentRunState>): SubagentRunState[] {
  const out: SubagentRunState[] = [];
  for (const [id, run] of after) {
    const was = before.get(id);
    if (!was || was.status !== run.status || was.endedAt !== run.endedAt || was.agentId !== run.agentId) out.push(run);
  }
  return out;
}
