// CSV export escaping: what a spreadsheet must read back exactly.
import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../renderer/src/export/csv';

describe('CSV export', () => {
  it('quotes commas, quotes, line breaks and edge spaces, and leaves plain fields alone', () => {
    expect(csvField('claude-sonnet-4-5')).toBe('claude-sonnet-4-5');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(0.125)).toBe('0.125');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('writes a header and one CRLF-terminated line per row, in column order', () => {
    const csv = toCsv([
      { project: '-home-dev-shop', cost: 1.5, note: 'fix, then "ship"' },
      { project: 'x', cost: 0, note: null },
    ]);
    expect(csv).toBe('project,cost,note\r\n-home-dev-shop,1.5,"fix, then ""ship"""\r\nx,0,\r\n');
    expect(toCsv([], ['a', 'b'])).toBe('a,b\r\n');
  });
});
