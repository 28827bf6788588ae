// Exports what a panel shows as CSV (one table of rows) and JSON (the whole answer), as file downloads.
import { toCsv, type CsvValue } from '../export/csv';

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled, not before.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function ExportButtons(props: {
  /** File name without extension, e.g. `metrics-7d-by-model`. */
  name: string;
  rows: Record<string, CsvValue>[];
  json: unknown;
  disabled?: boolean;
}) {
  return (
    <div className="export-buttons" role="group" aria-label="Export">
      <button
        type="button"
        disabled={props.disabled}
        onClick={() => download(`${props.name}.csv`, 'text/csv;charset=utf-8', toCsv(props.rows))}
      >
        Export CSV
      </button>
      <button
        type="button"
        disabled={props.disabled}
        onClick={() => download(`${props.name}.json`, 'application/json', JSON.stringify(props.json, null, 2) + '\n')}
      >
        Export JSON
      </button>
    </div>
  );
}
