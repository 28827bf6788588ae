// Calendar arithmetic in an IANA time zone, shared by reports, queries and the renderer.

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT']);

/** The wall-clock fields of an instant in a time zone. */
export function localTime(ms: number, timeZone: string): LocalTime {
  // UTC without ICU: a formatter's first use costs milliseconds, each `formatToParts` microseconds.
  if (UTC_ZONES.has(timeZone)) {
    const d = new Date(ms);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    };
  }
  const out: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(ms)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year!,
    month: out.month!,
    day: out.day!,
    hour: out.hour!,
    minute: out.minute!,
    second: out.second!,
  };
}

/** Milliseconds the zone is ahead of UTC at an instant. */
export function zoneOffset(ms: number, timeZone: string): number {
  const t = localTime(ms, timeZone);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `YYYY-MM-DD` of an instant in a time zone. */
export function dayKey(ms: number, timeZone: string): string {
  const t = localTime(ms, timeZone);
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
}

/** The UTC instant at which a local date's midnight falls in a time zone. */
export function dayStart(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d);
  let guess = naive - zoneOffset(naive, timeZone);
  // A DST change between the naive instant and the guess moves the offset; one correction settles it.
  const corrected = naive - zoneOffset(guess, timeZone);
  if (corrected !== guess) guess = corrected;
  return guess;
}

/** The local date `days` after `date` (negative for before). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** [start, end) in UTC milliseconds of a local date. */
export function dayRange(date: string, timeZone: string): [number, number] {
  return [dayStart(date, timeZone), dayStart(addDays(date, 1), timeZone)];
}

const DAY_MS = 86_400_000;
/** The grid every real zone's offset changes fall on. */
const QUARTER_MS = 900_000;

/** A stretch of time over which a zone's offset from UTC does not change. */
export interface ZoneSegment {
  from: number;
  to: number;
  offset: number;
}

/**
 * Splits [from, to) where the zone's offset changes. Offsets are probed once a day (no zone changes twice in a
 * day) and a change is pinned down to the 15-minute grid every real zone's transitions fall on.
 */
export function zoneSegments(from: number, to: number, timeZone: string): ZoneSegment[] {
  if (UTC_ZONES.has(timeZone)) return to > from ? [{ from, to, offset: 0 }] : [];
  const segments: ZoneSegment[] = [];
  let start = from;
  let offset = zoneOffset(from, timeZone);
  let probe = from;
  while (probe < to) {
    const next = Math.min(probe + DAY_MS, to - 1);
    if (next <= probe) break;
    const nextOffset = zoneOffset(next, timeZone);
    if (nextOffset !== offset) {
      // The first 15-minute mark after `probe` at which the new offset holds.
      let lo = Math.floor(probe / QUARTER_MS);
      let hi = Math.ceil(next / QUARTER_MS);
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (zoneOffset(mid * QUARTER_MS, timeZone) === offset) lo = mid;
        else hi = mid;
      }
      const change = Math.max(start, Math.min(to, hi * QUARTER_MS));
      if (change > start) segments.push({ from: start, to: change, offset });
      start = change;
      offset = zoneOffset(change, timeZone);
      probe = change;
      continue;
    }
    probe = next === to - 1 ? to : next;
  }
  if (to > start) segments.push({ from: start, to, offset });
  return segments;
}
