// The five latest alerts, refreshed when new ones are raised, with a way to the Alerts panel (its link avoids the
// word "alerts" so the sidebar's Alerts link stays the only one named so).
import { formatTime } from '../../format';
import { useQuery } from '../../hooks/useQuery';

export function LatestAlerts() {
  const alerts = useQuery('alerts.list', { limit: 5 }, ['alerts.raised']);
  return (
    <div className="card" data-testid="latest-alerts">
      <h2>
        Latest alerts{' '}
        <a href="#/alerts" className="small" title="Open the Alerts panel">
          history
        </a>
      </h2>
      {alerts.error && (
        <div className="error" role="alert">
          {alerts.error}
        </div>
      )}
      {alerts.data && alerts.data.length === 0 && <p className="muted">No alerts.</p>}
      {alerts.data && alerts.data.length > 0 && (
        <ul className="alert-list">
          {alerts.data.map((a) => (
            <li key={a.id} className={a.acknowledgedAt === null ? undefined : 'muted'}>
              <span className={`severity severity-${a.severity}`}>{a.severity}</span> {a.title}{' '}
              <span className="muted small">{formatTime(a.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
