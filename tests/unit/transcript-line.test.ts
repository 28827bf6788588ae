// Parsing transcript lines: real Claude Code lines, and every kind of damage a file can carry.
import { isAscii } from 'node:buffer';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTranscriptBytes, parseTranscriptLine } from '../../electron/main/ingest/transcript-line';
import { simulateClaudeDir } from '../../electron/main/simulate/simulate-claude-dir';
import { assistantBlocks, promptLine, taskNotificationLine, toolResultLine, toolUse } from '../support/activity-lines';
import { readTranscripts } from '../support/simulated-dir';
import { assistantLine, userLine } from '../support/transcript-lines';

const ctx = { sessionId: '0c6e5b8e-3f52-4e43-9d47-3a3f3a4c2b11', cwd: '/home/dev/shop', gitBranch: 'feat/cart' };
const at = new Date('2026-11-20T10:15:00.000Z');

describe('parseTranscriptLine', () => {
  it('reads usage, model, ids and session facts from an assistant line', () => {
    const line = assistantLine(ctx, at, {
      input: 12,
      output: 340,
      cacheCreation: 2000,
      cacheCreation1h: 500,
      cacheRead: 15000,
      model: 'claude-opus-4-5-20251101',
      messageId: 'msg_01',
      requestId: 'req_01',
    });
    const parsed = parseTranscriptLine(line);
    expect(parsed).toMatchObject({
      kind: 'entry',
      type: 'assistant',
      timestamp: at.getTime(),
      sessionId: ctx.sessionId,
      cwd: '/home/dev/shop',
      gitBranch: 'feat/cart',
      isSidechain: false,
      usage: {
        messageId: 'msg_01',
        requestId: 'req_01',
        model: 'claude-opus-4-5-20251101',
        inputTokens: 12,
        outputTokens: 340,
        cacheCreationTokens: 2000,
        cacheCreation1hTokens: 500,
        cacheReadTokens: 15000,
      },
    });
  });

  it('keeps user lines without usage and reads titles from summary lines', () => {
    expect(parseTranscriptLine(userLine(ctx, at, 'hi'))).toMatchObject({ kind: 'entry', type: 'user', usage: null });
    const summary = JSON.stringify({ type: 'summary', summary: 'Cart checkout fix', leafUuid: 'x' });
    expect(parseTranscriptLine(summary)).toMatchObject({ kind: 'entry', title: 'Cart checkout fix', timestamp: null });
  });

  it.each([
    ['truncated JSON', '{"type":"assistant","message":{"usage":', 'invalid-json'],
    ['a NUL-filled line', '\u0000'.repeat(64), 'invalid-json'],
    ['invalid UTF-8 decoded to replacement characters', '\uFFFD\uFFFD{"type"', 'invalid-json'],
    ['a JSON array', '[1,2,3]', 'not-an-object'],
    [
      'an assistant line without message',
      JSON.stringify({ type: 'assistant', timestamp: at.toISOString() }),
      'missing-message',
    ],
    [
      'a negative token count',
      JSON.stringify({
        type: 'assistant',
        timestamp: at.toISOString(),
        message: { usage: { input_tokens: -5, output_tokens: 1 } },
      }),
      'bad-usage',
    ],
    [
      'a token count given as a string',
      JSON.stringify({
        type: 'assistant',
        timestamp: at.toISOString(),
        message: { usage: { input_tokens: '5', output_tokens: 1 } },
      }),
      'bad-usage',
    ],
    ['an unreadable timestamp', JSON.stringify({ type: 'user', timestamp: 'yesterday', message: {} }), 'bad-timestamp'],
  ])('skips %s with a reason', (_name, line, reason) => {
    expect(parseTranscriptLine(line)).toEqual({ kind: 'skip', reason });
  });
});

/** A line as the line reader hands it over: its UTF-8 bytes, a char per byte. */
const asRead = (line: string | Buffer) => {
  const bytes = typeof line === 'string' ? Buffer.from(line, 'utf8') : line;
  return parseTranscriptBytes(bytes.toString('latin1'), isAscii(bytes));
};

describe('parseTranscriptBytes', () => {
  const wide = 'Fix the café menu — naïve “quotes”, 日本語 and 🚀';
  const lines: [string, string][] = [
    [
      'an assistant line in a folder and branch with accents',
      assistantLine({ ...ctx, cwd: '/home/zoë/café', gitBranch: 'feat/ünïcode' }, at, { input: 1, output: 2 }, wide),
    ],
    ['a summary title', JSON.stringify({ type: 'summary', summary: wide, leafUuid: 'x' })],
    [
      'tool calls with non-ASCII inputs, and a Task prompt clipped where a character is several bytes',
      assistantBlocks(ctx, at, [
        toolUse('toolu_01', 'Bash', { command: `echo ${wide}`, description: wide }),
        toolUse('toolu_02', 'Task', { subagent_type: 'Explore', description: wide, prompt: '日本'.repeat(1500) }),
        toolUse('toolu_03', 'TodoWrite', {
          todos: [{ content: wide, status: 'pending', activeForm: '🚀'.repeat(400) }],
        }),
      ]),
    ],
    ['a tool result', toolResultLine(ctx, at, 'toolu_01', { text: wide })],
    ['a subagent prompt', promptLine({ ...ctx, agentId: 'ab12cd3' }, at, wide)],
    ['a task notification', taskNotificationLine(ctx, at, 'ab12cd3', 'completed', wide)],
    [
      'a line whose strings escape non-ASCII characters',
      JSON.stringify({ type: 'summary', summary: wide }).replace('é', '\\u00e9').replace('🚀', '\\ud83d\\ude80'),
    ],
    [
      'a line with raw bytes beside an escaped ASCII character',
      JSON.stringify({ type: 'summary', summary: `${wide}\u0001` }),
    ],
  ];

  it.each(lines)('reads %s as the decoded line reads', (_name, line) => {
    expect(asRead(line)).toEqual(parseTranscriptLine(line));
  });

  it('reads invalid UTF-8 as the decoder does, with replacement characters', () => {
    const line = Buffer.concat([
      Buffer.from('{"type":"summary","summary":"bad '),
      Buffer.from([0xff, 0xc3, 0x28, 0xe2, 0x82]),
      Buffer.from(' end"}'),
    ]);
    expect(asRead(line)).toEqual(parseTranscriptLine(line.toString('utf8')));
    expect(asRead(line)).toMatchObject({ title: expect.stringContaining('\uFFFD') });
  });

  it('counts a tool result in UTF-8 bytes', () => {
    const parsed = asRead(toolResultLine(ctx, at, 'toolu_01', { text: 'héllo 🚀' }));
    expect(parsed).toMatchObject({ activity: { toolResults: [{ size: 11 }] } });
  });

  it('reads every line of a simulated data directory as the decoded line reads it', () => {
    const root = mkdtempSync(join(tmpdir(), 'sfm-bytes-'));
    try {
      simulateClaudeDir({ out: join(root, 'claude'), mib: 1, seed: 7, now: at.getTime() });
      const read = readTranscripts(join(root, 'claude'));
      expect(read.some((l) => !isAscii(Buffer.from(l.text)))).toBe(true);
      for (const l of read) expect(asRead(l.text)).toEqual(l.parsed);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
