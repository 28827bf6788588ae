// `prices`: the model prices in effect (bundled table with the data directory's overrides) and the models
// seen in the store that have none.
import { createLogger } from '../../core/logger';
import { MonitorCore } from '../../core/monitor-core';
import { PRICE_OVERRIDES_FILE, type LiteLlmModelPrice } from '../../pricing/price-table';
import { commonOptions, locations, parseCommandArgs } from '../args';
import { stdio } from '../stdio';

export const pricesHelp = `Usage: subforge-monitor prices [--json] [--data-dir DIR]

Lists the model prices in effect (USD per million tokens): the bundled table, LiteLLM's format, with
<data dir>/${PRICE_OVERRIDES_FILE} merged over it, and the models in the store that have no price.`;

const options = { ...commonOptions, json: { type: 'boolean' } } as const;

const perMillion = (rate: number | undefined) => (rate === undefined ? '-' : `${+(rate * 1e6).toPrecision(6)}`);

export async function pricesCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, options);
  if (values.help) {
    stdio.out(`${pricesHelp}\n`);
    return 0;
  }
  const { dataDir, claudeDirs } = locations(values);
  const core = new MonitorCore({ dataDir, claudeDirs, mode: 'browser', log: createLogger('error') });
  try {
    if (core.priceError) {
      stdio.err(`${core.priceError}\n`);
      return 1;
    }
    const prices = core.prices.list();
    const unpriced = core.store.unpricedModels();
    if (values.json) {
      const json = { prices: Object.fromEntries(prices), unpricedModels: unpriced };
      stdio.out(`${JSON.stringify(json, null, 2)}\n`);
      return 0;
    }
    const row = (name: string, p: LiteLlmModelPrice) => [
      name,
      perMillion(p.input_cost_per_token),
      perMillion(p.output_cost_per_token),
      perMillion(p.cache_creation_input_token_cost),
      perMillion(p.cache_creation_input_token_cost_above_1hr),
      perMillion(p.cache_read_input_token_cost),
      p.input_cost_per_token_above_200k_tokens === undefined ? '' : 'yes',
      p.provider_specific_entry?.fast ? `x${p.provider_specific_entry.fast}` : '',
    ];
    const head = ['model', 'input', 'output', 'cache 5m', 'cache 1h', 'cache read', '>200k tier', 'fast'];
    const lines = [head, ...prices.map(([n, p]) => row(n, p))];
    const widths = head.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
    for (const l of lines) {
      stdio.out(l.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ') + '\n');
    }
    stdio.out(
      unpriced.length === 0
        ? '\nEvery model in the store has a price.\n'
        : `\nNo price (cost not counted): ${unpriced.map((u) => `${u.model || '(no model)'} (${u.records} responses)`).join(', ')}\n`,
    );
    return 0;
  } finally {
    core.close();
  }
}
