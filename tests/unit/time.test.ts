// Day boundaries in a time zone, across DST changes and half-hour offsets.
import { describe, expect, it } from 'vitest';
import { addDays, dayKey, dayRange, localTime } from '../../shared/time';

describe('calendar in a time zone', () => {
  it('names the local day of an instant', () => {
    const t = Date.parse('2026-11-25T23:30:00Z');
    expect(dayKey(t, 'UTC')).toBe('2026-11-25');
    expect(dayKey(t, 'Europe/Berlin')).toBe('2026-11-26');
    expect(dayKey(t, 'America/Los_Angeles')).toBe('2026-11-25');
  });

  it('reads UTC without ICU exactly as ICU reads it', () => {
    // Etc/UCT is the same zone under a name the shortcut does not know, so it goes through Intl.
    for (let t = Date.parse('1999-12-31T22:00:00Z'); t < Date.parse('2000-01-02T00:00:00Z'); t += 7 * 60_000 + 13_001) {
      for (const zone of ['UTC', 'Etc/UTC', 'GMT']) expect(localTime(t, zone)).toEqual(localTime(t, 'Etc/UCT'));
    }
    expect(localTime(Date.parse('2028-02-29T23:59:59.999Z'), 'UTC')).toEqual({
      year: 2028,
      month: 2,
      day: 29,
      hour: 23,
      minute: 59,
      second: 59,
    });
  });

  it('finds local midnight, including zones off by half an hour', () => {
    expect(dayRange('2026-11-26', 'UTC')).toEqual([
      Date.parse('2026-11-26T00:00:00Z'),
      Date.parse('2026-11-27T00:00:00Z'),
    ]);
    expect(dayRange('2026-11-26', 'Asia/Kolkata')[0]).toBe(Date.parse('2026-11-25T18:30:00Z'));
  });

  it('gives DST days 23 and 25 hours', () => {
    const [springFrom, springTo] = dayRange('2026-03-29', 'Europe/Berlin');
    expect((springTo - springFrom) / 3_600_000).toBe(23);
    const [fallFrom, fallTo] = dayRange('2026-10-25', 'Europe/Berlin');
    expect((fallTo - fallFrom) / 3_600_000).toBe(25);
  });

  it('steps across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
