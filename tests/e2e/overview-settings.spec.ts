// The Overview's live part and the Sources & settings panel in Chromium against `serve`: hook events POSTed to the
// receiver show a running session and fill the feed; Settings installs hooks into a project's settings.json, saves
// a price override that changes the Overview's cost, and lists the file with skipped lines.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bodies, hookSession, toolUseId } from '../support/hook-bodies';
import { assistantLine, userLine } from '../support/transcript-lines';
import { expect, test } from './fixtures';

const MODEL = 'claude-sonnet-4-5-20250929';

/** The running receiver's URL and token, from the file the `hook` command reads too. */
async function hookEndpoint(dataDir: string): Promise<{ url: string; token: string }> {
  const file = join(dataDir, 'hook-endpoint.json');
  await expect.poll(() => existsSync(file)).toBe(true);
  return JSON.parse(readFileSync(file, 'utf8')) as { url: string; token: string };
}

test('the Overview shows a session running from hook events and lists them in the feed', async ({ page, served }) => {
  const sessionId = '4c1d2e3f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
  writeFileSync(
    join(served.dirs.projectDir('-home-dev-shop'), `${sessionId}.jsonl`),
    userLine({ sessionId }, new Date(), 'add a health check') +
      '\n' +
      assistantLine({ sessionId }, new Date(), { input: 1200, output: 300, model: MODEL }) +
      '\n',
  );
  await page.goto(served.url);
  await expect(page.getByRole('heading', { name: 'Today', exact: true })).toBeVisible();
  await expect(page.getByTestId('hooks-hint')).toBeVisible(); // no hooks installed anywhere yet

  const { url, token } = await hookEndpoint(served.dirs.dataDir);
  const s = hookSession(sessionId, '/home/dev/shop');
  const post = async (body: Record<string, unknown>) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-SubForge-Token': token },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  };
  await post(bodies.sessionStart(s));
  await post(bodies.userPromptSubmit(s));
  await post(bodies.preToolUse(s, toolUseId()));

  const row = page.locator(`[data-testid="live-session"][data-session="${sessionId}"]`);
  await expect(row).toHaveAttribute('data-status', 'running');
  await expect(row.getByTestId('status-chip').first()).toHaveText('running');
  await expect(row).toContainText('from hooks');
  await expect(row).toContainText('Bash');
  const feed = page.getByTestId('live-feed');
  await expect(feed.locator('[data-kind="hook"]')).toHaveCount(3);
  await expect(feed.getByTestId('feed-item').first()).toContainText('PreToolUse');
  await expect(feed.getByTestId('feed-item').last()).toContainText('SessionStart');

  await post(bodies.notification(s, 'permission_prompt'));
  await expect(row).toHaveAttribute('data-status', 'waiting');
  await expect(row.getByTestId('status-chip').first()).toHaveText('waiting for permission');
  await expect(feed.getByTestId('feed-item').first()).toContainText('Notification');
  await expect(page.getByTestId('latest-alerts')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/overview.png', fullPage: true });
});

test('Settings installs hooks into a project, saves a price override the Overview follows, and lists skipped lines', async ({
  page,
  served,
}) => {
  const sessionId = '5d2e3f4a-6b7c-4d8e-9fa0-1b2c3d4e5f60';
  const transcript = join(served.dirs.projectDir('-home-dev-shop'), `${sessionId}.jsonl`);
  writeFileSync(
    transcript,
    [
      userLine({ sessionId }, new Date(), 'fix the cart'),
      '{"type":"assistant","message":{"usage":', // a line cut off mid-write, then overwritten
      assistantLine({ sessionId }, new Date(), { input: 100_000, output: 0, model: MODEL }),
    ].join('\n') + '\n',
  );
  const project = join(served.dirs.dataDir, '..', 'shop');
  mkdirSync(join(project, '.claude'), { recursive: true });
  const settingsFile = join(project, '.claude', 'settings.json');
  writeFileSync(settingsFile, JSON.stringify({ model: 'opus', permissions: { allow: ['Bash(npm test)'] } }, null, 2));

  await page.goto(served.url);
  await expect(page.getByTestId('today-cost')).toContainText('$0.30'); // bundled: $3 per million input tokens
  await page.goto(served.url.replace(/#.*$/, '') + '#/sources');
  await expect(page.getByRole('heading', { name: 'Sources & settings' })).toBeVisible();

  // Skipped lines, per file.
  await expect(page.getByTestId('skipped-file')).toHaveCount(1);
  await expect(page.getByTestId('skipped-file')).toContainText(transcript);

  // Hooks into the typed project folder.
  await expect(page.getByTestId('hooks-section')).toContainText('Only the user');
  await page.getByTestId('hook-project-dir').fill(project);
  await page.getByTestId('hook-install-project').click();
  await expect(page.getByTestId('hooks-message')).toContainText(`Hooks written to ${settingsFile}`);
  const written = JSON.parse(readFileSync(settingsFile, 'utf8')) as {
    model: string;
    permissions: unknown;
    hooks: Record<string, { hooks: { type: string; command: string }[] }[]>;
  };
  expect(written.model).toBe('opus');
  expect(written.permissions).toEqual({ allow: ['Bash(npm test)'] });
  expect(written.hooks.PreToolUse?.[0]?.hooks[0]?.command).toContain('hook.js');
  expect(written.hooks.SessionEnd?.[0]?.hooks[0]?.command).toContain(served.dirs.dataDir);
  await expect(page.locator('[data-testid="hook-scope"][data-state="installed"]')).toContainText(project);

  // A price override for the transcript's model, from its row of the prices in effect.
  await page.getByText(/Prices in effect/).click();
  const priceRow = page.locator(`[data-testid="price-row"][data-model="${MODEL}"]`);
  await expect(priceRow).toContainText('$3');
  await priceRow.getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByTestId('price-model')).toHaveValue(MODEL);
  await page.getByTestId('price-model').fill(MODEL);
  await page.getByTestId('price-input').fill('10');
  await page.getByTestId('price-output').fill('20');
  await page.getByTestId('price-cacheWrite').fill('12.5');
  await page.getByTestId('price-cacheRead').fill('1');
  await page.getByTestId('price-save').click();
  await expect(page.getByTestId('price-message')).toContainText('1 stored usage records repriced');
  const overrides = JSON.parse(readFileSync(join(served.dirs.dataDir, 'model-prices.json'), 'utf8')) as Record<
    string,
    { input_cost_per_token: number }
  >;
  expect(overrides[MODEL]?.input_cost_per_token).toBeCloseTo(10e-6, 12);
  await expect(priceRow).toContainText('$10');
  await expect(priceRow).toContainText('override');

  // A bad rate is refused inline.
  await page.getByTestId('price-input').fill('');
  await page.getByTestId('price-save').click();
  await expect(page.getByTestId('price-message')).toContainText('prices.setOverride');
  await page.screenshot({ path: 'test-results/screenshots/settings.png', fullPage: true });

  await page.getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByTestId('today-cost')).toContainText('$1.00');
});
