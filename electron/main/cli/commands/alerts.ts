// `alerts`: the alert history from the local store, newest first, as a table or JSON.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDataDir } from '../../core/config';
import { AlertStore } from '../../store/alert-store';
import { openDatabase } from '../../store/database';
import { parseCommandArgs, UsageError } from '../args';
import { stdio } from '../stdio';

export const alertsHelp = `Usage: subforge-monitor alerts [--json] [--data-dir DIR] [--limit N]

Prints the alert history, newest first: time, rule, severity, title and session id.`;

export async function alertsCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    'data-dir': { type: 'string' },
    json: { type: 'boolean' },
    limit: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    stdio.out(`${alertsHelp}\n`);
    return 0;
  }
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) {
    throw new UsageError(`--limit must be a whole number from 1 to 100000, got ${values.limit}`);
  }
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const file = join(dataDir, 'monitor.sqlite');
  if (!existsSync(file)) throw new UsageError(`No store in ${dataDir}; run the app or \`import\` first.`);
  const db = openDatabase(file);
  try {
    const alerts = new AlertStore(db).list({ limit });
    if (values.json) {
      stdio.out(`${JSON.stringify(alerts, null, 2)}\n`);
      return 0;
    }
    if (alerts.length === 0) {
      stdio.out('No alerts.\n');
      return 0;
    }
    const rows = alerts.map((a) => [
      new Date(a.createdAt).toISOString().replace('T', ' ').slice(0, 19),
      a.rule,
      a.severity,
      a.title,
      a.sessionId ?? '-',
    ]);
    const header = ['time (UTC)', 'rule', 'severity', 'title', 'session'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) =>
      cells
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd();
    stdio.out(`${[line(header), ...rows.map(line)].join('\n')}\n`);
    return 0;
  } finally {
    db.close();
  }
}
