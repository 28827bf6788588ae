// The current time, re-rendered every second by ONE timer shared by every live clock on screen (elapsed times
// of running tasks and runs), so a board of a hundred running cards still wakes the page once a second.
import { useEffect, useState } from 'react';

const TICK_MS = 1000;
const listeners = new Set<(now: number) => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: (now: number) => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(() => {
    const now = Date.now();
    for (const l of listeners) l(now);
  }, TICK_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/**
 * Date.now(), updated each second while `live` is true (a view with nothing running does not tick). With a
 * coarser `stepMs` ("5 m ago" needs minutes) the value moves in steps, so React re-renders only when it changes.
 */
export function useNow(live = true, stepMs = TICK_MS): number {
  const round = (ms: number) => (stepMs > TICK_MS ? Math.floor(ms / stepMs) * stepMs : ms);
  const [now, setNow] = useState(() => round(Date.now()));
  useEffect(() => {
    if (!live) return;
    const step = (ms: number) => setNow(stepMs > TICK_MS ? Math.floor(ms / stepMs) * stepMs : ms);
    step(Date.now());
    return subscribe(step);
  }, [live, stepMs]);
  return now;
}
