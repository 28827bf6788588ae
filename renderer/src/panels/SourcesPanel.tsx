// Sources: each watched Claude data directory, its files and lines, and how many lines were skipped.
import { formatExactTokens } from '../format';
import { useQuery } from '../hooks/useQuery';
import { TeamSettings } from './TeamSettings';

export function SourcesPanel() {
  const sources = useQuery('sources.list', {}, ['sources.changed'], 1000);
  const info = useQuery('app.info', {});

  return (
    <section className="panel" aria-labelledby="sources-title">
      <header className="panel-header">
        <h1 id="sources-title">Sources</h1>
      </header>
      {sources.error && (
        <div className="error" role="alert">
          {sources.error}
        </div>
      )}
      <table className="table" data-testid="sources-table">
        <thead>
          <tr>
            <th scope="col">Claude data directory</th>
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
            </tr>
          ))}
        </tbody>
      </table>
      {info.data && (
        <dl className="facts">
          <dt>Data directory</dt>
          <dd>{info.data.dataDir}</dd>
          <dt>Mode</dt>
          <dd>{info.data.mode === 'desktop' ? 'Desktop app' : 'Browser (serve)'}</dd>
          <dt>Version</dt>
          <dd>{info.data.version}</dd>
        </dl>
      )}
      <TeamSettings />
    </section>
  );
}
