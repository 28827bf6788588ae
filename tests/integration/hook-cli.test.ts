// The `hook` command end to end (a real event body piped into the CLI, a running core receiving it) and
// `install-hooks` on settings files that already hold other keys and hooks.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../electron/main/core/logger';
import { MonitorCore } from '../../electron/main/core/monitor-core';
import { installHooksCommand } from '../../electron/main/cli/commands/install-hooks';
import { HOOKED_EVENTS } from '../../electron/main/hooks/claude-settings';
import { bodies, hookSession } from '../support/hook-bodies';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';
import { stdio } from '../../electron/main/cli/stdio';

const CLI = resolve('electron/main/cli/index.ts');

/** Runs the CLI from the sources under plain Node (tsx loader), with `stdin` piped in. */
function runCli(args: string[], stdin: string, env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((done) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => done({ code, stdout, stderr, ms: Date.now() - started }));
    child.stdin.end(stdin);
  });
}

describe('hook command', () => {
  let dirs: TempDirs;
  let core: MonitorCore | null = null;

  beforeEach(() => {
    dirs = makeTempDirs();
  });
  afterEach(() => {
    core?.close();
    core = null;
    dirs.cleanup();
  });

  it('forwards the event on stdin to the running app, silently', async () => {
    core = new MonitorCore({
      dataDir: dirs.dataDir,
      claudeDirs: [dirs.claudeDir],
      mode: 'browser',
      log: createLogger('error', () => {}),
      rescanMs: 60_000,
      hooks: { port: 0 },
    });
    await core.start();
    const s = hookSession();
    const result = await runCli(
      ['hook', '--data-dir', dirs.dataDir],
      JSON.stringify(bodies.notification(s, 'idle_prompt')),
    );
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
    await vi.waitFor(() => expect(core!.hookEvents.recentEvents(5)).toHaveLength(1));
    expect(core.hookEvents.liveSessions(0, 5)[0]).toMatchObject({
      sessionId: s.sessionId,
      status: 'waiting',
      waitingFor: 'input',
      detail: 'Claude is waiting for your input',
    });
  });

  it('exits 0 without a word when the app is not running; --verbose says why on stderr', async () => {
    const body = JSON.stringify(bodies.stop(hookSession()));
    expect(await runCli(['hook', '--data-dir', dirs.dataDir], body)).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const verbose = await runCli(['hook', '--data-dir', dirs.dataDir, '--verbose'], body);
    expect(verbose).toMatchObject({ code: 0, stdout: '' });
    expect(verbose.stderr).toContain('not running');
    // A stale endpoint file (the app crashed) must not hang or fail the hook either.
    mkdirSync(dirs.dataDir, { recursive: true });
    writeFileSync(
      join(dirs.dataDir, 'hook-endpoint.json'),
      JSON.stringify({ url: 'http://127.0.0.1:9/hooks', token: 'x'.repeat(43), pid: 1 }),
    );
    expect(await runCli(['hook', '--data-dir', dirs.dataDir, '--unknown-flag'], body)).toMatchObject({
      code: 0,
      stdout: '',
      stderr: '',
    });
  });
});

describe('install-hooks', () => {
  let dirs: TempDirs;
  let project: string;
  let hookScript: string;
  let out: string[];
  const settingsFile = () => join(project, '.claude', 'settings.json');
  const read = () => JSON.parse(readFileSync(settingsFile(), 'utf8')) as Record<string, unknown>;
  const backups = () => readdirSync(join(project, '.claude')).filter((f) => f.startsWith('settings.json.bak-'));

  const existing = {
    model: 'opus',
    permissions: { allow: ['Bash(npm test:*)'], deny: ['Read(./.env)'] },
    env: { FOO: '1' },
    hooks: {
      PostToolUse: [
        { matcher: 'Edit|Write', hooks: [{ type: 'command', command: 'npx prettier --write "$FILE"', timeout: 30 }] },
      ],
      Stop: [{ hooks: [{ type: 'command', command: 'notify-send "Claude is done"' }] }],
      UserPromptSubmit: [{ hooks: [{ type: 'http', url: 'https://audit.example.com/prompt' }] }],
    },
  };

  beforeEach(() => {
    dirs = makeTempDirs();
    project = join(dirs.dataDir, '..', 'project');
    mkdirSync(join(project, '.claude'), { recursive: true });
    hookScript = join(dirs.dataDir, '..', 'out', 'main', 'hook.js');
    mkdirSync(join(hookScript, '..'), { recursive: true });
    writeFileSync(hookScript, '// stands in for the built script\n');
    writeFileSync(settingsFile(), JSON.stringify(existing, null, 2));
    out = [];
    vi.spyOn(stdio, 'out').mockImplementation((text) => void out.push(text.replace(/\n$/, '')));
    vi.spyOn(stdio, 'err').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
    dirs.cleanup();
  });

  it('adds our command hooks, keeps every other key and hook, backs up first, and is idempotent', async () => {
    const args = ['--project', project, '--data-dir', dirs.dataDir];
    expect(await installHooksCommand(args, { hookScript })).toBe(0);
    const merged = read() as typeof existing & { hooks: Record<string, { matcher?: string; hooks: unknown[] }[]> };
    expect(merged).toMatchObject({ model: 'opus', permissions: existing.permissions, env: { FOO: '1' } });
    expect(Object.keys(merged.hooks).sort()).toEqual([...HOOKED_EVENTS].sort());
    expect(merged.hooks.PostToolUse).toEqual([
      existing.hooks.PostToolUse[0],
      {
        matcher: '*',
        hooks: [
          {
            type: 'command',
            command: `"${process.execPath}" "${hookScript}" --data-dir "${resolve(dirs.dataDir)}"`,
            timeout: 5,
          },
        ],
      },
    ]);
    expect(merged.hooks.Stop[0]).toEqual(existing.hooks.Stop[0]);
    expect(merged.hooks.UserPromptSubmit[0]).toEqual(existing.hooks.UserPromptSubmit[0]);
    expect(merged.hooks.SessionEnd).toEqual([{ hooks: [expect.objectContaining({ type: 'command' })] }]);
    expect(backups()).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(project, '.claude', backups()[0]!), 'utf8'))).toEqual(existing);

    const once = readFileSync(settingsFile(), 'utf8');
    expect(await installHooksCommand(args, { hookScript })).toBe(0);
    expect(readFileSync(settingsFile(), 'utf8')).toBe(once);
    expect(backups()).toHaveLength(1);

    expect(await installHooksCommand(['--status', '--project', project], { hookScript })).toBe(0);
    expect(out.at(-1)).toBe(`project ${settingsFile()}: installed (command hooks, ${HOOKED_EVENTS.length} events)`);
  });

  it('switches to http hooks with the token header, keeping SessionStart a command hook', async () => {
    mkdirSync(dirs.dataDir, { recursive: true });
    writeFileSync(join(dirs.dataDir, 'hook-token.json'), JSON.stringify({ token: 'T'.repeat(43), port: 45123 }));
    const args = ['--project', project, '--data-dir', dirs.dataDir];
    await installHooksCommand(args, { hookScript });
    await installHooksCommand([...args, '--http'], { hookScript });
    const hooks = read().hooks as Record<string, { hooks: Record<string, unknown>[] }[]>;
    const ours = (event: string) => hooks[event]!.flatMap((g) => g.hooks).filter((h) => h.type !== undefined);
    expect(ours('Stop')).toEqual([
      existing.hooks.Stop[0]!.hooks[0],
      {
        type: 'http',
        url: 'http://127.0.0.1:45123/hooks',
        headers: { 'X-SubForge-Token': 'T'.repeat(43) },
        timeout: 5,
      },
    ]);
    expect(ours('SessionStart')).toEqual([expect.objectContaining({ type: 'command' })]);
    expect(backups().length).toBeGreaterThanOrEqual(2);
  });

  it('prints the merged settings on --dry-run and writes nothing', async () => {
    const before = readFileSync(settingsFile(), 'utf8');
    await installHooksCommand(['--project', project, '--dry-run'], { hookScript });
    expect(readFileSync(settingsFile(), 'utf8')).toBe(before);
    expect(backups()).toEqual([]);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ model: 'opus', hooks: { SessionEnd: [expect.anything()] } });
  });

  it('writes user settings under CLAUDE_CONFIG_DIR, and refuses a damaged settings file', async () => {
    const configDir = join(dirs.claudeDir, 'config');
    vi.stubEnv('CLAUDE_CONFIG_DIR', configDir);
    try {
      expect(await installHooksCommand(['--user'], { hookScript })).toBe(0);
      expect(existsSync(join(configDir, 'settings.json'))).toBe(true);
      writeFileSync(settingsFile(), '{ "model": "opus", ');
      await expect(installHooksCommand(['--project', project], { hookScript })).rejects.toThrow(/SETTINGS_NOT_JSON/);
      expect(readFileSync(settingsFile(), 'utf8')).toBe('{ "model": "opus", ');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
