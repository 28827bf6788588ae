// The app's first scan of a large Claude data directory: how long the live core takes to start (hook receiver off)
// when it reads the transcripts on its own thread, and when it reads them on the built read-ahead worker, as the
// packaged app does. Alternating, each run into a new data directory. Reads the directory `ingest-vs-ccusage.ts
// --prepare` writes (500 MiB), generating it if missing.
// Usage: npx tsx bench/live-first-scan.ts [--mib 500] [--reps 2] (build first: npx electron-vite build)
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createLogger } from '../electron/main/core/logger';
import { MonitorCore } from '../electron/main/core/monitor-core';
import { claudeDir as benchDir, log, median, ROOT } from './ingest-support';

const { values } = parseArgs({
  options: { mib: { type: 'string', default: '500' }, reps: { type: 'string', default: '2' } },
});
const reps = Number(values.reps);
const WORKER = join(ROOT, 'out/main/transcript-worker.js');
if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run npx electron-vite build first`);

const scratch = mkdtempSync(join(tmpdir(), 'sfm-first-scan-'));
const claudeDir = benchDir(Number(values.mib));

/** Seconds from starting a core on an empty data directory to its first scan stored, and the rows it stored. */
async function firstScan(readAheadWorker: URL | null): Promise<{ seconds: number; records: number }> {
  const dataDir = mkdtempSync(join(scratch, 'data-'));
  const core = new MonitorCore({
    dataDir,
    claudeDirs: [claudeDir],
    mode: 'browser',
    log: createLogger('error'),
    hooks: false,
    readAheadWorker,
  });
  const t0 = performance.now();
  let seconds: number;
  try {
    await core.start();
    seconds = (performance.now() - t0) / 1000;
  } finally {
    core.close();
  }
  const db = new Database(join(dataDir, 'monitor.sqlite'), { readonly: true });
  try {
    return { seconds, records: db.prepare(`SELECT COUNT(*) FROM usage_records`).pluck().get() as number };
  } finally {
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

try {
  const here: number[] = [];
  const worker: number[] = [];
  for (let i = 0; i < reps; i++) {
    const a = await firstScan(null);
    const b = await firstScan(pathToFileURL(WORKER));
    if (a.records !== b.records) throw new Error(`the two scans stored ${a.records} and ${b.records} usage rows`);
    log(`rep ${i + 1}: one thread ${a.seconds.toFixed(2)} s, worker ${b.seconds.toFixed(2)} s (${a.records} rows)`);
    here.push(a.seconds);
    worker.push(b.seconds);
  }
  console.log(
    JSON.stringify(
      {
        claudeDir,
        oneThread: { median: median(here), runs: here },
        readAheadWorker: { median: median(worker), runs: worker },
        speedup: Math.round((median(here) / median(worker)) * 100) / 100,
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
