// Where the app keeps its data and where it looks for Claude Code's, from flags, environment and platform.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const PRODUCT_NAME = 'SubForge Monitor';

/** The platform's per-user app-data folder, the same one Electron's `app.getPath('userData')` gives. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.SUBFORGE_MONITOR_DATA_DIR) return resolve(env.SUBFORGE_MONITOR_DATA_DIR);
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), PRODUCT_NAME);
}

/**
 * Claude data directories, as ccusage finds them: the `--claude-dir` flags, else `CLAUDE_CONFIG_DIR`
 * (comma-separated), else `~/.config/claude` and `~/.claude`.
 */
export function resolveClaudeDirs(flags: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const listed = flags.length > 0 ? flags : (env.CLAUDE_CONFIG_DIR ?? '').split(',');
  const dirs = listed.map((d) => d.trim()).filter((d) => d.length > 0);
  if (dirs.length > 0) return [...new Set(dirs.map((d) => resolve(d)))];
  const home = homedir();
  return [join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'claude'), join(home, '.claude')];
}
