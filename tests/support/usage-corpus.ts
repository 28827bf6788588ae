// Writes a small Claude data directory that exercises every counting rule ccusage has: several days and
// models, streamed duplicates, sidechain replays, damaged lines, >200k-token responses, 1-hour cache
// writes, fast mode, a stated costUSD, <synthetic> stand-ins. Deterministic, in Claude Code's line format.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { assistantLine, userLine, type LineContext, type UsageSpec } from './transcript-lines';

/** Builds a Claude data directory (the folder holding `projects/`) for the agreement test. */
export type ClaudeDirBuilder = (claudeDir: string) => void;

const MODELS = [
  'claude-sonnet-4-5-20250929',
  'claude-opus-4-5-20251101',
  'claude-haiku-4-5-20251001',
  'claude-opus-4-6',
  'claude-sonnet-4-20250514',
  'claude-3-5-haiku-20241022',
];

/** A small deterministic pseudo-random sequence, so the corpus is the same on every run. */
function sequence(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function write(path: string, lines: string[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, lines.map((l) => `${l}\n`).join(''));
}

/** Adds the fields `assistantLine` does not write (speed, costUSD) to a line. */
function withFields(line: string, message: Record<string, unknown>, top: Record<string, unknown> = {}): string {
  const value = JSON.parse(line) as { message: { usage: Record<string, unknown> } } & Record<string, unknown>;
  Object.assign(value.message.usage, message);
  return JSON.stringify({ ...value, ...top });
}

export interface CorpusOptions {
  /**
   * When a subagent's replay of a parent response carries the parent's timestamp. ccusage 20.0.24 drops a
   * replay with another requestId in `daily` whatever its time, but in `weekly`, `monthly` and `session` only
   * when the timestamps match; with `'parent'` its reports agree with each other.
   */
  replayAt: 'own' | 'parent';
}

/** A corpus builder for the given options. */
export const usageCorpus =
  (options: CorpusOptions): ClaudeDirBuilder =>
  (claudeDir) =>
    buildCorpus(claudeDir, options);

export const buildUsageCorpus: ClaudeDirBuilder = usageCorpus({ replayAt: 'own' });

function buildCorpus(claudeDir: string, options: CorpusOptions): void {
  const next = sequence(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const count = (max: number) => Math.floor(next() * max);
  const start = Date.UTC(2025, 9, 25, 0, 0, 0); // crosses a month end and a Sunday

  for (let s = 0; s < 6; s++) {
    const sessionId = `5d0b1c7e-8a4f-4c1e-9e0a-2f6b7d8c9e${String(s).padStart(2, '0')}`;
    const project = s % 2 === 0 ? '-home-dev-api' : '-home-dev-web';
    const ctx: LineContext = { sessionId, cwd: `/home/dev/${s % 2 === 0 ? 'api' : 'web'}` };
    const main: string[] = [];
    const side: string[] = [];
    const replayIds: { messageId: string; requestId: string; usage: UsageSpec; at: number }[] = [];
    let t = start + s * 19 * 3600_000 + count(3600_000);
    for (let r = 0; r < 14; r++) {
      t += count(5 * 3600_000) + 60_000;
      const at = new Date(t);
      main.push(userLine(ctx, at, `step ${r}`));
      const usage: UsageSpec = {
        model: pick(MODELS),
        messageId: `msg_${s}_${r}`,
        requestId: `req_${s}_${r}`,
        input: count(5000) + 1,
        output: count(3000),
        cacheCreation: count(40_000),
        cacheRead: count(150_000),
      };
      if (r === 3) usage.input = 250_000 + count(50_000); // above the 200k tier
      if (r === 5) usage.cacheRead = 320_000;
      if (r === 6) usage.cacheCreation1h = usage.cacheCreation; // all to the 1-hour cache
      if (r === 7) usage.cacheCreation1h = Math.floor((usage.cacheCreation ?? 0) / 2);
      // Claude Code streams one response as several lines; the last has the final output count.
      main.push(assistantLine(ctx, at, { ...usage, output: 1 }, 'thinking'));
      let line = assistantLine(ctx, new Date(t + 1500), usage);
      if (r === 8 && usage.model?.startsWith('claude-opus-4-6')) line = withFields(line, { speed: 'fast' });
      if (r === 9) line = withFields(line, {}, { costUSD: 0.0421 });
      main.push(line);
      if (r % 4 === 1) {
        replayIds.push({ messageId: usage.messageId!, requestId: `req_replay_${s}_${r}`, usage, at: t + 1500 });
      }
    }
    main.push(assistantLine(ctx, new Date(t + 2000), { model: '<synthetic>', input: 0, output: 0 }));
    main.push(userLine(ctx, new Date(t + 3000), 'the end').slice(0, 57)); // a half-written, damaged line
    main.push('{"type":"assistant","message":{"usage":{"input_tokens":"12"}}}');

    // A subagent: its own responses, and replays of its parent's responses (same message.id).
    const agent = { ...ctx, isSidechain: true, agentId: `a${s}f00d` };
    for (const [i, replay] of replayIds.entries()) {
      side.push(
        assistantLine(agent, new Date(options.replayAt === 'parent' ? replay.at : start + s * 3600_000 + i * 60_000), {
          ...replay.usage,
          requestId: replay.requestId,
        }),
      );
      side.push(
        assistantLine(agent, new Date(start + s * 3600_000 + i * 60_000 + 30_000), {
          model: 'claude-haiku-4-5-20251001',
          messageId: `msg_agent_${s}_${i}`,
          input: count(2000),
          output: count(800),
          cacheRead: count(20_000),
        }),
      );
    }
    write(join(claudeDir, 'projects', project, `${sessionId}.jsonl`), main);
    if (side.length > 0)
      write(join(claudeDir, 'projects', project, sessionId, 'subagents', `agent-${agent.agentId}.jsonl`), side);
  }
  // A line read twice because its file was copied (a resumed session): counted once.
  const dup = join(claudeDir, 'projects', '-home-dev-api', 'resumed.jsonl');
  write(dup, [
    assistantLine({ sessionId: 'resumed' }, new Date(start + 86_400_000), {
      messageId: 'msg_0_2',
      requestId: 'req_0_2',
      input: 1,
      output: 1,
    }),
  ]);
  appendFileSync(dup, 'not json at all\n');
}
