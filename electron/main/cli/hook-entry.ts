#!/usr/bin/env node
// `out/main/hook.js`: the `hook` command on its own, the script `install-hooks` writes into Claude Code's settings.
// Claude Code starts it for every hook event, so it imports nothing but the hook command (no SQLite, no zod).
import { hookCommand } from './commands/hook';

void hookCommand(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
