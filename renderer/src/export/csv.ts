// CSV as RFC 4180 writes it: fields with a comma, quote, CR or LF (or edge spaces) are quoted, quotes doubled.
export type CsvValue = string | number | boolean | null | undefined;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of the same shape as CSV text; columns in the order of `columns`, or of the first row's keys. */
export function toCsv(rows: Record<string, CsvValue>[], columns?: string[]): string {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  const lines = [cols.map(csvField).join(','), ...rows.map((r) => cols.map((c) => csvField(r[c])).join(','))];
  return lines.join('\r\n') + '\r\n';
}
