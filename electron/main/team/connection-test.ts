// `team.test`: one short connection to the team's Postgres and one to its Redis, each reported on its own, with
// an error a user can act on and never a password (URLs and driver messages are masked before they leave).
import { Redis } from 'ioredis';
import pg from 'pg';
import type { ConnectionCheck } from '../../../shared/contract';
import { maskUrlsInText, postgresConnection, redactUrl, TeamConfig, usesTls } from './team-config';

const TIMEOUT_MS = 5_000;

/** Why a connection failed, in words: the driver's code first (ECONNREFUSED...), then its message. */
function describeFailure(server: 'Postgres' | 'Redis', url: string, error: unknown): string {
  const e = error as Error & { code?: string };
  const host = (() => {
    try {
      return new URL(url).host || '(no host)';
    } catch {
      return '(invalid URL)';
    }
  })();
  const hints: Record<string, string> = {
    ECONNREFUSED: `nothing listens at ${host}: is ${server} running, and is the port right?`,
    ENOTFOUND: `the host in ${host} is unknown: check the spelling or your DNS/VPN`,
    ETIMEDOUT: `${host} did not answer within ${TIMEOUT_MS / 1000} s: a firewall, or the wrong host?`,
    '28P01': 'the password or user name was refused',
    '28000': 'this user may not connect (pg_hba.conf or the role)',
    '3D000': 'the database does not exist: create it first',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed: add sslrootcert=<ca file> to the URL',
    SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain is not trusted: add sslrootcert=<ca file> to the URL',
  };
  const hint = e.code ? hints[e.code] : undefined;
  const detail = maskUrlsInText(e.message || String(error));
  return `${server} at ${host}: ${hint ? `${hint} (${detail})` : detail}`;
}

const failed = (url: string | null, message: string): ConnectionCheck => ({
  ok: false,
  message,
  url: url === null ? null : redactUrl(url),
  tls: url !== null && usesTls(url),
  latencyMs: null,
});

export async function checkPostgres(url: string | undefined): Promise<ConnectionCheck> {
  if (!url) return failed(null, 'No database URL is set.');
  const parsed = TeamConfig.shape.databaseUrl.safeParse(url);
  if (!parsed.success) return failed(null, `The database URL is not valid: ${parsed.error.issues[0]?.message}.`);
  const started = Date.now();
  let client: pg.Client | null = null;
  try {
    client = new pg.Client({ ...postgresConnection(url), connectionTimeoutMillis: TIMEOUT_MS });
    client.on('error', () => {}); // a late socket error after end() must not crash the app
    await client.connect();
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    return {
      ok: true,
      message: `Connected: PostgreSQL ${rows[0]?.v ?? '?'}`,
      url: redactUrl(url),
      tls: usesTls(url),
      latencyMs: Date.now() - started,
    };
  } catch (error) {
    return failed(url, describeFailure('Postgres', url, error));
  } finally {
    await client?.end().catch(() => {});
  }
}

export async function checkRedis(url: string | undefined): Promise<ConnectionCheck> {
  if (!url) return failed(null, 'No Redis URL is set.');
  const parsed = TeamConfig.shape.redisUrl.safeParse(url);
  if (!parsed.success) return failed(null, `The Redis URL is not valid: ${parsed.error.issues[0]?.message}.`);
  const started = Date.now();
  let lastError: unknown = null;
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null, // one attempt: a test reports, it does not wait for the server to come back
  });
  client.on('error', (error: Error) => (lastError = error));
  try {
    await client.connect();
    const info = await client.info('server');
    const version = /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? '?';
    return {
      ok: true,
      message: `Connected: Redis ${version}`,
      url: redactUrl(url),
      tls: usesTls(url),
      latencyMs: Date.now() - started,
    };
  } catch (error) {
    return failed(url, describeFailure('Redis', url, lastError ?? error));
  } finally {
    client.disconnect();
  }
}
