// Ingest figures of issue 3, measured in one run on one simulated Claude data dir: our cold import + daily report
// against ccusage 20 (native binary) and ccusage 17 (Node), the warm report, the import's peak RSS, and whether
// our daily JSON agrees with ccusage's.
// Usage: npx tsx bench/ingest-vs-ccusage.ts [--mib 500] [--reps 3] [--reps17 1] [--warm 3] [--no-build] [--no-ccusage17]
//        [--prepare]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BENCH,
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
    reps17: { type: 'string', default: '1' },
    /** Warm reports after each cold one. */
    warm: { type: 'string', default: '3' },
    'no-build': { type: 'boolean', default: false },
    'no-ccusage17': { type: 'boolean', default: false },
    /** Only generate the data and install ccusage 17, then exit. */
    prepare: { type: 'boolean', default: false },
  },
});
const mib = Number(values.mib);
const reps = Number(values.reps);
const reps17 = Number(values.reps17);
const warmReps = Number(values.warm);

const dir = claudeDir(mib);

function ccusage17(): string {
  const prefix = join(BENCH, 'ccusage17');
  const pkg = join(prefix, 'node_modules/ccusage/package.json');
  if (!existsSync(pkg)) {
    log('installing ccusage@17 into .bench-data/ccusage17 (once)…');
    execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', 'ccusage@17'], { stdio: 'inherit' });
  }
  const manifest = JSON.parse(readFileSync(pkg, 'utf8')) as { version: string; bin: string | Record<string, string> };
  const bin =
    typeof manifest.bin === 'string' ? manifest.bin : (manifest.bin.ccusage ?? Object.values(manifest.bin)[0]!);
  log(`ccusage ${manifest.version}`);
  return join(prefix, 'node_modules/ccusage', bin);
}

interface Breakdown {
  modelName: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  cost: number;
}
interface DailyRow {
  date?: string;
  period?: string;
  totalCost: number;
  modelBreakdowns: Breakdown[];
}

/** Every day × model where tokens differ or cost differs by more than 0.5%. */
function disagreements(ours: DailyRow[], theirs: DailyRow[]): string[] {
  const key = (r: DailyRow) => r.date ?? r.period ?? '?';
  const index = (rows: DailyRow[]) => {
    const m = new Map<string, Breakdown>();
    for (const r of rows) for (const b of r.modelBreakdowns) m.set(`${key(r)} ${b.modelName}`, b);
    return m;
  };
  const o = index(ours);
  const t = index(theirs);
  const out: string[] = [];
  for (const k of new Set([...o.keys(), ...t.keys()])) {
    const a = o.get(k);
    const b = t.get(k);
    if (!a || !b) {
      out.push(`${k}: only in ${a ? 'ours' : 'ccusage'}`);
      continue;
    }
    for (const f of ['inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens'] as const) {
      if (a[f] !== b[f]) out.push(`${k} ${f}: ours ${a[f]} vs ccusage ${b[f]}`);
    }
    if (Math.abs(a.cost - b.cost) > 0.005 * Math.max(Math.abs(b.cost), 1e-9)) {
      out.push(`${k} cost: ours ${a.cost} vs ccusage ${b.cost}`);
    }
  }
  return out;
}

function main(): void {
  if (values.prepare) {
    if (!values['no-ccusage17']) ccusage17();
    return;
  }
  const generated = JSON.parse(readFileSync(join(dir, '.bench-complete'), 'utf8')) as { bytes: number; lines: number };
  if (!values['no-build']) buildApp();
  const { scratch, env } = scratchRun('sfm-ingest-bench-', dir);
  const node = process.execPath;
  const ours = (dataDir: string, ...args: string[]) =>
    run(node, [CLI, ...args, '--claude-dir', dir, '--data-dir', dataDir], env);
  const report = ['report', 'daily', '--json', '--timezone', 'UTC'];
  const bin17 = values['no-ccusage17'] || reps17 === 0 ? null : ccusage17();
  const CCUSAGE = nativeCcusage();

  try {
    const cold: { import: number; report: number; total: number; importRssMb: number }[] = [];
    const oneProcess: number[] = [];
    const native: number[] = [];
    const old: number[] = [];
    const warm: number[] = [];
    let ourJson = '';
    let theirJson = '';
    // Interleaved, so load from other jobs on the machine falls on every contender alike.
    for (let i = 0; i < reps; i++) {
      const dataDir = join(scratch, `data-${i}`);
      log(`rep ${i + 1}/${reps}: ours cold…`);
      warmPageCache(dir);
      const imp = ours(dataDir, 'import');
      const rep = ours(dataDir, ...report);
      cold.push({
        import: imp.seconds,
        report: rep.seconds,
        total: imp.seconds + rep.seconds,
        importRssMb: imp.maxRssMb,
      });
      ourJson = rep.stdout;
      log(
        `  import ${imp.seconds.toFixed(2)}s (${imp.maxRssMb.toFixed(0)} MB), report ${rep.seconds.toFixed(3)}s; warm…`,
      );
      for (let w = 0; w < warmReps; w++) warm.push(ours(dataDir, ...report).seconds);
      rmSync(dataDir, { recursive: true, force: true });
      const single = join(scratch, `single-${i}`);
      warmPageCache(dir);
      oneProcess.push(ours(single, ...report).seconds);
      rmSync(single, { recursive: true, force: true });
      log('  ccusage native…');
      warmPageCache(dir);
      const n = run(CCUSAGE, ['daily', '--json', '--offline', '-z', 'UTC'], env);
      native.push(n.seconds);
      theirJson = n.stdout;
      if (bin17 && i < reps17) {
        log('  ccusage 17…');
        warmPageCache(dir);
        old.push(run(node, [bin17, 'daily', '--json', '--offline', '-z', 'UTC'], env).seconds);
      }
    }
    // Per-model breakdowns come from the Claude-only report (the all-agents one keys rows by `period`).
    const theirsByModel = run(CCUSAGE, ['claude', 'daily', '--json', '--offline', '-z', 'UTC'], env).stdout;
    const ourRows = (JSON.parse(ourJson) as { daily: DailyRow[] }).daily;
    const diffs = disagreements(ourRows, (JSON.parse(theirsByModel) as { daily: DailyRow[] }).daily);
    const allAgents = (JSON.parse(theirJson) as { daily: DailyRow[] }).daily;
    const coldTotal = median(cold.map((c) => c.total));
    const summary = {
      data: { dir, mib, bytes: generated.bytes, lines: generated.lines, days: ourRows.length },
      repetitions: reps,
      seconds: {
        oursCold: {
          median: round(coldTotal),
          import: round(median(cold.map((c) => c.import))),
          report: round(median(cold.map((c) => c.report))),
          runs: cold.map((c) => round(c.total)),
        },
        oursColdOneProcess: { median: round(median(oneProcess)), runs: oneProcess.map((s) => round(s)) },
        oursWarm: { median: round(median(warm), 4), runs: warm.map((s) => round(s, 4)) },
        ccusageNative: { median: round(median(native)), runs: native.map((s) => round(s)) },
        ccusage17: old.length ? { median: round(median(old)), runs: old.map((s) => round(s)) } : null,
      },
      memory: { importPeakRssMb: round(Math.max(...cold.map((c) => c.importRssMb)), 1), targetMb: 300 },
      ratios: {
        coldOverNative: { value: round(coldTotal / median(native)), target: '<= 1.0' },
        ccusage17OverCold: old.length ? { value: round(median(old) / coldTotal, 2), target: '>= 10' } : null,
        warmOverNative: { value: round(median(warm) / median(native), 4), target: '<= 0.05' },
      },
      agreement: {
        daysOurs: ourRows.length,
        daysCcusage: allAgents.length,
        dayModelPairs: ourRows.reduce((n, r) => n + r.modelBreakdowns.length, 0),
        differences: diffs,
        agrees: diffs.length === 0,
      },
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main();
