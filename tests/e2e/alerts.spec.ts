// The Alerts panel in Chromium against `serve`: a daily budget set in the rules editor, a transcript that
// spends past it, the alert appearing live, and acknowledging it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assistantLine, userLine } from '../support/transcript-lines';
import { expect, test } from './fixtures';

const SESSION = '3e5f7a9b-1c2d-4e6f-8a0b-2c4d6e8f0a1b';

test('a budget alert raised by a transcript appears in the Alerts panel and can be acknowledged', async ({
  page,
  served,
}) => {
  await page.goto(served.url);
  await page.getByRole('link', { name: 'Alerts' }).click();
  await expect(page.getByRole('heading', { name: 'Alerts', exact: true })).toBeVisible();
  await expect(page.getByText('No alerts')).toBeVisible();

  const budget = page.getByTestId('rule-budget');
  await budget.getByLabel('daily budget (USD)').fill('0.01');
  await budget.getByRole('button', { name: 'Save' }).click();
  await expect(budget.getByRole('status')).toHaveText('Saved');

  const now = new Date();
  writeFileSync(
    join(served.dirs.projectDir('-home-dev-shop'), `${SESSION}.jsonl`),
    userLine({ sessionId: SESSION }, now, 'migrate the orders table') +
      '\n' +
      assistantLine({ sessionId: SESSION }, now, { input: 2000, output: 4000 }) +
      '\n',
  );

  const row = page.getByTestId('alert-row').filter({ hasText: 'Daily budget' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('reached');
  await expect(row).toContainText('critical');
  await page.screenshot({ path: 'test-results/screenshots/alerts.png', fullPage: true });

  await row.getByRole('button', { name: /^Acknowledge/ }).click();
  await expect(row).toContainText('acknowledged');
  await page.getByLabel('Unacknowledged only').check();
  await expect(page.getByTestId('alert-row')).toHaveCount(0);
});
