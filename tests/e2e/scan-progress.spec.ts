// A large scan's progress in Chromium: the banner and the Overview while the core reads a long history, and
// neither once it is read; the Sources page's account of the last one. What the core pushes while it reads a real
// directory is checked by tests/integration/live-ingest.test.ts: a real scan is over too soon to be caught half-way
// here, so the first test adds the scan's frames to what the server sends through the real WebSocket.
import { rmSync } from 'node:fs';
import type { ScanProgress, WsServerFrame } from '../../shared/contract';
import { simulateClaudeDir } from '../../electron/main/simulate/simulate-claude-dir';
import { listFiles, transcriptBytes } from '../support/simulated-dir';
import { makeTempDirs } from '../support/temp-dirs';
import { expect, startServe, test } from './fixtures';

const MIB = 1024 * 1024;

test('a banner follows a large scan, and the Overview says the history is being read', async ({ page, served }) => {
  let push: (progress: ScanProgress) => void = () => {
    throw new Error('the page has no WebSocket yet');
  };
  await page.routeWebSocket(/\/api\?token=/, (ws) => {
    ws.connectToServer(); // everything else goes through both ways, unchanged
    push = (progress) =>
      ws.send(
        JSON.stringify({ kind: 'event', event: { name: 'sources.scan', payload: progress } } satisfies WsServerFrame),
      );
  });
  await page.goto(served.url);
  await expect(page.getByRole('heading', { name: 'No agent activity today yet' })).toBeVisible();
  await expect(page.getByTestId('scan-banner')).toHaveCount(0); // nothing large was read: no banner

  const startedAt = Date.now();
  push({ files: 5230, filesRead: 1234, bytes: 500 * MIB, bytesRead: 210 * MIB, startedAt, finishedAt: null });
  const banner = page.getByTestId('scan-banner');
  await expect(banner).toContainText('Reading your Claude Code history: 1,234 of 5,230 files, 210 of 500 MiB');
  await expect(banner.getByRole('progressbar', { name: 'History read' })).toHaveAttribute('aria-valuetext', '42%');
  await expect(page.getByRole('heading', { name: 'Reading your Claude Code history' })).toBeVisible();

  // It follows the scan on every panel, and goes when the scan ends.
  await page.keyboard.press('Alt+5');
  push({ files: 5230, filesRead: 5000, bytes: 500 * MIB, bytesRead: 480 * MIB, startedAt, finishedAt: null });
  await expect(banner).toContainText('5,000 of 5,230 files, 480 of 500 MiB');
  push({ files: 5230, filesRead: 5230, bytes: 500 * MIB, bytesRead: 500 * MIB, startedAt, finishedAt: Date.now() });
  await expect(banner).toHaveCount(0);
  await page.keyboard.press('Alt+1');
  await expect(page.getByRole('heading', { name: 'No agent activity today yet' })).toBeVisible();
});

test('the Sources page says how the last large read went', async ({ page }) => {
  const dirs = makeTempDirs();
  rmSync(dirs.claudeDir, { recursive: true }); // the simulator writes only into an empty folder
  simulateClaudeDir({ out: dirs.claudeDir, mib: 20, seed: 'e2e-scan', now: Date.now() });
  const files = listFiles(dirs.claudeDir).filter((f) => f.endsWith('.jsonl')).length;
  const mib = Math.round(transcriptBytes(dirs.claudeDir) / MIB);
  const { url, child } = await startServe(dirs);
  try {
    await page.goto(url);
    await page.keyboard.press('Alt+8');
    await expect(page.getByTestId('last-large-scan')).toContainText(`Last large read: ${files} files, ${mib} MiB in`);
    await expect(page.getByTestId('scan-banner')).toHaveCount(0);
  } finally {
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    dirs.cleanup();
  }
});
