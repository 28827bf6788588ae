// SubForge workspace files: current-task.json becomes tasks, workflow_context.json a phase summary; damage is tolerated.
import { describe, expect, it } from 'vitest';
import { parseCurrentTask, parseWorkflowContext } from '../../electron/main/sources/subforge-workspace';

// Shaped like SubForge's own workflow-state/current-task.json.
const currentTask = {
  workflow_id: 'wf-2026-11-20-001',
  request_id: 'req-001',
  timestamp: '2026-11-20T10:00:00Z',
  original_request: 'Implement user authentication',
  task_breakdown: [
    {
      task_id: 'task-001',
      description: 'Create user database schema',
      assigned_to: '@data-scientist',
      status: 'completed',
      dependencies: [],
      can_parallel: true,
    },
    {
      task_id: 'task-002',
      description: 'Implement authentication API',
      assigned_to: '@backend-developer',
      status: 'in_progress',
      dependencies: ['task-001'],
    },
    { task_id: 'task-003', description: 'Create login UI', assigned_to: '@frontend-developer', status: 'pending' },
    { task_id: 'task-004', description: 'Security review', assigned_to: '@code-reviewer', status: 'pending' },
    { task_id: 'task-005', status: 'pending' }, // no description: skipped and counted
    'not an object',
  ],
  current_status: 'executing',
  progress: { total_tasks: 4, completed: 1, in_progress: 1, pending: 2, blocked: 1 },
  blockers: [{ task_id: 'task-004', reason: 'waiting for a human decision' }],
};

describe('SubForge current-task.json', () => {
  it('turns task_breakdown into tasks with mapped statuses and agents', () => {
    const r = parseCurrentTask(JSON.stringify(currentTask), {
      path: '/p/workflow-state/current-task.json',
      mtimeMs: 5,
    });
    expect(r.error).toBeNull();
    expect(r.tasks.map((t) => [t.title, t.agent, t.status, t.detail])).toEqual([
      ['Create user database schema', 'data-scientist', 'done', null],
      ['Implement authentication API', 'backend-developer', 'running', 'after task-001'],
      ['Create login UI', 'frontend-developer', 'queued', null],
      ['Security review', 'code-reviewer', 'waiting', null],
    ]);
    expect(r.skipped).toBe(2);
    expect(r.summary).toMatchObject({ workflowId: 'wf-2026-11-20-001', status: 'executing', tasks: 4 });
    expect(r.ts).toBe(Date.parse('2026-11-20T10:00:00Z'));
  });

  it('reports a truncated file instead of throwing', () => {
    const r = parseCurrentTask('{"task_breakdown": [{"task_id": "t', { path: '/x', mtimeMs: 1 });
    expect(r.error).toMatch(/invalid JSON/);
    expect(r.tasks).toEqual([]);
  });

  it('tolerates fields of the wrong type', () => {
    const r = parseCurrentTask(JSON.stringify({ task_breakdown: 'none', blockers: 3, timestamp: 7 }), {
      path: '/x',
      mtimeMs: 9,
    });
    expect(r).toMatchObject({ error: null, tasks: [], ts: 9 });
  });
});

describe('SubForge workflow_context.json', () => {
  it('summarises phases, durations, errors and deployed agents', () => {
    const body = JSON.stringify({
      project_id: 'subforge_1763632800',
      user_request: 'Set up development environment',
      project_path: '/home/dev/shop',
      communication_dir: '/home/dev/shop/.subforge/subforge_1763632800',
      phase_results: {
        analysis: { phase: 'analysis', status: 'completed', duration: 1.5, outputs: {}, errors: [], metadata: {} },
        generation: { phase: 'generation', status: 'failed', duration: 2.25, outputs: {}, errors: ['boom'] },
      },
      template_selections: { selected_templates: ['frontend-developer', { name: 'code-reviewer' }] },
      deployment_plan: {},
    });
    expect(parseWorkflowContext(body).summary).toMatchObject({
      projectId: 'subforge_1763632800',
      totalDurationSeconds: 3.75,
      errors: 1,
      failedPhases: ['generation'],
      deployedAgents: ['frontend-developer', 'code-reviewer'],
    });
  });
});
