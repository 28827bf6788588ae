// `install-hooks`: adds our hooks to Claude Code's user or project settings.json (with a backup), or reports
// whether they are installed.
import { existsSync, realpathSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { defaultDataDir } from '../../core/config';
import {
  COMMAND_ONLY_EVENTS,
  HOOK_TIMEOUT_S,
  hookCommandLine,
  hookInstallStatus,
  mergeHooks,
  projectSettingsFile,
  readSettings,
  SettingsError,
  userSettingsFile,
  writeSettings,
  type HookHandler,
} from '../../hooks/claude-settings';
import { readHookEndpoint, readHookToken } from '../../hooks/hook-endpoint-file';
import { HOOK_PATH, TOKEN_HEADER } from '../../hooks/hook-protocol';
import { parseCommandArgs, UsageError } from '../args';
import { stdio } from '../stdio';

export const installHooksHelp = `Usage: subforge-monitor install-hooks (--user | --project DIR) [--data-dir DIR] [--http] [--dry-run] | --status

Adds SubForge Monitor's hooks to Claude Code's settings, so live status reaches the app.
  --user          ~/.claude/settings.json (or $CLAUDE_CONFIG_DIR/settings.json)
  --project DIR   DIR/.claude/settings.json
  --http          post straight to the app's endpoint (http hooks with its token) instead of running
                  \`subforge-monitor hook\`; the app must have run once so its port is known
  --dry-run       print the merged settings instead of writing them
  --status        say whether the hooks are installed (user settings, and DIR's with --project)
The file is backed up first (settings.json.bak-<time>); other keys and hooks are kept; running it twice changes nothing.`;

/**
 * The script Claude Code should run: `hook.js` next to this CLI when built, else the checkout's
 * `out/main/hook.js`. It is `cli.js hook` without the rest of the CLI, which halves its start-up time.
 */
export function findHookScript(argv1 = process.argv[1] ?? ''): string {
  if (extname(argv1) === '.js' && existsSync(argv1)) return join(dirname(realpathSync(argv1)), 'hook.js');
  // Running from the sources (tsx electron/main/cli/index.ts): the build lands in <repo>/out/main.
  return resolve(dirname(argv1), '..', '..', '..', 'out', 'main', 'hook.js');
}

function describeStatus(label: string, file: string): string {
  let settings;
  try {
    settings = readSettings(file).settings;
  } catch (error) {
    return `${label} ${file}: unreadable (${(error as Error).message})`;
  }
  const s = hookInstallStatus(settings);
  if (s.installed.length === 0) return `${label} ${file}: not installed`;
  const kinds = s.kinds.join(' + ');
  if (s.missing.length === 0) return `${label} ${file}: installed (${kinds} hooks, ${s.installed.length} events)`;
  return `${label} ${file}: partly installed (${kinds} hooks; missing ${s.missing.join(', ')})`;
}

export async function installHooksCommand(argv: string[], where: { hookScript?: string } = {}): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    user: { type: 'boolean' },
    project: { type: 'string' },
    'data-dir': { type: 'string' },
    http: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    status: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    stdio.out(`${installHooksHelp}\n`);
    return 0;
  }
  if (values.status) {
    stdio.out(`${describeStatus('user', userSettingsFile())}\n`);
    if (values.project !== undefined) stdio.out(`${describeStatus('project', projectSettingsFile(values.project))}\n`);
    return 0;
  }
  if (values.user === (values.project !== undefined))
    throw new UsageError('give exactly one of --user or --project DIR');
  const file = values.user ? userSettingsFile() : projectSettingsFile(values.project!);
  const dataDir = values['data-dir'] ?? defaultDataDir();

  const hookScript = where.hookScript ?? findHookScript();
  const command: HookHandler = {
    type: 'command',
    command: hookCommandLine(process.execPath, hookScript, values['data-dir']),
    timeout: HOOK_TIMEOUT_S,
  };
  let http: HookHandler | null = null;
  if (values.http) {
    const endpoint = readHookEndpoint(dataDir);
    const token = readHookToken(dataDir);
    const url = endpoint?.url ?? (token?.port ? `http://127.0.0.1:${token.port}${HOOK_PATH}` : null);
    if (!url || !token) {
      throw new UsageError(
        `no hook endpoint known in ${dataDir}: start the app once (or \`serve\`), or install command hooks without --http`,
      );
    }
    http = { type: 'http', url, headers: { [TOKEN_HEADER]: token.token }, timeout: HOOK_TIMEOUT_S };
  }
  // Even with --http, SessionStart needs the command hook (see COMMAND_ONLY_EVENTS).
  if (!existsSync(hookScript)) {
    throw new UsageError(`the CLI is not built (no ${hookScript}); run \`npm run build\` first`);
  }

  const { settings, existed } = asUsage(() => readSettings(file));
  const merged = asUsage(() =>
    mergeHooks(settings, (event) => (http && !COMMAND_ONLY_EVENTS.has(event) ? http : command)),
  );
  if (values['dry-run']) {
    stdio.out(`${JSON.stringify(merged.settings, null, 2)}\n`);
    return 0;
  }
  if (!merged.changed) {
    stdio.err(`${file}: hooks already installed, nothing changed\n`);
    return 0;
  }
  const { backup } = writeSettings(file, merged.settings);
  stdio.err(
    `${file}: hooks installed (${http ? 'http' : 'command'})` +
      (backup ? `; previous settings kept in ${backup}` : existed ? '' : '; the file was created') +
      '\n',
  );
  return 0;
}

/** A settings file we refuse to touch is the caller's to fix: exit 2 with the code and the reason. */
function asUsage<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof SettingsError) throw new UsageError(`${error.code}: ${error.message}`);
    throw error;
  }
}
