// Loads a request's answer and reloads it when any of the given events arrive (at most every `throttleMs`).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventName, RequestInput, RequestName, RequestOutput } from '../../../shared/contract';
import { api, request } from '../api';

export interface QueryState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

export function useQuery<K extends RequestName>(
  name: K,
  input: RequestInput<K>,
  refreshOn: EventName[] = [],
  throttleMs = 250,
): QueryState<RequestOutput<K>> {
  const [data, setData] = useState<RequestOutput<K> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const key = JSON.stringify(input);
  const generation = useRef(0);

  const load = useCallback(() => {
    const mine = ++generation.current;
    request(name, JSON.parse(key) as RequestInput<K>)
      .then((value) => {
        if (mine !== generation.current) return;
        setData(value);
        setError(null);
      })
      .catch((e: Error) => {
        if (mine === generation.current) setError(e.message);
      })
      .finally(() => {
        if (mine === generation.current) setLoading(false);
      });
  }, [name, key]);

  useEffect(() => {
    setLoading(true);
    load();
  }, [load]);

  const events = refreshOn.join(',');
  useEffect(() => {
    if (events === '') return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const schedule = () => {
      if (timer) return;
      const wait = Math.max(0, last + throttleMs - Date.now());
      timer = setTimeout(() => {
        timer = null;
        last = Date.now();
        load();
      }, wait);
    };
    const offs = events.split(',').map((e) => api.on(e as EventName, schedule));
    return () => {
      offs.forEach((off) => off());
      if (timer) clearTimeout(timer);
    };
  }, [events, load, throttleMs]);

  return { data, error, loading, reload: load };
}
