// The Alerts panel in Chromium against `serve`: a daily budget set in the rules editor, a transcript that
// spends past it, the alert appearing live, and acknowledging it; a failing subagent run read from a transcript;
// a permission prompt posted to the hook receiver and left unanswered.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assistantBlocks, toolResultLine, toolUse } from '../support/activity-lines';
import { bodies, hookSession } from '../support/hook-bodies';
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

test('a failing subagent run in a transcript raises a run failed alert that can be acknowledged', async ({
  page,
  served,
}) => {
  await page.goto(served.url);
  await page.getByRole('link', { name: 'Alerts' }).click();
  await expect(page.getByText('No alerts')).toBeVisible();

  // The main thread starts a test-runner subagent; its Task call comes back as an error.
  const session = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
  const call = 'toolu_01FailingSubagentRun0001';
  const ctx = { sessionId: session };
  const started = new Date(Date.now() - 12_000);
  writeFileSync(
    join(served.dirs.projectDir('-home-dev-shop'), `${session}.jsonl`),
    [
      assistantBlocks(ctx, started, [
        toolUse(call, 'Task', {
          description: 'Run the test suite',
          prompt: 'Run npm test and report failures',
          subagent_type: 'test-runner',
        }),
      ]),
      toolResultLine(ctx, new Date(), call, { text: 'API Error: 529 Overloaded', isError: true }),
    ].join('\n') + '\n',
  );

  const row = page.getByTestId('alert-row').filter({ hasText: 'test-runner failed' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('critical');
  await expect(row).toContainText('failed after 12 s');
  await row.getByRole('button', { name: /^Acknowledge/ }).click();
  await expect(row).toContainText('acknowledged');
});

test('a permission prompt posted to the hook receiver and left unanswered raises a waiting alert', async ({
  page,
  served,
}) => {
  await page.goto(served.url);
  await page.getByRole('link', { name: 'Alerts' }).click();
  const waiting = page.getByTestId('rule-session_waiting');
  await waiting.getByLabel('seconds waiting').fill('2');
  await waiting.getByRole('button', { name: 'Save' }).click();
  await expect(waiting.getByRole('status')).toHaveText('Saved');

  // Where the running app listens, as the `hook` command finds it: the endpoint file in the data directory.
  const endpoint = JSON.parse(readFileSync(join(served.dirs.dataDir, 'hook-endpoint.json'), 'utf8')) as {
    url: string;
    token: string;
  };
  const s = hookSession('8b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e');
  for (const body of [
    bodies.sessionStart(s),
    bodies.userPromptSubmit(s),
    bodies.notification(s, 'permission_prompt'),
  ]) {
    const res = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${endpoint.token}` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  }

  const row = page.getByTestId('alert-row').filter({ hasText: 'waits for permission' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`Session ${s.sessionId.slice(0, 8)} waits for permission`);
  await expect(row).toContainText('warning');
  await page.screenshot({ path: 'test-results/screenshots/alerts-waiting.png', fullPage: true });
});
