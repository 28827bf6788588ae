// Guards where a simulation may write: a new or empty folder, or one an earlier simulation made (it carries a
// marker file). Never a real Claude data directory.
import { existsSync, mkdirSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

export const SIMULATION_MARKER = '.subforge-simulated';

export type SimulateErrorCode = 'OUT_IS_CLAUDE_DIR' | 'OUT_NOT_EMPTY' | 'OUT_NOT_A_DIRECTORY';

/** A refusal with a code the user can act on (choose another `--out`). */
export class SimulateError extends Error {
  constructor(
    readonly code: SimulateErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Real Claude data directories: `~/.claude`, `~/.config/claude` (and under `XDG_CONFIG_HOME`), `CLAUDE_CONFIG_DIR`. */
export function realClaudeDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const home = homedir();
  const dirs = [join(home, '.claude'), join(home, '.config', 'claude')];
  if (env.XDG_CONFIG_HOME) dirs.push(join(env.XDG_CONFIG_HOME, 'claude'));
  for (const d of (env.CLAUDE_CONFIG_DIR ?? '').split(',')) if (d.trim()) dirs.push(resolve(d.trim()));
  return dirs.map(canonical);
}

/** The path with symlinks resolved as far as it exists, so a link cannot smuggle a write into `~/.claude`. */
function canonical(path: string): string {
  let p = resolve(path);
  const rest: string[] = [];
  while (!existsSync(p) && dirname(p) !== p) {
    rest.unshift(basename(p));
    p = dirname(p);
  }
  try {
    p = realpathSync(p);
  } catch {
    // keep the resolved path
  }
  return join(p, ...rest);
}

const inside = (child: string, parent: string): boolean => {
  const r = relative(parent, child);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
};

/**
 * Makes `out` ready for a simulation and says whether an earlier simulation is there. Throws `SimulateError`
 * for a real Claude directory, a file, or a non-empty folder without the marker.
 */
export function prepareOutDir(out: string, env: NodeJS.ProcessEnv = process.env): { previous: boolean } {
  const target = canonical(out);
  for (const real of realClaudeDirs(env)) {
    if (inside(target, real)) {
      throw new SimulateError('OUT_IS_CLAUDE_DIR', `refusing to write into the real Claude data directory ${real}`);
    }
  }
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new SimulateError('OUT_NOT_A_DIRECTORY', `${out} is not a directory`);
    const previous = existsSync(join(target, SIMULATION_MARKER));
    if (!previous && readdirSync(target).length > 0) {
      throw new SimulateError(
        'OUT_NOT_EMPTY',
        `${out} is not empty and holds no earlier simulation (no ${SIMULATION_MARKER}); choose an empty or new folder`,
      );
    }
    if (previous) return { previous: true };
  }
  mkdirSync(join(target, 'projects'), { recursive: true });
  writeFileSync(
    join(target, SIMULATION_MARKER),
    'Simulated Claude Code data written by `subforge-monitor simulate`. Safe to delete.\n',
  );
  return { previous: false };
}
