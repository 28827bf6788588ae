// The floors under issue 3's cold and warm figures, measured in one run beside ccusage's native binary on the
// directory `ingest-vs-ccusage.ts` uses. Each floor is work no import or report of this design can skip, timed with
// nothing of ours around it:
// - store: SQLite alone writing the rows an import stores, copied with INSERT … SELECT from an imported store into
//   a new one (no JavaScript per row), with the cold import's bulk write (UsageStore.beginBulk/endBulk: rollups and
//   deferred indexes built at the end, one commit);
// - parse: reading every transcript and JSON.parse of every line, on one thread;
// - start: `node -e 0`;
// - walk: listing the directory and a stat of every transcript, which a report does to know nothing changed.
// A cold import cannot take less than Node's start plus the larger of the store (one writer) and half of store and
// parse together (two cores); a warm report not less than the start plus the walk.
// Usage: npx tsx bench/ingest-floors.ts [--mib 500] [--reps 3] [--no-build]
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../electron/main/store/database';
import { ROLLUP_REBUILD_SQL } from '../electron/main/store/usage-rollups';
import { UsageStore } from '../electron/main/store/usage-store';
import {
  buildApp,
  claudeDir,
  CLI,
  log,
  median,
  nativeCcusage,
  round,
  run,
  scratchRun,
  warmPageCache,
} from './ingest-support';

const { values } = parseArgs({
  options: {
    mib: { type: 'string', default: '500' },
    reps: { type: 'string', default: '3' },
    'no-build': { type: 'boolean', default: false },
  },
});
const reps = Number(values.reps);
const dir = claudeDir(Number(values.mib));

/** Seconds SQLite takes to write `source`'s rows into a new store at `target`, as a cold import's bulk write. */
function storeFloor(source: string, target: string): number {
  const db = openDatabase(target);
  try {
    db.exec(`ATTACH DATABASE '${source.replaceAll("'", "''")}' AS imported`);
    // Rollups are built by endBulk from the records, as after an import; every other table is copied.
    const tables = (
      db
        .prepare(`SELECT name FROM imported.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
        .pluck()
        .all() as string[]
    ).filter((t) => !ROLLUP_REBUILD_SQL.includes(`DELETE FROM ${t};`));
    const store = new UsageStore(db);
    const start = performance.now();
    if (!store.beginBulk()) throw new Error('the new store refused a bulk write');
    // `WHERE true` keeps SQLite from copying b-tree pages whole (its transfer optimisation): rows go in one by one.
    for (const t of tables) db.exec(`INSERT INTO main."${t}" SELECT * FROM imported."${t}" WHERE true`);
    store.endBulk();
    return (performance.now() - start) / 1000;
  } finally {
    db.close();
  }
}

/** Every transcript under `root`, with the folders listed on the way. */
function walk(root: string): { files: string[]; folders: number } {
  const files: string[] = [];
  let folders = 0;
  const visit = (d: string): void => {
    folders++;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) visit(path);
      else if (e.name.endsWith('.jsonl')) files.push(path);
    }
  };
  visit(join(root, 'projects'));
  return { files, folders };
}

/** Seconds to read every file and JSON.parse each of its lines; the lines that parsed. */
function parseFloor(files: string[]): { seconds: number; lines: number } {
  const start = performance.now();
  let lines = 0;
  for (const file of files) {
    const text = readFileSync(file, 'latin1');
    for (let at = 0; at < text.length;) {
      let end = text.indexOf('\n', at);
      if (end < 0) end = text.length;
      try {
        JSON.parse(text.slice(at, end));
        lines++;
      } catch {
        // A damaged line: the simulator writes some.
      }
      at = end + 1;
    }
  }
  return { seconds: (performance.now() - start) / 1000, lines };
}

/** Seconds to list the directory and stat every transcript, as a warm report does. */
function walkFloor(): number {
  const start = performance.now();
  for (const file of walk(dir).files) statSync(file);
  return (performance.now() - start) / 1000;
}

function main(): void {
  if (!values['no-build']) buildApp();
  const { scratch, env } = scratchRun('sfm-ingest-floors-', dir);
  const node = process.execPath;
  const ccusage = nativeCcusage();
  const { files, folders } = walk(dir);
  const runs = { native: [] as number[], import: [] as number[], store: [] as number[], parse: [] as number[] };
  const starts: number[] = [];
  const walks: number[] = [];
  let lines = 0;
  try {
    // Interleaved, so load from other jobs on the machine falls on every measure alike.
    for (let i = 0; i < reps; i++) {
      log(`rep ${i + 1}/${reps}: ccusage native, our import, store, parse, start, walk…`);
      warmPageCache(dir);
      runs.native.push(run(ccusage, ['daily', '--json', '--offline', '-z', 'UTC'], env).seconds);
      const dataDir = join(scratch, `data-${i}`);
      warmPageCache(dir);
      runs.import.push(run(node, [CLI, 'import', '--claude-dir', dir, '--data-dir', dataDir], env).seconds);
      const copy = join(scratch, `copy-${i}`, 'monitor.sqlite');
      runs.store.push(storeFloor(join(dataDir, 'monitor.sqlite'), copy));
      rmSync(join(scratch, `copy-${i}`), { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
      warmPageCache(dir);
      const parsed = parseFloor(files);
      runs.parse.push(parsed.seconds);
      lines = parsed.lines;
      for (let s = 0; s < 5; s++) starts.push(run(node, ['-e', '0'], env).seconds);
      for (let w = 0; w < 5; w++) walks.push(walkFloor());
    }
    const m = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)])) as Record<
      keyof typeof runs,
      number
    >;
    const start = median(starts);
    const cold = start + Math.max(m.store, (m.store + m.parse) / 2);
    const warm = start + median(walks);
    const summary = {
      data: { dir, files: files.length, folders, linesParsed: lines },
      repetitions: reps,
      seconds: {
        ccusageNative: { median: round(m.native), runs: runs.native.map((s) => round(s)) },
        ourImport: { median: round(m.import), runs: runs.import.map((s) => round(s)) },
        storeFloor: { median: round(m.store), runs: runs.store.map((s) => round(s)) },
        parseFloor: { median: round(m.parse), runs: runs.parse.map((s) => round(s)) },
        nodeStart: { median: round(start, 4), runs: starts.map((s) => round(s, 4)) },
        walkFloor: { median: round(median(walks), 4), runs: walks.map((s) => round(s, 4)) },
      },
      floors: {
        coldSeconds: round(cold),
        coldOverNative: { value: round(cold / m.native), target: '<= 1.0' },
        warmSeconds: round(warm, 4),
        warmOverNative: { value: round(warm / m.native, 4), target: '<= 0.05' },
      },
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main();
