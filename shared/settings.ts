// Sources & Settings as the contract carries them: hook installation, retention, price overrides.
// Shared by the core (settings service) and the renderer (Sources & settings panel).
import { z } from 'zod';

/** One transcript file with damaged lines: where the skipped lines are. */
export const SkippedLinesFile = z.object({
  path: z.string(),
  lines: z.number().int().nonnegative(),
  skippedLines: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  updatedAt: z.number().int(),
});
export type SkippedLinesFile = z.infer<typeof SkippedLinesFile>;

/** Whether our hooks are in one Claude Code settings.json. */
export const HookScopeStatus = z.object({
  scope: z.enum(['user', 'project']),
  /** The project folder; null for user scope. */
  dir: z.string().nullable(),
  /** The settings.json this scope reads. */
  file: z.string(),
  /** How the app knows this project: a session ran in it, or the user typed it. */
  origin: z.enum(['user', 'session', 'typed']),
  state: z.enum(['installed', 'partial', 'not-installed', 'unreadable']),
  installed: z.array(z.string()),
  missing: z.array(z.string()),
  kinds: z.array(z.enum(['command', 'http'])),
  /** Why the file could not be read (not JSON, not an object…). */
  error: z.string().nullable(),
});
export type HookScopeStatus = z.infer<typeof HookScopeStatus>;

export const HooksStatus = z.object({
  user: HookScopeStatus,
  projects: z.array(HookScopeStatus),
  /** The script the command hooks run; `hookScriptExists: false` means the app is not built and cannot install. */
  hookScript: z.string(),
  hookScriptExists: z.boolean(),
});
export type HooksStatus = z.infer<typeof HooksStatus>;

/** A project folder as typed or known: absolute, no control characters, a sane length. */
const ProjectDir = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => [...p].every((c) => c.charCodeAt(0) >= 0x20), { message: 'contains control characters' })
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), { message: 'must be an absolute path' });

export const HooksInstallInput = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('user') }).strict(),
  z.object({ scope: z.literal('project'), dir: ProjectDir }).strict(),
]);
export type HooksInstallInput = z.infer<typeof HooksInstallInput>;

export const HooksInstallResult = z.object({
  file: z.string(),
  changed: z.boolean(),
  /** The copy of the previous settings.json, when there was one and it changed. */
  backup: z.string().nullable(),
  status: HookScopeStatus,
});
export type HooksInstallResult = z.infer<typeof HooksInstallResult>;

/** Days to keep, or null for "keep forever". */
const KeepDays = z.number().int().min(1).max(36_500).nullable();

/** How long stored data is kept. Usage records are kept by default: Claude Code deletes transcripts after 30 days. */
export const RetentionSettings = z.object({ hookEventDays: KeepDays, usageRecordDays: KeepDays }).strict();
export type RetentionSettings = z.infer<typeof RetentionSettings>;

export const DEFAULT_RETENTION: RetentionSettings = { hookEventDays: 30, usageRecordDays: null };

/** What the last prune removed. */
export const PruneReport = z.object({
  at: z.number().int(),
  hookEvents: z.number().int().nonnegative(),
  usageRecords: z.number().int().nonnegative(),
});
export type PruneReport = z.infer<typeof PruneReport>;

export const AppSettings = z.object({
  dataDir: z.string(),
  /** How to move the data directory (it is chosen at start, not here). */
  dataDirHint: z.string(),
  retention: RetentionSettings,
  lastPrune: PruneReport.nullable(),
});
export type AppSettings = z.infer<typeof AppSettings>;

export const AppSettingsPatch = z.object({ retention: RetentionSettings.partial().strict().optional() }).strict();
export type AppSettingsPatch = z.infer<typeof AppSettingsPatch>;

/** USD per million tokens; the UI's unit, turned into LiteLLM's per-token rates when saved. */
const PerMillion = z.number().finite().nonnegative().max(100_000);

/** One model's prices in effect, per million tokens. */
export const ModelPrice = z.object({
  model: z.string(),
  input: z.number().nullable(),
  output: z.number().nullable(),
  cacheWrite: z.number().nullable(),
  cacheRead: z.number().nullable(),
  /** The data directory's model-prices.json sets this model. */
  overridden: z.boolean(),
});
export type ModelPrice = z.infer<typeof ModelPrice>;

export const PriceList = z.object({
  prices: z.array(ModelPrice),
  /** Models in the store without a price. */
  unpricedModels: z.array(z.string()),
  overridesFile: z.string(),
  /** Why the overrides file is not in use, when it is not. */
  overridesError: z.string().nullable(),
});
export type PriceList = z.infer<typeof PriceList>;

export const PriceOverrideInput = z
  .object({
    model: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[\w./:@<>-]+$/, { message: 'letters, digits and . / : @ - _ only' }),
    /** The rates to set; null removes the model's override. */
    prices: z
      .object({ input: PerMillion, output: PerMillion, cacheWrite: PerMillion, cacheRead: PerMillion })
      .strict()
      .nullable(),
  })
  .strict();
export type PriceOverrideInput = z.infer<typeof PriceOverrideInput>;

export const PriceOverrideResult = z.object({
  /** Stored usage records whose cost changed. */
  repriced: z.number().int().nonnegative(),
  prices: PriceList,
});
export type PriceOverrideResult = z.infer<typeof PriceOverrideResult>;
