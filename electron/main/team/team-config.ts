// Team mode's configuration from flags, environment and the secret store, validated with zod. Without a
// database URL, Redis URL, team and developer the app stays local and says why.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { z } from 'zod';
import type { SecretStore } from './secret-store';

export const TEAM_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

const PostgresUrl = z
  .string()
  .url()
  .refine((u) => /^postgres(ql)?:$/.test(new URL(u).protocol), { message: 'must start with postgres://' });
const RedisUrl = z
  .string()
  .url()
  .refine((u) => /^rediss?:$/.test(new URL(u).protocol), { message: 'must start with redis:// or rediss://' });

export const TeamConfig = z.object({
  databaseUrl: PostgresUrl,
  redisUrl: RedisUrl,
  team: z.string().regex(TEAM_NAME, 'letters, digits, . _ - (up to 63)'),
  developer: z.string().regex(TEAM_NAME, 'letters, digits, . _ - (up to 63)'),
  /** Prefix of every Redis key and channel, so several teams or test runs can share one Redis. */
  redisPrefix: z.string().max(64).default('sfm:'),
  /** Send session titles and working directories (redacted) too; off by default. */
  shareText: z.boolean().default(false),
});
export type TeamConfig = z.infer<typeof TeamConfig>;

export type TeamConfigResolution = { mode: 'team'; config: TeamConfig } | { mode: 'local'; reason: string };

/** The CLI flags that configure team mode (same names as the environment variables). */
export const teamFlagOptions = {
  'database-url': { type: 'string' },
  'redis-url': { type: 'string' },
  team: { type: 'string' },
  developer: { type: 'string' },
  'share-text': { type: 'boolean' },
} as const;

export interface TeamFlags {
  'database-url'?: string;
  'redis-url'?: string;
  team?: string;
  developer?: string;
  'share-text'?: boolean;
}

/**
 * Flags win over the environment, the environment over the secret store (URLs) and the saved settings
 * (`team.json`: team, developer, text sharing).
 */
export function resolveTeamConfig(
  flags: TeamFlags,
  env: NodeJS.ProcessEnv = process.env,
  secrets?: SecretStore,
  saved?: SavedTeamSettings,
): TeamConfigResolution {
  let stored: { databaseUrl?: string; redisUrl?: string };
  try {
    stored = { databaseUrl: secrets?.get('team.databaseUrl'), redisUrl: secrets?.get('team.redisUrl') };
  } catch (error) {
    return { mode: 'local', reason: `Team mode is off: ${(error as Error).message}` };
  }
  const candidate = {
    databaseUrl: flags['database-url'] ?? nonEmpty(env.SUBFORGE_MONITOR_DATABASE_URL) ?? stored.databaseUrl,
    redisUrl: flags['redis-url'] ?? nonEmpty(env.SUBFORGE_MONITOR_REDIS_URL) ?? stored.redisUrl,
    team: flags.team ?? nonEmpty(env.SUBFORGE_MONITOR_TEAM) ?? saved?.team,
    developer: flags.developer ?? nonEmpty(env.SUBFORGE_MONITOR_DEVELOPER) ?? saved?.developer,
    redisPrefix: nonEmpty(env.SUBFORGE_MONITOR_REDIS_PREFIX),
    shareText:
      flags['share-text'] ?? (env.SUBFORGE_MONITOR_TEAM_SHARE_TEXT === '1' ? true : undefined) ?? saved?.shareText,
  };
  const missing = (['databaseUrl', 'redisUrl', 'team', 'developer'] as const).filter((k) => !candidate[k]);
  if (missing.length === 4) {
    return {
      mode: 'local',
      reason:
        'Team mode is off: set SUBFORGE_MONITOR_DATABASE_URL, SUBFORGE_MONITOR_REDIS_URL, SUBFORGE_MONITOR_TEAM and SUBFORGE_MONITOR_DEVELOPER (or --database-url, --redis-url, --team, --developer).',
    };
  }
  if (missing.length > 0) {
    return { mode: 'local', reason: `Team mode is off: missing ${missing.map(describe).join(', ')}.` };
  }
  const parsed = TeamConfig.safeParse(candidate);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${describe(String(i.path[0]))}: ${i.message}`).join('; ');
    return { mode: 'local', reason: `Team mode is off: ${detail}.` };
  }
  return { mode: 'team', config: parsed.data };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim().length > 0 ? value.trim() : undefined;
}

function describe(key: string): string {
  const names: Record<string, string> = {
    databaseUrl: 'SUBFORGE_MONITOR_DATABASE_URL (--database-url)',
    redisUrl: 'SUBFORGE_MONITOR_REDIS_URL (--redis-url)',
    team: 'SUBFORGE_MONITOR_TEAM (--team)',
    developer: 'SUBFORGE_MONITOR_DEVELOPER (--developer)',
  };
  return names[key] ?? key;
}

/** Team settings that are no secret, saved by `team.configure` in `<dataDir>/team.json` (a file a user may edit). */
export const SavedTeamSettings = z
  .object({
    team: z.string().regex(TEAM_NAME),
    developer: z.string().regex(TEAM_NAME),
    shareText: z.boolean().default(false),
  })
  .strict();
export type SavedTeamSettings = z.infer<typeof SavedTeamSettings>;

export const teamSettingsFile = (dataDir: string): string => join(dataDir, 'team.json');

/** The saved settings, or undefined when there are none; a damaged file is reported, never fatal. */
export function readSavedTeamSettings(
  dataDir: string,
  onError: (message: string) => void = () => {},
): SavedTeamSettings | undefined {
  const file = teamSettingsFile(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = SavedTeamSettings.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data;
    onError(`${file} ignored: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  } catch (error) {
    onError(`${file} ignored: ${(error as Error).message}`);
  }
  return undefined;
}

/** Writes the settings beside and renames, so a crash never leaves half a file. */
export function writeSavedTeamSettings(dataDir: string, settings: SavedTeamSettings): void {
  const file = teamSettingsFile(dataDir);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(SavedTeamSettings.parse(settings), null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** A URL with its password masked, for logs and `team.status`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

/**
 * Masks the password of every URL with credentials inside a text (a driver's error message may quote the URL it
 * was given), so an error can be shown to the renderer without leaking a secret.
 */
export function maskUrlsInText(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/]*):([^\s@/]*)@/gi, (_m, scheme: string, user: string) => {
    return `${scheme}${user}:***@`;
  });
}

/** Whether a connection URL asks for TLS: Postgres `sslmode=require|verify-ca|verify-full`, or `rediss://`. */
export function usesTls(url: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'rediss:') return true;
    return ['require', 'verify-ca', 'verify-full'].includes(u.searchParams.get('sslmode') ?? '');
  } catch {
    return false;
  }
}

/**
 * pg connection options with libpq's `sslmode` honoured as libpq defines it: `require` encrypts without
 * checking the certificate, `verify-ca` checks the chain, `verify-full` also the host name. The ssl
 * parameters are taken out of the URL so pg's own (stricter, version-dependent) reading cannot override them.
 */
export function postgresConnection(databaseUrl: string): { connectionString: string; ssl: false | ConnectionOptions } {
  const url = new URL(databaseUrl);
  const mode = url.searchParams.get('sslmode') ?? 'disable';
  const rootCert = url.searchParams.get('sslrootcert');
  for (const p of ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'ssl', 'uselibpqcompat']) url.searchParams.delete(p);
  const ca = rootCert ? readFileSync(rootCert, 'utf8') : undefined;
  let ssl: false | ConnectionOptions;
  switch (mode) {
    case 'disable':
    case 'allow':
    case 'prefer':
      ssl = false;
      break;
    case 'require':
      ssl = ca ? { ca, checkServerIdentity: () => undefined } : { rejectUnauthorized: false };
      break;
    case 'verify-ca':
      ssl = { rejectUnauthorized: true, ca, checkServerIdentity: () => undefined };
      break;
    case 'verify-full':
      ssl = { rejectUnauthorized: true, ca };
      break;
    default:
      throw new Error(
        `Unknown sslmode "${mode}" in the database URL (use disable, require, verify-ca or verify-full).`,
      );
  }
  return { connectionString: url.toString(), ssl };
}
