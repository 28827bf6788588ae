// What transcript lines say beyond usage: tool calls, results, subagent links, TodoWrite lists, events.
import { describe, expect, it } from 'vitest';
import { parseTranscriptLine, type TranscriptEntry } from '../../electron/main/ingest/transcript-line';
import {
  agentProgressLine,
  apiErrorLine,
  assistantBlocks,
  compactBoundaryLine,
  promptLine,
  taskNotificationLine,
  taskResult,
  toolResultLine,
  toolUse,
} from '../support/activity-lines';

const ctx = { sessionId: '0c6e5b8e-3f52-4e43-9d47-3a3f3a4c2b11' };
const at = new Date('2026-11-20T10:15:00.000Z');
const entry = (line: string): TranscriptEntry => {
  const parsed = parseTranscriptLine(line);
  if (parsed.kind !== 'entry') throw new Error(`skipped: ${parsed.reason}`);
  return parsed;
};

describe('transcript activity', () => {
  it('reads a Task call with its subagent type, description and prompt, beside usage', () => {
    const e = entry(
      assistantBlocks(ctx, at, [
        { type: 'text', text: 'Delegating.' },
        toolUse('toolu_01', 'Task', {
          subagent_type: 'Explore',
          description: 'Find auth',
          prompt: 'Find the auth code',
        }),
      ]),
    );
    expect(e.usage).not.toBeNull();
    expect(e.activity.toolUses).toEqual([
      {
        id: 'toolu_01',
        name: 'Task',
        input: { subagent_type: 'Explore', description: 'Find auth', prompt: 'Find the auth code' },
        subagent: { subagentType: 'Explore', description: 'Find auth', prompt: 'Find the auth code' },
        todos: null,
      },
    ]);
    expect(e.activity.uuid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a short input summary for other tools, and the whole list for TodoWrite', () => {
    const big = 'x'.repeat(100_000);
    const e = entry(
      assistantBlocks(ctx, at, [
        toolUse('toolu_w', 'Write', { file_path: '/a.ts', content: big }),
        toolUse('toolu_t', 'TodoWrite', {
          todos: [{ content: 'Fix tests', status: 'in_progress', activeForm: 'Fixing tests' }, { status: 'pending' }],
        }),
      ]),
    );
    expect(e.activity.toolUses[0]!.input).toEqual({ file_path: '/a.ts' });
    expect(e.activity.toolUses[1]!.todos).toEqual([
      { content: 'Fix tests', status: 'in_progress', activeForm: 'Fixing tests' },
    ]);
  });

  it('reads a Task result with the agentId of the run, and an error result', () => {
    const ok = entry(
      toolResultLine(ctx, at, 'toolu_01', { text: 'Found it.', toolUseResult: taskResult('ab12cd3', 'p') }),
    );
    expect(ok.activity.toolResults).toEqual([
      {
        toolUseId: 'toolu_01',
        isError: false,
        size: 9,
        agentId: 'ab12cd3',
        agentType: null,
        status: 'completed',
        totalDurationMs: 4200,
      },
    ]);
    const failed = entry(
      toolResultLine(ctx, at, 'toolu_02', { text: 'Error: boom', isError: true, toolUseResult: 'Error: boom' }),
    );
    expect(failed.activity.toolResults[0]).toMatchObject({ isError: true, agentId: null, size: 11 });
  });

  it('reads progress links, root prompts, compactions and API errors', () => {
    expect(entry(agentProgressLine(ctx, at, 'toolu_01', 'ab12cd3', 'p')).activity.agentLink).toEqual({
      toolUseId: 'toolu_01',
      agentId: 'ab12cd3',
    });
    expect(entry(promptLine({ ...ctx, agentId: 'ab12cd3' }, at, 'Find the auth code')).activity.rootPrompt).toBe(
      'Find the auth code',
    );
    expect(entry(compactBoundaryLine(ctx, at, 150_000)).activity.event).toEqual({
      kind: 'compaction',
      detail: { trigger: 'auto', preTokens: 150_000 },
    });
    expect(entry(apiErrorLine(ctx, at, 'API Error: Request timed out.')).activity.event).toMatchObject({
      kind: 'api-error',
      detail: { message: 'API Error: Request timed out.' },
    });
  });

  it('reads the task notification that ends a background subagent, and no prompt from it', () => {
    const ended = entry(taskNotificationLine(ctx, at, 'a8b740b', 'completed', 'Analyze coverage')).activity;
    expect(ended.taskNotification).toEqual({ agentId: 'a8b740b', status: 'completed' });
    expect(ended.rootPrompt).toBeNull();
    const root = entry(taskNotificationLine({ ...ctx, parentUuid: null }, at, 'a8b740b', 'killed', 'x')).activity;
    expect(root.taskNotification).toEqual({ agentId: 'a8b740b', status: 'killed' });
    expect(root.rootPrompt).toBeNull();
    // A prompt that merely mentions the tag is a prompt.
    const mention = entry(promptLine(ctx, at, 'What does <task-notification> mean?')).activity;
    expect(mention.taskNotification).toBeNull();
    expect(mention.rootPrompt).toBe('What does <task-notification> mean?');
  });

  it('counts damaged blocks and keeps the rest of the line', () => {
    const line = JSON.stringify({
      type: 'assistant',
      timestamp: at.toISOString(),
      uuid: 'u1',
      message: {
        content: [
          { type: 'tool_use', name: 'Bash' }, // no id
          { type: 'tool_use', id: 'toolu_ok', name: 'Bash', input: 'not an object' },
          { type: 'tool_result' }, // no tool_use_id
          null,
        ],
      },
    });
    const e = entry(line);
    expect(e.activity.damagedBlocks).toBe(2);
    expect(e.activity.toolUses).toEqual([{ id: 'toolu_ok', name: 'Bash', input: {}, subagent: null, todos: null }]);
  });
});
