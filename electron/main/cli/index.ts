#!/usr/bin/env node
// The `subforge-monitor` command: dispatches to one command module and turns failures into exit codes.
// Command modules are imported when they run (see command-table.ts): a command loads only what it needs.
import { enableCompileCache } from 'node:module';
import { UsageError } from './args';
import { commandTable } from './command-table';
import { stdio } from './stdio';

// V8 keeps the compiled code of the command modules on disk (under the OS temp folder): every later run skips
// compiling them, about a tenth of a warm `report`. Absent from older runtimes, where it is simply not used.
enableCompileCache?.();

const usage = `Usage: subforge-monitor <command> [options]

Commands:
${Object.entries(commandTable)
  .map(([name, c]) => `  ${name.padEnd(14)} ${c.summary}`)
  .join('\n')}

Run \`subforge-monitor <command> --help\` for a command's options.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    stdio.out(`${usage}\n`);
    return name === undefined ? 2 : 0;
  }
  const entry = Object.hasOwn(commandTable, name) ? commandTable[name] : undefined;
  if (!entry) {
    stdio.err(`subforge-monitor: unknown command "${name}"\n\n${usage}\n`);
    return 2;
  }
  try {
    const command = await entry.load();
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      stdio.err(`subforge-monitor ${name}: ${error.message}\n`);
      return 2;
    }
    stdio.err(`subforge-monitor ${name}: ${(error as Error).message}\n`);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
