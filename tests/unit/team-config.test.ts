// Team mode's configuration: local with a reason when unset or wrong, flags over environment, libpq sslmode.
import { describe, expect, it } from 'vitest';
import { EnvSecretStore, SecretStoreError } from '../../electron/main/team/secret-store';
import { postgresConnection, redactUrl, resolveTeamConfig } from '../../electron/main/team/team-config';
import { retryDelay } from '../../electron/main/team/team-sync';

const env = {
  SUBFORGE_MONITOR_DATABASE_URL: 'postgres://dev:pw@db.example:5432/team?sslmode=require',
  SUBFORGE_MONITOR_REDIS_URL: 'rediss://:pw@cache.example:6380',
  SUBFORGE_MONITOR_TEAM: 'platform',
  SUBFORGE_MONITOR_DEVELOPER: 'alice',
};

describe('resolveTeamConfig', () => {
  it('stays local and names every variable when nothing is set', () => {
    const r = resolveTeamConfig({}, {});
    expect(r.mode).toBe('local');
    expect(r.mode === 'local' && r.reason).toContain('SUBFORGE_MONITOR_DATABASE_URL');
  });

  it('names what is missing, and what is malformed', () => {
    const missing = resolveTeamConfig({}, { ...env, SUBFORGE_MONITOR_DEVELOPER: '' });
    expect(missing).toEqual({ mode: 'local', reason: expect.stringContaining('missing SUBFORGE_MONITOR_DEVELOPER') });
    const bad = resolveTeamConfig(
      {},
      { ...env, SUBFORGE_MONITOR_REDIS_URL: 'http://cache', SUBFORGE_MONITOR_TEAM: 'a b' },
    );
    expect(bad.mode === 'local' && bad.reason).toMatch(/REDIS_URL.*redis:\/\/.*TEAM/s);
  });

  it('takes flags over the environment, and the environment over the secret store', () => {
    const secrets = { get: () => 'postgres://stored@db/x', set: () => {} };
    const r = resolveTeamConfig(
      { team: 'infra', 'share-text': true },
      { ...env, SUBFORGE_MONITOR_DATABASE_URL: '' },
      secrets,
    );
    expect(r).toMatchObject({
      mode: 'team',
      config: {
        team: 'infra',
        developer: 'alice',
        databaseUrl: 'postgres://stored@db/x',
        shareText: true,
        redisPrefix: 'sfm:',
      },
    });
  });

  it('stays local with the reason when the secret store cannot be read', () => {
    const broken = {
      get: () => {
        throw new SecretStoreError('SECRET_STORE_DAMAGED', 'secrets.json is damaged');
      },
      set: () => {},
    };
    expect(resolveTeamConfig({}, {}, broken)).toEqual({ mode: 'local', reason: expect.stringContaining('damaged') });
  });
});

describe('secrets under plain Node', () => {
  it('reads the environment and refuses to write anything', () => {
    const store = new EnvSecretStore(env);
    expect(store.get('team.redisUrl')).toBe(env.SUBFORGE_MONITOR_REDIS_URL);
    expect(() => store.set('team.databaseUrl', 'postgres://x')).toThrow(/Refusing to store/);
  });
});

describe('postgresConnection', () => {
  it('maps sslmode as libpq defines it and keeps it out of the URL', () => {
    expect(postgresConnection('postgres://u@h/db')).toEqual({ connectionString: 'postgres://u@h/db', ssl: false });
    const req = postgresConnection('postgres://u@h/db?sslmode=require&application_name=x');
    expect(req).toEqual({
      connectionString: 'postgres://u@h/db?application_name=x',
      ssl: { rejectUnauthorized: false },
    });
    expect(postgresConnection('postgres://u@h/db?sslmode=verify-full').ssl).toMatchObject({ rejectUnauthorized: true });
    expect(() => postgresConnection('postgres://u@h/db?sslmode=maybe')).toThrow(/Unknown sslmode/);
  });

  it('masks passwords for display', () => {
    expect(redactUrl('postgres://dev:hunter2@db/x')).toBe('postgres://dev:***@db/x');
  });
});

describe('retryDelay', () => {
  it('doubles up to the ceiling and spreads retries with jitter', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, 100, 1000, () => 1))).toEqual([100, 200, 400, 800]);
    expect(retryDelay(10, 100, 1000, () => 1)).toBe(1000);
    expect(retryDelay(3, 100, 1000, () => 0)).toBe(200); // never below half the step
  });
});
