// The price table prices responses as ccusage 20.0.24 does, and takes user overrides from the data directory.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPriceOverrides, PriceFileError, PriceTable } from '../../electron/main/pricing/price-table';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';

const tokens = (t: Partial<Parameters<PriceTable['cost']>[1]>) => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationTokens: 0,
  cacheCreation1hTokens: 0,
  cacheReadTokens: 0,
  speed: null,
  ...t,
});

describe('PriceTable', () => {
  const table = new PriceTable();

  // Expected figures are ccusage 20.0.24's own, from probing it with one response per case.
  it('tiers each kind of token of one response on its own above 200k', () => {
    expect(table.cost('claude-sonnet-4-5-20250929', tokens({ inputTokens: 1_000_000 }))).toBeCloseTo(5.4, 10);
    expect(table.cost('claude-sonnet-4-5', tokens({ inputTokens: 150_000, cacheReadTokens: 100_000 }))).toBeCloseTo(
      0.48,
      10,
    );
    expect(table.cost('claude-sonnet-4-5', tokens({ inputTokens: 250_000, outputTokens: 1000 }))).toBeCloseTo(
      0.915,
      10,
    );
  });

  it('prices 1-hour cache writes at their own rate, tiered apart from 5-minute writes', () => {
    const all1h = tokens({ cacheCreationTokens: 1_000_000, cacheCreation1hTokens: 1_000_000 });
    expect(table.cost('claude-sonnet-4-5-20250929', all1h)).toBeCloseTo(10.8, 10);
    const split = tokens({ cacheCreationTokens: 300_000, cacheCreation1hTokens: 150_000 });
    expect(table.cost('claude-sonnet-4-5-20250929', split)).toBeCloseTo(1.4625, 10);
  });

  it('multiplies fast mode by the model’s multiplier, and only where it has one', () => {
    expect(table.cost('claude-opus-4-6', tokens({ inputTokens: 100_000, speed: 'fast' }))).toBeCloseTo(3, 10);
    expect(table.cost('claude-opus-4-8', tokens({ inputTokens: 100_000, speed: 'fast' }))).toBeCloseTo(1, 10);
    expect(table.cost('claude-haiku-4-5', tokens({ inputTokens: 100_000, speed: 'fast' }))).toBeCloseTo(0.1, 10);
  });

  it('finds dated and prefixed names, and leaves unknown ones unpriced rather than free', () => {
    expect(table.cost('claude-sonnet-4-6-20260217', tokens({ inputTokens: 1000 }))).toBeCloseTo(0.003, 12);
    expect(table.cost('anthropic/claude-sonnet-4-5', tokens({ inputTokens: 1000 }))).toBeCloseTo(0.003, 12);
    expect(table.cost('claude-sonnet-4-0', tokens({ inputTokens: 1000 }))).toBeNull();
    expect(table.cost('<synthetic>', tokens({ inputTokens: 1000 }))).toBe(0);
  });
});

describe('price overrides', () => {
  let dirs: TempDirs;
  beforeEach(() => (dirs = makeTempDirs()));
  afterEach(() => dirs.cleanup());

  it('merges the data directory’s model-prices.json over the bundled table', () => {
    const file = join(dirs.dataDir, 'model-prices.json');
    mkdirSync(dirs.dataDir, { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({
        'claude-haiku-4-5': { input_cost_per_token: 2e-6 },
        'my-model': { input_cost_per_token: 1e-6 },
      }),
    );
    const table = PriceTable.forDataDir(dirs.dataDir);
    expect(table.cost('claude-haiku-4-5', tokens({ inputTokens: 1000, outputTokens: 1000 }))).toBeCloseTo(
      0.002 + 0.005,
      12,
    );
    expect(table.cost('my-model', tokens({ inputTokens: 1000 }))).toBeCloseTo(0.001, 12);
  });

  it('refuses a bad file with its path and the bad field', () => {
    mkdirSync(dirs.dataDir, { recursive: true });
    const file = join(dirs.dataDir, 'model-prices.json');
    writeFileSync(file, JSON.stringify({ 'claude-haiku-4-5': { input_cost_per_token: '1e-6' } }));
    expect(() => loadPriceOverrides(dirs.dataDir)).toThrow(PriceFileError);
    expect(() => loadPriceOverrides(dirs.dataDir)).toThrow(`${file}: field "claude-haiku-4-5.input_cost_per_token"`);
    writeFileSync(file, '{ nope');
    expect(() => loadPriceOverrides(dirs.dataDir)).toThrow(`${file}: not valid JSON`);
  });
});
