// A warm report of this checkout against the same report of another revision, in alternation on one machine: each
// build imports the simulated dir into a data dir of its own, then both repeat the report. For changes too small
// for the main bench's noise (a few milliseconds of a ~80 ms report). Their outputs must be the same.
// Usage: npx tsx bench/report-ab.ts --against REV [--kind daily] [--reps 30] [--mib 500] [--no-build]
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp, claudeDir, CLI, log, median, ROOT, round, run, scratchRun } from './ingest-support';

const { values } = parseArgs({
  options: {
    against: { type: 'string' },
    kind: { type: 'string', default: 'daily' },
    reps: { type: 'string', default: '30' },
    mib: { type: 'string', default: '500' },
    'no-build': { type: 'boolean', default: false },
  },
});
if (!values.against) throw new Error('--against REV is required (a commit, branch or tag to compare with)');
const reps = Number(values.reps);
const dir = claudeDir(Number(values.mib));

/** The other revision checked out and built in `scratch`, sharing this checkout's node_modules. */
function buildRevision(rev: string, scratch: string): string {
  const tree = join(scratch, 'tree');
  execFileSync('git', ['worktree', 'add', '--detach', tree, rev], { cwd: ROOT, stdio: 'ignore' });
  symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
  buildApp(tree);
  return tree;
}

function main(): void {
  if (!values['no-build']) buildApp();
  const { scratch, env } = scratchRun('sfm-report-ab-', dir);
  let tree: string | null = null;
  try {
    tree = buildRevision(values.against!, scratch);
    const builds = [
      { name: values.against!, cli: join(tree, 'out/main/cli.js'), data: join(scratch, 'data-against') },
      { name: 'this checkout', cli: CLI, data: join(scratch, 'data-this') },
    ];
    const report = ['report', values.kind, '--json', '--timezone', 'UTC', '--claude-dir', dir];
    const outputs = builds.map((b) => {
      log(`${b.name}: import…`);
      run(process.execPath, [b.cli, 'import', '--claude-dir', dir, '--data-dir', b.data], env);
      return run(process.execPath, [b.cli, ...report, '--data-dir', b.data], env).stdout;
    });
    if (outputs[0] !== outputs[1]) throw new Error(`the two builds print different ${values.kind} reports`);
    const times: number[][] = builds.map(() => []);
    log(`${reps} warm reports each, in alternation…`);
    for (let i = 0; i < reps; i++) {
      builds.forEach((b, j) =>
        times[j]!.push(run(process.execPath, [b.cli, ...report, '--data-dir', b.data], env).seconds),
      );
    }
    const medians = times.map((t) => median(t) * 1000);
    const summary = {
      kind: values.kind,
      reps,
      msMedian: Object.fromEntries(builds.map((b, j) => [b.name, round(medians[j]!, 1)])),
      msRange: Object.fromEntries(
        builds.map((b, j) => [
          b.name,
          [round(Math.min(...times[j]!) * 1000, 1), round(Math.max(...times[j]!) * 1000, 1)],
        ]),
      ),
      thisOverAgainst: round(medians[1]! / medians[0]!, 3),
      sameOutput: true,
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } finally {
    if (tree && existsSync(tree)) execFileSync('git', ['worktree', 'remove', '--force', tree], { cwd: ROOT });
    rmSync(scratch, { recursive: true, force: true });
  }
}

main();
