// Overview: what is running now, the live feed and latest alerts; today's sessions, tokens and cost against
// yesterday, cost by model, today's sessions. Live.
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { EmptyState } from '../components/EmptyState';
import { StatCard } from '../components/StatCard';
import { formatChange, formatCost, formatExactTokens, formatTime, formatTokens, projectLabel } from '../format';
import { useQuery } from '../hooks/useQuery';
import { useScan } from '../hooks/useScan';
import { LatestAlerts } from './overview/LatestAlerts';
import { LiveFeed } from './overview/LiveFeed';
import { LiveNow } from './overview/LiveNow';
import { scopeInput, useScope } from '../hooks/useScope';

const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function OverviewPanel() {
  const [scope] = useScope();
  const { data, error, loading } = useQuery('overview.get', { timezone, ...scopeInput(scope) }, [
    'usage.changed',
    'team.changed',
  ]);
  const scan = useScan();

  if (error)
    return (
      <div className="error" role="alert">
        Could not load the overview: {error}
      </div>
    );
  if (!data) return <div className="loading">{loading ? 'Loading…' : ''}</div>;

  const { today, yesterday } = data;
  return (
    <section className="panel" aria-labelledby="overview-title">
      <header className="panel-header">
        <h1 id="overview-title">
          Today
          {scope.kind === 'team' ? ' · team' : scope.kind === 'developer' ? ` · ${scope.developer}` : ''}
        </h1>
        <span className="muted">
          {data.date} · {data.timezone}
        </span>
      </header>
      <div className="stat-row">
        <StatCard
          testId="today-sessions"
          label="Sessions"
          value={String(today.sessions)}
          change={formatChange(today.sessions, yesterday.sessions)}
        />
        <StatCard
          testId="today-tokens"
          label="Tokens"
          value={formatTokens(today.totalTokens)}
          title={`${formatExactTokens(today.totalTokens)} tokens`}
          change={formatChange(today.totalTokens, yesterday.totalTokens)}
        />
        <StatCard
          testId="today-cost"
          label="Cost"
          value={formatCost(today.totalCost)}
          change={formatChange(today.totalCost, yesterday.totalCost)}
        />
      </div>
      <output data-testid="today-total-tokens-exact" hidden>
        {today.totalTokens}
      </output>
      <div className="grid-live">
        <LiveNow />
        <LiveFeed />
        <LatestAlerts />
      </div>
      {data.unpricedModels.length > 0 && (
        <div className="warning" role="alert">
          No price known for {data.unpricedModels.join(', ')}: their cost is not included. Add a price override in{' '}
          <a href="#/sources">Settings</a>.
        </div>
      )}
      {today.sessions === 0 && scan ? (
        <EmptyState title="Reading your Claude Code history">
          <p>Today's sessions appear here as soon as their transcripts are read.</p>
        </EmptyState>
      ) : today.sessions === 0 ? (
        <EmptyState title="No agent activity today yet">
          <p>
            SubForge Monitor reads Claude Code's transcripts as they are written. Start a Claude Code session, or check
            on the Sources page that the right Claude data directory is watched.
          </p>
        </EmptyState>
      ) : (
        <div className="grid-2">
          <div className="card">
            <h2>Cost by model</h2>
            <ResponsiveContainer width="100%" height={Math.max(120, data.models.length * 44)}>
              <BarChart data={data.models} layout="vertical" margin={{ left: 16, right: 16 }}>
                <XAxis type="number" tickFormatter={(v: number) => formatCost(v)} />
                <YAxis
                  type="category"
                  dataKey="model"
                  tick={{ fontSize: 12 }}
                  // Wide enough for the longest model name at 12 px (about 7 px a character), so none is clipped.
                  width={Math.min(300, Math.max(...data.models.map((m) => m.model.length)) * 7 + 12)}
                />
                <Tooltip formatter={(v) => formatCost(Number(v))} />
                <Bar dataKey="totalCost" name="Cost" fill="var(--accent)" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <div className="card">
            <h2>Sessions today</h2>
            <table className="table" data-testid="sessions-table">
              <thead>
                <tr>
                  <th scope="col">Session</th>
                  {scope.kind === 'team' && <th scope="col">Developer</th>}
                  <th scope="col">Project</th>
                  <th scope="col">Last activity</th>
                  <th scope="col" className="num">
                    Tokens
                  </th>
                  <th scope="col" className="num">
                    Cost
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.sessions.map((s) => (
                  <tr key={s.id}>
                    <td title={s.id}>{s.title ?? s.id.slice(0, 8)}</td>
                    {scope.kind === 'team' && <td>{s.developer}</td>}
                    <td title={s.project}>
                      {projectLabel(s.project)}
                      {s.gitBranch ? <span className="muted"> · {s.gitBranch}</span> : null}
                    </td>
                    <td>{formatTime(s.lastActivity)}</td>
                    <td className="num">{formatTokens(s.totalTokens)}</td>
                    <td className="num">{formatCost(s.totalCost)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
