// The Sessions panel in Chromium against `serve`: search and filters narrow the list and survive a reload, a
// timeline shows tool calls and a nested subagent run, a 3,000-entry session scrolls windowed to its end, a live
// append shows up without reload, exports download what is shown; also on a small simulated Claude directory.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { simulateClaudeDir } from '../../electron/main/simulate/simulate-claude-dir';
import {
  BLOG_RSS,
  LONG,
  SHOP,
  appendShopToolCall,
  writeBlogSessions,
  writeLongSession,
  writeShopSession,
} from '../support/session-transcripts';
import { expect, test } from './fixtures';

const HOUR = 3_600_000;

const go = (page: Page, hash: string) =>
  page.evaluate((h) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = h;
  }, hash);

async function openSessions(page: Page, url: string, query = ''): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Today', exact: true })).toBeVisible();
  await go(page, `#/sessions${query}`);
  if (!query.includes('session='))
    await expect(page.getByRole('heading', { name: 'Sessions', exact: true })).toBeVisible();
}

const rows = (page: Page) => page.getByTestId('session-row');

test('search and project filters narrow the list, survive a reload, and export what is shown', async ({
  page,
  served,
}) => {
  const now = Date.now();
  writeShopSession(served.dirs.projectDir('-home-dev-shop'), now - 3 * HOUR);
  writeBlogSessions(served.dirs.projectDir('-home-dev-blog'), now - 2 * HOUR);
  await openSessions(page, served.url);
  await expect(rows(page)).toHaveCount(3);
  await expect(page.getByTestId('sessions-total')).toHaveText('3 sessions');
  const shopRow = page.locator(`[data-session="${SHOP}"]`);
  await expect(shopRow).toContainText('Refactor the cart checkout');
  // Runs, failed tool calls and the model of the shop session; blog sessions on their branch, with Haiku.
  await expect(shopRow.locator('td').nth(9)).toHaveText('1');
  await expect(shopRow.locator('td').nth(10)).toHaveText('1');
  await expect(page.locator(`[data-session="${BLOG_RSS}"]`)).toContainText('feature/rss');
  await expect(page.locator(`[data-session="${BLOG_RSS}"]`)).toContainText('haiku-4-5');

  await page.getByTestId('session-search').fill('rss');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('Add an RSS feed');
  await expect(page).toHaveURL(/q=rss/);
  await page.getByTestId('session-search').fill('');
  await expect(rows(page)).toHaveCount(3);

  await page.getByTestId('filter-project').selectOption('-home-dev-blog');
  await expect(rows(page)).toHaveCount(2);
  await page.getByTestId('sort-select').selectOption('start');
  await page.getByTestId('sort-order').click();
  await expect(page).toHaveURL(/project=-home-dev-blog/);
  await expect(page).toHaveURL(/order=asc/);
  await expect(rows(page).first()).toContainText('Add an RSS feed');

  await page.reload();
  await expect(page.getByTestId('filter-project')).toHaveValue('-home-dev-blog');
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).first()).toContainText('Add an RSS feed');
  await page.screenshot({ path: 'test-results/screenshots/sessions.png', fullPage: true });

  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csv = readFileSync((await csvDownload.path())!, 'utf8')
    .trimEnd()
    .split('\r\n');
  expect(csv[0]!.startsWith('id,title,project,cwd,gitBranch,start,end,durationMs,apiCalls')).toBe(true);
  expect(csv).toHaveLength(3);
  expect(csv[1]).toContain(BLOG_RSS);
  const [jsonDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  const json = JSON.parse(readFileSync((await jsonDownload.path())!, 'utf8')) as {
    total: number;
    rows: { id: string; totalTokens: number }[];
  };
  expect(json.total).toBe(2);
  expect(json.rows.map((r) => r.id)).toEqual([BLOG_RSS, expect.any(String)]);
  expect(json.rows[0]!.totalTokens).toBe(1020);
});

test('a timeline shows tool calls, a failed call and a subagent run that opens to its own work; live appends arrive', async ({
  page,
  served,
}) => {
  const shop = served.dirs.projectDir('-home-dev-shop');
  writeShopSession(shop, Date.now() - HOUR);
  writeBlogSessions(served.dirs.projectDir('-home-dev-blog'), Date.now() - 2 * HOUR);
  await openSessions(page, served.url, '?project=-home-dev-shop');
  await expect(rows(page)).toHaveCount(1);
  await page.getByRole('link', { name: 'Refactor the cart checkout' }).click();
  await expect(page).toHaveURL(new RegExp(`session=${SHOP}`));
  await expect(page.getByTestId('timeline-title')).toHaveText('Refactor the cart checkout');

  const timeline = page.getByTestId('timeline-list');
  const entry = (kind: string, text: string) =>
    timeline.locator(`[data-testid="timeline-row"][data-kind="${kind}"]`, { hasText: text });
  await expect(entry('tool', 'Read')).toHaveCount(1);
  await expect(entry('tool', 'Bash')).toHaveClass(/failed/);
  await expect(entry('run', 'code-reviewer')).toHaveAttribute('aria-expanded', 'false');
  // The run's own calls are hidden until it is opened, then nested under it.
  await expect(entry('tool', 'Grep')).toHaveCount(0);

  // Keyboard: the list has focus; move to the run with the arrows and open it with Enter.
  const runIndex = Number(await entry('run', 'code-reviewer').getAttribute('data-index'));
  for (let i = 0; i < runIndex; i++) await page.keyboard.press('ArrowDown');
  await expect(entry('run', 'code-reviewer')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(entry('run', 'code-reviewer')).toHaveAttribute('aria-expanded', 'true');
  await expect(entry('tool', 'Grep')).toHaveClass(/depth-1/);
  await expect(entry('tool', 'checkout.ts')).toHaveClass(/depth-1/);
  await page.screenshot({ path: 'test-results/screenshots/session-timeline.png', fullPage: true });

  // A live append reaches the open timeline without a reload, and the opened run stays open.
  const before = Number(await timeline.getAttribute('data-total'));
  appendShopToolCall(shop, Date.now());
  await expect(entry('tool', 'WebFetch')).toHaveCount(1);
  expect(Number(await timeline.getAttribute('data-total'))).toBe(before + 2);
  await expect(entry('run', 'code-reviewer')).toHaveAttribute('aria-expanded', 'true');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csv = readFileSync((await download.path())!, 'utf8')
    .trimEnd()
    .split('\r\n');
  expect(csv).toHaveLength(before + 2 + 1);
  expect(csv.some((l) => l.startsWith('tool,1,') && l.includes('Grep'))).toBe(true);

  // Escape returns to the list with its filters.
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/#\/sessions\?project=-home-dev-shop$/);
  await expect(rows(page)).toHaveCount(1);
});

test('a session of 3,200 entries opens windowed and scrolls to its last entry', async ({ page, served }) => {
  writeLongSession(served.dirs.projectDir('-home-dev-monorepo'), Date.now() - 4 * HOUR, 1600);
  await openSessions(page, served.url, `?session=${LONG}`);
  const timeline = page.getByTestId('timeline-list');
  await expect(page.getByTestId('timeline-title')).toHaveText('Migrate every package');
  await expect(timeline).toHaveAttribute('data-total', '3200');
  const rendered = await timeline.getByTestId('timeline-row').count();
  expect(rendered).toBeGreaterThan(0);
  expect(rendered).toBeLessThan(3200 / 20);

  await timeline.evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  const lastRow = timeline.locator('[data-testid="timeline-row"][data-index="3199"]');
  await expect(lastRow).toBeVisible();
  await expect(lastRow).toContainText('Edit');
  await expect(lastRow).toContainText('pkg-1599.ts');
  expect(await timeline.getByTestId('timeline-row').count()).toBeLessThan(3200 / 20);

  // Home and End move the keyboard cursor across the whole list.
  await timeline.focus();
  await page.keyboard.press('Home');
  await expect(timeline.locator('[data-index="0"]')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(lastRow).toHaveAttribute('aria-selected', 'true');
});

test('on a simulated Claude directory, text and project filters narrow the list and a timeline opens', async ({
  page,
  served,
}) => {
  rmSync(join(served.dirs.claudeDir, 'projects'), { recursive: true, force: true });
  const simulated = simulateClaudeDir({ out: served.dirs.claudeDir, mib: 2, seed: 'sessions-e2e' });
  await openSessions(page, served.url);
  // The running app reads the new folder as it appears (its periodic rescan catches what events miss): wait
  // until every simulated session is listed.
  const readTotal = async () => {
    await expect(rows(page).first()).toBeVisible();
    return Number((await page.getByTestId('sessions-total').textContent())!.split(' ')[0]);
  };
  await expect
    .poll(
      async () => {
        await page.reload();
        return readTotal();
      },
      { timeout: 30_000, intervals: [1000] },
    )
    .toBe(simulated.sessions);
  const total = simulated.sessions;
  expect(total).toBeGreaterThan(3);

  const projects = await page
    .getByTestId('filter-project')
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value).filter((v) => v !== ''));
  expect(projects.length).toBeGreaterThan(1);
  await page.getByTestId('filter-project').selectOption(projects[0]!);
  await expect(page.getByTestId('sessions-total')).not.toHaveText(`${total} sessions`);
  const inProject = Number((await page.getByTestId('sessions-total').textContent())!.split(' ')[0]);
  expect(inProject).toBeLessThan(total);

  // A word of the first title narrows the project's sessions further (or keeps them, never widens them).
  const title = (await rows(page).first().locator('td').first().textContent())!;
  const word = title.split(/\s+/).find((w) => w.length > 3)!;
  await page.getByTestId('session-search').fill(word);
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(word)}`));
  await expect(rows(page).first()).toContainText(word);
  const matching = Number((await page.getByTestId('sessions-total').textContent())!.split(' ')[0]);
  expect(matching).toBeLessThanOrEqual(inProject);

  await page.reload();
  await expect(page.getByTestId('session-search')).toHaveValue(word);
  await expect(page.getByTestId('filter-project')).toHaveValue(projects[0]!);

  await rows(page).first().getByRole('link').click();
  const timeline = page.getByTestId('timeline-list');
  await expect(timeline.locator('[data-kind="tool"]').first()).toBeVisible();
  await expect(timeline.locator('[data-kind="turn"]').first()).toBeVisible();
});
