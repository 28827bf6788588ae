// `sync`: team mode without the window. `--once` reads the sources, pushes the outbox to Postgres, pulls the
// team's new records into the local cache, prints the counts and exits; without it, keeps syncing live.
import type { RequestOutput, TeamStatus } from '../../../../shared/contract';
import { createLogger } from '../../core/logger';
import { MonitorCore } from '../../core/monitor-core';
import { EnvSecretStore } from '../../team/secret-store';
import { readSavedTeamSettings, resolveTeamConfig, teamFlagOptions } from '../../team/team-config';
import { commonOptions, locations, parseCommandArgs, UsageError } from '../args';
import { importWithProgress, ProgressLine } from '../scan-progress';
import { stdio } from '../stdio';

export const syncHelp = `Usage: subforge-monitor sync [--once | --status [--json]] [--database-url URL] [--redis-url URL] [--team NAME] [--developer NAME] [--share-text] [--data-dir DIR] [--claude-dir DIR]...

Shares this machine's usage with the team (Postgres + Redis) and caches the team's records locally.
Flags default to SUBFORGE_MONITOR_DATABASE_URL, SUBFORGE_MONITOR_REDIS_URL, SUBFORGE_MONITOR_TEAM and
SUBFORGE_MONITOR_DEVELOPER. --once: one pass both ways, print the counts, exit. --status: test both
connections, print the outbox backlog, who is online and who is in the local team cache, exit (no sync).`;

export async function syncCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    ...commonOptions,
    ...teamFlagOptions,
    once: { type: 'boolean' },
    status: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    stdio.out(`${syncHelp}\n`);
    return 0;
  }
  const { dataDir, claudeDirs } = locations(values);
  const team = resolveTeamConfig(values, process.env, new EnvSecretStore(), readSavedTeamSettings(dataDir));
  if (team.mode === 'local') {
    if (!values.status) throw new UsageError(team.reason);
    stdio.out(`${values.json ? JSON.stringify({ mode: 'local', reason: team.reason }) : team.reason}\n`);
    return 0;
  }
  const batch = Number(process.env.SUBFORGE_MONITOR_TEAM_BATCH_SIZE ?? 2000);
  if (!Number.isInteger(batch) || batch < 1)
    throw new UsageError('SUBFORGE_MONITOR_TEAM_BATCH_SIZE must be a positive integer');
  // Log lines go above the progress line of `--once`'s pass over the sources, not into it.
  const progress = new ProgressLine();
  const log = createLogger(undefined, (line) => progress.print(line));
  const core = new MonitorCore({ dataDir, claudeDirs, mode: 'browser', log, team, teamTuning: { batchSize: batch } });
  const sync = core.team!;
  try {
    if (values.status) return await printStatus(core, !!values.json);
    if (values.once) {
      await importWithProgress(core, progress); // the sources' news reaches the outbox in the same transactions
      const { pushed, pulled } = await sync.syncOnce();
      const status = await sync.status();
      stdio.out(
        `pushed ${pushed} changes, pulled ${pulled} team records, ${status.mode === 'team' ? status.outbox.entries : 0} still queued\n`,
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

/** `sync --status`: what `team.status`, `team.test` and `team.developers` answer, for a terminal or a script. */
async function printStatus(core: MonitorCore, json: boolean): Promise<number> {
  await core.team!.live.connectPublisher(); // presence is read from Redis
  const answer = async <T>(name: 'team.status' | 'team.test' | 'team.developers'): Promise<T> => {
    const e = await core.dispatch(name, {});
    if (!e.ok) throw new Error(e.error.message);
    return e.value as T;
  };
  const test = await answer<RequestOutput<'team.test'>>('team.test');
  const status = await answer<TeamStatus>('team.status');
  const developers = await answer<RequestOutput<'team.developers'>>('team.developers');
  if (json) {
    stdio.out(`${JSON.stringify({ status, connections: test, developers }, null, 2)}\n`);
    return test.postgres.ok && test.redis.ok ? 0 : 1;
  }
  if (status.mode !== 'team') return 0;
  const at = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString());
  const check = (c: RequestOutput<'team.test'>['postgres']) =>
    `${c.ok ? 'ok' : 'FAILED'}  ${c.message}${c.tls ? '' : ' (no TLS)'}${c.url ? `  ${c.url}` : ''}`;
  const lines = [
    `team ${status.team} · developer ${status.developer} · text sharing ${status.shareText ? 'on' : 'off'}`,
    `postgres  ${check(test.postgres)}`,
    `redis     ${check(test.redis)}`,
    `outbox    ${status.outbox.entries} change(s) queued${status.outbox.entries > 0 ? `, oldest ${at(status.outbox.oldestAt)}` : ''}`,
    `online    ${status.members.map((m) => `${m.developer} (${m.runningSessions} running)`).join(', ') || 'nobody'}`,
    `cache     ${developers.length} developer(s)`,
    ...developers.map(
      (d) =>
        `  ${d.developer.padEnd(20)} ${String(d.sessions).padStart(6)} sessions ${String(d.requests).padStart(9)} requests  $${d.totalCost.toFixed(2)}  last ${at(d.lastActivity)}`,
    ),
  ];
  stdio.out(`${lines.join('\n')}\n`);
  return test.postgres.ok && test.redis.ok ? 0 : 1;
}
