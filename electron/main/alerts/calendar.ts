// Local days and months of instants in one time zone, cached: Intl formatting costs microseconds, and the
// engine asks for every usage signal, almost always about today.
import { addDays, dayKey, dayRange, dayStart, localTime } from '../../../shared/time';

export interface LocalDay {
  /** `YYYY-MM-DD` */
  key: string;
  start: number;
  end: number;
  /** `YYYY-MM` */
  month: string;
  monthStart: number;
  monthEnd: number;
}

const CACHED_DAYS = 4;

export class LocalCalendar {
  private recent: LocalDay[] = [];

  constructor(readonly timeZone: string) {}

  /** The local day (and its month) an instant falls in. */
  dayOf(ms: number): LocalDay {
    for (const d of this.recent) if (ms >= d.start && ms < d.end) return d;
    const key = dayKey(ms, this.timeZone);
    const [start, end] = dayRange(key, this.timeZone);
    const month = key.slice(0, 7);
    const firstOfNext = addDays(`${month}-28`, 4).slice(0, 7) + '-01';
    const day: LocalDay = {
      key,
      start,
      end,
      month,
      monthStart: dayStart(`${month}-01`, this.timeZone),
      monthEnd: dayStart(firstOfNext, this.timeZone),
    };
    this.recent.unshift(day);
    if (this.recent.length > CACHED_DAYS) this.recent.pop();
    return day;
  }

  /** Minutes since local midnight at an instant. */
  minuteOfDay(ms: number): number {
    const d = this.dayOf(ms);
    // On a DST day (23 or 25 hours) elapsed time is not the wall clock: ask Intl instead.
    const elapsed = Math.floor((ms - d.start) / 60_000);
    const dayMinutes = Math.round((d.end - d.start) / 60_000);
    if (dayMinutes === 1440) return elapsed;
    const t = localTime(ms, this.timeZone);
    return t.hour * 60 + t.minute;
  }
}
