// Agents panel and Task board in Chromium against `serve`, on real-format transcript lines and real agent
// definition files (user scope and a project's scope, plus a broken one): run counts and success rates, the
// detail view, cards in their columns, a live append that adds and then moves a card, filters that survive a
// reload, exports, and keyboard access.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { assistantBlocks, promptLine, taskResult, toolResultLine, toolUse, type Ctx } from '../support/activity-lines';
import { bodies, hookSession } from '../support/hook-bodies';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';
import { expect, startServe } from './fixtures';

const S = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const MIN = 60_000;

interface Seeded {
  url: string;
  dirs: TempDirs;
  /** The parent transcript, for live appends. */
  transcript: string;
  main: Ctx;
}

/**
 * One session in the project `<root>/work/shop` that ran three code-reviewer subagents (two succeeded, one
 * failed) and one test-engineer that is still running, and kept a TodoWrite list; code-reviewer is defined in
 * the user scope, test-engineer in the project's scope, and one definition file is broken.
 */
function seed(dirs: TempDirs): { transcript: string; main: Ctx } {
  const cwd = join(dirname(dirs.claudeDir), 'work', 'shop');
  mkdirSync(join(cwd, '.claude', 'agents'), { recursive: true });
  mkdirSync(join(dirs.claudeDir, 'agents'), { recursive: true });
  writeFileSync(
    join(dirs.claudeDir, 'agents', 'code-reviewer.md'),
    '---\nname: code-reviewer\ndescription: Reviews diffs for bugs and risky changes.\nmodel: sonnet\n' +
      'tools: Read, Grep, Glob\n---\n\nYou review code.\n',
  );
  writeFileSync(
    join(cwd, '.claude', 'agents', 'test-engineer.md'),
    '---\nname: test-engineer\ndescription: Writes and runs tests.\ntools:\n  - Read\n  - Write\n  - Bash\n---\nbody\n',
  );
  writeFileSync(join(dirs.claudeDir, 'agents', 'broken.md'), '# An agent without frontmatter\n');

  const project = dirs.projectDir('-work-shop');
  const subDir = join(project, S, 'subagents');
  mkdirSync(subDir, { recursive: true });
  const main: Ctx = { sessionId: S, cwd };
  const now = Date.now();
  const at = (minutesAgo: number) => new Date(now - minutesAgo * MIN);
  const call = (id: string, type: string, description: string, prompt: string) =>
    toolUse(id, 'Task', { subagent_type: type, description, prompt });
  const todos = (...items: [string, string][]) =>
    items.map(([content, status]) => ({ content, status, activeForm: `${content}…` }));

  const parent = [
    assistantBlocks(main, at(30), [call('toolu_r1', 'code-reviewer', 'Review cart', 'Review the cart module')]),
    toolResultLine(main, at(27), 'toolu_r1', {
      text: 'Looks good.',
      toolUseResult: taskResult('a0000r1', 'Review the cart module'),
    }),
    assistantBlocks(main, at(26), [call('toolu_r2', 'code-reviewer', 'Review payments', 'Review the payments')]),
    toolResultLine(main, at(25), 'toolu_r2', { text: 'Agent crashed: tool limit', isError: true }),
    assistantBlocks(main, at(20), [call('toolu_r3', 'code-reviewer', 'Review checkout', 'Review the checkout')]),
    toolResultLine(main, at(15), 'toolu_r3', {
      text: 'Two issues.',
      toolUseResult: taskResult('a0000r3', 'Review the checkout'),
    }),
    assistantBlocks(main, at(10), [
      toolUse('toolu_todo', 'TodoWrite', {
        todos: todos(['Add cart', 'completed'], ['Add checkout', 'in_progress'], ['Write docs', 'pending']),
      }),
    ]),
    assistantBlocks(main, at(2), [call('toolu_t1', 'test-engineer', 'Write cart tests', 'Write tests for the cart')]),
  ];
  const transcript = join(project, `${S}.jsonl`);
  writeFileSync(transcript, parent.join('\n') + '\n');

  const runs: [string, string, number, number][] = [
    ['a0000r1', 'Review the cart module', 30, 300],
    ['a0000r2', 'Review the payments', 26, 120],
    ['a0000r3', 'Review the checkout', 20, 500],
    ['a0000t1', 'Write tests for the cart', 2, 80],
  ];
  for (const [agentId, prompt, minutesAgo, input] of runs) {
    const sub: Ctx = { ...main, isSidechain: true, agentId };
    writeFileSync(
      join(subDir, `agent-${agentId}.jsonl`),
      [
        promptLine(sub, new Date(now - minutesAgo * MIN + 1000), prompt),
        assistantBlocks(
          sub,
          new Date(now - minutesAgo * MIN + 20_000),
          [toolUse(`toolu_${agentId}_read`, 'Read', { file_path: join(cwd, 'cart.ts') })],
          { input, output: 40 },
        ),
        toolResultLine(sub, new Date(now - minutesAgo * MIN + 21_000), `toolu_${agentId}_read`, { text: 'ok' }),
      ].join('\n') + '\n',
    );
  }
  return { transcript, main };
}

/** `serve` started after the data is written, so the first scan finds the registry and the transcripts. */
const test = base.extend<{ seeded: Seeded }>({
  seeded: async ({}, use) => {
    const dirs = makeTempDirs();
    const { transcript, main } = seed(dirs);
    const { url, child } = await startServe(dirs);
    await use({ url, dirs, transcript, main });
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    dirs.cleanup();
  },
});

/** Posts one hook body to the receiver `serve` started, as Claude Code's http hook does. */
async function postHook(dataDir: string, body: Record<string, unknown>): Promise<void> {
  const endpoint = JSON.parse(readFileSync(join(dataDir, 'hook-endpoint.json'), 'utf8')) as {
    url: string;
    token: string;
  };
  const res = await fetch(endpoint.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${endpoint.token}` },
    body: JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
}

/** Opens a panel by its hash route, as following a link would. */
async function open(page: Page, url: string, hash: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Today', exact: true })).toBeVisible();
  await page.evaluate((h) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = h;
  }, hash);
}

const agentRow = (page: Page, name: string) => page.locator(`[data-testid="agent-row"][data-agent="${name}"]`);
const column = (page: Page, status: string) => page.getByTestId(`task-column-${status}`);
const card = (page: Page, status: string, title: string) =>
  column(page, status).getByTestId('task-card').filter({ hasText: title });

async function download(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
}

test('Agents lists every agent type with its runs and success rate; the detail shows the definition and runs', async ({
  page,
  seeded,
}) => {
  await open(page, seeded.url, '#/agents');
  await expect(page.getByRole('heading', { name: 'Agents', exact: true })).toBeVisible();

  const reviewer = agentRow(page, 'code-reviewer');
  await expect(reviewer.getByTestId('agent-runs')).toHaveText('3');
  await expect(reviewer.getByTestId('agent-success')).toHaveText('66.7%');
  await expect(reviewer).toContainText('user');
  await expect(reviewer).toContainText('Read 3');
  await expect(reviewer.getByTestId('agent-status')).toHaveText('idle');
  const tester = agentRow(page, 'test-engineer');
  await expect(tester.getByTestId('agent-runs')).toHaveText('1');
  await expect(tester.getByTestId('agent-success')).toHaveText('—');
  await expect(tester.getByTestId('agent-status')).toHaveText('running');
  await expect(tester).toContainText('project');
  await expect(page.getByTestId('agent-bad-files')).toContainText('broken.md');
  await expect(page.getByTestId('agent-bad-files')).toContainText('frontmatter');
  await page.screenshot({ path: 'test-results/screenshots/agents.png', fullPage: true });

  // Hook events say what an agent type does now, ahead of the transcripts, and reach the table without a reload.
  const hooked = hookSession(S, seeded.main.cwd);
  const liveReviewer = { agentId: 'a0000hk', agentType: 'code-reviewer' };
  await postHook(seeded.dirs.dataDir, bodies.subagentStart(hooked, liveReviewer));
  await expect(reviewer.getByTestId('agent-status')).toHaveText('running');
  await postHook(seeded.dirs.dataDir, bodies.permissionRequest(hooked, liveReviewer));
  await expect(reviewer.getByTestId('agent-status')).toHaveText('waiting for permission');
  await postHook(seeded.dirs.dataDir, bodies.subagentStop(hooked, liveReviewer));
  await expect(reviewer.getByTestId('agent-status')).toHaveText('idle');

  // Sorting by keyboard: Tab reaches the header buttons, Enter sorts.
  await page.getByTestId('sort-Runs').focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/sort=runs/);
  await expect(page.locator('th[aria-sort="descending"]')).toContainText('Runs');
  await expect(page.getByTestId('agent-row').first()).toHaveAttribute('data-agent', 'code-reviewer');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/dir=asc/);
  await expect(page.getByTestId('agent-row').first()).toHaveAttribute('data-agent', 'test-engineer');

  // Search and scope live in the URL and survive a reload.
  await page.getByTestId('agents-search').fill('tests');
  await page.getByTestId('agents-search').press('Enter');
  await expect(page).toHaveURL(/q=tests/);
  await expect(page.getByTestId('agent-row')).toHaveCount(1);
  await page.reload();
  await expect(page.getByTestId('agents-search')).toHaveValue('tests');
  await expect(page.getByTestId('agent-row')).toHaveCount(1);
  await expect(page.getByTestId('agent-row')).toHaveAttribute('data-agent', 'test-engineer');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByTestId('agent-row')).toHaveCount(2);

  // Export: one CSV row per agent shown; JSON carries the bad files too.
  const csv = await download(page, 'Export CSV');
  expect(csv.name).toBe('agents.csv');
  const lines = csv.text.trimEnd().split('\r\n');
  expect(lines[0]).toMatch(/^name,scope,model,runs,succeeded,failed,running,successRate,/);
  expect(lines).toHaveLength(3);
  expect(lines.find((l) => l.startsWith('code-reviewer,'))).toMatch(/^code-reviewer,user,sonnet,3,2,1,0,0\.666/);
  const json = JSON.parse((await download(page, 'Export JSON')).text) as {
    agents: { name: string }[];
    badFiles: { path: string }[];
  };
  expect(json.agents.map((a) => a.name).sort()).toEqual(['code-reviewer', 'test-engineer']);
  expect(json.badFiles).toHaveLength(1);

  // The detail view: definition and recent runs, each linking to its session.
  await page.getByRole('link', { name: 'code-reviewer', exact: true }).click();
  await expect(page).toHaveURL(/#\/agents\?.*agent=code-reviewer/);
  await expect(page.getByRole('heading', { name: 'code-reviewer', level: 1 })).toBeVisible();
  const definition = page.getByTestId('agent-definition');
  await expect(definition).toContainText('Reviews diffs for bugs and risky changes.');
  await expect(definition).toContainText('sonnet');
  await expect(definition).toContainText('Read, Grep, Glob');
  await expect(definition).toContainText(join(seeded.dirs.claudeDir, 'agents', 'code-reviewer.md'));
  await expect(page.getByTestId('agent-detail-runs')).toContainText('3');
  const runs = page.getByTestId('agent-run-row');
  await expect(runs).toHaveCount(3);
  await expect(page.locator('[data-testid="agent-run-row"][data-status="failed"]')).toContainText('Review payments');
  await expect(page.locator('[data-testid="agent-run-row"][data-status="succeeded"]')).toHaveCount(2);
  await expect(runs.first().getByRole('link')).toHaveAttribute('href', `#/sessions?session=${S}`);
  await page.screenshot({ path: 'test-results/screenshots/agents-detail.png', fullPage: true });
  await page.getByRole('link', { name: '← All agents' }).click();
  await expect(page.getByTestId('agents-table')).toBeVisible();
});

test('the Task board puts each task in its column and follows a live append without a reload', async ({
  page,
  seeded,
}) => {
  await open(page, seeded.url, '#/tasks');
  await expect(page.getByRole('heading', { name: 'Task board' })).toBeVisible();

  await expect(card(page, 'done', 'Review cart')).toHaveCount(1);
  await expect(card(page, 'done', 'Review checkout')).toHaveCount(1);
  await expect(card(page, 'failed', 'Review payments')).toHaveCount(1);
  await expect(card(page, 'running', 'Write cart tests')).toHaveCount(1);
  await expect(card(page, 'done', 'Add cart')).toHaveCount(1);
  await expect(card(page, 'running', 'Add checkout')).toHaveCount(1);
  await expect(card(page, 'queued', 'Write docs')).toHaveCount(1);
  await expect(column(page, 'done').getByTestId('column-count')).toHaveText('3');
  await expect(column(page, 'running').getByTestId('column-count')).toHaveText('2');
  await expect(column(page, 'waiting').getByTestId('column-count')).toHaveText('0');

  // A subagent card: its agent, its run's tokens (input + output of its own responses), a link to its session.
  const review = card(page, 'done', 'Review cart');
  await expect(review.getByTestId('task-agent')).toHaveText('code-reviewer');
  await expect(review.getByTestId('task-tokens')).toHaveText('340 tok');
  await expect(review).toContainText('shop');
  await expect(review).toHaveAttribute('href', `#/sessions?session=${S}`);
  // The running card's clock ticks on its own.
  const clock = card(page, 'running', 'Write cart tests').getByTestId('task-elapsed');
  const first = await clock.textContent();
  await expect(clock).not.toHaveText(first!);
  await page.screenshot({ path: 'test-results/screenshots/tasks.png', fullPage: true });

  // A new Task call appears in Running; its result moves it to Done — no reload.
  appendFileSync(
    seeded.transcript,
    assistantBlocks(seeded.main, new Date(), [
      toolUse('toolu_live', 'Task', {
        subagent_type: 'code-reviewer',
        description: 'Review refunds',
        prompt: 'Review the refunds',
      }),
    ]) + '\n',
  );
  await expect(card(page, 'running', 'Review refunds')).toHaveCount(1);
  await expect(column(page, 'running').getByTestId('column-count')).toHaveText('3');
  appendFileSync(
    seeded.transcript,
    toolResultLine(seeded.main, new Date(), 'toolu_live', {
      text: 'Fine.',
      toolUseResult: taskResult(null, 'Review the refunds'),
    }) + '\n',
  );
  await expect(card(page, 'done', 'Review refunds')).toHaveCount(1);
  await expect(card(page, 'running', 'Review refunds')).toHaveCount(0);
  await expect(column(page, 'done').getByTestId('column-count')).toHaveText('4');
});

test('Task board filters live in the URL, survive a reload and shape the export', async ({ page, seeded }) => {
  await open(page, seeded.url, '#/tasks');
  await expect(card(page, 'queued', 'Write docs')).toHaveCount(1);

  await page.getByTestId('tasks-agent').selectOption('code-reviewer');
  await expect(page).toHaveURL(/#\/tasks\?agent=code-reviewer$/);
  await page.getByTestId('tasks-source').selectOption('subagent');
  await expect(page).toHaveURL(/agent=code-reviewer&source=subagent/);
  await page.reload();
  await expect(page.getByTestId('tasks-agent')).toHaveValue('code-reviewer');
  await expect(page.getByTestId('tasks-source')).toHaveValue('subagent');
  await expect(page.getByTestId('task-card')).toHaveCount(3);
  await expect(page.getByTestId('tasks-count')).toHaveText('3 of 7 tasks');

  const csv = await download(page, 'Export CSV');
  expect(csv.name).toBe('tasks-subagent.csv');
  const lines = csv.text.trimEnd().split('\r\n');
  expect(lines[0]).toBe(
    'id,status,source,title,agent,project,sessionId,startedAt,updatedAt,elapsedMs,totalTokens,totalCost',
  );
  expect(
    lines
      .slice(1)
      .map((l) => l.split(',')[1])
      .sort(),
  ).toEqual(['done', 'done', 'failed']);
  const json = JSON.parse((await download(page, 'Export JSON')).text) as { title: string; totalTokens: number }[];
  expect(json.map((t) => t.title).sort()).toEqual(['Review cart', 'Review checkout', 'Review payments']);
  expect(json.find((t) => t.title === 'Review checkout')!.totalTokens).toBe(540);

  // Text search narrows further; Clear filters brings every task back.
  await page.getByTestId('tasks-search').fill('payments');
  await page.getByTestId('tasks-search').press('Enter');
  await expect(page).toHaveURL(/q=payments/);
  await expect(page.getByTestId('task-card')).toHaveCount(1);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByTestId('task-card')).toHaveCount(7);

  // Every card that has a session is a link, reachable by Tab, with a visible focus ring.
  await expect(page.getByTestId('task-board').getByRole('link')).toHaveCount(7);
  await page.getByRole('button', { name: 'Export JSON' }).focus();
  await page.keyboard.press('Tab');
  const focused = page.locator(':focus');
  await expect(focused).toHaveAttribute('data-testid', 'task-card');
  await expect(focused).toHaveCSS('outline-style', 'solid');
});

test('empty Agents and Task board panels say what to do', async ({ page }) => {
  const dirs = makeTempDirs();
  const { url, child } = await startServe(dirs);
  try {
    await open(page, url, '#/agents');
    await expect(page.getByText('No agents yet')).toBeVisible();
    await expect(page.getByText('.claude/agents/').first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Load demo data' })).toBeVisible();
    await open(page, url, '#/tasks');
    await expect(page.getByText('No tasks yet')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Load demo data' })).toBeVisible();
  } finally {
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    dirs.cleanup();
  }
});
