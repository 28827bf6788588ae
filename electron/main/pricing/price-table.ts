// Prices API responses from a model price table in LiteLLM's format, with user overrides.
// A model missing from the table is reported as unpriced: its cost is unknown, never silently zero.
import bundledPrices from '../../../resources/model-prices.json';

/** One model's entry, as LiteLLM's `model_prices_and_context_window.json` writes it (USD per token). */
export interface LiteLlmModelPrice {
  input_cost_per_token?: number;
  output_cost_per_token?: number;
  cache_creation_input_token_cost?: number;
  cache_creation_input_token_cost_above_1hr?: number;
  cache_read_input_token_cost?: number;
  input_cost_per_token_above_200k_tokens?: number;
  output_cost_per_token_above_200k_tokens?: number;
  cache_creation_input_token_cost_above_200k_tokens?: number;
  cache_read_input_token_cost_above_200k_tokens?: number;
  /** Claude Code's fast mode bills at a multiple of the normal price. */
  provider_specific_entry?: { fast?: number };
}

export type PriceTableData = Record<string, LiteLlmModelPrice>;

/** The token counts a price applies to. */
export interface PricedTokens {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheCreation1hTokens: number;
  cacheReadTokens: number;
  speed: string | null;
}

const TIER_THRESHOLD = 200_000;

/** Price for `count` tokens where the part above 200k tokens may cost more. */
function tiered(count: number, base: number | undefined, above: number | undefined): number {
  if (count <= 0 || base === undefined) return 0;
  if (above === undefined || count <= TIER_THRESHOLD) return count * base;
  return TIER_THRESHOLD * base + (count - TIER_THRESHOLD) * above;
}

export class PriceTable {
  private readonly entries: Map<string, LiteLlmModelPrice>;
  private readonly resolved = new Map<string, LiteLlmModelPrice | null>();

  constructor(data: PriceTableData = bundledPrices as PriceTableData, overrides: PriceTableData = {}) {
    this.entries = new Map(Object.entries({ ...data, ...overrides }));
  }

  /** The entry for a model name as Claude Code writes it, trying provider prefixes and dated names. */
  lookup(model: string): LiteLlmModelPrice | null {
    const cached = this.resolved.get(model);
    if (cached !== undefined) return cached;
    const candidates = [model, `anthropic/${model}`, model.replace(/-\d{8}$/, '')];
    let found: LiteLlmModelPrice | null = null;
    for (const name of candidates) {
      const entry = this.entries.get(name);
      if (entry) {
        found = entry;
        break;
      }
    }
    this.resolved.set(model, found);
    return found;
  }

  /** Cost in USD, or null when the model has no price. */
  cost(model: string, tokens: PricedTokens): number | null {
    const p = this.lookup(model);
    if (!p) return null;
    const cache5m = tokens.cacheCreationTokens - tokens.cacheCreation1hTokens;
    const oneHourRate = p.cache_creation_input_token_cost_above_1hr ?? p.cache_creation_input_token_cost;
    let cost =
      tiered(tokens.inputTokens, p.input_cost_per_token, p.input_cost_per_token_above_200k_tokens) +
      tiered(tokens.outputTokens, p.output_cost_per_token, p.output_cost_per_token_above_200k_tokens) +
      tiered(cache5m, p.cache_creation_input_token_cost, p.cache_creation_input_token_cost_above_200k_tokens) +
      (oneHourRate ? tokens.cacheCreation1hTokens * oneHourRate : 0) +
      tiered(tokens.cacheReadTokens, p.cache_read_input_token_cost, p.cache_read_input_token_cost_above_200k_tokens);
    if (tokens.speed === 'fast' && p.provider_specific_entry?.fast) cost *= p.provider_specific_entry.fast;
    return cost;
  }
}
