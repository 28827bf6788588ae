// sessions.list and sessions.get on real SQLite from real-format transcripts: filters, free text, sorting, paging,
// counted usage only (a sidechain replay is stored but never summed), and the timeline's capped turns.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionDetail, SessionList } from '../../shared/contract';
import { createLogger } from '../../electron/main/core/logger';
import { MonitorCore } from '../../electron/main/core/monitor-core';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';
import { assistantLine } from '../support/transcript-lines';
import {
  BLOG_RSS,
  BLOG_TESTS,
  LONG,
  SHOP,
  SHOP_AGENT,
  writeBlogSessions,
  writeLongSession,
  writeShopSession,
} from '../support/session-transcripts';

const silent = createLogger('error', () => {});
const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 20, 9, 0, 0);

describe('sessions.list and sessions.get', () => {
  let dirs: TempDirs;
  let core: MonitorCore;

  const ask = async <T>(name: string, input: unknown): Promise<T> => {
    const answer = await core.dispatch(name, input);
    if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
    return answer.value as T;
  };
  const list = (input: object) => ask<SessionList>('sessions.list', input);
  const ids = async (input: object) => (await list(input)).rows.map((r) => r.id);

  beforeEach(async () => {
    dirs = makeTempDirs();
    const shop = dirs.projectDir('-home-dev-shop');
    writeShopSession(shop, START);
    writeBlogSessions(dirs.projectDir('-home-dev-blog'), START + 2 * HOUR);
    writeLongSession(dirs.projectDir('-home-dev-monorepo'), START + 5 * HOUR, 30);
    // A subagent line replaying a main-chain response of the shop session: stored, never counted.
    const main = JSON.parse(
      assistantLine({ sessionId: SHOP, cwd: '/home/dev/shop' }, new Date(START + 11 * 60_000), {
        input: 5000,
        output: 5000,
        messageId: 'msg_replayed_once',
        requestId: 'req_1',
      }),
    ) as object;
    appendFileSync(join(shop, `${SHOP}.jsonl`), JSON.stringify(main) + '\n');
    writeFileSync(
      join(shop, SHOP, 'subagents', 'agent-b0b0b0b.jsonl'),
      assistantLine(
        { sessionId: SHOP, cwd: '/home/dev/shop', isSidechain: true, agentId: 'b0b0b0b' },
        new Date(START + 12 * 60_000),
        {
          input: 5000,
          output: 5000,
          messageId: 'msg_replayed_once',
          requestId: 'req_2',
        },
      ) + '\n',
    );
    core = new MonitorCore({
      dataDir: dirs.dataDir,
      claudeDirs: [dirs.claudeDir],
      mode: 'browser',
      log: silent,
      hooks: false,
    });
    await core.importOnce();
  });
  afterEach(() => {
    core.close();
    dirs.cleanup();
  });

  it('lists every session with counted tokens, runs, failed calls and models', async () => {
    const all = await list({});
    expect(all.total).toBe(4);
    expect(all.rows.map((r) => r.id)).toEqual([LONG, BLOG_TESTS, BLOG_RSS, SHOP]);
    const shop = all.rows.find((r) => r.id === SHOP)!;
    // 4 main-chain turns + 3 of the run + the replayed response once (its sidechain copy is not counted).
    expect(shop.apiCalls).toBe(8);
    const mainTokens = 1500 + 1700 + 2050 + 2400;
    const runTokens = 340 + 380 + 460;
    expect(shop.totalTokens).toBe(mainTokens + runTokens + 10_000);
    // the code-reviewer run and the transcript that holds the replay
    expect(shop.subagentRuns).toBe(2);
    expect(shop.failedToolCalls).toBe(1);
    expect(shop.models).toEqual(['claude-sonnet-4-5-20250929']);
    expect(shop.title).toBe('Refactor the cart checkout');
    expect(shop.durationMs).toBeGreaterThan(10 * 60_000);
    expect(all.facets.projects).toEqual(['-home-dev-blog', '-home-dev-monorepo', '-home-dev-shop']);
    expect(all.facets.gitBranches).toEqual(['feature/rss', 'main']);
    expect(all.facets.agentTypes).toEqual(['code-reviewer']);
    expect(all.facets.models).toContain('claude-haiku-4-5-20251001');
  });

  it('filters by project, branch, agent type, model, time and free text', async () => {
    expect(await ids({ project: '-home-dev-blog' })).toEqual([BLOG_TESTS, BLOG_RSS]);
    expect(await ids({ gitBranch: 'main', sort: 'start', order: 'asc' })).toEqual([SHOP, LONG]);
    expect(await ids({ agentType: 'code-reviewer' })).toEqual([SHOP]);
    expect(await ids({ model: 'claude-haiku-4-5-20251001' })).toEqual([BLOG_TESTS, BLOG_RSS]);
    expect(await ids({ from: START + 2 * HOUR, to: START + 2 * HOUR + 10 * 60_000 })).toEqual([BLOG_RSS]);
    expect(await ids({ text: 'RSS' })).toEqual([BLOG_RSS]);
    expect(await ids({ text: '/home/dev/monorepo' })).toEqual([LONG]);
    expect(await ids({ text: SHOP.slice(0, 8) })).toEqual([SHOP]);
    // LIKE's wildcards are taken literally.
    expect(await ids({ text: '%' })).toEqual([]);
    expect(await ids({ text: '_' })).toEqual([]);
    expect(await ids({ project: '-home-dev-blog', text: 'flaky' })).toEqual([BLOG_TESTS]);
  });

  it('sorts and pages, with the total of all matches', async () => {
    const byCost = await ids({ sort: 'tokens' });
    expect(byCost[0]).toBe(SHOP);
    const page1 = await list({ sort: 'start', order: 'asc', limit: 3 });
    expect(page1.total).toBe(4);
    expect(page1.rows.map((r) => r.id)).toEqual([SHOP, BLOG_RSS, BLOG_TESTS]);
    const page2 = await list({ sort: 'start', order: 'asc', limit: 3, offset: 3 });
    expect(page2.total).toBe(4);
    expect(page2.rows.map((r) => r.id)).toEqual([LONG]);
    const beyond = await list({ limit: 3, offset: 30 });
    expect(beyond.rows).toEqual([]);
    expect(beyond.total).toBe(4);
    const bad = await core.dispatch('sessions.list', { sort: 'nonsense' });
    expect(bad.ok).toBe(false);
    const backwards = await core.dispatch('sessions.list', { from: 10, to: 5 });
    expect(!backwards.ok && backwards.error.code).toBe('INVALID_REQUEST');
  });

  it('gives a session its counted turns, nests run work by agent id, and caps long sessions', async () => {
    const shop = await ask<SessionDetail>('sessions.get', { id: SHOP });
    expect(shop.turns).toHaveLength(8);
    expect(shop.turns!.filter((t) => t.agentId === SHOP_AGENT)).toHaveLength(3);
    expect(shop.turns!.map((t) => t.ts)).toEqual([...shop.turns!.map((t) => t.ts)].sort((a, b) => a - b));
    expect(shop.runs[0]!.totalTokens).toBe(340 + 380 + 460);
    expect(shop.counts).toEqual({ toolCalls: 5, turns: 8 });
    expect(shop.turnsTruncated).toBe(false);

    const capped = await ask<SessionDetail>('sessions.get', { id: LONG, limit: 10 });
    expect(capped.toolCalls).toHaveLength(10);
    expect(capped.turns).toHaveLength(10);
    expect(capped.truncated).toBe(true);
    expect(capped.turnsTruncated).toBe(true);
    expect(capped.counts).toEqual({ toolCalls: 30, turns: 30 });
    const more = await ask<SessionDetail>('sessions.get', { id: LONG, limit: 20 });
    expect(more.toolCalls.slice(0, 10)).toEqual(capped.toolCalls);
    const whole = await ask<SessionDetail>('sessions.get', { id: LONG });
    expect(whole.truncated).toBe(false);
    expect(whole.toolCalls).toHaveLength(30);
  });
});
