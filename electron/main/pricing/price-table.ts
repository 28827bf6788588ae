// Prices API responses from a model price table in LiteLLM's format, with user overrides, the way ccusage
// 20.0.24 prices them. A model missing from the table is reported as unpriced: its cost is unknown, never
// silently zero.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { z as Zod } from 'zod';
import bundledPrices from '../../../resources/model-prices.json';
import { compareText } from '../../../shared/compare';

/** The schemas of a price file, built with the zod given. */
function buildSchemas(z: typeof Zod) {
  const rate = z.number().finite().nonnegative();
  /** One model's entry, as LiteLLM's `model_prices_and_context_window.json` writes it (USD per token). */
  const entry = z
    .object({
      input_cost_per_token: rate.optional(),
      output_cost_per_token: rate.optional(),
      cache_creation_input_token_cost: rate.optional(),
      cache_creation_input_token_cost_above_1hr: rate.optional(),
      cache_read_input_token_cost: rate.optional(),
      input_cost_per_token_above_200k_tokens: rate.optional(),
      output_cost_per_token_above_200k_tokens: rate.optional(),
      cache_creation_input_token_cost_above_200k_tokens: rate.optional(),
      cache_creation_input_token_cost_above_1hr_above_200k_tokens: rate.optional(),
      cache_read_input_token_cost_above_200k_tokens: rate.optional(),
      /** Claude Code's fast mode bills at a multiple of the normal price. */
      provider_specific_entry: z.object({ fast: z.number().finite().positive().optional() }).loose().optional(),
    })
    // LiteLLM's entries carry many more fields (context window, capabilities); they are kept, not checked.
    .loose();
  return { entry, table: z.record(z.string().min(1), entry) };
}

type PriceSchemas = ReturnType<typeof buildSchemas>;
let schemas: PriceSchemas | null = null;

/**
 * The price file schemas. zod is loaded on first use, not with this module: a warm `report` with no override
 * file never checks one, and loading zod is a fifth of its time budget.
 */
export function priceSchemas(): PriceSchemas {
  schemas ??= buildSchemas((createRequire(import.meta.url)('zod') as { z: typeof Zod }).z);
  return schemas;
}

export type LiteLlmModelPrice = Zod.infer<PriceSchemas['entry']>;
export type PriceTableData = Zod.infer<PriceSchemas['table']>;

/** The token counts a price applies to. */
export interface PricedTokens {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheCreation1hTokens: number;
  cacheReadTokens: number;
  speed: string | null;
}

/** The file name of user price overrides inside the data directory. */
export const PRICE_OVERRIDES_FILE = 'model-prices.json';

/** A price file that cannot be used; the message names the file and the field. */
export class PriceFileError extends Error {
  readonly code = 'PRICE_FILE_INVALID';
}

/**
 * Reads `<dataDir>/model-prices.json` when it exists. A file that is not JSON or does not match LiteLLM's
 * format throws a PriceFileError naming the file and the first bad field, so a typo never prices silently.
 */
export function loadPriceOverrides(dataDir: string): PriceTableData {
  const file = join(dataDir, PRICE_OVERRIDES_FILE);
  if (!existsSync(file)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PriceFileError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = priceSchemas().table.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.') || '(top level)';
    throw new PriceFileError(`${file}: field "${field}": ${issue.message}`);
  }
  return parsed.data;
}

// ccusage applies the 200k-token tier to each response and to each kind of token on its own: a response
// with 150k input and 100k cache-read tokens pays base rates for both.
const TIER_THRESHOLD = 200_000;

/** A per-token rate as USD per million tokens, rounded the way the decimal in the table reads. */
const perMillion = (rate: number | undefined): number | undefined =>
  rate === undefined ? undefined : Math.round(rate * 1e12) / 1e6;

/**
 * Price for `count` tokens where the part above 200k tokens may cost more, in USD per million tokens:
 * summing whole-dollar-per-million products and dividing once gives ccusage's figures to the last digit.
 */
function tiered(count: number, base: number | undefined, above: number | undefined): number {
  const b = perMillion(base);
  const a = perMillion(above);
  if (count <= 0 || b === undefined) return 0;
  if (a === undefined || count <= TIER_THRESHOLD) return count * b;
  return TIER_THRESHOLD * b + (count - TIER_THRESHOLD) * a;
}

/** The model Claude Code names on messages it made up itself (errors, interruptions). */
export const SYNTHETIC_MODEL = '<synthetic>';

const DATE_SUFFIX = /-\d{8}$/;

export class PriceTable {
  private readonly entries: Map<string, LiteLlmModelPrice>;
  private readonly resolved = new Map<string, LiteLlmModelPrice | null>();

  constructor(
    private readonly data: PriceTableData = bundledPrices as PriceTableData,
    overrides: PriceTableData = {},
  ) {
    this.entries = new Map();
    this.replaceOverrides(overrides);
  }

  /**
   * Puts a new set of overrides over the same base table, in place, so everything holding this table (the
   * ingestor) prices with it from now on. An override replaces the fields it names and keeps the base entry's others.
   */
  replaceOverrides(overrides: PriceTableData): void {
    const merged: PriceTableData = { ...this.data };
    for (const [name, entry] of Object.entries(overrides)) merged[name] = { ...this.data[name], ...entry };
    this.entries.clear();
    for (const [name, entry] of Object.entries(merged)) this.entries.set(name, entry);
    this.resolved.clear();
  }

  /** The bundled table with the data directory's overrides merged over it. */
  static forDataDir(dataDir: string): PriceTable {
    return new PriceTable(bundledPrices as PriceTableData, loadPriceOverrides(dataDir));
  }

  /** Every entry, after overrides. */
  list(): [string, LiteLlmModelPrice][] {
    return [...this.entries].sort(([a], [b]) => compareText(a, b));
  }

  /**
   * The entry for a model name as Claude Code writes it: the exact name, then with or without an
   * `anthropic/` prefix, then without a `-YYYYMMDD` date. Nothing fuzzier: ccusage leaves
   * `claude-sonnet-4-0` unpriced, and so do we.
   */
  lookup(model: string): LiteLlmModelPrice | null {
    const cached = this.resolved.get(model);
    if (cached !== undefined) return cached;
    const bare = model.replace(/^anthropic\//, '');
    const candidates = [model, bare, `anthropic/${bare}`, bare.replace(DATE_SUFFIX, '')];
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

  /** Cost in USD of one API response, or null when the model has no price. */
  cost(model: string, tokens: PricedTokens): number | null {
    if (model === SYNTHETIC_MODEL) return 0; // Claude Code's own stand-in messages cost nothing
    const p = this.lookup(model);
    if (!p) return null;
    const cache5m = tokens.cacheCreationTokens - tokens.cacheCreation1hTokens;
    // The 5-minute and 1-hour cache writes are tiered each on their own count, as ccusage does.
    const oneHourBase = p.cache_creation_input_token_cost_above_1hr ?? p.cache_creation_input_token_cost;
    const oneHourAbove =
      p.cache_creation_input_token_cost_above_1hr_above_200k_tokens ??
      p.cache_creation_input_token_cost_above_200k_tokens;
    let cost =
      tiered(tokens.inputTokens, p.input_cost_per_token, p.input_cost_per_token_above_200k_tokens) +
      tiered(tokens.outputTokens, p.output_cost_per_token, p.output_cost_per_token_above_200k_tokens) +
      tiered(cache5m, p.cache_creation_input_token_cost, p.cache_creation_input_token_cost_above_200k_tokens) +
      tiered(tokens.cacheCreation1hTokens, oneHourBase, oneHourAbove) +
      tiered(tokens.cacheReadTokens, p.cache_read_input_token_cost, p.cache_read_input_token_cost_above_200k_tokens);
    cost /= 1e6;
    if (tokens.speed === 'fast' && p.provider_specific_entry?.fast) cost *= p.provider_specific_entry.fast;
    return cost;
  }
}
