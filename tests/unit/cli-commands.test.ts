// The CLI's command table: every command loads and has its help, and `report` statically imports none of the
// heavy parts (the whole core, alerts, team, server, zod, database clients), so a warm report starts fast.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandTable } from '../../electron/main/cli/command-table';

/**
 * The modules a source file loads at load time: static imports and re-exports (not `import type` nor `import()`),
 * and packages required at the top level through `createRequire(import.meta.url)`.
 */
function staticImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const found: string[] = [];
  const statement = /^(?:import|export)\s+(type\s+)?([^;]*?)\s*from\s+'([^']+)'|^import\s+'([^']+)'/gms;
  for (const m of source.matchAll(statement)) {
    if (m[4]) {
      found.push(m[4]);
      continue;
    }
    if (m[1]) continue;
    const names = /\{([^}]*)\}/.exec(m[2] ?? '');
    const onlyTypes =
      names !== null &&
      !/^[^{]*\w[^{]*\{/.test(m[2] ?? '') && // no default import next to the braces
      names[1]!
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .every((s) => s.startsWith('type '));
    if (!onlyTypes) found.push(m[3]!);
  }
  for (const m of source.matchAll(/^(?:const|let|var)\s[^;]*createRequire\(import\.meta\.url\)\('([^']+)'\)/gm)) {
    found.push(m[1]!);
  }
  return found;
}

/** Every module reached from `entry` through static imports: local files by path, packages by name. */
function loadGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('node:')) continue;
      if (!spec.startsWith('.')) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
        continue;
      }
      const base = resolve(dirname(file), spec);
      const target = [`${base}.ts`, join(base, 'index.ts'), base].find((p) => existsSync(p) && p.endsWith('.ts'));
      if (target) visit(target);
    }
  };
  visit(resolve(entry));
  return { files, packages };
}

describe('CLI command table', () => {
  it('loads every command with its full help, whose usage line names it', async () => {
    for (const [name, entry] of Object.entries(commandTable)) {
      expect(entry.summary.length).toBeGreaterThan(10);
      const command = await entry.load();
      expect(typeof command.run).toBe('function');
      expect(command.help.split('\n')[0]).toMatch(new RegExp(`^Usage: subforge-monitor ${name}( |$)`));
    }
  });

  it('keeps the report command free of the live core, alerts, team, server, zod and database clients', () => {
    const { files, packages } = loadGraph('electron/main/cli/commands/report.ts');
    const local = [...files].map((f) => f.slice(resolve('.').length + 1));
    expect(local).toContain('electron/main/core/importer.ts');
    expect(local).toContain('electron/main/ingest/transcript-ingestor.ts');
    const heavy = local.filter((f) =>
      /core\/monitor-core|\/alerts\/|\/team\/|\/server\/|\/hooks\/|shared\/contract|sources\/workspace/.test(f),
    );
    expect(heavy).toEqual([]);
    expect([...packages].sort()).toEqual(['better-sqlite3']);
  });

  it('sees a heavy import when there is one (the checker itself)', () => {
    const { files, packages } = loadGraph('electron/main/cli/commands/serve.ts');
    expect([...files].some((f) => f.endsWith('core/monitor-core.ts'))).toBe(true);
    expect(packages.has('zod')).toBe(true);
  });
});
