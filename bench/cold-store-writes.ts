// The store's thread of a cold import, alone: the rows of every transcript (read once, untimed, as an import reads
// them, less subagents' meta files) stored into a new store in one bulk write, as `import` stores them (UsageStore.beginBulk, applyBatch per
// chunk, endBulk; ActivityStore with its runs derived at the end). Three ways, alternated in each rep: usage only,
// activity only, and both interleaved chunk by chunk as an import does. Reports the time of the batches and of the
// end (runs, rollups, deferred indexes, commit), the CPU time in user and system mode, and on Linux the read and
// write calls the store made.
// Usage: npx tsx bench/cold-store-writes.ts [--mib 500] [--reps 3] [--cache-mib 32] [--page-size 4096]
import BetterSqlite3 from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { locateTranscript } from '../electron/main/ingest/transcript-ingestor';
import { priceUsage, readTranscriptRows, type TranscriptRows } from '../electron/main/ingest/transcript-file';
import { PriceTable } from '../electron/main/pricing/price-table';
import { ActivityStore } from '../electron/main/store/activity-store';
import { openDatabase } from '../electron/main/store/database';
import { UsageStore, type UsageRecordRow } from '../electron/main/store/usage-store';
import { claudeDir, log, median, round } from './ingest-support';

const { values } = parseArgs({
  options: {
    mib: { type: 'string', default: '500' },
    reps: { type: 'string', default: '3' },
    'cache-mib': { type: 'string', default: '32' },
    'page-size': { type: 'string', default: '4096' },
  },
});
const reps = Number(values.reps);
const cacheKib = Number(values['cache-mib']) * 1024;
const pageSize = Number(values['page-size']);
const root = claudeDir(Number(values.mib));
if (!existsSync(root)) throw new Error(`no data in ${root}: run npx tsx bench/ingest-vs-ccusage.ts --prepare first`);

type Chunk = Omit<TranscriptRows, 'usage'> & { usage: UsageRecordRow[] };

/** Every chunk of rows an import of `root` stores, in its order, priced as the ingestor prices them. */
async function readChunks(): Promise<Chunk[]> {
  const files: string[] = [];
  const visit = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) visit(path);
      else if (e.name.endsWith('.jsonl')) files.push(path);
    }
  };
  visit(join(root, 'projects'));
  files.sort();
  const prices = new PriceTable();
  const chunks: Chunk[] = [];
  const keep = (rows: TranscriptRows) => chunks.push({ ...rows, usage: rows.usage.map((u) => priceUsage(u, prices)) });
  for (const path of files) {
    const request = {
      path,
      location: locateTranscript(root, path),
      offset: 0,
      inode: 0,
      activity: true,
      readMeta: false,
    };
    const end = await readTranscriptRows(request, keep);
    keep(end.rows);
  }
  return chunks;
}

/** This process's read and write calls so far (Linux), else null. */
function ioCalls(): { reads: number; writes: number } | null {
  if (!existsSync('/proc/self/io')) return null;
  const fields = Object.fromEntries(
    readFileSync('/proc/self/io', 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(': ')),
  );
  return { reads: Number(fields.syscr), writes: Number(fields.syscw) };
}

type Mode = 'usage' | 'activity' | 'both';

function store(chunks: Chunk[], mode: Mode) {
  const dir = mkdtempSync(join(tmpdir(), 'sfm-cold-store-'));
  const file = join(dir, 'monitor.sqlite');
  try {
    // The page size of a new file is set before its first table.
    const fresh = new BetterSqlite3(file);
    fresh.pragma(`page_size = ${pageSize}`);
    fresh.exec('CREATE TABLE page_size_set (x); DROP TABLE page_size_set');
    fresh.close();
    const db = openDatabase(file);
    const usage = new UsageStore(db);
    const activity = new ActivityStore(db);
    const before = ioCalls();
    const cpu = process.cpuUsage();
    if (!usage.beginBulk()) throw new Error('the new store refused a bulk write');
    db.pragma(`cache_size = -${cacheKib}`);
    activity.deferRuns();
    const started = performance.now();
    for (const c of chunks) {
      if (mode !== 'usage' && c.activity) activity.applyBatch(c.activity);
      if (mode !== 'activity') usage.applyBatch(c.usage, c.sessions);
    }
    const batches = performance.now() - started;
    activity.endDeferRuns();
    usage.endBulk();
    const end = performance.now() - started - batches;
    const after = ioCalls();
    const used = process.cpuUsage(cpu);
    db.close();
    return {
      batchesMs: batches,
      endMs: end,
      userMs: used.user / 1000,
      systemMs: used.system / 1000,
      reads: before && after ? after.reads - before.reads : null,
      writes: before && after ? after.writes - before.writes : null,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

log(`reading ${root} (untimed)…`);
const chunks = await readChunks();
log(`${chunks.length} chunks; ${reps} reps, cache ${values['cache-mib']} MiB, page size ${pageSize}`);
const modes: Mode[] = ['usage', 'activity', 'both'];
const runs: Record<Mode, ReturnType<typeof store>[]> = { usage: [], activity: [], both: [] };
for (let rep = 0; rep < reps; rep++) {
  for (const mode of modes) {
    const r = store(chunks, mode);
    runs[mode].push(r);
    log(`rep ${rep + 1} ${mode}: batches ${round(r.batchesMs, 0)} ms, end ${round(r.endMs, 0)} ms`);
  }
}
const summary = Object.fromEntries(
  modes.map((mode) => [
    mode,
    {
      batchesMs: round(median(runs[mode].map((r) => r.batchesMs)), 0),
      endMs: round(median(runs[mode].map((r) => r.endMs)), 0),
      userMs: round(median(runs[mode].map((r) => r.userMs)), 0),
      systemMs: round(median(runs[mode].map((r) => r.systemMs)), 0),
      reads: runs[mode][0]!.reads,
      writes: runs[mode][0]!.writes,
    },
  ]),
);
const apart = summary.usage!.batchesMs + summary.activity!.batchesMs;
console.log(
  JSON.stringify(
    {
      bench: 'cold-store-writes',
      mib: Number(values.mib),
      cacheMib: Number(values['cache-mib']),
      pageSize,
      reps,
      ...summary,
      interleavedOverApart: round(summary.both!.batchesMs / apart, 3),
    },
    null,
    2,
  ),
);
