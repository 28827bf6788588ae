// `import`: one pass over every source into the local store, then exit.
import { createLogger } from '../../core/logger';
import { Importer } from '../../core/importer';
import { WorkspaceScanner } from '../../sources/workspace-scanner';
import { WorkspaceStore } from '../../store/workspace-store';
import { commonOptions, locations, parseCommandArgs } from '../args';
import { importWithProgress, ProgressLine } from '../scan-progress';
import { stdio } from '../stdio';

export const importHelp = `Usage: subforge-monitor import [--claude-dir DIR]... [--data-dir DIR]

Reads every transcript under the Claude data directories into the local store, then exits.
Only what was appended since the last import is read.`;

export async function importCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, commonOptions);
  if (values.help) {
    stdio.out(`${importHelp}\n`);
    return 0;
  }
  // Log lines go above the progress line, not into it.
  const progress = new ProgressLine();
  const log = createLogger(undefined, (line) => progress.print(line));
  const { dataDir, claudeDirs } = locations(values);
  // The ingest side of the core, plus the agent registry and SubForge workspaces: no alerts, hooks or team.
  const core = new Importer({ dataDir, claudeDirs, log });
  try {
    const started = Date.now();
    await importWithProgress(core, progress);
    const workspaces = new WorkspaceScanner({
      claudeDirs: core.claudeDirs,
      store: new WorkspaceStore(core.db),
      activity: core.activity,
      log,
    });
    try {
      await workspaces.scan();
    } finally {
      workspaces.stop();
    }
    const summary = new Map(core.store.sourceSummary().map((s) => [s.root, s]));
    for (const root of core.claudeDirs) {
      const s = summary.get(root);
      stdio.err(`${root}: ${s?.files ?? 0} files, ${s?.lines ?? 0} lines, ${s?.skippedLines ?? 0} skipped\n`);
    }
    stdio.err(`imported in ${((Date.now() - started) / 1000).toFixed(1)} s into ${dataDir}\n`);
    return 0;
  } finally {
    core.close();
  }
}
