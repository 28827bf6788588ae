// Adds SubForge Monitor's hook entries to a Claude Code settings.json, keeping every other key and hook.
// The merge is pure and idempotent; the file side makes a timestamped backup before it writes anything.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { TOKEN_HEADER } from './hook-protocol';

/** The events whose hooks feed the live status and the feed. */
export const HOOKED_EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'PreToolUse',
  'PermissionRequest',
  'PostToolUse',
  'PostToolUseFailure',
  'Notification',
  'SubagentStart',
  'SubagentStop',
  'PreCompact',
  'Stop',
  'StopFailure',
  'SessionEnd',
] as const;
export type HookedEvent = (typeof HOOKED_EVENTS)[number];

/** Events whose matcher is a tool name: "*" matches every tool. */
const TOOL_EVENTS = new Set<string>(['PreToolUse', 'PermissionRequest', 'PostToolUse', 'PostToolUseFailure']);

/** The hooks reference says SessionStart runs only `command` hooks, so --http still uses a command there. */
export const COMMAND_ONLY_EVENTS = new Set<string>(['SessionStart']);

/** Seconds Claude Code waits for our hook; ours answer in milliseconds and give up after 2 s themselves. */
export const HOOK_TIMEOUT_S = 5;

export type HookHandler =
  | { type: 'command'; command: string; timeout: number }
  | { type: 'http'; url: string; headers: Record<string, string>; timeout: number };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A settings file we cannot merge into safely: we refuse rather than guess. */
export class SettingsError extends Error {
  constructor(
    readonly code: 'SETTINGS_NOT_JSON' | 'SETTINGS_NOT_OBJECT' | 'HOOKS_NOT_OBJECT' | 'HOOK_EVENT_NOT_LIST',
    message: string,
  ) {
    super(message);
  }
}

/** Quotes a path for the shell Claude Code runs commands with. */
export const shellQuote = (s: string) => `"${s.replace(/(["\\$`])/g, '\\$1')}"`;

/** `"<node>" "<out/main/hook.js>" [--data-dir "<dir>"]`. */
export function hookCommandLine(nodePath: string, hookScript: string, dataDir?: string): string {
  const dir = dataDir === undefined ? '' : ` --data-dir ${shellQuote(resolve(dataDir))}`;
  return `${shellQuote(nodePath)} ${shellQuote(hookScript)}${dir}`;
}

// `…/hook.js`, `…/cli.js hook` or `subforge-monitor hook`, however quoted.
const OUR_COMMAND =
  /(?:[/\\]hook\.js["']?(?:\s|$)|(?:^|[\s"'/\\])(?:cli\.[cm]?js["']?|subforge-monitor["']?)\s+hook(?:\s|$))/;

/** True for a hook entry this app installed (any version, any path), so a reinstall replaces it. */
export function isOurHook(h: unknown): boolean {
  if (!isObject(h)) return false;
  if (h.type === 'command' && typeof h.command === 'string') return OUR_COMMAND.test(h.command);
  if (h.type === 'http' && isObject(h.headers)) {
    return Object.keys(h.headers).some((k) => k.toLowerCase() === TOKEN_HEADER.toLowerCase());
  }
  return false;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Returns `settings` with one handler of ours per hooked event. An entry of ours already present is updated in
 * place (so running twice changes nothing); duplicates of ours are removed; everything else is kept as it was.
 */
export function mergeHooks(
  settings: Json,
  handlerFor: (event: HookedEvent) => HookHandler,
): { settings: Json; changed: boolean } {
  const existing = settings.hooks;
  if (existing !== undefined && !isObject(existing)) {
    throw new SettingsError('HOOKS_NOT_OBJECT', '"hooks" in the settings is not an object; fix it by hand first');
  }
  const hooks: Json = { ...existing };
  for (const event of HOOKED_EVENTS) {
    const ours = handlerFor(event);
    const current = hooks[event];
    if (current !== undefined && !Array.isArray(current)) {
      throw new SettingsError('HOOK_EVENT_NOT_LIST', `"hooks.${event}" is not a list; fix it by hand first`);
    }
    let placed = false;
    const groups: unknown[] = [];
    for (const group of current ?? []) {
      if (!isObject(group) || !Array.isArray(group.hooks) || !group.hooks.some(isOurHook)) {
        groups.push(group);
        continue;
      }
      const kept: unknown[] = [];
      for (const h of group.hooks) {
        if (!isOurHook(h)) kept.push(h);
        else if (!placed) {
          kept.push(ours);
          placed = true;
        }
      }
      if (kept.length > 0) groups.push({ ...group, hooks: kept });
    }
    if (!placed) groups.push(TOOL_EVENTS.has(event) ? { matcher: '*', hooks: [ours] } : { hooks: [ours] });
    hooks[event] = groups;
  }
  const merged = { ...settings, hooks };
  return { settings: merged, changed: !sameJson(merged, settings) };
}

export interface HookInstallStatus {
  installed: HookedEvent[];
  missing: HookedEvent[];
  kinds: ('command' | 'http')[];
}

export function hookInstallStatus(settings: Json): HookInstallStatus {
  const hooks = isObject(settings.hooks) ? settings.hooks : {};
  const installed: HookedEvent[] = [];
  const missing: HookedEvent[] = [];
  const kinds = new Set<'command' | 'http'>();
  for (const event of HOOKED_EVENTS) {
    const groups = Array.isArray(hooks[event]) ? hooks[event] : [];
    const ours = groups.flatMap((g) => (isObject(g) && Array.isArray(g.hooks) ? g.hooks.filter(isOurHook) : []));
    if (ours.length === 0) missing.push(event);
    else installed.push(event);
    for (const h of ours) kinds.add((h as { type: 'command' | 'http' }).type);
  }
  return { installed, missing, kinds: [...kinds].sort() };
}

/** `~/.claude/settings.json`, or under `CLAUDE_CONFIG_DIR` (its first entry) when set. */
export function userSettingsFile(env: NodeJS.ProcessEnv = process.env): string {
  const configured = (env.CLAUDE_CONFIG_DIR ?? '')
    .split(',')
    .map((d) => d.trim())
    .find((d) => d.length > 0);
  return join(configured ? resolve(configured) : join(homedir(), '.claude'), 'settings.json');
}

export const projectSettingsFile = (projectDir: string) => join(resolve(projectDir), '.claude', 'settings.json');

/** The settings as an object; a missing file is `{}`; a damaged one is refused, never overwritten. */
export function readSettings(file: string): { settings: Json; existed: boolean } {
  if (!existsSync(file)) return { settings: {}, existed: false };
  const text = readFileSync(file, 'utf8');
  if (text.trim() === '') return { settings: {}, existed: true };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SettingsError(
      'SETTINGS_NOT_JSON',
      `${file} is not valid JSON (${(error as Error).message}); fix it first`,
    );
  }
  if (!isObject(parsed)) throw new SettingsError('SETTINGS_NOT_OBJECT', `${file} does not hold a JSON object`);
  return { settings: parsed, existed: true };
}

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/** Backs the file up (when it exists) as `settings.json.bak-<UTC time>`, then replaces it atomically. */
export function writeSettings(file: string, settings: Json, now = new Date()): { backup: string | null } {
  mkdirSync(dirname(file), { recursive: true });
  let backup: string | null = null;
  let mode = 0o644;
  if (existsSync(file)) {
    mode = statSync(file).mode & 0o777;
    backup = `${file}.bak-${stamp(now)}`;
    for (let n = 2; existsSync(backup); n++) backup = `${file}.bak-${stamp(now)}-${n}`;
    copyFileSync(file, backup);
  }
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(settings, null, 2) + '\n', { mode });
  renameSync(temp, file);
  return { backup };
}
