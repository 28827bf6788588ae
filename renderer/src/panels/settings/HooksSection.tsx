// Claude Code hooks: where they are installed (user scope, each known project) and an Install button that writes
// the settings.json only through the validated `hooks.install` request, after saying what it will write.
import { useState } from 'react';
import type { HookScopeStatus } from '../../../../shared/settings';
import { request } from '../../api';
import { useQuery } from '../../hooks/useQuery';

const stateLabel: Record<HookScopeStatus['state'], string> = {
  installed: 'installed',
  partial: 'partly installed',
  'not-installed': 'not installed',
  unreadable: 'unreadable',
};

const originLabel: Record<HookScopeStatus['origin'], string> = {
  user: 'all projects',
  session: 'a session ran here',
  typed: 'you typed it',
};

export function HooksSection() {
  const status = useQuery('hooks.status', {});
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [dir, setDir] = useState('');

  const install = (input: { scope: 'user' } | { scope: 'project'; dir: string }) => {
    setBusy(true);
    setMessage(null);
    request('hooks.install', input)
      .then((r) => {
        setMessage({
          text: r.changed
            ? `Hooks written to ${r.file}${r.backup ? `; the previous file was kept as ${r.backup}` : ''}.`
            : `${r.file} already has the hooks; nothing changed.`,
          bad: false,
        });
        if (input.scope === 'project') setDir('');
        status.reload();
      })
      .catch((e: Error) => setMessage({ text: e.message, bad: true }))
      .finally(() => setBusy(false));
  };

  const rows = status.data ? [status.data.user, ...status.data.projects] : [];
  return (
    <div className="card settings-section" data-testid="hooks-section">
      <h2>Claude Code hooks</h2>
      <p className="muted small">
        Hooks give second-by-second status (running, waiting for permission or input, idle). Installing adds a command
        hook per event to that <code>settings.json</code>, after copying the file to{' '}
        <code>settings.json.bak-&lt;time&gt;</code>; every other setting and hook stays as it is, and installing twice
        changes nothing. Only the user&apos;s settings and <code>&lt;folder&gt;/.claude/settings.json</code> of a folder
        listed here or typed below are ever written.
      </p>
      {status.error && (
        <div className="error" role="alert">
          {status.error}
        </div>
      )}
      {status.data && !status.data.hookScriptExists && (
        <div className="warning" role="alert">
          The hook script {status.data.hookScript} is missing: build the app (<code>npm run build</code>) first.
        </div>
      )}
      <table className="table" data-testid="hooks-table">
        <thead>
          <tr>
            <th scope="col">Scope</th>
            <th scope="col">Settings file</th>
            <th scope="col">Status</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.file} data-testid="hook-scope" data-state={s.state}>
              <td>
                {s.scope === 'user' ? 'User' : s.dir}
                <div className="muted small">{originLabel[s.origin]}</div>
              </td>
              <td className="small">{s.file}</td>
              <td>
                <span className={`chip chip-${s.state}`}>{stateLabel[s.state]}</span>
                {s.error && <div className="bad small">{s.error}</div>}
                {s.state === 'partial' && <div className="muted small">missing {s.missing.join(', ')}</div>}
              </td>
              <td>
                {s.state !== 'installed' && (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => install(s.dir === null ? { scope: 'user' } : { scope: 'project', dir: s.dir })}
                  >
                    Install
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (dir.trim() !== '') install({ scope: 'project', dir: dir.trim() });
        }}
      >
        <label htmlFor="hook-project-dir">Another project folder</label>
        <input
          id="hook-project-dir"
          type="text"
          data-testid="hook-project-dir"
          placeholder="/home/you/code/project"
          value={dir}
          onChange={(e) => setDir(e.target.value)}
        />
        <button type="submit" disabled={busy || dir.trim() === ''} data-testid="hook-install-project">
          Install in this folder
        </button>
      </form>
      {message && (
        <div
          className={message.bad ? 'error' : 'muted'}
          role={message.bad ? 'alert' : 'status'}
          data-testid="hooks-message"
        >
          {message.text}
        </div>
      )}
    </div>
  );
}
