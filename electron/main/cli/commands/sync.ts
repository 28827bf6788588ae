// `sync`: team mode without the window. `--once` reads the sources, pushes the outbox to Postgres, pulls the
// team's new records into the local cache, prints the counts and exits; without it, keeps syncing live.
import { createLogger } from '../../core/logger';
import { MonitorCore } from '../../core/monitor-core';
import { EnvSecretStore } from '../../team/secret-store';
import { resolveTeamConfig, teamFlagOptions } from '../../team/team-config';
import { commonOptions, locations, parseCommandArgs, UsageError } from '../args';

export const syncHelp = `Usage: subforge-monitor sync [--once] [--database-url URL] [--redis-url URL] [--team NAME] [--developer NAME] [--share-text] [--data-dir DIR] [--claude-dir DIR]...

Shares this machine's usage with the team (Postgres + Redis) and caches the team's records locally.
Flags default to SUBFORGE_MONITOR_DATABASE_URL, SUBFORGE_MONITOR_REDIS_URL, SUBFORGE_MONITOR_TEAM and
SUBFORGE_MONITOR_DEVELOPER. --once: one pass both ways, print the counts, exit.`;

export async function syncCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { ...commonOptions, ...teamFlagOptions, once: { type: 'boolean' } });
  if (values.help) {
    console.log(syncHelp);
    return 0;
  }
  const team = resolveTeamConfig(values, process.env, new EnvSecretStore());
  if (team.mode === 'local') throw new UsageError(team.reason);
  const batch = Number(process.env.SUBFORGE_MONITOR_TEAM_BATCH_SIZE ?? 2000);
  if (!Number.isInteger(batch) || batch < 1)
    throw new UsageError('SUBFORGE_MONITOR_TEAM_BATCH_SIZE must be a positive integer');
  const log = createLogger();
  const { dataDir, claudeDirs } = locations(values);
  const core = new MonitorCore({ dataDir, claudeDirs, mode: 'browser', log, team, teamTuning: { batchSize: batch } });
  const sync = core.team!;
  try {
    if (values.once) {
      await core.importOnce(); // the sources' news reaches the outbox in the same transactions
      const { pushed, pulled } = await sync.syncOnce();
      const status = await sync.status();
      console.log(
        `pushed ${pushed} changes, pulled ${pulled} team records, ${status.mode === 'team' ? status.outbox.entries : 0} still queued`,
      );
      return 0;
    }
    await core.start();
    log.info('team sync running', { team: team.config.team, developer: team.config.developer, dataDir });
    await new Promise<void>((done) => {
      process.once('SIGINT', () => done());
      process.once('SIGTERM', () => done());
    });
    return 0;
  } finally {
    await core.shutdown();
  }
}
