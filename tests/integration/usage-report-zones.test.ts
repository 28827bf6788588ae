// The daily, weekly, monthly and model reports in a time zone: each response counts on its local date, also on
// the days a zone's clocks change, where the store's per-day sums come from two pieces with different offsets.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Importer } from '../../electron/main/core/importer';
import { createLogger } from '../../electron/main/core/logger';
import { buildUsageReport, type ReportOptions } from '../../electron/main/query/usage-report';
import { assistantLine } from '../support/transcript-lines';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';

const ctx = { sessionId: 'd57d57d5-0000-4000-8000-000000000001' };
// Europe/Berlin moves from UTC+1 to UTC+2 at 2026-03-29T01:00Z, and back at 2026-10-25T01:00Z. Each response
// has its own output count, so a day's sum says which responses it holds.
const RESPONSES: [string, number][] = [
  ['2026-03-28T22:59:00Z', 1], // 23:59 on the 28th (+1)
  ['2026-03-28T23:00:00Z', 2], // 00:00 on the 29th (+1)
  ['2026-03-29T00:59:00Z', 4], // 01:59 (+1), a minute before the change
  ['2026-03-29T01:00:00Z', 8], // 03:00 (+2)
  ['2026-03-29T21:59:00Z', 16], // 23:59 (+2), the 29th had 23 hours
  ['2026-03-29T22:00:00Z', 32], // 00:00 on the 30th (+2)
  ['2026-10-24T22:30:00Z', 64], // 00:30 on the 25th (+2)
  ['2026-10-25T22:59:00Z', 128], // 23:59 (+1), the 25th had 25 hours
  ['2026-10-25T23:00:00Z', 256], // 00:00 on the 26th (+1)
];

describe('usage reports by local time', () => {
  let dirs: TempDirs;
  let importer: Importer;

  beforeEach(async () => {
    dirs = makeTempDirs();
    const lines = RESPONSES.map(([at, output], i) =>
      assistantLine(ctx, new Date(at), { input: 1, output, messageId: `msg_${i}`, requestId: `req_${i}` }),
    );
    writeFileSync(join(dirs.projectDir(), `${ctx.sessionId}.jsonl`), `${lines.join('\n')}\n`);
    importer = new Importer({ dataDir: dirs.dataDir, claudeDirs: [dirs.claudeDir], log: createLogger('error') });
    await importer.importOnce();
  });
  afterEach(() => {
    importer.close();
    dirs.cleanup();
  });

  const outputs = (kind: 'daily' | 'weekly' | 'monthly', options: ReportOptions) => {
    const rows = buildUsageReport(importer.store, kind, options).rows as Partial<
      Record<'date' | 'week' | 'month', string>
    >[];
    return Object.fromEntries(
      rows.map((r) => [r.date ?? r.week ?? r.month, (r as { outputTokens: number }).outputTokens]),
    );
  };

  it('puts each response on its local date across both clock changes', () => {
    expect(outputs('daily', { timezone: 'Europe/Berlin' })).toEqual({
      '2026-03-28': 1,
      '2026-03-29': 2 + 4 + 8 + 16,
      '2026-03-30': 32,
      '2026-10-25': 64 + 128,
      '2026-10-26': 256,
    });
    expect(outputs('daily', { timezone: 'UTC' })).toEqual({
      '2026-03-28': 1 + 2,
      '2026-03-29': 4 + 8 + 16 + 32,
      '2026-10-24': 64,
      '2026-10-25': 128 + 256,
    });
    // A half-hour zone without clock changes.
    expect(outputs('daily', { timezone: 'Asia/Kolkata' })).toEqual({
      '2026-03-29': 1 + 2 + 4 + 8,
      '2026-03-30': 16 + 32,
      '2026-10-25': 64,
      '2026-10-26': 128 + 256,
    });
  });

  it('keeps to --since and --until in local dates, and groups weeks from Sunday and months', () => {
    expect(outputs('daily', { timezone: 'Europe/Berlin', since: '2026-03-29', until: '2026-03-29' })).toEqual({
      '2026-03-29': 30,
    });
    // 2026-03-29 is a Sunday: the 28th belongs to the week before.
    expect(outputs('weekly', { timezone: 'Europe/Berlin' })).toEqual({
      '2026-03-22': 1,
      '2026-03-29': 30 + 32,
      '2026-10-25': 64 + 128 + 256,
    });
    expect(outputs('monthly', { timezone: 'Europe/Berlin' })).toEqual({ '2026-03': 63, '2026-10': 448 });
  });

  it('has the store sum whole days: one row per local day and model', () => {
    const rows = importer.store.dayTotals(0, Date.UTC(2027, 0, 1), 3_600_000);
    expect(rows.map((r) => [new Date(r.day * 86_400_000).toISOString().slice(0, 10), r.outputTokens])).toEqual([
      ['2026-03-28', 1],
      ['2026-03-29', 2 + 4 + 8 + 16 + 32], // at +1 throughout
      ['2026-10-24', 64],
      ['2026-10-25', 128],
      ['2026-10-26', 256],
    ]);
  });

  it('sums every day into the model report and the totals', () => {
    const report = buildUsageReport(importer.store, 'model', { timezone: 'Europe/Berlin', since: '2026-03-29' });
    expect(report.totals.outputTokens).toBe(511 - 1);
    expect(report.rows).toHaveLength(1);
    expect(buildUsageReport(importer.store, 'daily', { timezone: 'UTC', until: '2020-01-01' }).rows).toEqual([]);
  });
});
