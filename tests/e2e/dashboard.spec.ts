// Metrics and Analytics in Chromium against `serve`, on real-format transcript lines: totals agree with the
// Overview and with `report --json`, filters live in the URL, exports download the rows shown, the theme can be overridden.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { assistantLine, userLine } from '../support/transcript-lines';
import { expect, test } from './fixtures';

const SESSION = '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a98';
const MIN = 60_000;

function writeTranscript(dir: string): void {
  const now = Date.now();
  const ctx = { sessionId: SESSION };
  const lines = [userLine(ctx, new Date(now - 3 * 24 * 60 * MIN), 'refactor the cart')];
  // Spread over the last three days, newest a few minutes ago, so today, 24 h and 7 d all have usage.
  for (const [ago, input, output, model] of [
    [3 * 24 * 60, 4000, 900, 'claude-opus-4-1-20250805'],
    [26 * 60, 2500, 700, 'claude-sonnet-4-5-20250929'],
    [90, 1200, 800, 'claude-sonnet-4-5-20250929'],
    [40, 3000, 1500, 'claude-haiku-4-5-20251001'],
    [5, 700, 300, 'claude-sonnet-4-5-20250929'],
  ] as const) {
    lines.push(assistantLine(ctx, new Date(now - ago * MIN), { input, output, cacheRead: input * 4, model }));
  }
  writeFileSync(join(dir, `${SESSION}.jsonl`), lines.join('\n') + '\n');
}

/** Moves the page to a hash route, as following a link would (this file is type-checked without the DOM lib). */
const go = (page: Page, hash: string) =>
  page.evaluate((h) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = h;
  }, hash);

async function open(page: Page, url: string, hash: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Today', exact: true })).toBeVisible();
  await go(page, hash);
}

test('Metrics totals equal the Overview’s for the same day, and filters live in the URL', async ({ page, served }) => {
  writeTranscript(served.dirs.projectDir('-home-dev-shop'));
  await page.goto(served.url);
  await expect(page.getByRole('heading', { name: 'Today', exact: true })).toBeVisible();
  // The transcript reaches the running app through its watcher, which may land after the page's first render.
  const today = page.getByTestId('today-total-tokens-exact');
  await expect.poll(async () => Number(await today.textContent())).toBeGreaterThan(0);
  const todayTokens = await today.textContent();

  // The Overview agrees with `report daily --json` on the same data directory, in the page's time zone.
  const { timeZone, date } = await page.evaluate(() => {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return { timeZone: tz, date: new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(new Date()) };
  });
  const report = JSON.parse(
    execFileSync(
      process.execPath,
      [
        'out/main/cli.js',
        'report',
        'daily',
        '--json',
        '--no-import',
        '--timezone',
        timeZone,
        '--data-dir',
        served.dirs.dataDir,
      ],
      { encoding: 'utf8' },
    ),
  ) as { daily: { date: string; totalTokens: number; totalCost: number }[] };
  const reportToday = report.daily.find((d) => d.date === date)!;
  expect(String(reportToday.totalTokens)).toBe(todayTokens);
  const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
  await expect(page.getByTestId('today-cost')).toContainText(usd.format(reportToday.totalCost));

  // The same local day as a custom range.
  const [from, to] = await page.evaluate(() => {
    const d = new Date();
    const start = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
    const end = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
    return [start, end];
  });
  await go(page, `#/metrics?range=custom&from=${from}&to=${to}`);
  await expect(page.getByRole('heading', { name: 'Metrics' })).toBeVisible();
  await expect(page.getByTestId('metrics-total-tokens-exact')).toHaveText(todayTokens!);
  await expect(page.getByTestId('range-custom')).toHaveAttribute('aria-checked', 'true');

  // Presets and grouping go into the URL; reload keeps them; Back returns to the previous filters.
  await page.getByTestId('range-7d').click();
  await expect(page).toHaveURL(/#\/metrics\?range=7d$/);
  await page.getByTestId('group-select').selectOption('project');
  await expect(page).toHaveURL(/range=7d&group=project/);
  await expect(page.getByTestId('groups-table')).toContainText('shop');
  await page.reload();
  await expect(page.getByTestId('range-7d')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('group-select')).toHaveValue('project');
  const weekTokens = Number(await page.getByTestId('metrics-total-tokens-exact').textContent());
  expect(weekTokens).toBeGreaterThan(Number(todayTokens));
  await page.goBack();
  await expect(page.getByTestId('group-select')).toHaveValue('model');
  await expect(page.getByTestId('range-7d')).toHaveAttribute('aria-checked', 'true');

  // Arrow keys move through the presets.
  await page.getByTestId('range-7d').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('range-24h')).toHaveAttribute('aria-checked', 'true');
  await expect(page).toHaveURL(/#\/metrics(\?|$)(?!.*range=)/);
  await expect(page.getByTestId('tokens-chart')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/metrics.png', fullPage: true });
});

test('exports the Metrics series as CSV and JSON with one row per bucket', async ({ page, served }) => {
  writeTranscript(served.dirs.projectDir('-home-dev-shop'));
  await open(page, served.url, '#/metrics?range=7d&group=model');
  await expect(page.getByTestId('tokens-chart')).toBeVisible();
  const total = Number(await page.getByTestId('metrics-total-tokens-exact').textContent());

  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(csvDownload.suggestedFilename()).toBe('metrics-7d-by-model.csv');
  const csv = readFileSync((await csvDownload.path())!, 'utf8')
    .trimEnd()
    .split('\r\n');
  expect(csv[0]).toBe(
    'start,inputTokens,outputTokens,cacheCreationTokens,cacheReadTokens,totalTokens,totalCost,requests,cacheHitRatio',
  );
  // 7 days of hourly buckets: 168, or 169 when the range starts mid-hour.
  expect(csv.length - 1).toBeGreaterThanOrEqual(168);
  const tokenColumn = csv.slice(1).reduce((sum, line) => sum + Number(line.split(',')[5]), 0);
  expect(tokenColumn).toBe(total);

  const [jsonDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  const json = JSON.parse(readFileSync((await jsonDownload.path())!, 'utf8')) as {
    totals: { totalTokens: number; requests: number };
    series: unknown[];
  };
  expect(json.totals.totalTokens).toBe(total);
  expect(json.totals.requests).toBe(5);
  expect(json.series).toHaveLength(csv.length - 1);
});

test('Analytics shows the forecast, heatmap and an active 5-hour block; the theme can be overridden', async ({
  page,
  served,
}) => {
  writeTranscript(served.dirs.projectDir('-home-dev-shop'));
  await open(page, served.url, '#/analytics');
  await expect(page.getByRole('heading', { name: 'Analytics' })).toBeVisible();
  await expect(page.getByTestId('forecast')).toContainText('so far this month');
  await expect(page.getByTestId('heatmap').locator('.heatmap-cell')).toHaveCount(7 * 24);
  await expect(page.getByTestId('blocks-table')).toContainText('active');
  await expect(page.getByTestId('top-sessions')).toContainText(SESSION.slice(0, 8));
  await expect(page.getByTestId('top-projects')).toContainText('shop');
  await page.screenshot({ path: 'test-results/screenshots/analytics.png', fullPage: true });

  const html = page.locator('html');
  await page.getByTestId('theme-select').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(html).toHaveCSS('background-color', 'rgb(20, 22, 27)');
  await page.reload();
  await expect(page.getByTestId('theme-select')).toHaveValue('dark');
  await expect(html).toHaveCSS('background-color', 'rgb(20, 22, 27)');
  await page.screenshot({ path: 'test-results/screenshots/analytics-dark.png', fullPage: true });
  await page.getByTestId('theme-select').selectOption('light');
  await expect(html).toHaveCSS('background-color', 'rgb(246, 247, 249)');
  await page.getByTestId('theme-select').selectOption('system');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.+/);
});

test('an empty store says what to do, and demo data fills it from its own folder', async ({ page, served }) => {
  await open(page, served.url, '#/metrics?range=1h');
  await expect(page.getByText('No usage in this range')).toBeVisible();
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await expect(page.getByTestId('demo-data-message')).toContainText('demo-claude');
  await page.goto(served.url.replace(/#.*$/, '#/metrics?range=30d'));
  await expect(page.getByText('No usage in this range')).toHaveCount(0);
  // Escape closes the custom range menu.
  await page.getByTestId('range-custom').click();
  await expect(page.getByRole('dialog', { name: 'Custom range' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Custom range' })).toHaveCount(0);
});
