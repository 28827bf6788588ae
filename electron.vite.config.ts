// Builds main (the Electron edge, plus the plain-Node CLI), the sandboxed preload and the renderer into out/.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import { builtinImports } from './scripts/builtin-imports';

export default defineConfig({
  main: {
    plugins: [builtinImports()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          cli: resolve('electron/main/cli/index.ts'),
          // `cli.js hook` alone, for Claude Code to run on every hook event: it loads no more than it needs.
          hook: resolve('electron/main/cli/hook-entry.ts'),
          // The thread a one-shot import reads transcripts on, ahead of storing them (ingest/read-ahead.ts).
          'transcript-worker': resolve('electron/main/ingest/transcript-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // The sandbox lets a preload require nothing but electron: bundle zod and the contract into one CJS file.
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  },
});
