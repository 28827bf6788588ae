// Small sets of real-format sessions for the Sessions panel's tests: a shop session with tool calls, a failed
// call and a subagent run in its own transcript; two blog sessions on another branch; one very long session.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assistantBlocks, promptLine, taskResult, toolResultLine, toolUse } from './activity-lines';
import { assistantLine, userLine } from './transcript-lines';

export const SHOP = 'a1a1a1a1-0000-4000-8000-000000000001';
export const BLOG_RSS = 'b2b2b2b2-0000-4000-8000-000000000002';
export const BLOG_TESTS = 'c3c3c3c3-0000-4000-8000-000000000003';
export const LONG = 'd4d4d4d4-0000-4000-8000-000000000004';
export const SHOP_AGENT = 'a9f3e21';

const lines = (...l: string[]) => l.join('\n') + '\n';
const title = (text: string) => JSON.stringify({ type: 'summary', summary: text, leafUuid: 'leaf-0' });
const MIN = 60_000;

/** The shop session: Read, a failed Bash, a Task whose code-reviewer run reads and greps in its own transcript. */
export function writeShopSession(projectDir: string, start: number): void {
  const main = { sessionId: SHOP, cwd: '/home/dev/shop' };
  const t = (minutes: number) => new Date(start + minutes * MIN);
  writeFileSync(
    join(projectDir, `${SHOP}.jsonl`),
    lines(
      title('Refactor the cart checkout'),
      userLine(main, t(0), 'refactor the cart checkout'),
      assistantBlocks(main, t(1), [toolUse('toolu_shop_read', 'Read', { file_path: '/home/dev/shop/cart.ts' })], {
        input: 1200,
        output: 300,
      }),
      toolResultLine(main, t(1.2), 'toolu_shop_read', { text: 'export const cart = [];' }),
      assistantBlocks(main, t(2), [toolUse('toolu_shop_bash', 'Bash', { command: 'npm test' })], {
        input: 1500,
        output: 200,
      }),
      toolResultLine(main, t(3), 'toolu_shop_bash', { text: 'Exit code 1: 3 tests failed', isError: true }),
      assistantBlocks(
        main,
        t(4),
        [
          toolUse('toolu_shop_task', 'Task', {
            subagent_type: 'code-reviewer',
            description: 'Review cart',
            prompt: 'Review the cart module',
          }),
        ],
        { input: 1800, output: 250 },
      ),
      toolResultLine(main, t(9), 'toolu_shop_task', {
        text: 'Looks good.',
        toolUseResult: taskResult(SHOP_AGENT, 'Review the cart module'),
      }),
      assistantBlocks(main, t(10), [{ type: 'text', text: 'Done.' }], { input: 2000, output: 400 }),
    ),
  );
  const subDir = join(projectDir, SHOP, 'subagents');
  mkdirSync(subDir, { recursive: true });
  const sub = { ...main, isSidechain: true, agentId: SHOP_AGENT };
  writeFileSync(
    join(subDir, `agent-${SHOP_AGENT}.jsonl`),
    lines(
      promptLine(sub, t(4.1), 'Review the cart module'),
      assistantBlocks(sub, t(5), [toolUse('toolu_sub_read', 'Read', { file_path: '/home/dev/shop/checkout.ts' })], {
        input: 300,
        output: 40,
      }),
      toolResultLine(sub, t(5.5), 'toolu_sub_read', { text: 'export function checkout() {}' }),
      assistantBlocks(sub, t(6), [toolUse('toolu_sub_grep', 'Grep', { pattern: 'TODO' })], { input: 350, output: 30 }),
      toolResultLine(sub, t(7), 'toolu_sub_grep', { text: 'No matches' }),
      assistantBlocks(sub, t(8), [{ type: 'text', text: 'Looks good.' }], { input: 400, output: 60 }),
    ),
  );
  writeFileSync(join(subDir, `agent-${SHOP_AGENT}.meta.json`), JSON.stringify({ agentType: 'code-reviewer' }));
}

/** Two blog sessions on branch feature/rss, answered by Haiku. */
export function writeBlogSessions(projectDir: string, start: number): void {
  for (const [id, text, offset] of [
    [BLOG_RSS, 'Add an RSS feed', 0],
    [BLOG_TESTS, 'Fix flaky tests', 30],
  ] as const) {
    const ctx = { sessionId: id, cwd: '/home/dev/blog', gitBranch: 'feature/rss' };
    writeFileSync(
      join(projectDir, `${id}.jsonl`),
      lines(
        title(text),
        userLine(ctx, new Date(start + offset * MIN), text),
        assistantLine(ctx, new Date(start + (offset + 1) * MIN), {
          input: 900,
          output: 120,
          model: 'claude-haiku-4-5-20251001',
        }),
      ),
    );
  }
}

/** A session with `calls` tool calls, each in its own assistant turn: 2 × calls timeline entries. */
export function writeLongSession(projectDir: string, start: number, calls: number): void {
  const main = { sessionId: LONG, cwd: '/home/dev/monorepo' };
  const out: string[] = [title('Migrate every package'), userLine(main, new Date(start), 'migrate every package')];
  for (let i = 0; i < calls; i++) {
    const at = start + 1000 + i * 2000;
    const id = `toolu_long_${String(i).padStart(5, '0')}`;
    out.push(
      assistantBlocks(main, new Date(at), [toolUse(id, 'Edit', { file_path: `/home/dev/monorepo/pkg-${i}.ts` })], {
        input: 100,
        output: 10,
      }),
      toolResultLine(main, new Date(at + 500), id, { text: 'ok' }),
    );
  }
  writeFileSync(join(projectDir, `${LONG}.jsonl`), lines(...out));
}

/** Appends one more tool call (a WebFetch) and its turn to the shop session, as Claude Code would while it runs. */
export function appendShopToolCall(projectDir: string, at: number): void {
  const main = { sessionId: SHOP, cwd: '/home/dev/shop' };
  appendFileSync(
    join(projectDir, `${SHOP}.jsonl`),
    lines(
      assistantBlocks(main, new Date(at), [toolUse('toolu_shop_live', 'WebFetch', { url: 'https://example.com/' })], {
        input: 700,
        output: 90,
      }),
      toolResultLine(main, new Date(at + 800), 'toolu_shop_live', { text: 'Example Domain' }),
    ),
  );
}
