// What the ingest benchmarks share: the simulated Claude data dir they read, the commands they time, ccusage's
// native binary, and the page cache filled before each contender.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simulateClaudeDir } from '../electron/main/simulate/simulate-claude-dir';

export const ROOT = resolve(import.meta.dirname, '..');
export const BENCH = join(ROOT, '.bench-data');
export const CLI = join(ROOT, 'out/main/cli.js');
const CCUSAGE_BIN = join(ROOT, 'node_modules/@ccusage/ccusage-linux-x64/bin/ccusage');
// A fixed seed and "now": the cached directory is the same bytes on every machine.
const SEED = 'ingest-bench';
const NOW = Date.UTC(2026, 0, 31, 12);

export const log = (s: string) => process.stderr.write(`${s}\n`);

/** The simulated Claude data dir of `mib` MiB, generated once into .bench-data. */
export function claudeDir(mib: number): string {
  const dir = join(BENCH, `claude-${mib}mib`);
  const done = join(dir, '.bench-complete');
  if (existsSync(done)) return dir;
  log(`generating ${mib} MiB of simulated transcripts in ${dir} (once)…`);
  mkdirSync(BENCH, { recursive: true });
  const summary = simulateClaudeDir({ out: dir, mib, seed: SEED, now: NOW });
  writeFileSync(done, JSON.stringify(summary));
  return dir;
}

/** Builds the app in `tree` (this checkout by default) into its out/, as the benches run it (skipped with --no-build). */
export function buildApp(tree = ROOT): void {
  log(`building ${tree} (electron-vite build)…`);
  execFileSync('npx', ['electron-vite', 'build'], { cwd: tree, stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * A scratch folder for one bench run (`prefix` names it), and the environment every contender runs in: nothing but
 * `dir` is read, with an empty HOME and the dir given explicitly.
 */
export function scratchRun(prefix: string, dir: string): { scratch: string; env: NodeJS.ProcessEnv } {
  const scratch = mkdtempSync(join(tmpdir(), prefix));
  const home = join(scratch, 'home');
  mkdirSync(home);
  return { scratch, env: { PATH: process.env.PATH, HOME: home, NO_COLOR: '1', CLAUDE_CONFIG_DIR: dir } };
}

export interface Run {
  seconds: number;
  maxRssMb: number;
  stdout: string;
}

/**
 * Runs a command under GNU time for its peak RSS; the wall time is measured here, to the millisecond (time's own
 * figure has 10 ms steps, a tenth of a warm report).
 */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Run {
  const stats = join(tmpdir(), `sfm-bench-time-${process.pid}`);
  const start = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', stats, cmd, ...args], {
    env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const kb = Number(readFileSync(stats, 'utf8').trim().split('\n').at(-1));
  rmSync(stats, { force: true });
  return { seconds, maxRssMb: kb / 1024, stdout: r.stdout };
}

/**
 * ccusage's native binary. A fresh install may leave it without the execute bit (its launcher fixes that on
 * first run): then a copy with the bit is run, so the timing stays the binary's alone, not a Node launcher's.
 */
export function nativeCcusage(): string {
  try {
    accessSync(CCUSAGE_BIN, constants.X_OK);
    return CCUSAGE_BIN;
  } catch {
    const copy = join(BENCH, 'ccusage-native');
    mkdirSync(BENCH, { recursive: true });
    copyFileSync(CCUSAGE_BIN, copy);
    chmodSync(copy, 0o755);
    return copy;
  }
}

/**
 * Reads every file under `dir` once, untimed, so each contender starts with the directory in the page cache: these
 * VMs reclaim idle cache on their own, and a run that meets a cold cache reads from disk (seconds, not the code).
 */
export function warmPageCache(dir: string): void {
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.isFile()) {
        const fd = openSync(path, 'r');
        try {
          while (readSync(fd, buffer, 0, buffer.length, null) > 0);
        } finally {
          closeSync(fd);
        }
      }
    }
  };
  walk(dir);
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;
