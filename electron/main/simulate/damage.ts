// Damages a few lines the way real transcript folders are damaged: a write cut short, a block of NULs after a
// crash, stray invalid UTF-8, a token count that is negative or a string, an assistant line without its message.
// Every damaged line is one the parser must skip, so a simulation's damage count is what an import should skip.
import type { Prng } from './prng';
import type { JsonObject } from './session-script';

export type DamageKind =
  'truncated' | 'nul-filled' | 'invalid-utf8' | 'negative-tokens' | 'string-tokens' | 'no-message';

const KINDS: DamageKind[] = [
  'truncated',
  'nul-filled',
  'invalid-utf8',
  'negative-tokens',
  'string-tokens',
  'no-message',
];
const NEEDS_USAGE = new Set<DamageKind>(['negative-tokens', 'string-tokens', 'no-message']);

/** About one damaged line per `every` lines; the first comes early so that small simulations have some. */
export class DamagePlan {
  private nextAt: number;
  private kindIndex: number;
  private seen = 0;
  readonly counts: Record<DamageKind, number> = {
    truncated: 0,
    'nul-filled': 0,
    'invalid-utf8': 0,
    'negative-tokens': 0,
    'string-tokens': 0,
    'no-message': 0,
  };
  total = 0;

  constructor(
    private readonly rng: Prng,
    private readonly every = 2000,
  ) {
    this.nextAt = rng.int(Math.floor(every / 10), Math.floor(every / 2));
    this.kindIndex = rng.int(0, KINDS.length - 1);
  }

  /** The line's bytes, damaged when its turn has come; otherwise its JSON text. */
  render(entry: JsonObject, hasUsage: boolean): { text: string | Buffer; damaged: boolean } {
    this.seen++;
    const kind = KINDS[this.kindIndex % KINDS.length] as DamageKind;
    if (this.seen < this.nextAt || (NEEDS_USAGE.has(kind) && !hasUsage)) {
      return { text: JSON.stringify(entry), damaged: false };
    }
    this.kindIndex++;
    this.nextAt = this.seen + this.rng.int(Math.floor(this.every / 2), Math.floor((this.every * 3) / 2));
    this.counts[kind]++;
    this.total++;
    return { text: this.damage(kind, entry), damaged: true };
  }

  private damage(kind: DamageKind, entry: JsonObject): string | Buffer {
    const json = JSON.stringify(entry);
    switch (kind) {
      case 'truncated':
        // any strict prefix of one JSON object is invalid JSON
        return json.slice(0, this.rng.int(1, json.length - 2));
      case 'nul-filled':
        return Buffer.alloc(Buffer.byteLength(json), 0);
      case 'invalid-utf8': {
        const comma = json.indexOf(',');
        const bytes = Buffer.from(json);
        return Buffer.concat([
          bytes.subarray(0, comma + 1),
          Buffer.from([0xc0, 0xaf, 0xff]),
          bytes.subarray(comma + 1),
        ]);
      }
      case 'negative-tokens':
      case 'string-tokens': {
        const message = entry.message as JsonObject;
        const usage = { ...(message.usage as JsonObject) };
        if (kind === 'negative-tokens') usage.output_tokens = -this.rng.int(1, 500);
        else usage.input_tokens = String(usage.input_tokens);
        return JSON.stringify({ ...entry, message: { ...message, usage } });
      }
      case 'no-message': {
        const { message: _message, ...rest } = entry;
        return JSON.stringify(rest);
      }
    }
  }
}
