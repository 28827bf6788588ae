// `report`: usage by day, week, month, session or model from the local store, after an incremental
// import; `--json` prints ccusage 20's JSON shape so scripts written for ccusage keep working.
import { createLogger } from '../../core/logger';
import { Importer } from '../../core/importer';
import { ActivityQueries } from '../../store/activity-queries';
import { buildAgentReport, type AgentReport } from '../../query/agent-report';
import { buildUsageReport, reportJson, type ReportKind, type UsageReport } from '../../query/usage-report';
import { commonOptions, locations, parseCommandArgs, UsageError } from '../args';
import { importWithProgress, ProgressLine } from '../scan-progress';
import { stdio } from '../stdio';

export const reportHelp = `Usage: subforge-monitor report daily|weekly|monthly|session|model|agent [--json] [--timezone TZ] [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--data-dir DIR] [--claude-dir DIR]... [--no-import] [--team [--developer NAME]]

Token usage and cost by day, week (from Sunday), month, session, model or subagent type, counted as ccusage counts it.
First reads what the transcripts gained since the last import (skip with --no-import); --json prints
ccusage's JSON shape. Skipped damaged lines and unpriced models are reported on stderr.
--team reports the whole team (or, with --developer, one developer) from the local team cache that team mode
keeps (SUBFORGE_MONITOR_TEAM or the team saved in Settings); it reads no transcripts and needs no network.`;

// The `agent` report (usage by subagent type) is built separately from the ccusage-shaped ones.
const KINDS: readonly (ReportKind | 'agent')[] = ['daily', 'weekly', 'monthly', 'session', 'model', 'agent'];

const options = {
  ...commonOptions,
  json: { type: 'boolean' },
  timezone: { type: 'string', short: 'z' },
  since: { type: 'string', short: 's' },
  until: { type: 'string', short: 'u' },
  'no-import': { type: 'boolean' },
  team: { type: 'boolean' },
  developer: { type: 'string' },
} as const;

/** `YYYY-MM-DD` or ccusage's `YYYYMMDD`, as `YYYY-MM-DD`. */
function parseDate(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value);
  const date = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  if (
    !m ||
    Number.isNaN(Date.parse(`${date}T00:00:00Z`)) ||
    new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date
  ) {
    throw new UsageError(`--${flag} must be a date as YYYY-MM-DD, got "${value}"`);
  }
  return date;
}

function parseTimezone(value: string | undefined): string {
  const zone = value ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone === 'UTC') return zone; // valid everywhere, and checking it costs a formatter's set-up
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new UsageError(`--timezone must be an IANA time zone such as UTC or Europe/Paris, got "${zone}"`);
  }
  return zone;
}

export async function reportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, options, true);
  if (values.help) {
    stdio.out(`${reportHelp}\n`);
    return 0;
  }
  const [kind, ...extra] = positionals;
  if (kind === undefined || !KINDS.includes(kind as ReportKind | 'agent') || extra.length > 0) {
    throw new UsageError(`expected one of ${KINDS.join(', ')}${kind ? `, got "${[kind, ...extra].join(' ')}"` : ''}`);
  }
  const timezone = parseTimezone(values.timezone);
  const since = parseDate('since', values.since);
  const until = parseDate('until', values.until);
  if (since && until && since > until) throw new UsageError('--since is after --until');

  if (values.developer !== undefined && !values.team) throw new UsageError('--developer goes with --team');
  // Logs stay quiet unless asked for: stdout is the report and stderr its notes.
  // Log lines go above the progress line, not into it.
  const progress = new ProgressLine();
  const log = createLogger((process.env.SUBFORGE_MONITOR_LOG_LEVEL as 'warn' | undefined) ?? 'error', (line) =>
    progress.print(line),
  );
  const { dataDir, claudeDirs } = locations(values);
  if (values.team) {
    // Loaded only here: a plain report must not pay for team mode's modules.
    const { teamUsageReport } = await import('./report-team');
    const { report, team, unpriced } = teamUsageReport(
      kind as ReportKind,
      { timezone, since, until },
      dataDir,
      values.developer ?? null,
    );
    stdio.out(values.json ? `${JSON.stringify(reportJson(report), null, 2)}\n` : renderTable(report));
    if (report.rows.length === 0) {
      const developer = values.developer;
      stdio.err(
        `the team cache of "${team}"${developer ? ` has nothing from ${developer}` : ' is empty'}: run \`subforge-monitor sync --once\` to fill it\n`,
      );
    }
    if (unpriced.length > 0) {
      stdio.err(`no price for ${unpriced.join(', ')}: their cost is not counted\n`);
    }
    return 0;
  }
  // Only the ingest side of the core: a warm report is one stat per transcript, then reads the rollups.
  const core = new Importer({ dataDir, claudeDirs, log });
  try {
    if (core.priceError) {
      stdio.err(`${core.priceError}\n`);
      return 1;
    }
    if (!values['no-import']) await importWithProgress(core, progress);
    if (kind === 'agent') {
      const report = buildAgentReport(new ActivityQueries(core.db), { timezone, since, until });
      stdio.out(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderAgentTable(report));
    } else {
      const report = buildUsageReport(core.store, kind as ReportKind, { timezone, since, until }, claudeDirs);
      stdio.out(values.json ? `${JSON.stringify(reportJson(report), null, 2)}\n` : renderTable(report));
    }
    for (const s of core.store.skippedLinesByRoot()) {
      stdio.err(`${s.root}: ${s.skippedLines} damaged lines skipped\n`);
    }
    const unpriced = core.store.unpricedModels();
    if (unpriced.length > 0) {
      stdio.err(
        `no price for ${unpriced.map((u) => u.model || '(no model)').join(', ')}: their cost is not counted (add them to ${dataDir}/model-prices.json)\n`,
      );
    }
    return 0;
  } finally {
    core.close();
  }
}

/** `report --team`: the team cache only, no import and no network. */
const int = (n: number) => n.toLocaleString('en-US');

/** The agent report for a terminal: one line per subagent type, most expensive first, totals last. */
function renderAgentTable(report: AgentReport): string {
  const head = ['Agent type', 'Runs', 'Input', 'Output', 'Cache write', 'Cache read', 'Total tokens', 'Cost'];
  const cells = (label: string, r: AgentReport['totals']) => [
    label,
    int(r.runs),
    int(r.inputTokens),
    int(r.outputTokens),
    int(r.cacheCreationTokens),
    int(r.cacheReadTokens),
    int(r.totalTokens),
    usd(r.totalCost),
  ];
  const lines = [...report.agents.map((a) => cells(a.agentType, a)), cells('Total', report.totals)];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (row: string[]) =>
    row
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [format(head), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n') + '\n';
}
const usd = (n: number) => `$${n.toFixed(2)}`;

/** A plain table for a terminal: one line per row, totals last. */
function renderTable(report: UsageReport): string {
  const head = ['', 'Models', 'Input', 'Output', 'Cache write', 'Cache read', 'Total tokens', 'Cost'];
  const lines: string[][] = [];
  const tokens = (r: {
    inputTokens: number;
    outputTokens: number;
    cacheCreationTokens: number;
    cacheReadTokens: number;
    totalTokens: number;
    totalCost: number;
  }) => [
    int(r.inputTokens),
    int(r.outputTokens),
    int(r.cacheCreationTokens),
    int(r.cacheReadTokens),
    int(r.totalTokens),
    usd(r.totalCost),
  ];
  for (const r of report.rows) {
    if (report.kind === 'model') {
      const m = r as (typeof report.rows)[number];
      lines.push([m.modelName, m.priced ? '' : 'no price', ...tokens(m)]);
      continue;
    }
    const row = r as Extract<UsageReport, { kind: 'daily' }>['rows'][number] &
      Partial<{ week: string; month: string; sessionId: string; projectPath: string }>;
    const label = row.date ?? row.week ?? row.month ?? `${row.projectPath ?? ''}/${row.sessionId ?? ''}`;
    lines.push([label, row.modelsUsed.join(', '), ...tokens(row)]);
  }
  lines.push(['Total', '', ...tokens(report.totals)]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) =>
    cells
      .map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [format(head), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n') + '\n';
}
