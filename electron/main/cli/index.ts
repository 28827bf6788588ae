#!/usr/bin/env node
// The `subforge-monitor` command: dispatches to one command module and turns failures into exit codes.
import { UsageError } from './args';
import { hookCommand, hookHelp } from './commands/hook';
import { alertsCommand, alertsHelp } from './commands/alerts';
import { importCommand, importHelp } from './commands/import';
import { pricesCommand, pricesHelp } from './commands/prices';
import { reportCommand, reportHelp } from './commands/report';
import { installHooksCommand, installHooksHelp } from './commands/install-hooks';
import { serveCommand, serveHelp } from './commands/serve';
import { simulateCommand, simulateHelp } from './commands/simulate';
import { syncCommand, syncHelp } from './commands/sync';

type Command = { run: (argv: string[]) => Promise<number>; help: string };

const commands: Record<string, Command> = {
  serve: { run: serveCommand, help: serveHelp },
  import: { run: importCommand, help: importHelp },
  report: { run: reportCommand, help: reportHelp },
  prices: { run: pricesCommand, help: pricesHelp },
  simulate: { run: simulateCommand, help: simulateHelp },
  hook: { run: hookCommand, help: hookHelp },
  'install-hooks': { run: installHooksCommand, help: installHooksHelp },
  sync: { run: syncCommand, help: syncHelp },
  alerts: { run: alertsCommand, help: alertsHelp },
};

const usage = `Usage: subforge-monitor <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.help.split('\n')[2] ?? ''}`)
  .join('\n')}

Run \`subforge-monitor <command> --help\` for a command's options.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`subforge-monitor: unknown command "${name}"\n\n${usage}\n`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`subforge-monitor ${name}: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`subforge-monitor ${name}: ${(error as Error).message}\n`);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
