// Metrics: tokens by kind, cost and cache hit ratio over a chosen range, split by model, project, agent or developer.
import { Area, AreaChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Metrics, MetricsGroupBy, RequestInput } from '../../../shared/contract';
import { ChartFrame, PALETTE } from '../components/ChartFrame';
import { DemoDataButton } from '../components/DemoDataButton';
import { EmptyState } from '../components/EmptyState';
import { ExportButtons } from '../components/ExportButtons';
import { RangePicker, RANGE_OPTIONS, type RangeOption } from '../components/RangePicker';
import { StatCard } from '../components/StatCard';
import { formatCost, formatCostTick, formatExactTokens, formatPercent, formatTokens, projectLabel } from '../format';
import { useQuery } from '../hooks/useQuery';
import { useUrlState } from '../hooks/useUrlState';
import { scopeInput, useScope } from '../hooks/useScope';

const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const GROUPINGS: { value: MetricsGroupBy; label: string }[] = [
  { value: 'model', label: 'Model' },
  { value: 'project', label: 'Project' },
  { value: 'agent', label: 'Agent' },
  { value: 'developer', label: 'Developer' },
];

function bucketLabel(ms: number, bucket: Metrics['bucket']): string {
  if (bucket === '1d') return new Date(ms).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  if (bucket === '1h')
    return new Date(ms).toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

const groupName = (m: Metrics, label: string) => (m.groupBy === 'project' ? projectLabel(label) : label);

export function MetricsPanel() {
  const [url, setUrl] = useUrlState({ range: '24h', group: 'model', from: '', to: '' });
  const [scope] = useScope();
  const range = (RANGE_OPTIONS as readonly string[]).includes(url.range) ? (url.range as RangeOption) : '24h';
  const groupBy = GROUPINGS.some((g) => g.value === url.group) ? (url.group as MetricsGroupBy) : 'model';
  const from = Number(url.from);
  const to = Number(url.to);
  const custom = range === 'custom' && from > 0 && to > from;
  const input: RequestInput<'metrics.get'> = {
    range: custom ? { from, to } : { preset: range === 'custom' ? '24h' : range },
    groupBy,
    timezone,
    ...scopeInput(scope),
  };
  const { data, error, loading } = useQuery('metrics.get', input, ['usage.changed', 'team.changed'], 1000);

  const rows =
    data?.series.map((p) => ({
      start: new Date(p.start).toISOString(),
      inputTokens: p.inputTokens,
      outputTokens: p.outputTokens,
      cacheCreationTokens: p.cacheCreationTokens,
      cacheReadTokens: p.cacheReadTokens,
      totalTokens: p.totalTokens,
      totalCost: p.totalCost,
      requests: p.requests,
      cacheHitRatio: p.cacheHitRatio,
    })) ?? [];

  return (
    <section className="panel" aria-labelledby="metrics-title" aria-busy={loading}>
      <header className="panel-header">
        <h1 id="metrics-title">Metrics</h1>
        <span className="muted">{timezone}</span>
      </header>
      <div className="toolbar">
        <RangePicker
          value={range}
          from={custom ? from : null}
          to={custom ? to : null}
          onChange={(value, c) =>
            setUrl(
              c ? { range: value, from: String(c.from), to: String(c.to) } : { range: value, from: null, to: null },
            )
          }
        />
        <label className="select">
          <span>Group by</span>
          <select value={groupBy} data-testid="group-select" onChange={(e) => setUrl({ group: e.target.value })}>
            {GROUPINGS.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
        <ExportButtons
          name={`metrics-${custom ? 'custom' : range}-by-${groupBy}`}
          rows={rows}
          json={data}
          disabled={!data}
        />
      </div>
      {error && (
        <div className="error" role="alert">
          Could not load the metrics: {error}
        </div>
      )}
      {!data && !error && (
        <div className="loading" role="status">
          Loading metrics…
        </div>
      )}
      {data && <MetricsBody data={data} loading={loading} />}
    </section>
  );
}

function MetricsBody({ data, loading }: { data: Metrics; loading: boolean }) {
  const t = data.totals;
  const points = data.series.map((p) => {
    const row: Record<string, number | string | null> = {
      label: bucketLabel(p.start, data.bucket),
      input: p.inputTokens,
      output: p.outputTokens,
      cacheWrite: p.cacheCreationTokens,
      cacheRead: p.cacheReadTokens,
      cost: p.totalCost,
      hit: p.cacheHitRatio === null ? null : Math.round(p.cacheHitRatio * 1000) / 10,
    };
    for (const g of data.groups) row[`g:${g.key}`] = p.groups[g.key]?.totalCost ?? 0;
    return row;
  });
  const busiest = data.series.reduce((a, p) => (p.totalTokens > (a?.totalTokens ?? -1) ? p : a), data.series[0]);
  return (
    <>
      {loading && (
        <p className="muted" role="status">
          Updating…
        </p>
      )}
      <div className="stat-row stat-row-4">
        <StatCard testId="metrics-tokens" label="Tokens" value={formatTokens(t.totalTokens)} />
        <StatCard testId="metrics-cost" label="Cost" value={formatCost(t.totalCost)} />
        <StatCard
          testId="metrics-cache-hit"
          label="Cache hit ratio"
          value={t.cacheHitRatio === null ? '—' : formatPercent(t.cacheHitRatio)}
        />
        <StatCard testId="metrics-requests" label="API calls" value={formatExactTokens(t.requests)} />
      </div>
      <output data-testid="metrics-total-tokens-exact" hidden>
        {t.totalTokens}
      </output>
      {data.unpricedModels.length > 0 && (
        <div className="warning" role="alert">
          No price known for {data.unpricedModels.join(', ')}: their cost is not included.
        </div>
      )}
      {t.requests === 0 ? (
        <EmptyState title="No usage in this range">
          <p>
            Pick a longer range above, or start a Claude Code session: its transcripts are read as they are written.
            Check on the Sources page that the right Claude data directory is watched.
          </p>
          <DemoDataButton />
        </EmptyState>
      ) : (
        <div className="grid-2">
          <ChartFrame
            testId="tokens-chart"
            title="Tokens by kind"
            summary={`${formatExactTokens(t.totalTokens)} tokens over ${data.series.length} buckets of ${data.bucket}; busiest ${busiest ? bucketLabel(busiest.start, data.bucket) : 'none'}.`}
            table={{
              columns: ['Bucket', 'Input', 'Output', 'Cache write', 'Cache read'],
              rows: data.series.map((p) => [
                bucketLabel(p.start, data.bucket),
                p.inputTokens,
                p.outputTokens,
                p.cacheCreationTokens,
                p.cacheReadTokens,
              ]),
            }}
          >
            <ResponsiveContainer width="100%" height={240}>
              <AreaChart data={points} margin={{ left: 8, right: 8 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
                <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={24} />
                <YAxis tickFormatter={(v: number) => formatTokens(v)} tick={{ fontSize: 11 }} width={56} />
                <Tooltip formatter={(v) => formatExactTokens(Number(v))} />
                <Area
                  stackId="t"
                  dataKey="input"
                  name="Input"
                  stroke={PALETTE[0]}
                  fill={PALETTE[0]}
                  isAnimationActive={false}
                />
                <Area
                  stackId="t"
                  dataKey="output"
                  name="Output"
                  stroke={PALETTE[1]}
                  fill={PALETTE[1]}
                  isAnimationActive={false}
                />
                <Area
                  stackId="t"
                  dataKey="cacheWrite"
                  name="Cache write"
                  stroke={PALETTE[3]}
                  fill={PALETTE[3]}
                  isAnimationActive={false}
                />
                <Area
                  stackId="t"
                  dataKey="cacheRead"
                  name="Cache read"
                  stroke={PALETTE[2]}
                  fill={PALETTE[2]}
                  isAnimationActive={false}
                />
              </AreaChart>
            </ResponsiveContainer>
          </ChartFrame>
          <ChartFrame
            testId="cost-chart"
            title={`Cost by ${data.groupBy}`}
            summary={`${formatCost(t.totalCost)} in total; largest: ${data.groups
              .slice(0, 3)
              .map((g) => `${groupName(data, g.label)} ${formatCost(g.totalCost)}`)
              .join(', ')}.`}
            table={{
              columns: ['Bucket', 'Cost (USD)'],
              rows: data.series.map((p) => [bucketLabel(p.start, data.bucket), formatCost(p.totalCost)]),
            }}
          >
            <ResponsiveContainer width="100%" height={240}>
              <AreaChart data={points} margin={{ left: 8, right: 8 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
                <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={24} />
                <YAxis tickFormatter={(v: number) => formatCostTick(v)} tick={{ fontSize: 11 }} width={64} />
                <Tooltip formatter={(v) => formatCost(Number(v))} />
                {data.groups.map((g, i) => (
                  <Area
                    key={g.key}
                    stackId="c"
                    type="monotone"
                    dataKey={`g:${g.key}`}
                    name={groupName(data, g.label)}
                    stroke={PALETTE[i % PALETTE.length]}
                    fill={PALETTE[i % PALETTE.length]}
                    isAnimationActive={false}
                  />
                ))}
                <Line dataKey="cost" name="Total" stroke="var(--text)" dot={false} isAnimationActive={false} />
              </AreaChart>
            </ResponsiveContainer>
          </ChartFrame>
          <ChartFrame
            testId="cache-chart"
            title="Cache hit ratio"
            summary={`cache reads over all input tokens: ${t.cacheHitRatio === null ? 'no input' : formatPercent(t.cacheHitRatio)} for the range.`}
            table={{
              columns: ['Bucket', 'Cache hit ratio'],
              rows: data.series.map((p) => [
                bucketLabel(p.start, data.bucket),
                p.cacheHitRatio === null ? '—' : formatPercent(p.cacheHitRatio),
              ]),
            }}
          >
            <ResponsiveContainer width="100%" height={200}>
              <LineChart data={points} margin={{ left: 8, right: 8 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
                <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={24} />
                <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 11 }} width={48} />
                <Tooltip formatter={(v) => `${Number(v)}%`} />
                <Line
                  dataKey="hit"
                  name="Cache hit"
                  stroke={PALETTE[2]}
                  dot={false}
                  connectNulls
                  isAnimationActive={false}
                />
              </LineChart>
            </ResponsiveContainer>
          </ChartFrame>
          <div className="card">
            <h2>By {data.groupBy}</h2>
            <table className="table" data-testid="groups-table">
              <thead>
                <tr>
                  <th scope="col">{data.groupBy}</th>
                  <th scope="col" className="num">
                    Tokens
                  </th>
                  <th scope="col" className="num">
                    Cost
                  </th>
                  <th scope="col" className="num">
                    Calls
                  </th>
                  <th scope="col" className="num">
                    Cache hit
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.groups.map((g) => (
                  <tr key={g.key}>
                    <td title={g.label}>{groupName(data, g.label)}</td>
                    <td className="num">{formatTokens(g.totalTokens)}</td>
                    <td className="num">{formatCost(g.totalCost)}</td>
                    <td className="num">{formatExactTokens(g.requests)}</td>
                    <td className="num">{g.cacheHitRatio === null ? '—' : formatPercent(g.cacheHitRatio)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted small">
              Tool calls, tool error rate and tool durations appear here once tool-call ingestion lands.
            </p>
          </div>
        </div>
      )}
    </>
  );
}
