// `report --team`: the team's (or one developer's) figures from the local team cache; no transcripts, no network.
import { join } from 'node:path';
import { buildUsageReport, type ReportKind, type UsageReport } from '../../query/usage-report';
import { openDatabase } from '../../store/database';
import { TeamUsageStore } from '../../store/team-usage-store';
import { readSavedTeamSettings, TEAM_NAME } from '../../team/team-config';
import { UsageError } from '../args';
import { stdio } from '../stdio';

export function teamUsageReport(
  kind: ReportKind,
  options: { timezone: string; since?: string; until?: string },
  dataDir: string,
  developer: string | null,
): { report: UsageReport; team: string; unpriced: string[] } {
  if (developer !== null && !TEAM_NAME.test(developer)) {
    throw new UsageError(`--developer must be letters, digits, . _ - (up to 63), got "${developer}"`);
  }
  const team =
    process.env.SUBFORGE_MONITOR_TEAM?.trim() || readSavedTeamSettings(dataDir, (m) => stdio.err(`${m}\n`))?.team;
  if (!team) {
    throw new UsageError(
      'no team is configured: set SUBFORGE_MONITOR_TEAM (or configure team mode in Settings) and run `sync` first',
    );
  }
  const db = openDatabase(join(dataDir, 'monitor.sqlite'));
  try {
    const source = new TeamUsageStore(db, { team, developer });
    return {
      report: buildUsageReport(source, kind, options),
      team,
      unpriced: source.unpricedReportModels().map((u) => u.model || '(no model)'),
    };
  } finally {
    db.close();
  }
}
