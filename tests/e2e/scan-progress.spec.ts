// A large scan's progress in Chromium: the banner and the Overview while the core reads a long history, and
// neither once it is read. The core's side (what it pushes while reading a real directory) is checked by
// tests/integration/live-ingest.test.ts; here the page gets those pushes through the real WebSocket, with the
// scan's frames added to what the server sends.
import type { ScanProgress, WsServerFrame } from '../../shared/contract';
import { expect, test } from './fixtures';

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
