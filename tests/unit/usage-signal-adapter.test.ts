// Usage records → usage signals: a record that grew yields only its growth, and the memory for that stays
// bounded however long the app runs.
import { describe, expect, it } from 'vitest';
import { UsageSignalAdapter } from '../../electron/main/alerts/adapters';
import { usageRow } from '../support/alert-signals';

const at = new Date('2026-01-15T10:00:00Z');

describe('UsageSignalAdapter', () => {
  it('yields a grown record once more, with only its growth', () => {
    const adapter = new UsageSignalAdapter();
    const first = usageRow('s1', at, { input: 100, output: 10 });
    const grown = { ...first, outputTokens: 250, costUsd: first.costUsd * 2 };
    const [a] = adapter.toSignals([first]);
    const [b] = adapter.toSignals([grown]);
    expect(a!.tokens).toBe(110);
    expect(b!.tokens).toBe(240);
    expect(b!.costUsd).toBeCloseTo(first.costUsd, 12);
    expect(adapter.toSignals([grown])[0]!.tokens).toBe(0);
  });

  it('still knows a record read 20,000 records ago, and forgets one read 100,000 ago', () => {
    const adapter = new UsageSignalAdapter();
    const base = usageRow('s1', at, { input: 100, output: 10 });
    const row = (i: number) => ({ ...base, id: `msg_${i}:req_${i}` });
    adapter.toSignals([row(0)]);
    for (let i = 1; i <= 20_000; i++) adapter.toSignals([row(i)]);
    expect(adapter.toSignals([row(0)])[0]!.tokens).toBe(0);
    const batch = Array.from({ length: 100_000 }, (_, i) => row(100_000 + i));
    adapter.toSignals(batch);
    expect(adapter.toSignals([row(0)])[0]!.tokens).toBe(110);
  });
});
