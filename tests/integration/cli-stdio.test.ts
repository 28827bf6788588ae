// The CLI's output written to its descriptors (cli/stdio.ts) reaches a reader whole and in order when the pipe
// fills up, and a reader that went away ends a command quietly, as with `report --json | head`.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry under plain Node (tsx loader); `reader` decides how the parent reads stdout. */
function run(entry: string, args: string[], reader: 'late' | 'gone'): Promise<Ran> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(entry), ...args]);
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    if (reader === 'gone') {
      child.stdout.destroy();
    } else {
      // Not read until the child has had time to fill the pipe and meet a full one.
      child.stdout.pause();
      setTimeout(() => child.stdout.on('data', (c: Buffer) => (stdout += c.toString())).resume(), 1000);
    }
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('CLI output', () => {
  let dirs: TempDirs;
  beforeEach(() => {
    dirs = makeTempDirs();
  });
  afterEach(() => dirs.cleanup());

  it('reaches a slow reader whole and in order through a full non-blocking pipe', async () => {
    const ran = await run('tests/support/stdio-flood.ts', [], 'late');
    expect(ran).toMatchObject({ code: 0, stderr: '' });
    const lines = ran.stdout.split('\n');
    expect(lines).toHaveLength(20_002);
    expect(lines.slice(0, 20_000).every((line, i) => line === `line ${i}`)).toBe(true);
    expect(lines.slice(-2)).toEqual(['end', '']);
  });

  it('ends a report quietly, with exit code 0, when its reader went away', async () => {
    const args = ['report', 'daily', '--json', '--claude-dir', dirs.claudeDir, '--data-dir', dirs.dataDir];
    const ran = await run('electron/main/cli/index.ts', args, 'gone');
    expect(ran).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
