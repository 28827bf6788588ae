// SubForge workspaces under a project folder: `.subforge/<run>/workflow_context.json` (phases, durations,
// errors, deployed agents), `.subforge/errors/*.json`, and `workflow-state/current-task.json` (task_breakdown,
// progress, blockers). SubForge's files vary between versions, so every field is optional and checked.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { TaskItemRow, TaskStatus } from '../store/activity-store';

export type SubforgeKind = 'workflow' | 'error' | 'current-task';

export interface SubforgeFileRow {
  path: string;
  projectCwd: string;
  kind: SubforgeKind;
  summary: Record<string, unknown> | null;
  error: string | null;
  mtimeMs: number;
  /** When the file says it was written, else its mtime. */
  ts: number;
  /** task_breakdown items of a current-task file. */
  tasks: TaskItemRow[];
}

const text = z.string().optional().catch(undefined);
const number = z.number().optional().catch(undefined);

const PhaseResult = z.looseObject({
  phase: text,
  status: text,
  duration: number,
  errors: z.array(z.unknown()).optional().catch(undefined),
});

const WorkflowContext = z.looseObject({
  project_id: text,
  user_request: text,
  project_path: text,
  phase_results: z.record(z.string(), z.unknown()).optional().catch(undefined),
  template_selections: z
    .looseObject({ selected_templates: z.array(z.unknown()).optional().catch(undefined) })
    .optional()
    .catch(undefined),
  deployment_plan: z.record(z.string(), z.unknown()).optional().catch(undefined),
});

const TaskBreakdownItem = z.looseObject({
  task_id: z.union([z.string(), z.number()]).optional().catch(undefined),
  id: z.union([z.string(), z.number()]).optional().catch(undefined),
  description: text,
  title: text,
  assigned_to: text,
  agent: text,
  status: text,
  dependencies: z
    .array(z.union([z.string(), z.number()]))
    .optional()
    .catch(undefined),
});

const CurrentTask = z.looseObject({
  workflow_id: text,
  timestamp: text,
  original_request: text,
  current_status: text,
  task_breakdown: z.array(z.unknown()).optional().catch(undefined),
  progress: z.record(z.string(), z.unknown()).optional().catch(undefined),
  blockers: z.array(z.unknown()).optional().catch(undefined),
});

const SUBFORGE_STATUS: Record<string, TaskStatus> = {
  pending: 'queued',
  queued: 'queued',
  todo: 'queued',
  in_progress: 'running',
  running: 'running',
  executing: 'running',
  active: 'running',
  blocked: 'waiting',
  waiting: 'waiting',
  paused: 'waiting',
  completed: 'done',
  complete: 'done',
  done: 'done',
  success: 'done',
  failed: 'failed',
  error: 'failed',
  cancelled: 'failed',
};

export const subforgeStatus = (s: string | undefined): TaskStatus =>
  SUBFORGE_STATUS[(s ?? '').toLowerCase().replace(/[\s-]/g, '_')] ?? 'queued';

const agentName = (s: string | undefined): string | null => (s ? s.replace(/^@/, '').trim() || null : null);

/** The ids a blockers list names: strings, or objects with a task id. */
function blockedIds(blockers: unknown[] | undefined): Set<string> {
  const ids = new Set<string>();
  for (const b of blockers ?? []) {
    if (typeof b === 'string') ids.add(b);
    else if (typeof b === 'object' && b !== null) {
      const o = b as Record<string, unknown>;
      const id = o.task_id ?? o.taskId ?? o.task;
      if (typeof id === 'string' || typeof id === 'number') ids.add(String(id));
    }
  }
  return ids;
}

const parseJson = (body: string): { ok: true; value: unknown } | { ok: false; error: string } => {
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (error) {
    return { ok: false, error: `invalid JSON: ${(error as Error).message}` };
  }
};

/** Reads a current-task.json body into a summary and task rows. Pure. */
export function parseCurrentTask(
  body: string,
  where: { path: string; mtimeMs: number },
): {
  summary: Record<string, unknown> | null;
  tasks: TaskItemRow[];
  ts: number;
  error: string | null;
  skipped: number;
} {
  const json = parseJson(body);
  if (!json.ok) return { summary: null, tasks: [], ts: where.mtimeMs, error: json.error, skipped: 0 };
  const parsed = CurrentTask.safeParse(json.value);
  if (!parsed.success) {
    return { summary: null, tasks: [], ts: where.mtimeMs, error: 'not a JSON object', skipped: 0 };
  }
  const c = parsed.data;
  const stated = c.timestamp ? Date.parse(c.timestamp) : NaN;
  const ts = Number.isNaN(stated) ? where.mtimeMs : stated;
  const blocked = blockedIds(c.blockers);
  const tasks: TaskItemRow[] = [];
  let skipped = 0;
  (c.task_breakdown ?? []).forEach((raw, index) => {
    const item = TaskBreakdownItem.safeParse(raw);
    const title = item.success ? (item.data.description ?? item.data.title) : undefined;
    if (!item.success || !title) {
      skipped++;
      return;
    }
    const taskId = String(item.data.task_id ?? item.data.id ?? index);
    const deps = item.data.dependencies ?? [];
    tasks.push({
      id: `subforge:${where.path}:${taskId}`,
      agent: agentName(item.data.assigned_to ?? item.data.agent),
      title,
      detail: deps.length > 0 ? `after ${deps.join(', ')}` : null,
      status: blocked.has(taskId) ? 'waiting' : subforgeStatus(item.data.status),
      startedAt: null,
      // The file's mtime: when SubForge last wrote any status into it.
      updatedAt: where.mtimeMs,
    });
  });
  return {
    summary: {
      workflowId: c.workflow_id ?? null,
      request: c.original_request ?? null,
      status: c.current_status ?? null,
      progress: c.progress ?? null,
      blockers: c.blockers ?? [],
      tasks: tasks.length,
    },
    tasks,
    ts,
    error: null,
    skipped,
  };
}

/** Reads a workflow_context.json body into phases, durations, errors and deployed agents. Pure. */
export function parseWorkflowContext(body: string): { summary: Record<string, unknown> | null; error: string | null } {
  const json = parseJson(body);
  if (!json.ok) return { summary: null, error: json.error };
  const parsed = WorkflowContext.safeParse(json.value);
  if (!parsed.success) return { summary: null, error: 'not a JSON object' };
  const w = parsed.data;
  const phases = Object.entries(w.phase_results ?? {}).map(([key, raw]) => {
    const p = PhaseResult.safeParse(raw);
    return {
      phase: (p.success ? p.data.phase : undefined) ?? key,
      status: (p.success ? p.data.status : undefined) ?? null,
      durationSeconds: (p.success ? p.data.duration : undefined) ?? null,
      errors: (p.success ? p.data.errors?.length : undefined) ?? 0,
    };
  });
  const deployed = (w.template_selections?.selected_templates ?? [])
    .map((t) =>
      typeof t === 'string' ? t : typeof t === 'object' && t !== null ? (t as { name?: unknown }).name : null,
    )
    .filter((t): t is string => typeof t === 'string');
  return {
    summary: {
      projectId: w.project_id ?? null,
      request: w.user_request ?? null,
      phases,
      totalDurationSeconds: phases.reduce((s, p) => s + (p.durationSeconds ?? 0), 0),
      errors: phases.reduce((s, p) => s + p.errors, 0),
      failedPhases: phases.filter((p) => p.status === 'failed').map((p) => p.phase),
      deployedAgents: deployed,
    },
    error: null,
  };
}

/** Reads a `.subforge/errors/*.json` report: whatever message, type and time it carries. Pure. */
export function parseErrorReport(body: string): { summary: Record<string, unknown> | null; error: string | null } {
  const json = parseJson(body);
  if (!json.ok) return { summary: null, error: json.error };
  if (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) {
    return { summary: null, error: 'not a JSON object' };
  }
  const o = json.value as Record<string, unknown>;
  const pick = (...keys: string[]) => keys.map((k) => o[k]).find((v) => typeof v === 'string') ?? null;
  return {
    summary: {
      message: pick('message', 'error', 'error_message', 'details'),
      type: pick('type', 'error_type', 'category'),
      phase: pick('phase', 'stage'),
      agent: pick('agent', 'subagent'),
      at: pick('timestamp', 'time', 'created_at'),
    },
    error: null,
  };
}

/** The SubForge files of one project folder, as they are on disk now. */
export async function findSubforgeFiles(cwd: string): Promise<{ path: string; kind: SubforgeKind }[]> {
  const found: { path: string; kind: SubforgeKind }[] = [];
  const list = async (dir: string) => {
    try {
      return await readdir(dir, { withFileTypes: true });
    } catch {
      return [];
    }
  };
  const root = join(cwd, '.subforge');
  for (const e of await list(root)) {
    if (!e.isDirectory()) continue;
    if (e.name === 'errors') {
      for (const f of await list(join(root, 'errors'))) {
        if (f.isFile() && f.name.endsWith('.json')) found.push({ path: join(root, 'errors', f.name), kind: 'error' });
      }
    } else if (e.name === 'workflow-state') {
      continue; // read below
    } else {
      found.push({ path: join(root, e.name, 'workflow_context.json'), kind: 'workflow' });
    }
  }
  found.push({ path: join(cwd, 'workflow-state', 'current-task.json'), kind: 'current-task' });
  found.push({ path: join(root, 'workflow-state', 'current-task.json'), kind: 'current-task' });
  const present: { path: string; kind: SubforgeKind }[] = [];
  for (const f of found) {
    try {
      if ((await stat(f.path)).isFile()) present.push(f);
    } catch {
      // not there
    }
  }
  return present.sort((a, b) => a.path.localeCompare(b.path));
}

/** Reads one SubForge file into its row. */
export async function readSubforgeFile(path: string, kind: SubforgeKind, projectCwd: string): Promise<SubforgeFileRow> {
  const info = await stat(path);
  const mtimeMs = Math.trunc(info.mtimeMs);
  const body = await readFile(path, 'utf8');
  const base = { path, projectCwd, kind, mtimeMs };
  if (kind === 'current-task') {
    const c = parseCurrentTask(body, { path, mtimeMs });
    const summary = c.summary ? { ...c.summary, skippedItems: c.skipped } : null;
    return { ...base, summary, error: c.error, ts: c.ts, tasks: c.tasks };
  }
  const r = kind === 'workflow' ? parseWorkflowContext(body) : parseErrorReport(body);
  return { ...base, summary: r.summary, error: r.error, ts: mtimeMs, tasks: [] };
}
