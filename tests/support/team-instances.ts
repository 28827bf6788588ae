// Opens app cores in team mode against the test servers, with their own data and Claude directories.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiEvent } from '../../shared/contract';
import { createLogger } from '../../electron/main/core/logger';
import { MonitorCore } from '../../electron/main/core/monitor-core';
import type { TeamEventMessage } from '../../electron/main/team/team-records';
import { assistantLine } from './transcript-lines';
import { makeTempDirs, type TempDirs } from './temp-dirs';

export const silent = createLogger('error', () => {});

export interface Instance {
  core: MonitorCore;
  dirs: TempDirs;
  events: ApiEvent[];
  /** Messages that arrived on the team channel, with the rows they carried. */
  live: TeamEventMessage[];
  /** Appends `count` API responses to one session's transcript; returns their total tokens. */
  write(sessionId: string, count: number, tokens?: number): number;
  teamTotals(): ReturnType<NonNullable<MonitorCore['team']>['outbox']['teamTotals']>;
  close(): Promise<void>;
}

export interface TeamTarget {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  team?: string;
}

export async function openInstance(developer: string, target: TeamTarget, shareText = false): Promise<Instance> {
  const dirs = makeTempDirs();
  const team = target.team ?? 'alpha';
  const core = new MonitorCore({
    dataDir: dirs.dataDir,
    claudeDirs: [dirs.claudeDir],
    mode: 'browser',
    log: silent,
    rescanMs: 60_000,
    team: {
      mode: 'team',
      config: {
        databaseUrl: target.databaseUrl,
        redisUrl: target.redisUrl,
        redisPrefix: target.redisPrefix,
        team,
        developer,
        shareText,
      },
    },
    teamTuning: { retryBaseMs: 50, retryMaxMs: 400, presenceIntervalMs: 500, catchUpIntervalMs: 60_000 },
  });
  const events: ApiEvent[] = [];
  const live: TeamEventMessage[] = [];
  core.subscribe((e) => events.push(e));
  core.team!.onRemote((m) => live.push(m));
  await core.start();
  let n = 0;
  return {
    core,
    dirs,
    events,
    live,
    write(sessionId, count, tokens = 100) {
      const dir = dirs.projectDir(`-home-${developer}-demo`);
      mkdirSync(dir, { recursive: true });
      const lines: string[] = [];
      for (let i = 0; i < count; i++) {
        n++;
        lines.push(
          assistantLine({ sessionId, cwd: `/home/${developer}/demo` }, new Date(), {
            input: tokens,
            output: n % 7,
            messageId: `msg_${developer}_${n}`,
            requestId: `req_${developer}_${n}`,
          }),
        );
      }
      appendFileSync(join(dir, `${sessionId}.jsonl`), lines.join('\n') + '\n');
      return lines.reduce((sum, _l, i) => sum + tokens + ((n - count + i + 1) % 7), 0);
    },
    teamTotals: () => core.team!.outbox.teamTotals(team),
    async close() {
      await core.shutdown();
      dirs.cleanup();
    },
  };
}
