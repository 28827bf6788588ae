// Where a transcript belongs, read from its path: project, session and subagent, in the three layouts.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateTranscript } from '../../electron/main/ingest/transcript-ingestor';

const root = join('/home', 'dev', '.claude');
const at = (...parts: string[]) => join(root, 'projects', ...parts);

describe('locateTranscript', () => {
  it('reads the project, session and subagent of each layout', () => {
    expect(locateTranscript(root, at('-home-dev-app', '5d0b.jsonl'))).toEqual({
      project: '-home-dev-app',
      sessionId: '5d0b',
      agentId: null,
    });
    expect(locateTranscript(root, at('-home-dev-app', '5d0b', 'subagents', 'agent-a1.jsonl'))).toEqual({
      project: '-home-dev-app',
      sessionId: '5d0b',
      agentId: 'a1',
    });
    expect(locateTranscript(root, at('-home-dev-app', 'agent-b2.jsonl'))).toEqual({
      project: '-home-dev-app',
      sessionId: null,
      agentId: 'b2',
    });
  });

  it('gives the same place for a path that is not written plainly, and for a root given with a separator', () => {
    const plain = locateTranscript(root, at('-home-dev-app', '5d0b.jsonl'));
    expect(locateTranscript(root, `${at('-other')}/../-home-dev-app/./5d0b.jsonl`)).toEqual(plain);
    expect(locateTranscript(`${root}/`, at('-home-dev-app', '5d0b.jsonl'))).toEqual(plain);
    expect(locateTranscript(root, at('-home-dev-app', '..jsonl'))).toMatchObject({ sessionId: '.' });
  });
});
