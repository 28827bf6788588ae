// Team mode in Chromium: two `serve` instances of one team on a fresh Postgres database and Redis prefix. What A
// ingests shows in B's Overview and Sessions with scope=team; the developer scope shows only A's; Settings › Team
// tests servers.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { assistantBlocks, toolResultLine, toolUse } from '../support/activity-lines';
import { assistantLine } from '../support/transcript-lines';
import { createTestDatabase, freePort, uniquePrefix, type TestDatabase } from '../support/team-servers';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';
import type { Page } from '@playwright/test';
import { expect, startServe, test } from './fixtures';

const REDIS_URL = process.env.SFM_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SESSION_A = '7a0e5f4c-1b2d-4e3f-8a9b-0c1d2e3f4a5b';
const SESSION_B = '8b1f6a5d-2c3e-4f40-9bac-1d2e3f4a5b6c';

interface Member {
  url: string;
  dirs: TempDirs;
  child: ChildProcess;
}

let db: TestDatabase;
const members: Member[] = [];

test.beforeAll(async () => {
  db = await createTestDatabase();
});
test.afterAll(async () => {
  for (const m of members.splice(0)) {
    m.child.kill('SIGTERM');
    await new Promise((done) => m.child.once('exit', done));
    m.dirs.cleanup();
  }
  await db.drop();
});

/** Opens the dashboard (its URL's fragment carries the token), then goes to a route in the app. */
async function open(page: Page, url: string, hash: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Today', exact: true })).toBeVisible();
  await page.evaluate((h) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = h;
  }, hash);
}

async function member(developer: string, prefix: string): Promise<Member> {
  const dirs = makeTempDirs();
  const { url, child } = await startServe(dirs, {
    SUBFORGE_MONITOR_DATABASE_URL: db.url,
    SUBFORGE_MONITOR_REDIS_URL: REDIS_URL,
    SUBFORGE_MONITOR_REDIS_PREFIX: prefix,
    SUBFORGE_MONITOR_TEAM: 'alpha',
    SUBFORGE_MONITOR_DEVELOPER: developer,
  });
  const m = { url, dirs, child };
  members.push(m);
  return m;
}

function ingest(m: Member, sessionId: string, developer: string, input: number, output: number): void {
  const dir = m.dirs.projectDir(`-home-${developer}-shop`);
  mkdirSync(dir, { recursive: true });
  appendFileSync(
    join(dir, `${sessionId}.jsonl`),
    assistantLine({ sessionId, cwd: `/home/${developer}/shop` }, new Date(), {
      input,
      output,
      model: 'claude-sonnet-4-5-20250929',
    }) + '\n',
  );
}

test('a line A ingests shows in B’s team Overview; the developer scope shows only A’s', async ({ page }) => {
  const prefix = uniquePrefix();
  const a = await member('alice', prefix);
  const b = await member('bob', prefix);
  ingest(b, SESSION_B, 'bob', 500, 100); // B's own: in the team's totals, not in alice's

  await open(page, b.url, '#/overview?scope=team');
  await expect(page.getByTestId('scope-select')).toBeVisible();
  await expect(page.getByTestId('today-total-tokens-exact')).toHaveText('600');

  ingest(a, SESSION_A, 'alice', 1200, 800);
  await expect(page.getByTestId('today-total-tokens-exact')).toHaveText('2600', { timeout: 20_000 });
  await expect(page.getByTestId('sessions-table')).toContainText('alice');
  await expect(page.getByTestId('sessions-table')).toContainText('bob');
  await page.screenshot({ path: 'test-results/screenshots/overview-team.png' });

  // The switch lists alice from the cache; choosing her keeps it in the URL.
  await page.getByTestId('scope-select').selectOption('dev:alice');
  await expect(page).toHaveURL(/scope=dev%3Aalice|scope=dev:alice/);
  await expect(page.getByTestId('today-total-tokens-exact')).toHaveText('2000');
  await expect(page.getByTestId('sessions-table')).not.toContainText('bob');

  // Me is B's machine alone.
  await page.getByTestId('scope-select').selectOption('me');
  await expect(page.getByTestId('today-total-tokens-exact')).toHaveText('600');

  // Agents are scoped: a run A's transcript records (a failed test-runner) reaches B's team view through
  // Postgres; B's own machine ran none.
  const ctx = { sessionId: SESSION_A, cwd: '/home/alice/shop' };
  appendFileSync(
    join(a.dirs.projectDir('-home-alice-shop'), `${SESSION_A}.jsonl`),
    [
      assistantBlocks(
        ctx,
        new Date(),
        [toolUse('toolu_01E2eRun', 'Task', { subagent_type: 'test-runner', description: 'Tests', prompt: 'Run them' })],
        { input: 0, output: 0 },
      ),
      toolResultLine(ctx, new Date(), 'toolu_01E2eRun', { text: 'API Error: 529 Overloaded', isError: true }),
    ].join('\n') + '\n',
  );
  await page.evaluate(() => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = '#/agents?scope=team';
  });
  const runner = page.locator('[data-testid="agent-row"][data-agent="test-runner"]');
  await expect(runner.getByTestId('agent-runs')).toHaveText('1', { timeout: 20_000 });
  await expect(runner.getByTestId('agent-success')).toContainText('0');
  await page.screenshot({ path: 'test-results/screenshots/agents-team.png' });
  await page.getByTestId('scope-select').selectOption('me');
  await expect(runner).toHaveCount(0);
  // The team's task board has the run as a card, with whose it was; B's own board does not.
  await page.evaluate(() => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = '#/tasks?scope=team';
  });
  const card = page.locator('[data-testid="task-card"][data-task-id="subagent:toolu_01E2eRun"]');
  await expect(card).toHaveAttribute('data-status', 'failed');
  await expect(card.getByTestId('task-developer')).toHaveText('alice');
  await expect(card.locator('.task-card-title')).toHaveText('test-runner');
  await page.screenshot({ path: 'test-results/screenshots/tasks-team.png' });
  // The card opens alice's session as the team sees it.
  await card.click();
  await expect(page.getByTestId('team-session-note')).toHaveText(
    "The timeline of this session stays on alice's machine.",
  );
  await page.evaluate(() => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = '#/tasks?scope=team';
  });
  await page.getByTestId('scope-select').selectOption('me');
  await expect(card).toHaveCount(0);

  // Sessions are scoped: B's team list has A's session with its developer; opening it shows what the cache knows,
  // not a timeline (that stays on A's machine).
  await page.evaluate(() => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = '#/sessions?scope=team';
  });
  await expect(page.getByTestId('scope-select')).toHaveValue('team');
  const aliceRow = page.locator(`[data-testid="session-row"][data-session="${SESSION_A}"]`);
  const bobRow = page.locator(`[data-testid="session-row"][data-session="${SESSION_B}"]`);
  await expect(aliceRow.getByTestId('session-developer')).toHaveText('alice');
  await expect(bobRow.getByTestId('session-developer')).toHaveText('bob');
  await page.screenshot({ path: 'test-results/screenshots/sessions-team.png' });
  await aliceRow.getByRole('link').click();
  await expect(page.getByTestId('team-session-note')).toHaveText(
    "The timeline of this session stays on alice's machine.",
  );
  await expect(page.getByTestId('team-session-facts')).toContainText('alice');
  await expect(page.getByTestId('team-session-tokens')).toHaveAttribute('title', '2,000');
  await page.screenshot({ path: 'test-results/screenshots/sessions-team-card.png' });
  // Escape returns to the team list; the developer scope lists that developer's sessions alone.
  await page.keyboard.press('Escape');
  await expect(aliceRow).toBeVisible();
  await page.getByTestId('scope-select').selectOption('dev:bob');
  await expect(bobRow).toBeVisible();
  await expect(aliceRow).toHaveCount(0);
});

test('Settings › Team shows the masked settings and reports a bad Redis URL clearly', async ({ page }) => {
  const prefix = uniquePrefix();
  const a = await member('alice', prefix);
  await open(page, a.url, '#/sources');
  await expect(page.getByTestId('team-settings')).toBeVisible();
  await expect(page.getByTestId('team-name')).toHaveValue('alpha');
  await expect(page.getByTestId('team-developer')).toHaveValue('alice');
  await expect(page.getByTestId('team-env-note')).toBeVisible(); // serve cannot store secrets

  const port = await freePort();
  await page.getByTestId('team-redis-url').fill(`redis://:hunter2@127.0.0.1:${port}`);
  await page.getByTestId('team-test').click();
  await expect(page.getByTestId('team-test-postgres')).toContainText('ok');
  await expect(page.getByTestId('team-test-redis')).toContainText('failed');
  await expect(page.getByTestId('team-test-redis')).toContainText(`127.0.0.1:${port}`);
  await expect(page.getByTestId('team-test-results')).not.toContainText('hunter2');

  // Saving a new URL under serve is refused with the way out.
  await page.getByTestId('team-apply').click();
  await expect(page.getByTestId('team-message')).toContainText('SUBFORGE_MONITOR_REDIS_URL');
  await page.screenshot({ path: 'test-results/screenshots/team-settings.png', fullPage: true });
});
