// A build step for main's chunks (the Electron main process and the CLI): their imports of Node's own modules,
// `import { readFileSync } from "node:fs"`, become `const { readFileSync } = process.getBuiltinModule("node:fs")`.
// An ESM import of a builtin first builds a facade holding every export, and building it runs every lazy getter:
// `node:fs`'s ReadStream alone loads the whole streams stack, `node:util`'s loads its diff and colour helpers.
// That was about 6 ms of every CLI start (a warm `report` takes about 90 ms). The sources keep plain imports.
import type { Plugin } from 'vite';

/** One import statement as the bundler writes it, alone on its line: named bindings, a default one or none. */
const BUILTIN_IMPORT = /^import (?:(?:\{([^}]*)\}|([\w$]+)) from )?"(node:[\w/]+)";$/gm;
const BINDING = /^([\w$]+)(?: as ([\w$]+))?$/;

/**
 * `code` with each import of a builtin that can be rewritten as a call. A default import is the module itself, as
 * `getBuiltinModule` returns it; an import for its side effects only becomes a bare call; an import that names
 * `default`, a namespace import or anything unexpected in the braces is left as it is (correct, only slower).
 */
export function builtinImportsToCalls(code: string): string {
  return code.replace(BUILTIN_IMPORT, (statement, named: string | undefined, whole: string | undefined, spec) => {
    if (named === undefined && whole === undefined) return `process.getBuiltinModule(${JSON.stringify(spec)});`;
    if (whole !== undefined) return `const ${whole} = process.getBuiltinModule(${JSON.stringify(spec)});`;
    const bindings: string[] = [];
    for (const part of named!.split(',')) {
      const m = BINDING.exec(part.trim());
      if (!m || m[1] === 'default') return statement;
      bindings.push(m[2] === undefined ? m[1]! : `${m[1]}: ${m[2]}`);
    }
    return `const { ${bindings.join(', ')} } = process.getBuiltinModule(${JSON.stringify(spec)});`;
  });
}

/** The rewrite as a Vite plugin, for ES module output only. */
export function builtinImports(): Plugin {
  return {
    name: 'subforge:builtin-imports',
    renderChunk(code, _chunk, options) {
      if (options.format !== 'es') return null;
      const out = builtinImportsToCalls(code);
      return out === code ? null : { code: out, map: null };
    },
  };
}
