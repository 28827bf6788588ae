// The app shell: navigation between panels (kept in the URL's fragment) and the connection state.
import { useEffect, useState, type ReactNode } from 'react';
import { onConnection } from './api';
import { useAlertNotifications } from './hooks/useAlertNotifications';
import { AgentsPanel } from './panels/AgentsPanel';
import { AlertsPanel } from './panels/AlertsPanel';
import { ThemeSwitcher } from './components/ThemeSwitcher';
import { ScanBanner } from './components/ScanBanner';
import { ScopeSwitch } from './components/ScopeSwitch';
import { scopeParam, useScope } from './hooks/useScope';
import { AnalyticsPanel } from './panels/AnalyticsPanel';
import { MetricsPanel } from './panels/MetricsPanel';
import { OverviewPanel } from './panels/OverviewPanel';
import { SessionsPanel } from './panels/SessionsPanel';
import { SourcesPanel } from './panels/SourcesPanel';
import { TaskBoardPanel } from './panels/TaskBoardPanel';

interface Route {
  id: string;
  label: string;
  render: () => ReactNode;
}

export const routes: Route[] = [
  { id: 'overview', label: 'Overview', render: () => <OverviewPanel /> },
  { id: 'agents', label: 'Agents', render: () => <AgentsPanel /> },
  { id: 'tasks', label: 'Task board', render: () => <TaskBoardPanel /> },
  {
    id: 'sessions',
    label: 'Sessions',
    render: () => <SessionsPanel />,
  },
  { id: 'metrics', label: 'Metrics', render: () => <MetricsPanel /> },
  { id: 'analytics', label: 'Analytics', render: () => <AnalyticsPanel /> },
  { id: 'alerts', label: 'Alerts', render: () => <AlertsPanel /> },
  { id: 'sources', label: 'Sources & settings', render: () => <SourcesPanel /> },
];

/** Panels team mode can show for the team or one developer (the rest, alerts and settings, are this machine's). */
const SCOPED = new Set(['overview', 'sessions', 'tasks', 'metrics', 'analytics', 'agents']);

function currentRoute(): string {
  const id = window.location.hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  return routes.some((r) => r.id === id) ? id : 'overview';
}

export function App() {
  const [route, setRoute] = useState(currentRoute);

  useEffect(() => {
    const onHash = () => setRoute(currentRoute());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useAlertNotifications();

  const [connected, setConnected] = useState(true);
  useEffect(() => onConnection(setConnected), []);

  const active = routes.find((r) => r.id === route) ?? routes[0]!;
  // The scope follows the user from one usage panel to the next.
  const [scope] = useScope();
  const scopeQuery = scope.kind === 'me' ? '' : `?scope=${encodeURIComponent(scopeParam(scope))}`;
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Panels">
        <div className="brand">SubForge Monitor</div>
        <ul>
          {routes.map((r, i) => (
            <li key={r.id}>
              <a
                href={`#/${r.id}${SCOPED.has(r.id) ? scopeQuery : ''}`}
                aria-current={r.id === route ? 'page' : undefined}
                title={i < 9 ? `${r.label} (Alt+${i + 1})` : r.label}
              >
                {r.label}
              </a>
            </li>
          ))}
        </ul>
        <ThemeSwitcher />
      </nav>
      <main className="content">
        {!connected && (
          <div className="warning" role="alert" data-testid="connection-lost">
            Not connected to the monitor; retrying. If this lasts, open the exact address that{' '}
            <code>subforge-monitor serve</code> printed: it carries this run's access token.
          </div>
        )}
        <ScanBanner />
        {SCOPED.has(active.id) && <ScopeSwitch />}
        {active.render()}
      </main>
    </div>
  );
}

/** Alt+1…9 jumps to a panel. */
export function bindPanelShortcuts(): void {
  window.addEventListener('keydown', (e) => {
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    const n = Number(e.key);
    const target = routes[n - 1];
    if (Number.isInteger(n) && target) {
      e.preventDefault();
      window.location.hash = `#/${target.id}`;
    }
  });
}
