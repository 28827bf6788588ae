// How numbers, money and times read on screen.

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en-US');
const usd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

export const formatTokens = (n: number): string => (n >= 10_000 ? compact.format(n) : whole.format(n));
export const formatExactTokens = (n: number): string => whole.format(n);
/** Bytes as whole MiB, `1,234`. */
export const formatMiB = (bytes: number): string => whole.format(Math.round(bytes / (1024 * 1024)));
export const formatCost = (usdAmount: number): string => usd.format(usdAmount);

/** "+12%" / "−30%" against a previous value, or null when there is nothing to compare with. */
export function formatChange(now: number, before: number): string | null {
  if (before === 0) return null;
  const pct = Math.round(((now - before) / before) * 100);
  return `${pct >= 0 ? '+' : '−'}${Math.abs(pct)}%`;
}

// toLocale*String builds a formatter per call; tables and live lists format hundreds of times per render.
const clockTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const monthDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

export function formatTime(ms: number): string {
  return clockTime.format(ms);
}

/** A project folder name as Claude Code writes it (`-home-dev-app`) shortened to its last part. */
export function projectLabel(project: string): string {
  const parts = project.split('-').filter((p) => p.length > 0);
  return parts.at(-1) ?? project;
}

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
/** 0.4321 → "43.2%". */
export const formatPercent = (ratio: number): string => percent.format(ratio);

/** Axis ticks: cents hide the difference between small amounts, so those get two significant digits. */
export const formatCostTick = (usdAmount: number): string =>
  usdAmount !== 0 && Math.abs(usdAmount) < 1 ? `$${Number(usdAmount.toPrecision(2))}` : formatCost(usdAmount);

/** A duration as people read it: "850 ms", "42 s", "3 m 05 s", "2 h 07 m". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${String(m % 60).padStart(2, '0')} m`;
}

/** A moment in the past relative to `now`: "just now", "5 m ago", "3 h ago", or the date beyond a day. */
export function formatAgo(ms: number, now: number): string {
  const d = now - ms;
  if (d < 60_000) return 'just now';
  if (d < 3_600_000) return `${Math.floor(d / 60_000)} m ago`;
  if (d < 86_400_000) return `${Math.floor(d / 3_600_000)} h ago`;
  return monthDay.format(ms);
}

/** Cost of one run or task: amounts under a cent read "<$0.01" rather than a misleading "$0.00". */
export const formatSmallCost = (usdAmount: number): string =>
  usdAmount > 0 && usdAmount < 0.01 ? '<$0.01' : formatCost(usdAmount);
