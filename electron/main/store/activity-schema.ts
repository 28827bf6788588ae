// Schema of migration 2: tool calls, agent runs, tasks, session events, the agent registry and SubForge files.
// Kept apart from migrations.ts so that file only lists versions; never edit this once it has shipped.

export const activitySchemaV2 = `
  -- One tool call: its tool_use block and, when it arrives, its tool_result. id is the tool_use id.
  CREATE TABLE tool_calls (
    id               TEXT PRIMARY KEY,
    session_id       TEXT NOT NULL,
    agent_id         TEXT,             -- the subagent run the call was made in; NULL in the main thread
    name             TEXT NOT NULL DEFAULT 'unknown',
    started_at       INTEGER,
    ended_at         INTEGER,
    duration_ms      INTEGER,
    is_error         INTEGER NOT NULL DEFAULT 0,
    input_json       TEXT NOT NULL DEFAULT '{}',
    result_size      INTEGER,
    result_agent_id  TEXT,             -- toolUseResult.agentId of a Task/Agent call
    result_status    TEXT              -- toolUseResult.status (completed, async_launched, ...)
  );
  CREATE INDEX tool_calls_session ON tool_calls(session_id, started_at);
  CREATE INDEX tool_calls_agent ON tool_calls(agent_id);
  CREATE INDEX tool_calls_result_agent ON tool_calls(result_agent_id);

  -- One subagent invocation. id is Claude Code's agentId, the same value usage_records.agent_id holds.
  CREATE TABLE agent_runs (
    id                    TEXT PRIMARY KEY,
    session_id            TEXT NOT NULL,
    parent_tool_use_id    TEXT,
    link_method           TEXT,        -- tool-result | progress | meta | prompt
    subagent_type         TEXT,
    description           TEXT,
    prompt                TEXT,
    declared_type         TEXT,        -- from agent-<id>.meta.json or toolUseResult.agentType
    declared_description  TEXT,
    first_prompt          TEXT,        -- the first user message of the subagent's own transcript
    status                TEXT NOT NULL DEFAULT 'running',
    own_started_at        INTEGER,     -- the first line of the subagent's own transcript
    started_at            INTEGER,     -- own_started_at, else the start of its Task/Agent call
    last_activity_at      INTEGER,
    ended_at              INTEGER,
    duration_ms           INTEGER
  );
  CREATE INDEX agent_runs_session ON agent_runs(session_id, started_at);
  CREATE INDEX agent_runs_parent ON agent_runs(parent_tool_use_id);
  CREATE INDEX agent_runs_type ON agent_runs(subagent_type);

  -- Work items from subagent invocations, TodoWrite lists and SubForge task_breakdown.
  CREATE TABLE tasks (
    id          TEXT PRIMARY KEY,
    source      TEXT NOT NULL,         -- subagent | todo | subforge
    list_key    TEXT,                  -- a newer list replaces every item under its key
    session_id  TEXT,
    project     TEXT,
    agent       TEXT,
    title       TEXT NOT NULL,
    detail      TEXT,
    status      TEXT NOT NULL,         -- queued | running | waiting | done | failed
    position    INTEGER NOT NULL DEFAULT 0,
    started_at  INTEGER,
    updated_at  INTEGER NOT NULL
  );
  CREATE INDEX tasks_list ON tasks(list_key);
  CREATE INDEX tasks_status ON tasks(status, updated_at);
  CREATE INDEX tasks_session ON tasks(session_id);

  -- The version of each list in tasks, so an older list read later never replaces a newer one.
  CREATE TABLE task_lists (
    list_key    TEXT PRIMARY KEY,
    source      TEXT NOT NULL,
    version_ts  INTEGER NOT NULL,
    origin      TEXT                   -- the tool_use id or file the list came from
  );

  -- Compactions and API errors of a session, in time order.
  CREATE TABLE session_events (
    id           TEXT PRIMARY KEY,
    session_id   TEXT NOT NULL,
    agent_id     TEXT,
    ts           INTEGER NOT NULL,
    kind         TEXT NOT NULL,        -- compaction | api-error
    detail_json  TEXT NOT NULL
  );
  CREATE INDEX session_events_session ON session_events(session_id, ts);

  -- The agent registry: one row a .claude/agents/*.md file; rows with an error are files that could not be read.
  CREATE TABLE agents (
    path         TEXT PRIMARY KEY,
    scope        TEXT NOT NULL,        -- user | project
    project_cwd  TEXT,
    name         TEXT,
    description  TEXT,
    model        TEXT,
    tools_json   TEXT,
    error        TEXT,
    mtime_ms     INTEGER NOT NULL,
    seen_at      INTEGER NOT NULL
  );
  CREATE INDEX agents_name ON agents(name);

  -- SubForge workspace files as last read: workflow contexts, error reports and current tasks.
  CREATE TABLE subforge_files (
    path          TEXT PRIMARY KEY,
    project_cwd   TEXT NOT NULL,
    kind          TEXT NOT NULL,       -- workflow | error | current-task
    summary_json  TEXT,
    error         TEXT,
    mtime_ms      INTEGER NOT NULL,
    ts            INTEGER
  );

  CREATE INDEX usage_records_agent ON usage_records(agent_id) WHERE agent_id IS NOT NULL;
`;
