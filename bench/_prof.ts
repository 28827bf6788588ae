/// <reference lib="dom" />
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
async function main() {
  const child = spawn(process.execPath, ['out/main/cli.js','serve','--port','0','--data-dir','.bench-data/renderer-1000000/data','--claude-dir','.bench-data/renderer-1000000/claude'], { stdio: ['ignore','pipe','pipe'] });
  const url = await new Promise<string>((d) => createInterface({ input: child.stdout! }).once('line', d));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.goto(url);
  await page.getByTestId('today-total-tokens-exact').waitFor({ state: 'attached' });
  const target = process.argv[2] ?? 'Overview';
  const from = process.argv[3] ?? 'Sources & settings';
  await page.getByRole('link', { name: from, exact: true }).click();
  await page.waitForTimeout(1500);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 200 }); await cdp.send('Profiler.start');
  const t = Date.now();
  await page.getByRole('link', { name: target, exact: true }).click();
  await page.waitForFunction(() => !document.querySelector('main .loading, main [aria-busy="true"]') && document.querySelector('main h1'), undefined, { polling: 'raf' });
  const ms = Date.now() - t;
  await page.waitForTimeout(300);
  const { profile } = await cdp.send('Profiler.stop');
  const self = new Map<string, number>();
  const dt = profile.timeDeltas ?? [];
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  (profile.samples ?? []).forEach((id, i) => { const n = byId.get(id)!; const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000); });
  console.log(`${target}: ${ms} ms`);
  console.log([...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(1).padStart(7)} ms ${k}`).join('\n'));
  await browser.close(); child.kill();
}
void main();
