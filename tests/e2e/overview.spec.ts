// The Overview in Chromium against `serve`: numbers from a transcript, and a live append changing them.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assistantLine, userLine } from '../support/transcript-lines';
import { expect, test } from './fixtures';

const SESSION = '9b2f3c1d-4e5a-4b6c-8d7e-0f1a2b3c4d5e';

test('the Overview shows today’s tokens and follows a transcript as it grows', async ({ page, served }) => {
  const file = join(served.dirs.projectDir('-home-dev-shop'), `${SESSION}.jsonl`);
  const now = new Date();
  writeFileSync(
    file,
    userLine({ sessionId: SESSION }, now, 'fix the cart') +
      '\n' +
      assistantLine({ sessionId: SESSION }, now, { input: 1200, output: 800, model: 'claude-sonnet-4-5-20250929' }) +
      '\n',
  );

  await page.goto(served.url);
  await expect(page.getByRole('heading', { name: 'Today', exact: true })).toBeVisible();
  await expect(page.getByTestId('today-total-tokens-exact')).toHaveText('2000');
  await expect(page.getByTestId('today-sessions')).toContainText('1');
  await expect(page.getByTestId('sessions-table')).toContainText('shop');

  appendFileSync(file, assistantLine({ sessionId: SESSION }, new Date(), { input: 30000, output: 5000 }) + '\n');
  await expect(page.getByTestId('today-total-tokens-exact')).toHaveText('37000');
  await expect(page.getByTestId('today-tokens')).toContainText('37K');
  await expect(page.getByTestId('today-cost')).not.toContainText('$0.00');
  // The Overview's screenshot, live part included, is taken by overview-settings.spec.ts.
});

test('a wrong token gets no data, and the Sources page lists the watched directory', async ({ page, served }) => {
  const wrong = served.url.replace(/token=[^&]+/, 'token=wrong');
  await page.goto(wrong);
  await expect(page.getByTestId('connection-lost')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Today', exact: true })).toHaveCount(0);

  await page.goto(served.url);
  await expect(page.getByRole('heading', { name: 'Today', exact: true })).toBeVisible();
  await page.keyboard.press('Alt+8');
  await expect(page.getByRole('heading', { name: 'Sources' })).toBeVisible();
  await expect(page.getByTestId('sources-table')).toContainText(served.dirs.claudeDir);
});
