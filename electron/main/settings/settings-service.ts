// The Sources & Settings requests: hook installation (user scope and known project folders), retention with its
// prune, and model price overrides saved to `<dataDir>/model-prices.json`. Plain Node; the core composes it.
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  AppSettings,
  AppSettingsPatch,
  HookScopeStatus,
  HooksInstallInput,
  HooksInstallResult,
  HooksStatus,
  PriceList,
  PriceOverrideInput,
  PriceOverrideResult,
} from '../../../shared/settings';
import { ApiFailure } from '../api/dispatch';
import type { Logger } from '../core/logger';
import {
  HOOK_TIMEOUT_S,
  hookCommandLine,
  hookInstallStatus,
  mergeHooks,
  projectSettingsFile,
  readSettings,
  SettingsError,
  userSettingsFile,
  writeSettings,
} from '../hooks/claude-settings';
import {
  loadPriceOverrides,
  PRICE_OVERRIDES_FILE,
  priceSchemas,
  type PriceTable,
  type PriceTableData,
} from '../pricing/price-table';
import type { SettingsStore } from '../store/settings-store';
import type { UsageStore } from '../store/usage-store';

const DAY_MS = 24 * 3600_000;

export const DATA_DIR_HINT =
  'Chosen when the app starts: --data-dir DIR (serve, CLI) or the SUBFORGE_MONITOR_DATA_DIR environment variable; ' +
  'by default the platform’s app-data folder. To move it, quit the app, move the folder and start with the new location.';

export interface SettingsServiceOptions {
  dataDir: string;
  store: SettingsStore;
  usage: UsageStore;
  prices: PriceTable;
  log: Logger;
  /** Where `~/.claude/settings.json` is resolved from (CLAUDE_CONFIG_DIR, HOME). */
  env?: NodeJS.ProcessEnv;
  /** The `hook.js` the command hooks run; found next to the running bundle when absent. */
  hookScript?: string;
  /** Why the overrides file was not loaded at start, when it was not. */
  priceError: string | null;
  /** Reprices stored usage when the table changed; returns how many records changed. */
  reprice: () => number;
  /** Stored usage changed (prune, reprice): dashboards reload. */
  onUsageChanged: (records: number) => void;
}

/**
 * The `hook.js` built next to the running bundle (`out/main`), whether the bundle is `cli.js`, Electron's
 * `index.js` or a chunk beside them; from the sources, the checkout's `out/main/hook.js`.
 */
export function defaultHookScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    join(here, 'hook.js'),
    join(here, '..', 'hook.js'),
    resolve(here, '..', '..', '..', 'out', 'main', 'hook.js'),
  ];
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!;
}

/** What Claude Code runs: this runtime's Node (Electron as Node in the desktop app) with `hook.js`. */
export function hookCommandForRuntime(hookScript: string, dataDir: string): string {
  const line = hookCommandLine(process.execPath, hookScript, dataDir);
  return process.versions.electron ? `ELECTRON_RUN_AS_NODE=1 ${line}` : line;
}

export class SettingsService {
  private pruneTimer: ReturnType<typeof setInterval> | null = null;
  private priceError: string | null;
  readonly hookScript: string;

  constructor(private readonly o: SettingsServiceOptions) {
    this.priceError = o.priceError;
    this.hookScript = o.hookScript ?? defaultHookScript();
  }

  /** Prunes now and then once a day. */
  startPruning(): void {
    this.pruneNow();
    this.pruneTimer ??= setInterval(() => this.pruneNow(), DAY_MS);
    this.pruneTimer.unref?.();
  }

  stop(): void {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.pruneTimer = null;
  }

  pruneNow(now = Date.now()) {
    const report = this.o.store.prune(now);
    if (report.hookEvents > 0 || report.usageRecords > 0) this.o.log.info('retention prune', { ...report });
    if (report.usageRecords > 0) this.o.onUsageChanged(report.usageRecords);
    return report;
  }

  settings(): AppSettings {
    return {
      dataDir: this.o.dataDir,
      dataDirHint: DATA_DIR_HINT,
      retention: this.o.store.retention(),
      lastPrune: this.o.store.lastPrune(),
    };
  }

  updateSettings(patch: AppSettingsPatch): AppSettings {
    if (patch.retention) {
      this.o.store.setRetention({ ...this.o.store.retention(), ...patch.retention });
      this.pruneNow();
    }
    return this.settings();
  }

  private scopeStatus(
    scope: 'user' | 'project',
    dir: string | null,
    origin: HookScopeStatus['origin'],
  ): HookScopeStatus {
    const file = dir === null ? userSettingsFile(this.o.env ?? process.env) : projectSettingsFile(dir);
    const base = { scope, dir, file, origin };
    try {
      const s = hookInstallStatus(readSettings(file).settings);
      const state = s.installed.length === 0 ? 'not-installed' : s.missing.length === 0 ? 'installed' : 'partial';
      return { ...base, state, installed: s.installed, missing: s.missing, kinds: s.kinds, error: null };
    } catch (error) {
      return { ...base, state: 'unreadable', installed: [], missing: [], kinds: [], error: (error as Error).message };
    }
  }

  hooksStatus(): HooksStatus {
    const seen = new Set<string>();
    const projects: HookScopeStatus[] = [];
    // Session folders that are gone (another machine's, simulated ones) cannot be installed into: not listed.
    for (const dir of this.o.store.sessionFolders(50)) {
      if (seen.has(dir) || !isDirectory(dir)) continue;
      seen.add(dir);
      projects.push(this.scopeStatus('project', dir, 'session'));
    }
    for (const dir of this.o.store.typedProjects()) {
      if (seen.has(dir)) continue;
      seen.add(dir);
      projects.push(this.scopeStatus('project', dir, 'typed'));
    }
    return {
      user: this.scopeStatus('user', null, 'user'),
      projects,
      hookScript: this.hookScript,
      hookScriptExists: existsSync(this.hookScript),
    };
  }

  /**
   * Writes our command hooks into the user's settings.json or `<dir>/.claude/settings.json` (backup first, every
   * other key and hook kept, a second run changes nothing). Only those two kinds of file are ever written.
   */
  hooksInstall(input: HooksInstallInput): HooksInstallResult {
    let dir: string | null = null;
    let origin: HookScopeStatus['origin'] = 'user';
    if (input.scope === 'project') {
      dir = resolve(input.dir);
      if (!isDirectory(dir)) throw new ApiFailure('NOT_FOUND', `${dir} is not an existing folder`);
      origin = this.o.store.sessionFolders(1000).includes(dir) ? 'session' : 'typed';
    }
    if (!existsSync(this.hookScript)) {
      throw new ApiFailure(
        'UNAVAILABLE',
        `The hook script ${this.hookScript} is missing: build the app (npm run build) before installing hooks`,
      );
    }
    const file = dir === null ? userSettingsFile(this.o.env ?? process.env) : projectSettingsFile(dir);
    const handler = {
      type: 'command' as const,
      command: hookCommandForRuntime(this.hookScript, this.o.dataDir),
      timeout: HOOK_TIMEOUT_S,
    };
    let backup: string | null = null;
    let changed = false;
    try {
      const { settings } = readSettings(file);
      const merged = mergeHooks(settings, () => handler);
      if (merged.changed) {
        backup = writeSettings(file, merged.settings).backup;
        changed = true;
      }
    } catch (error) {
      if (error instanceof SettingsError) throw new ApiFailure('INVALID_REQUEST', `${error.code}: ${error.message}`);
      throw new ApiFailure('INTERNAL', `Could not write ${file}: ${(error as Error).message}`);
    }
    if (origin === 'typed' && dir !== null) this.o.store.addTypedProject(dir);
    this.o.log.info('hooks installed', { file, changed, backup });
    return { file, changed, backup, status: this.scopeStatus(input.scope, dir, origin) };
  }

  private overridesFile(): string {
    return join(this.o.dataDir, PRICE_OVERRIDES_FILE);
  }

  pricesList(): PriceList {
    let overridden = new Set<string>();
    try {
      overridden = new Set(Object.keys(loadPriceOverrides(this.o.dataDir)));
    } catch {
      // The error is already reported as overridesError; the table in use has no overrides then.
    }
    const perM = (rate: number | undefined) => (rate === undefined ? null : Math.round(rate * 1e12) / 1e6);
    return {
      prices: this.o.prices.list().map(([model, p]) => ({
        model,
        input: perM(p.input_cost_per_token),
        output: perM(p.output_cost_per_token),
        cacheWrite: perM(p.cache_creation_input_token_cost),
        cacheRead: perM(p.cache_read_input_token_cost),
        overridden: overridden.has(model) && this.priceError === null,
      })),
      unpricedModels: this.o.usage.unpricedModels().map((m) => m.model),
      overridesFile: this.overridesFile(),
      overridesError: this.priceError,
    };
  }

  /** Sets or removes one model's override, saves the file (validated), swaps the table in and reprices. */
  setPriceOverride(input: PriceOverrideInput): PriceOverrideResult {
    let current: PriceTableData;
    try {
      current = loadPriceOverrides(this.o.dataDir);
    } catch (error) {
      throw new ApiFailure('INVALID_REQUEST', `${(error as Error).message}; fix or remove the file first`);
    }
    const next: PriceTableData = { ...current };
    if (input.prices === null) delete next[input.model];
    else {
      const p = input.prices;
      next[input.model] = {
        ...current[input.model],
        input_cost_per_token: p.input / 1e6,
        output_cost_per_token: p.output / 1e6,
        cache_creation_input_token_cost: p.cacheWrite / 1e6,
        cache_read_input_token_cost: p.cacheRead / 1e6,
      };
    }
    const checked = priceSchemas().table.parse(next);
    const file = this.overridesFile();
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(checked, null, 2) + '\n');
    renameSync(temp, file);
    this.o.prices.replaceOverrides(checked);
    this.priceError = null;
    const repriced = this.o.reprice();
    this.o.log.info('price override saved', { model: input.model, removed: input.prices === null, repriced });
    if (repriced > 0) this.o.onUsageChanged(repriced);
    return { repriced, prices: this.pricesList() };
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
