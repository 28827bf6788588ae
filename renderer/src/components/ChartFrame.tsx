// A chart with its accessible alternatives: an aria summary for screen readers and the same data as a table.
import type { ReactNode } from 'react';

export function ChartFrame(props: {
  title: string;
  summary: string;
  table: { columns: string[]; rows: (string | number)[][] };
  children: ReactNode;
  testId?: string;
}) {
  return (
    <figure className="card chart" data-testid={props.testId}>
      <figcaption>
        <h2>{props.title}</h2>
      </figcaption>
      <div role="img" aria-label={`${props.title}: ${props.summary}`}>
        {props.children}
      </div>
      <details className="chart-table">
        <summary>Show as table</summary>
        <table className="table">
          <thead>
            <tr>
              {props.table.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.table.rows.map((r, i) => (
              <tr key={i}>
                {r.map((cell, j) => (
                  <td key={j} className={typeof cell === 'number' ? 'num' : undefined}>
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** Series colours that read on both themes. */
export const PALETTE = [
  '#5b5bd6',
  '#e5484d',
  '#30a46c',
  '#f76b15',
  '#0090ff',
  '#8e4ec6',
  '#ffb224',
  '#12a594',
  '#8b8d98',
];
