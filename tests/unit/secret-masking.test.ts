// Secrets never reach the renderer: URLs are shown with their password masked, driver messages that quote a URL
// are masked too, a masked URL sent back keeps the stored one, and saved team settings hold no secret.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  maskUrlsInText,
  readSavedTeamSettings,
  redactUrl,
  resolveTeamConfig,
  teamSettingsFile,
  usesTls,
  writeSavedTeamSettings,
} from '../../electron/main/team/team-config';
import { EnvSecretStore } from '../../electron/main/team/secret-store';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';

describe('redactUrl', () => {
  it('masks the password and keeps what a user needs to recognise the server', () => {
    expect(redactUrl('postgres://dev:hunter2@db.example:5432/team?sslmode=require')).toBe(
      'postgres://dev:***@db.example:5432/team?sslmode=require',
    );
    expect(redactUrl('rediss://:s3cr3t@cache.example:6380')).toBe('rediss://:***@cache.example:6380');
    // Percent-encoded passwords (with @ or :) are masked whole.
    expect(redactUrl('postgres://dev:p%40ss%3Aword@db/team')).toBe('postgres://dev:***@db/team');
  });

  it('leaves a URL without a password alone, and never returns an unparseable one', () => {
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactUrl('postgres://dev@db/team')).toBe('postgres://dev@db/team');
    expect(redactUrl('not a url with hunter2')).toBe('(invalid URL)');
  });
});

describe('maskUrlsInText', () => {
  it('masks every credentialed URL in a message and nothing else', () => {
    const text =
      'connect to postgres://app:hunter2@db:5432/x failed; fallback rediss://:pw@cache:6380 too; see http://docs/x';
    const masked = maskUrlsInText(text);
    expect(masked).toBe(
      'connect to postgres://app:***@db:5432/x failed; fallback rediss://:***@cache:6380 too; see http://docs/x',
    );
    expect(masked).not.toMatch(/hunter2|:pw@/);
  });
});

describe('usesTls', () => {
  it('knows libpq sslmodes and rediss', () => {
    expect(usesTls('postgres://h/db?sslmode=verify-full')).toBe(true);
    expect(usesTls('postgres://h/db?sslmode=require')).toBe(true);
    expect(usesTls('postgres://h/db?sslmode=disable')).toBe(false);
    expect(usesTls('postgres://h/db')).toBe(false);
    expect(usesTls('rediss://h:6380')).toBe(true);
    expect(usesTls('redis://h:6379')).toBe(false);
  });
});

describe('saved team settings', () => {
  let dirs: TempDirs;
  afterEach(() => dirs.cleanup());

  it('hold names and sharing only, and fill in what the environment leaves out', () => {
    dirs = makeTempDirs();
    writeSavedTeamSettings(dirs.dataDir, { team: 'platform', developer: 'alice', shareText: true });
    expect(readFileSync(teamSettingsFile(dirs.dataDir), 'utf8')).not.toMatch(/postgres|redis/);
    const saved = readSavedTeamSettings(dirs.dataDir);
    const env = {
      SUBFORGE_MONITOR_DATABASE_URL: 'postgres://dev:pw@db/team',
      SUBFORGE_MONITOR_REDIS_URL: 'redis://127.0.0.1:6379',
    };
    expect(resolveTeamConfig({}, env, new EnvSecretStore(env), saved)).toMatchObject({
      mode: 'team',
      config: { team: 'platform', developer: 'alice', shareText: true },
    });
    // The environment still wins over what was saved.
    expect(
      resolveTeamConfig({}, { ...env, SUBFORGE_MONITOR_TEAM: 'infra' }, new EnvSecretStore(env), saved),
    ).toMatchObject({ config: { team: 'infra' } });
  });

  it('ignores a damaged file with a reason instead of failing', () => {
    dirs = makeTempDirs();
    writeSavedTeamSettings(dirs.dataDir, { team: 'platform', developer: 'alice', shareText: false });
    const file = teamSettingsFile(dirs.dataDir);
    writeFileSync(file, '{"team": "a b"}');
    const errors: string[] = [];
    expect(readSavedTeamSettings(dirs.dataDir, (m) => errors.push(m))).toBeUndefined();
    expect(errors[0]).toContain(file);
  });
});
