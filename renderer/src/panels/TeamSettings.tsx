// Settings › Team: the team's Postgres and Redis, team and developer names, text sharing; test the connections
// and apply (team sync restarts, the app does not). URLs come back masked: a field left as shown keeps its secret.
import { useEffect, useState, type FormEvent } from 'react';
import type { ConnectionCheck, TeamStatus } from '../../../shared/contract';
import { request } from '../api';
import { useQuery } from '../hooks/useQuery';

interface Form {
  databaseUrl: string;
  redisUrl: string;
  team: string;
  developer: string;
  shareText: boolean;
}

const blank: Form = { databaseUrl: '', redisUrl: '', team: '', developer: '', shareText: false };

function CheckResult({ name, check }: { name: string; check: ConnectionCheck }) {
  return (
    <li data-testid={`team-test-${name.toLowerCase()}`}>
      <strong>{name}:</strong> <span className={check.ok ? 'check-ok' : 'bad'}>{check.ok ? 'ok' : 'failed'}</span> —{' '}
      {check.message}
      {check.ok && !check.tls && <span className="muted"> (not encrypted)</span>}
      {check.latencyMs !== null && <span className="muted"> · {check.latencyMs} ms</span>}
    </li>
  );
}

export function TeamSettings() {
  const settings = useQuery('team.settings.get', {});
  const status = useQuery('team.status', {}, ['team.changed'], 5000);
  const [form, setForm] = useState<Form>(blank);
  const [busy, setBusy] = useState<'test' | 'apply' | null>(null);
  const [tested, setTested] = useState<{ postgres: ConnectionCheck; redis: ConnectionCheck } | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  // The form starts from the saved settings (URLs masked); a reload after applying shows what is now in force.
  useEffect(() => {
    const s = settings.data;
    if (!s) return;
    setForm({
      databaseUrl: s.databaseUrl ?? '',
      redisUrl: s.redisUrl ?? '',
      team: s.team ?? '',
      developer: s.developer ?? '',
      shareText: s.shareText,
    });
  }, [settings.data]);

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const urls = () => ({
    ...(form.databaseUrl.trim() ? { databaseUrl: form.databaseUrl.trim() } : {}),
    ...(form.redisUrl.trim() ? { redisUrl: form.redisUrl.trim() } : {}),
  });

  const test = async () => {
    setBusy('test');
    setMessage(null);
    try {
      setTested(await request('team.test', urls()));
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(null);
    }
  };

  const apply = async (e: FormEvent) => {
    e.preventDefault();
    setBusy('apply');
    setMessage(null);
    try {
      const next: TeamStatus = await request('team.configure', {
        ...urls(),
        team: form.team.trim(),
        developer: form.developer.trim(),
        shareText: form.shareText,
      });
      setMessage({
        ok: true,
        text: next.mode === 'team' ? `Team sync restarted for ${next.team} as ${next.developer}.` : next.reason,
      });
      settings.reload();
      status.reload();
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    } finally {
      setBusy(null);
    }
  };

  const s = settings.data;
  const live = status.data;
  return (
    <section aria-labelledby="team-settings-title" data-testid="team-settings">
      <h2 id="team-settings-title" className="section-title">
        Team
      </h2>
      {live && (
        <p className="muted" data-testid="team-state">
          {live.mode === 'team'
            ? `On: team ${live.team} as ${live.developer} · Postgres ${live.postgres.connected ? 'connected' : 'not connected'} · Redis ${live.redis.connected ? 'connected' : 'not connected'} · ${live.outbox.entries} change(s) queued`
            : live.reason}
        </p>
      )}
      {s && !s.canStoreSecrets && (
        <div className="warning" role="note" data-testid="team-env-note">
          This app cannot store passwords here (browser mode, or no OS keychain). Set SUBFORGE_MONITOR_DATABASE_URL and
          SUBFORGE_MONITOR_REDIS_URL in the environment; the team, developer and sharing can still be changed here.
        </div>
      )}
      {s?.urlsFrom === 'environment' && (
        <p className="muted small">The URLs come from the environment, which takes precedence when the app starts.</p>
      )}
      <form className="team-settings" onSubmit={(e) => void apply(e)}>
        <label htmlFor="team-db">Database URL</label>
        <input
          id="team-db"
          data-testid="team-database-url"
          type="text"
          autoComplete="off"
          spellCheck={false}
          placeholder="postgres://user:password@host:5432/subforge?sslmode=verify-full"
          value={form.databaseUrl}
          onChange={(e) => set('databaseUrl', e.target.value)}
        />
        <span className="hint muted small">
          Over a network use TLS: add <code>sslmode=verify-full</code> (and <code>sslrootcert=/path/ca.pem</code> for a
          private CA). Passwords are shown masked; leave a masked URL as it is to keep its password.
        </span>
        <label htmlFor="team-redis">Redis URL</label>
        <input
          id="team-redis"
          data-testid="team-redis-url"
          type="text"
          autoComplete="off"
          spellCheck={false}
          placeholder="rediss://:password@host:6380"
          value={form.redisUrl}
          onChange={(e) => set('redisUrl', e.target.value)}
        />
        <span className="hint muted small">
          <code>rediss://</code> encrypts the connection; <code>redis://</code> is for loopback or a trusted network.
        </span>
        <label htmlFor="team-name">Team</label>
        <input
          id="team-name"
          data-testid="team-name"
          value={form.team}
          onChange={(e) => set('team', e.target.value)}
          placeholder="platform"
        />
        <label htmlFor="team-developer">Developer</label>
        <input
          id="team-developer"
          data-testid="team-developer"
          value={form.developer}
          onChange={(e) => set('developer', e.target.value)}
          placeholder="your name, as the team sees it"
        />
        <label htmlFor="team-share">Share text</label>
        <label className="small">
          <input
            id="team-share"
            type="checkbox"
            data-testid="team-share-text"
            checked={form.shareText}
            onChange={(e) => set('shareText', e.target.checked)}
          />{' '}
          Also share session titles and working directories (known secret patterns are removed). Tokens and costs are
          always shared.
        </label>
        <span />
        <div className="team-settings-actions">
          <button type="button" data-testid="team-test" disabled={busy !== null} onClick={() => void test()}>
            {busy === 'test' ? 'Testing…' : 'Test connections'}
          </button>
          <button type="submit" data-testid="team-apply" disabled={busy !== null || !form.team || !form.developer}>
            {busy === 'apply' ? 'Applying…' : 'Apply'}
          </button>
        </div>
      </form>
      {tested && (
        <ul className="plain-list" data-testid="team-test-results">
          <CheckResult name="Postgres" check={tested.postgres} />
          <CheckResult name="Redis" check={tested.redis} />
        </ul>
      )}
      {message && (
        <div
          className={message.ok ? 'muted' : 'error'}
          role={message.ok ? 'status' : 'alert'}
          data-testid="team-message"
        >
          {message.text}
        </div>
      )}
    </section>
  );
}
