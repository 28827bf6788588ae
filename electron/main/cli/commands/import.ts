// `import`: one pass over every source into the local store, then exit.
import { createLogger } from '../../core/logger';
import { MonitorCore } from '../../core/monitor-core';
import { commonOptions, locations, parseCommandArgs } from '../args';

export const importHelp = `Usage: subforge-monitor import [--claude-dir DIR]... [--data-dir DIR]

Reads every transcript under the Claude data directories into the local store, then exits.
Only what was appended since the last import is read.`;

export async function importCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, commonOptions);
  if (values.help) {
    console.log(importHelp);
    return 0;
  }
  const log = createLogger();
  const { dataDir, claudeDirs } = locations(values);
  const core = new MonitorCore({ dataDir, claudeDirs, mode: 'browser', log });
  try {
    const started = Date.now();
    await core.importOnce();
    const sources = await core.dispatch('sources.list', {});
    if (sources.ok) {
      for (const s of sources.value as { path: string; files: number; lines: number; skippedLines: number }[]) {
        process.stderr.write(`${s.path}: ${s.files} files, ${s.lines} lines, ${s.skippedLines} skipped\n`);
      }
    }
    process.stderr.write(`imported in ${((Date.now() - started) / 1000).toFixed(1)} s into ${dataDir}\n`);
    return 0;
  } finally {
    core.close();
  }
}
