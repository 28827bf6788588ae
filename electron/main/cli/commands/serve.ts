// `serve`: the core under plain Node with the dashboard in a browser, until interrupted.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../../core/logger';
import { MonitorCore } from '../../core/monitor-core';
import { startDashboardServer } from '../../server/dashboard-server';
import { EnvSecretStore } from '../../team/secret-store';
import { readSavedTeamSettings, resolveTeamConfig, teamFlagOptions } from '../../team/team-config';
import { commonOptions, locations, parseCommandArgs, UsageError } from '../args';
import { stdio } from '../stdio';

export const serveHelp = `Usage: subforge-monitor serve [--data-dir DIR] [--claude-dir DIR]... [--port N] [--host 127.0.0.1]

Serves the dashboard on loopback and prints its address (with this run's access token) on one line.`;

const DEFAULT_PORT = 4319;

/** The built renderer, whether we run from out/main or a chunk in out/main/chunks (built) or from the sources (tsx). */
export function findRendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    join(here, '..', 'renderer'),
    join(here, '..', '..', 'renderer'),
    join(here, '..', '..', '..', '..', 'out', 'renderer'),
  ];
  return candidates.find((d) => existsSync(join(d, 'index.html'))) ?? candidates[0]!;
}

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    ...commonOptions,
    ...teamFlagOptions,
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    token: { type: 'string' },
  });
  if (values.help) {
    stdio.out(`${serveHelp}\n`);
    return 0;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0-65535, got ${values.port}`);
  const rendererDir = findRendererDir();
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new UsageError(`The dashboard is not built (no ${rendererDir}/index.html). Run \`npm run build\` first.`);
  }
  const log = createLogger();
  const { dataDir, claudeDirs } = locations(values);
  const team = resolveTeamConfig(
    values,
    process.env,
    new EnvSecretStore(),
    readSavedTeamSettings(dataDir, (m) => log.warn(m)),
  );
  const core = new MonitorCore({ dataDir, claudeDirs, mode: 'browser', log, team });
  const serverOptions = { core, rendererDir, host: values.host, log, token: values.token };
  let server;
  try {
    server = await startDashboardServer({ ...serverOptions, port });
  } catch (error) {
    // The default port is a convenience: if it is taken, any free port will do. An explicit one is not.
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || values.port !== undefined) {
      core.close();
      throw error;
    }
    server = await startDashboardServer({ ...serverOptions, port: 0 });
  }
  stdio.out(`${server.url}\n`);
  log.info('serving dashboard', { dataDir, claudeDirs, port: server.port });
  void core.start().catch((error: Error) => log.error('ingest failed', { error: error.message }));

  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  core.close();
  return 0;
}
