// The build step that turns main's imports of Node's builtins into process.getBuiltinModule calls.
import * as fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinImportsToCalls } from '../../scripts/builtin-imports';

describe('builtin imports as calls', () => {
  it('rewrites named, renamed, default and bare imports of builtins, each on its own line', () => {
    const chunk = [
      'import { t as defaultDataDir } from "./config-PI9arlQs.js";',
      'import "node:module";',
      'import { join } from "node:path";',
      'import { readFileSync, statSync as stat } from "node:fs";',
      'import { readdir } from "node:fs/promises";',
      'import os from "node:os";',
      'import Database from "better-sqlite3";',
      'var x = "import { a } from \\"node:fs\\";";',
    ].join('\n');
    expect(builtinImportsToCalls(chunk).split('\n')).toEqual([
      'import { t as defaultDataDir } from "./config-PI9arlQs.js";',
      'process.getBuiltinModule("node:module");',
      'const { join } = process.getBuiltinModule("node:path");',
      'const { readFileSync, statSync: stat } = process.getBuiltinModule("node:fs");',
      'const { readdir } = process.getBuiltinModule("node:fs/promises");',
      'const os = process.getBuiltinModule("node:os");',
      'import Database from "better-sqlite3";',
      'var x = "import { a } from \\"node:fs\\";";',
    ]);
  });

  it('leaves alone what a call could not say the same way', () => {
    const kept = [
      'import { default as fs } from "node:fs";',
      'import * as path from "node:path";',
      'import fs2, { readFileSync } from "node:fs";',
      '  import { join } from "node:path";',
    ].join('\n');
    expect(builtinImportsToCalls(kept)).toBe(kept);
  });

  it('binds the very functions the import would', () => {
    const code = builtinImportsToCalls(
      ['import { readFileSync, statSync as stat } from "node:fs";', 'import p from "node:path";'].join('\n'),
    );
    const bound = new Function(`${code}\nreturn { readFileSync, stat, p };`)() as Record<string, unknown>;
    expect(bound.readFileSync).toBe(fs.readFileSync);
    expect(bound.stat).toBe(fs.statSync);
    expect(bound.p).toBe(path);
  });
});
