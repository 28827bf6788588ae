// Parsing transcript lines: real Claude Code lines, and every kind of damage a file can carry.
import { describe, expect, it } from 'vitest';
import { parseTranscriptLine } from '../../electron/main/ingest/transcript-line';
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
