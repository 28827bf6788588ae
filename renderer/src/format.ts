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
export const formatCost = (usdAmount: number): string => usd.format(usdAmount);

/** "+12%" / "−30%" against a previous value, or null when there is nothing to compare with. */
export function formatChange(now: number, before: number): string | null {
  if (before === 0) return null;
  const pct = Math.round(((now - before) / before) * 100);
  return `${pct >= 0 ? '+' : '−'}${Math.abs(pct)}%`;
}

export function formatTime(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
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
