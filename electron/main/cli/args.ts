// Parses the flags every command shares and turns bad usage into one clear line.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { defaultDataDir, resolveClaudeDirs } from '../core/config';

/** A mistake in how the command was called: printed without a stack, exit code 2. */
export class UsageError extends Error {}

export const commonOptions = {
  'data-dir': { type: 'string' },
  'claude-dir': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export interface Locations {
  dataDir: string;
  claudeDirs: string[];
}

export function locations(values: { 'data-dir'?: string; 'claude-dir'?: string[] }): Locations {
  return {
    dataDir: values['data-dir'] ?? defaultDataDir(),
    claudeDirs: resolveClaudeDirs(values['claude-dir'] ?? []),
  };
}
