// Sources & settings: each watched Claude data directory's health (files, lines, skipped lines and where), the agent
// registry's unreadable files, hook installation, data directory and retention, price overrides and the theme.
import { ThemeSwitcher } from '../components/ThemeSwitcher';
import { formatExactTokens, formatMiB } from '../format';
import { useQuery } from '../hooks/useQuery';
import { HooksSection } from './settings/HooksSection';
import { PricesSection } from './settings/PricesSection';
import { StorageSection } from './settings/StorageSection';

function formatWhen(ms: number | null): string {
  return ms === null ? '—' : new Date(ms).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}
import { TeamSettings } from './TeamSettings';

export function SourcesPanel() {
  const sources = useQuery('sources.list', {}, ['sources.changed'], 1000);
  const agents = useQuery('agents.list', {}, ['sources.changed'], 2000);
  const info = useQuery('app.info', {});
  const scan = useQuery('sources.scan', {}, ['sources.scan'], 1000);
  const lastScan = scan.data;
  const badFiles = agents.data?.badFiles ?? [];
  const withSkips = (sources.data ?? []).filter((s) => (s.skippedFiles ?? []).length > 0);

  return (
    <section className="panel" aria-labelledby="sources-title">
      <header className="panel-header">
        <h1 id="sources-title">Sources &amp; settings</h1>
      </header>
      <div className="card settings-section">
        <h2>Claude data directories</h2>
        {sources.error && (
          <div className="error" role="alert">
            {sources.error}
          </div>
        )}
        <table className="table" data-testid="sources-table">
          <thead>
            <tr>
              <th scope="col">Directory</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Files
              </th>
              <th scope="col" className="num">
                Lines
              </th>
              <th scope="col" className="num">
                Skipped lines
              </th>
              <th scope="col">Last read</th>
            </tr>
          </thead>
          <tbody>
            {(sources.data ?? []).map((s) => (
              <tr key={s.path}>
                <td>{s.path}</td>
                <td>
                  {s.error ? (
                    <span className="bad">{s.error}</span>
                  ) : s.exists ? (
                    'watching'
                  ) : (
                    <span className="muted">not found</span>
                  )}
                </td>
                <td className="num">{formatExactTokens(s.files)}</td>
                <td className="num">{formatExactTokens(s.lines)}</td>
                <td className="num">
                  {s.skippedLines > 0 ? <span className="bad">{formatExactTokens(s.skippedLines)}</span> : '0'}
                </td>
                <td>{formatWhen(s.lastIngestAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {lastScan && lastScan.finishedAt !== null && (
          <p className="muted small" data-testid="last-large-scan">
            Last large read: {formatExactTokens(lastScan.filesRead)} files, {formatMiB(lastScan.bytesRead)} MiB in{' '}
            {((lastScan.finishedAt - lastScan.startedAt) / 1000).toFixed(1)} s, finished{' '}
            {formatWhen(lastScan.finishedAt)}.
          </p>
        )}
        {withSkips.length > 0 && (
          <div data-testid="skipped-files">
            <h3 className="small">Files with skipped lines</h3>
            <p className="muted small">
              Damaged or incomplete lines (bad JSON, missing token counts, a bad timestamp) are skipped and counted; the
              rest of the file is read.
            </p>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col" className="num">
                    Skipped
                  </th>
                  <th scope="col" className="num">
                    Of lines
                  </th>
                  <th scope="col">Last read</th>
                </tr>
              </thead>
              <tbody>
                {withSkips.flatMap((s) =>
                  (s.skippedFiles ?? []).map((f) => (
                    <tr key={f.path} data-testid="skipped-file">
                      <td className="small">
                        {f.path}
                        {f.lastError && <div className="bad">{f.lastError}</div>}
                      </td>
                      <td className="num bad">{formatExactTokens(f.skippedLines)}</td>
                      <td className="num">{formatExactTokens(f.lines)}</td>
                      <td>{formatWhen(f.updatedAt)}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <div className="card settings-section" data-testid="agent-registry">
        <h2>Agent registry</h2>
        {agents.error && (
          <div className="error" role="alert">
            {agents.error}
          </div>
        )}
        {agents.data && (
          <p className="muted small">
            {agents.data.agents.filter((a) => a.scope !== 'unregistered').length} agent definitions read from{' '}
            <code>agents/*.md</code> in each Claude directory and <code>.claude/agents/*.md</code> in each project.
          </p>
        )}
        {badFiles.length === 0 ? (
          agents.data && <p className="muted">Every definition file could be read.</p>
        ) : (
          <ul className="plain-list" data-testid="agent-bad-files">
            {badFiles.map((f) => (
              <li key={f.path}>
                <code>{f.path}</code>: <span className="bad">{f.error}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <HooksSection />
      <StorageSection />
      <PricesSection />
      <TeamSettings />
      <div className="card settings-section">
        <h2>Appearance</h2>
        <ThemeSwitcher testId="settings-theme-select" />
        {info.data && (
          <dl className="facts">
            <dt>Mode</dt>
            <dd>{info.data.mode === 'desktop' ? 'Desktop app' : 'Browser (serve)'}</dd>
            <dt>Version</dt>
            <dd>{info.data.version}</dd>
            {info.data.hookEndpoint && (
              <>
                <dt>Hook receiver</dt>
                <dd>
                  {info.data.hookEndpoint.url} · {info.data.hookEndpoint.accepted} events accepted
                </dd>
              </>
            )}
          </dl>
        )}
      </div>
    </section>
  );
}
