// A `serve` process per test, with its own Claude and data directories, and the URL it printed.
import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';

export interface Served {
  url: string;
  dirs: TempDirs;
}

/**
 * Starts the built CLI's `serve` and resolves with the dashboard URL it prints on its first line. `env` adds to the
 * child's environment (team mode: SUBFORGE_MONITOR_DATABASE_URL, _REDIS_URL, _TEAM, _DEVELOPER).
 */
export async function startServe(
  dirs: TempDirs,
  env: Record<string, string> = {},
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['out/main/cli.js', 'serve', '--port', '0', '--data-dir', dirs.dataDir, '--claude-dir', dirs.claudeDir],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SUBFORGE_MONITOR_LOG_LEVEL: 'warn', ...env } },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { url, child };
}

export const test = base.extend<{ served: Served }>({
  served: async ({}, use) => {
    const dirs = makeTempDirs();
    const { url, child } = await startServe(dirs);
    await use({ url, dirs });
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    dirs.cleanup();
  },
});

export { expect } from '@playwright/test';
