// Model prices in effect (the bundled table with your overrides) and an editor that saves one model's override to
// `<data dir>/model-prices.json`; saving reprices the stored usage, so every cost on screen follows.
import { useState } from 'react';
import type { ModelPrice } from '../../../../shared/settings';
import { request } from '../../api';
import { useQuery } from '../../hooks/useQuery';

const FIELDS = [
  ['input', 'Input'],
  ['output', 'Output'],
  ['cacheWrite', 'Cache write'],
  ['cacheRead', 'Cache read'],
] as const;
type Rate = (typeof FIELDS)[number][0];

const perM = (v: number | null) => (v === null ? '—' : `$${v}`);

export function PricesSection() {
  const prices = useQuery('prices.list', {}, ['usage.changed'], 2000);
  const [model, setModel] = useState('');
  const [rates, setRates] = useState<Record<Rate, string>>({ input: '', output: '', cacheWrite: '', cacheRead: '' });
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);

  const edit = (p: ModelPrice | { model: string }) => {
    setModel(p.model);
    const r = 'input' in p ? p : null;
    setRates({
      input: String(r?.input ?? ''),
      output: String(r?.output ?? ''),
      cacheWrite: String(r?.cacheWrite ?? ''),
      cacheRead: String(r?.cacheRead ?? ''),
    });
    setMessage(null);
  };

  const save = (remove: boolean) => {
    setMessage(null);
    const num = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
    request('prices.setOverride', {
      model: model.trim(),
      prices: remove
        ? null
        : {
            input: num(rates.input),
            output: num(rates.output),
            cacheWrite: num(rates.cacheWrite),
            cacheRead: num(rates.cacheRead),
          },
    })
      .then((r) =>
        setMessage({
          text: `${remove ? 'Override removed' : 'Override saved'}; ${r.repriced} stored usage records repriced.`,
          bad: false,
        }),
      )
      .catch((e: Error) => setMessage({ text: e.message, bad: true }))
      .finally(() => prices.reload());
  };

  const d = prices.data;
  const current = d?.prices.find((p) => p.model === model.trim());
  return (
    <div className="card settings-section" data-testid="prices-section">
      <h2>Model prices</h2>
      <p className="muted small">
        USD per million tokens. An override replaces the four rates of one model and keeps the table&apos;s others
        (long-context and 1-hour cache rates); it is saved to{' '}
        {d ? <code>{d.overridesFile}</code> : 'the data directory'} and every stored cost is recomputed.
      </p>
      {prices.error && (
        <div className="error" role="alert">
          {prices.error}
        </div>
      )}
      {d?.overridesError && (
        <div className="error" role="alert">
          Overrides not in use: {d.overridesError}
        </div>
      )}
      {d && d.unpricedModels.length > 0 && (
        <div className="warning" role="alert">
          No price for{' '}
          {d.unpricedModels.map((m, i) => (
            <span key={m}>
              {i > 0 && ', '}
              <button type="button" className="link" onClick={() => edit({ model: m })}>
                {m}
              </button>
            </span>
          ))}
          : their usage is not in any cost. Click one to set its price.
        </div>
      )}
      <form
        className="inline-form"
        data-testid="price-form"
        onSubmit={(e) => {
          e.preventDefault();
          save(false);
        }}
      >
        <label>
          Model{' '}
          <input
            type="text"
            list="price-models"
            data-testid="price-model"
            value={model}
            onChange={(e) => setModel(e.target.value)}
          />
        </label>
        <datalist id="price-models">
          {d?.prices.map((p) => (
            <option key={p.model} value={p.model} />
          ))}
        </datalist>
        {FIELDS.map(([key, label]) => (
          <label key={key}>
            {label}{' '}
            <input
              type="number"
              min={0}
              step="any"
              data-testid={`price-${key}`}
              value={rates[key]}
              onChange={(e) => setRates({ ...rates, [key]: e.target.value })}
            />
          </label>
        ))}
        <button type="submit" disabled={model.trim() === ''} data-testid="price-save">
          Save override
        </button>
        {current?.overridden && (
          <button type="button" onClick={() => save(true)} data-testid="price-remove">
            Remove override
          </button>
        )}
      </form>
      {message && (
        <div
          className={message.bad ? 'error' : 'muted'}
          role={message.bad ? 'alert' : 'status'}
          data-testid="price-message"
        >
          {message.text}
        </div>
      )}
      <details>
        <summary>Prices in effect ({d?.prices.length ?? 0} models)</summary>
        <table className="table" data-testid="prices-table">
          <thead>
            <tr>
              <th scope="col">Model</th>
              {FIELDS.map(([key, label]) => (
                <th scope="col" key={key} className="num">
                  {label}
                </th>
              ))}
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {d?.prices.map((p) => (
              <tr key={p.model} data-testid="price-row" data-model={p.model}>
                <td>
                  {p.model} {p.overridden && <span className="chip">override</span>}
                </td>
                {FIELDS.map(([key]) => (
                  <td key={key} className="num">
                    {perM(p[key])}
                  </td>
                ))}
                <td>
                  <button type="button" onClick={() => edit(p)}>
                    Edit
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
