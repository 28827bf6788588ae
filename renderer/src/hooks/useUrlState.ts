// Filters kept in the URL: the hash route carries a query string (`#/metrics?range=7d&group=model`), so a view
// survives a reload and back/forward steps through the filters a user chose.
import { useCallback, useEffect, useState } from 'react';

function readParams(): URLSearchParams {
  const hash = window.location.hash;
  const q = hash.indexOf('?');
  return new URLSearchParams(q >= 0 ? hash.slice(q + 1) : '');
}

function routePart(): string {
  const hash = window.location.hash || '#/';
  const q = hash.indexOf('?');
  return q >= 0 ? hash.slice(0, q) : hash;
}

/**
 * The current value of each named parameter (or its default), and a setter that writes a new history entry.
 * Values equal to their default are left out of the URL to keep it short.
 */
export function useUrlState<K extends string>(
  defaults: Record<K, string>,
): [Record<K, string>, (patch: Partial<Record<K, string | null>>) => void] {
  const read = useCallback((): Record<K, string> => {
    const params = readParams();
    const out = { ...defaults };
    for (const key of Object.keys(defaults) as K[]) {
      const v = params.get(key);
      if (v !== null) out[key] = v;
    }
    return out;
    // The defaults are constants of the calling panel, read once.
  }, []);
  const [state, setState] = useState(read);

  useEffect(() => {
    const onChange = () => setState(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, [read]);

  const update = useCallback((patch: Partial<Record<K, string | null>>) => {
    const params = readParams();
    for (const [key, value] of Object.entries(patch) as [K, string | null | undefined][]) {
      if (value === null || value === undefined || value === defaults[key]) params.delete(key);
      else params.set(key, value);
    }
    const query = params.toString();
    // Assigning the hash adds a history entry and fires hashchange, which updates every user of the state.
    window.location.hash = routePart() + (query ? `?${query}` : '');
  }, []);
  return [state, update];
}
