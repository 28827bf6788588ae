// Usage over time in the viewer's time zone: splits a range where the zone's offset changes (DST), asks the
// rollup store for bins of local wall-clock time in each piece, and labels each bin with its UTC start.
import { dayStart, zoneSegments } from '../../../shared/time';
import { addSums, emptySums, type RollupGroup, type UsageRollups, type UsageSums } from '../store/rollup-store';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** One bin of time with its usage per group. */
export interface UsageBin {
  /** UTC milliseconds at which the bin starts (a local midnight for day bins). */
  start: number;
  /** The same instant read as local wall-clock time, in milliseconds since 1970-01-01T00:00 local. */
  local: number;
  groups: Map<string, UsageSums>;
}

const localDate = (localMs: number): string => new Date(localMs).toISOString().slice(0, 10);

/**
 * Usage in [from, to) per bin of `binMs` local time (5 min … 1 day) and per group, every bin of the range
 * present (empty ones too), in time order.
 */
export function usageBins(
  rollups: UsageRollups,
  options: {
    group: RollupGroup;
    from: number;
    to: number;
    timeZone: string;
    binMs: number;
    /** Keep these group keys; fold every other one into OTHER_GROUP. */
    keep?: readonly string[];
  },
): UsageBin[] {
  const { group, from, to, timeZone, binMs, keep } = options;
  const bins = new Map<string, UsageBin>();
  for (const seg of zoneSegments(from, to, timeZone)) {
    // Day bins are keyed by local date (a DST day spans two offsets); shorter ones by UTC start, so the hour a
    // clock repeats in autumn stays two hours.
    const place = (k: number): { key: string; start: number; local: number } => {
      const local = k * binMs;
      if (binMs >= DAY) return { key: localDate(local), start: dayStart(localDate(local), timeZone), local };
      return { key: String(local - seg.offset), start: local - seg.offset, local };
    };
    const first = Math.floor((seg.from + seg.offset) / binMs);
    const last = Math.floor((seg.to - 1 + seg.offset) / binMs);
    for (let k = first; k <= last; k++) {
      const p = place(k);
      if (!bins.has(p.key)) bins.set(p.key, { start: p.start, local: p.local, groups: new Map() });
    }
    for (const row of rollups.binned(group, seg.from, seg.to, seg.offset, binMs, keep)) {
      const p = place(row.bin);
      let bin = bins.get(p.key);
      if (!bin) {
        bin = { start: p.start, local: p.local, groups: new Map() };
        bins.set(p.key, bin);
      }
      let sums = bin.groups.get(row.grp);
      if (!sums) {
        sums = emptySums();
        bin.groups.set(row.grp, sums);
      }
      addSums(sums, row);
    }
  }
  return [...bins.values()].sort((a, b) => a.start - b.start);
}

/** All groups of a bin added together. */
export function binTotal(bin: UsageBin): UsageSums {
  const total = emptySums();
  for (const s of bin.groups.values()) addSums(total, s);
  return total;
}
