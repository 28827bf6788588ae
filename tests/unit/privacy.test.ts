// What leaves the machine in team mode: secrets redacted from any text, text itself only when shared.
import { describe, expect, it } from 'vitest';
import { redactSecrets, shareableSession } from '../../electron/main/team/privacy';

describe('redactSecrets', () => {
  it.each([
    ['key sk-ant-api03-AbC_dEf-1234567890xyz end', 'key [REDACTED:anthropic-key] end'],
    ['AKIAIOSFODNN7EXAMPLE', '[REDACTED:aws-access-key]'],
    [
      'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'aws_secret_access_key=[REDACTED:aws-secret-key]',
    ],
    ['token ghp_0123456789abcdefghijABCDEFGHIJ012345 ok', 'token [REDACTED:github-token] ok'],
    ['github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', '[REDACTED:github-token]'],
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig', 'Authorization: Bearer [REDACTED:bearer-token]'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----', '[REDACTED:private-key]'],
    ['postgres://dev:hunter2@db:5432/x', 'postgres://dev:[REDACTED:url-password]@db:5432/x'],
  ])('redacts %s', (input, output) => {
    expect(redactSecrets(input)).toBe(output);
  });

  it('leaves ordinary text alone', () => {
    const text = 'Fix the flaky test in src/auth/token.ts (skip-ant-farm branch)';
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('shareableSession', () => {
  const session = {
    id: 's1',
    project: '-home-dev-demo',
    cwd: '/home/dev/demo',
    gitBranch: 'main',
    version: '2.0.14',
    title: 'Rotate sk-ant-api03-secretsecretsecret',
    firstTs: 1,
    lastTs: 2,
  };

  it('drops title and working directory unless text sharing is on', () => {
    expect(shareableSession(session, { shareText: false })).toEqual({ ...session, cwd: null, title: null });
  });

  it('redacts them when sharing is on', () => {
    expect(shareableSession(session, { shareText: true }).title).toBe('Rotate [REDACTED:anthropic-key]');
  });
});
