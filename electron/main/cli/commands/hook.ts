// `hook`: the `command` hook Claude Code runs; reads one event from stdin and forwards it to the running app.
// It always exits 0 within about two seconds and prints nothing on stdout, because Claude Code reads a hook's
// stdout (SessionStart's becomes context) and a failing hook would show up in the user's session.
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../../core/config';
import { forwardHookEvent } from '../../hooks/hook-forwarder';
import { MAX_HOOK_BODY_BYTES } from '../../hooks/hook-protocol';
import { stdio } from '../stdio';

export const hookHelp = `Usage: subforge-monitor hook [--data-dir DIR] [--verbose]

Forwards one Claude Code hook event (JSON on stdin) to the running app. Installed by \`install-hooks\`.
Always exits 0 quickly and silently, even when the app is not running; --verbose reports on stderr.`;

/** The whole budget, stdin included: Claude Code waits for this command. */
const DEADLINE_MS = 2000;

async function readStdin(limit: number): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return 'too-large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

export async function hookCommand(argv: string[]): Promise<number> {
  // Unknown flags are ignored rather than refused: a hook must never fail because of how it was written.
  const { values } = parseArgs({
    args: argv,
    options: { 'data-dir': { type: 'string' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: false,
  });
  if (values.help) {
    stdio.out(`${hookHelp}\n`);
    return 0;
  }
  const verbose = values.verbose === true;
  const say = (msg: string) => {
    if (verbose) stdio.err(`subforge-monitor hook: ${msg}\n`);
  };
  const dataDir = typeof values['data-dir'] === 'string' ? values['data-dir'] : defaultDataDir();
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), DEADLINE_MS);
    timer.unref();
  });
  try {
    if (process.stdin.isTTY) {
      say('no event on stdin (it is a terminal); Claude Code pipes the event JSON in');
      return 0;
    }
    const body = await Promise.race([readStdin(MAX_HOOK_BODY_BYTES), deadline]);
    if (body === 'deadline') say('stdin did not end in time; nothing sent');
    else if (body === 'too-large') say(`the event is larger than ${MAX_HOOK_BODY_BYTES} bytes; not sent`);
    else if (body.length === 0) say('stdin was empty; nothing sent');
    if (typeof body === 'string' || body.length === 0) return 0;
    const left = Math.max(50, DEADLINE_MS - (Date.now() - started));
    const outcome = await forwardHookEvent(dataDir, body, left);
    if (outcome.ok) say(`sent (${outcome.status}) in ${Date.now() - started} ms`);
    else say(outcome.message);
    return 0;
  } catch (error) {
    say(`failed: ${(error as Error).message}`);
    return 0;
  } finally {
    clearTimeout(timer);
    process.stdin.destroy(); // an unfinished stdin must not keep the process alive
  }
}
