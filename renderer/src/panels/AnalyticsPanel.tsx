// Analytics: week over week, the month-end forecast, the most expensive sessions and projects, cost spikes,
// an hour × weekday heatmap and 5-hour usage blocks with burn rate, all in the viewer's time zone.
import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ReferenceDot,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Analytics } from '../../../shared/contract';
import { ChartFrame, PALETTE } from '../components/ChartFrame';
import { DemoDataButton } from '../components/DemoDataButton';
import { EmptyState } from '../components/EmptyState';
import { ExportButtons } from '../components/ExportButtons';
import { formatChange, formatCost, formatCostTick, formatExactTokens, formatTokens, projectLabel } from '../format';
import { useQuery } from '../hooks/useQuery';
import { scopeInput, useScope } from '../hooks/useScope';

const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
// One formatter for the whole panel: toLocaleString builds one per call, and the chart formats hundreds of hours.
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const dateTime = (ms: number) => dateTimeFormat.format(ms);

export function AnalyticsPanel() {
  const [scope] = useScope();
  const { data, error, loading } = useQuery(
    'analytics.get',
    { timezone, ...scopeInput(scope) },
    ['usage.changed', 'team.changed'],
    2000,
  );
  const rows =
    data?.week.days.map((d) => ({
      weekday: d.weekday,
      thisWeekDate: d.thisWeek?.date ?? '',
      thisWeekCost: d.thisWeek?.totalCost ?? null,
      thisWeekTokens: d.thisWeek?.totalTokens ?? null,
      lastWeekDate: d.lastWeek.date,
      lastWeekCost: d.lastWeek.totalCost,
      lastWeekTokens: d.lastWeek.totalTokens,
    })) ?? [];
  return (
    <section className="panel" aria-labelledby="analytics-title" aria-busy={loading}>
      <header className="panel-header">
        <h1 id="analytics-title">Analytics</h1>
        <span className="muted">{timezone}</span>
        <div className="spacer" />
        <ExportButtons name="analytics-week-over-week" rows={rows} json={data} disabled={!data} />
      </header>
      {error && (
        <div className="error" role="alert">
          Could not load analytics: {error}
        </div>
      )}
      {!data && !error && (
        <div className="loading" role="status">
          Loading analytics…
        </div>
      )}
      {data && <AnalyticsBody data={data} />}
    </section>
  );
}

function AnalyticsBody({ data }: { data: Analytics }) {
  const active = data.heatmap.cells.some((c) => c.requests > 0) || data.topSessions.length > 0;
  if (!active)
    return (
      <EmptyState title="No usage in the last weeks">
        <p>
          Analytics looks back up to 45 days. Start a Claude Code session, or check on the Sources page that the right
          Claude data directory is watched.
        </p>
        <DemoDataButton />
      </EmptyState>
    );
  const f = data.forecast;
  const w = data.week;
  const weekPoints = w.days.map((d) => ({
    day: d.weekday,
    thisWeek: d.thisWeek?.totalCost ?? null,
    lastWeek: d.lastWeek.totalCost,
  }));
  const spikes = data.hourly.filter((h) => h.spike);
  const hourlyPoints = data.hourly.map((h) => ({
    start: h.start,
    label: dateTime(h.start),
    cost: h.cost,
    baseline: h.baseline,
  }));
  const maxCost = Math.max(0, ...data.heatmap.cells.map((c) => c.cost));
  return (
    <>
      <div className="grid-2">
        <div className="card" data-testid="forecast">
          <h2>Month-end forecast ({f.month})</h2>
          <div className="stat-value" data-testid="forecast-cost">
            {formatCost(f.forecastCost)}
          </div>
          <p className="muted small">
            {formatCost(f.monthToDateCost)} so far this month + {formatCost(f.averageDailyCost)} a day (the average of
            the last {f.basisDays} complete days) × {f.daysLeft.toFixed(1)} days left.
          </p>
        </div>
        <div className="card" data-testid="week-over-week">
          <h2>This week against last week</h2>
          <div className="stat-value">{formatCost(w.thisWeekCost)}</div>
          <p className="muted small">
            {formatCost(w.lastWeekCostToDate)} over the same days last week
            {formatChange(w.thisWeekCost, w.lastWeekCostToDate)
              ? ` (${formatChange(w.thisWeekCost, w.lastWeekCostToDate)})`
              : ''}
            ; {formatCost(w.lastWeekCost)} for all of last week.
          </p>
        </div>
      </div>
      <div className="grid-2">
        <ChartFrame
          testId="week-chart"
          title="Cost by day, this week and last"
          summary={`this week ${formatCost(w.thisWeekCost)}, last week ${formatCost(w.lastWeekCost)}.`}
          table={{
            columns: ['Day', 'This week', 'Last week'],
            rows: w.days.map((d) => [
              d.weekday,
              d.thisWeek ? formatCost(d.thisWeek.totalCost) : '—',
              formatCost(d.lastWeek.totalCost),
            ]),
          }}
        >
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={weekPoints}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
              <XAxis dataKey="day" tick={{ fontSize: 11 }} />
              <YAxis tickFormatter={(v: number) => formatCostTick(v)} tick={{ fontSize: 11 }} width={64} />
              <Tooltip formatter={(v) => formatCost(Number(v))} />
              <Bar dataKey="lastWeek" name="Last week" fill={PALETTE[8]} isAnimationActive={false} />
              <Bar dataKey="thisWeek" name="This week" fill={PALETTE[0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </ChartFrame>
        <ChartFrame
          testId="spikes-chart"
          title={`Hourly cost, last ${data.spikeRule.days} days`}
          summary={`${spikes.length} spike${spikes.length === 1 ? '' : 's'}: hours costing more than ${data.spikeRule.k}× the median of that hour of day.`}
          table={{
            columns: ['Hour', 'Cost', 'Usual (median)'],
            rows: spikes.map((h) => [dateTime(h.start), formatCost(h.cost), formatCost(h.baseline)]),
          }}
        >
          <ResponsiveContainer width="100%" height={220}>
            <LineChart data={hourlyPoints}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
              <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={40} />
              <YAxis tickFormatter={(v: number) => formatCostTick(v)} tick={{ fontSize: 11 }} width={64} />
              <Tooltip formatter={(v) => formatCost(Number(v))} />
              <Line dataKey="cost" name="Cost" stroke={PALETTE[0]} dot={false} isAnimationActive={false} />
              <Line
                dataKey="baseline"
                name="Usual"
                stroke={PALETTE[8]}
                strokeDasharray="4 3"
                dot={false}
                isAnimationActive={false}
              />
              {spikes.map((h) => (
                <ReferenceDot key={h.start} x={dateTime(h.start)} y={h.cost} r={5} fill="var(--bad)" stroke="none" />
              ))}
            </LineChart>
          </ResponsiveContainer>
          <p className="muted small">
            Red dots mark spikes: an hour costing more than {data.spikeRule.k}× the median of the same hour of day over
            the last {data.spikeRule.days} days (an hour that is usually idle is compared with the median active hour).
          </p>
        </ChartFrame>
      </div>
      <div className="card" data-testid="heatmap">
        <h2>When you work: requests by weekday and hour (last {data.heatmap.days} days)</h2>
        <div className="heatmap" role="table" aria-label="Requests and cost by weekday and hour">
          <div role="row" className="heatmap-row">
            <span role="columnheader" className="heatmap-label" />
            {Array.from({ length: 24 }, (_, h) => (
              <span role="columnheader" key={h} className="heatmap-hour">
                {h % 3 === 0 ? h : ''}
              </span>
            ))}
          </div>
          {WEEKDAYS.map((day, d) => (
            <div role="row" className="heatmap-row" key={day}>
              <span role="rowheader" className="heatmap-label">
                {day}
              </span>
              {data.heatmap.cells
                .filter((c) => c.weekday === d)
                .map((c) => (
                  <span
                    role="cell"
                    key={c.hour}
                    className="heatmap-cell"
                    style={{ opacity: maxCost > 0 ? 0.08 + (0.92 * c.cost) / maxCost : 0.08 }}
                    title={`${day} ${String(c.hour).padStart(2, '0')}:00 · ${formatExactTokens(c.requests)} requests · ${formatCost(c.cost)}`}
                    aria-label={`${day} ${c.hour}:00, ${c.requests} requests, ${formatCost(c.cost)}`}
                  />
                ))}
            </div>
          ))}
        </div>
      </div>
      <div className="grid-2">
        <div className="card">
          <h2>Most expensive sessions (active in the last 30 days)</h2>
          <table className="table" data-testid="top-sessions">
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">Project</th>
                <th scope="col" className="num">
                  Tokens
                </th>
                <th scope="col" className="num">
                  Cost
                </th>
              </tr>
            </thead>
            <tbody>
              {data.topSessions.map((s) => (
                <tr key={s.id}>
                  <td title={s.id}>{s.title ?? s.id.slice(0, 8)}</td>
                  <td title={s.project}>{projectLabel(s.project)}</td>
                  <td className="num">{formatTokens(s.totalTokens)}</td>
                  <td className="num">{formatCost(s.totalCost)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="card">
          <h2>Most expensive projects (last 30 days)</h2>
          <table className="table" data-testid="top-projects">
            <thead>
              <tr>
                <th scope="col">Project</th>
                <th scope="col" className="num">
                  Tokens
                </th>
                <th scope="col" className="num">
                  Calls
                </th>
                <th scope="col" className="num">
                  Cost
                </th>
              </tr>
            </thead>
            <tbody>
              {data.topProjects.map((p) => (
                <tr key={p.project}>
                  <td title={p.project}>{projectLabel(p.project)}</td>
                  <td className="num">{formatTokens(p.totalTokens)}</td>
                  <td className="num">{formatExactTokens(p.requests)}</td>
                  <td className="num">{formatCost(p.totalCost)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div className="card">
        <h2>5-hour usage blocks (last 7 days)</h2>
        <p className="muted small">
          As ccusage counts them: a block starts at the hour of its first request and lasts 5 hours. Burn rate is tokens
          per minute and cost per hour between the block's first and last request; the active block is projected to its
          end at that rate.
        </p>
        <table className="table" data-testid="blocks-table">
          <thead>
            <tr>
              <th scope="col">Block</th>
              <th scope="col" className="num">
                Calls
              </th>
              <th scope="col" className="num">
                Tokens
              </th>
              <th scope="col" className="num">
                Cost
              </th>
              <th scope="col" className="num">
                Tokens/min
              </th>
              <th scope="col" className="num">
                $/h
              </th>
              <th scope="col">Projection</th>
            </tr>
          </thead>
          <tbody>
            {data.blocks.map((b) => (
              <tr key={b.start} className={b.active ? 'active-row' : undefined}>
                <td>
                  {dateTime(b.start)}
                  {b.active ? <strong> · active</strong> : null}
                </td>
                <td className="num">{formatExactTokens(b.requests)}</td>
                <td className="num">{formatTokens(b.totalTokens)}</td>
                <td className="num">{formatCost(b.totalCost)}</td>
                <td className="num">
                  {b.tokensPerMinute === null ? '—' : formatTokens(Math.round(b.tokensPerMinute))}
                </td>
                <td className="num">{b.costPerHour === null ? '—' : formatCost(b.costPerHour)}</td>
                <td>
                  {b.projection
                    ? `${formatTokens(Math.round(b.projection.totalTokens))} tokens, ${formatCost(b.projection.totalCost)} by ${new Date(b.end).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}`
                    : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
