// Sources & Settings requests on a real core and SQLite: hooks.status/install on temp user and project settings,
// the retention prune, price overrides repricing the Overview, and skipped lines listed per file.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestName, RequestOutput } from '../../shared/contract';
import { createLogger } from '../../electron/main/core/logger';
import { MonitorCore } from '../../electron/main/core/monitor-core';
import { HOOKED_EVENTS } from '../../electron/main/hooks/claude-settings';
import { parseHookEvent, type HookEvent } from '../../electron/main/hooks/hook-events';
import { bodies, hookSession } from '../support/hook-bodies';
import { assistantLine, userLine } from '../support/transcript-lines';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';

const MODEL = 'claude-sonnet-4-5-20250929';
const timezone = 'UTC';

/** A hook body as the receiver would accept it. */
function event(body: unknown): HookEvent {
  const parsed = parseHookEvent(body);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.event;
}

describe('settings requests', () => {
  let dirs: TempDirs;
  let core: MonitorCore;
  let userClaude: string;
  let project: string;
  let hookScript: string;

  const make = () =>
    new MonitorCore({
      dataDir: dirs.dataDir,
      claudeDirs: [dirs.claudeDir],
      mode: 'browser',
      log: createLogger('error', () => {}),
      rescanMs: 60_000,
      hooks: false,
      hookScript,
      env: { CLAUDE_CONFIG_DIR: userClaude, HOME: join(dirs.dataDir, '..', 'home') },
    });

  async function call<K extends RequestName>(name: K, input: unknown): Promise<RequestOutput<K>> {
    const envelope = await core.dispatch(name, input);
    if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
    return envelope.value as RequestOutput<K>;
  }

  beforeEach(() => {
    dirs = makeTempDirs();
    const root = join(dirs.dataDir, '..');
    userClaude = join(root, 'user-claude');
    project = join(root, 'shop');
    mkdirSync(join(project, '.claude'), { recursive: true });
    hookScript = join(root, 'out', 'hook.js');
    mkdirSync(join(root, 'out'));
    writeFileSync(hookScript, '// stands in for the built hook script\n');
    core = make();
  });
  afterEach(() => {
    core.close();
    dirs.cleanup();
  });

  it('installs hooks into a project settings.json once, keeping its keys and hooks, with a backup', async () => {
    const file = join(project, '.claude', 'settings.json');
    const theirs = { type: 'command', command: 'npx prettier --write "$FILE"' };
    writeFileSync(
      file,
      JSON.stringify({
        permissions: { allow: ['Bash(npm test)'] },
        hooks: { PostToolUse: [{ matcher: 'Edit', hooks: [theirs] }] },
      }),
    );
    const before = await call('hooks.status', {});
    expect(before.user).toMatchObject({ state: 'not-installed', file: join(userClaude, 'settings.json') });
    expect(before.projects).toEqual([]); // nothing known yet: no session ran there, nobody typed it

    const first = await call('hooks.install', { scope: 'project', dir: project });
    expect(first).toMatchObject({ file, changed: true, status: { state: 'installed', origin: 'typed' } });
    expect(first.backup).toMatch(/settings\.json\.bak-/);
    const written = JSON.parse(readFileSync(file, 'utf8')) as {
      permissions: unknown;
      hooks: Record<string, { matcher?: string; hooks: { command: string }[] }[]>;
    };
    expect(written.permissions).toEqual({ allow: ['Bash(npm test)'] });
    expect(Object.keys(written.hooks).sort()).toEqual([...HOOKED_EVENTS].sort());
    expect(written.hooks.PostToolUse![0]).toEqual({ matcher: 'Edit', hooks: [theirs] });
    expect(written.hooks.Stop![0]!.hooks[0]!.command).toContain(hookScript);
    expect(written.hooks.Stop![0]!.hooks[0]!.command).toContain(dirs.dataDir);

    const second = await call('hooks.install', { scope: 'project', dir: project });
    expect(second).toMatchObject({ changed: false, backup: null });
    expect(readdirSync(join(project, '.claude')).filter((f) => f.includes('.bak-'))).toHaveLength(1);

    const after = await call('hooks.status', {});
    expect(after.projects).toEqual([expect.objectContaining({ dir: project, state: 'installed', origin: 'typed' })]);
  });

  it('installs into the user settings under CLAUDE_CONFIG_DIR, and refuses what it must not write', async () => {
    const result = await call('hooks.install', { scope: 'user' });
    expect(result).toMatchObject({ file: join(userClaude, 'settings.json'), changed: true, backup: null });
    expect((await call('hooks.status', {})).user.state).toBe('installed');

    const relative = await core.dispatch('hooks.install', { scope: 'project', dir: 'shop' });
    expect(relative).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const missing = await core.dispatch('hooks.install', { scope: 'project', dir: join(project, 'nope') });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const extra = await core.dispatch('hooks.install', { scope: 'user', file: '/etc/passwd' });
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });

    const broken = join(project, '.claude', 'settings.json');
    writeFileSync(broken, '{ "permissions": ');
    const refused = await core.dispatch('hooks.install', { scope: 'project', dir: project });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(readFileSync(broken, 'utf8')).toBe('{ "permissions": '); // never overwritten
  });

  it('lists the folders sessions ran in as known projects', async () => {
    const s = hookSession(undefined, project);
    core.hookEvents.record(event(bodies.sessionStart(s)), Date.now());
    const status = await call('hooks.status', {});
    expect(status.projects).toEqual([expect.objectContaining({ dir: project, origin: 'session' })]);
    const installed = await call('hooks.install', { scope: 'project', dir: project });
    expect(installed.status.origin).toBe('session');
  });

  it('prunes hook events and, only when asked, usage records older than kept', async () => {
    const now = Date.now();
    const s = hookSession();
    core.hookEvents.record(event(bodies.sessionStart(s)), now - 40 * 86_400_000);
    core.hookEvents.record(event(bodies.stop(s)), now - 1000);
    const sessionId = 'a1b2c3d4-0000-4000-8000-000000000001';
    writeFileSync(
      join(dirs.projectDir(), `${sessionId}.jsonl`),
      [
        assistantLine({ sessionId }, new Date(now - 100 * 86_400_000), { input: 1000, output: 100, model: MODEL }),
        assistantLine({ sessionId }, new Date(now - 60_000), { input: 2000, output: 200, model: MODEL }),
      ].join('\n') + '\n',
    );
    await core.importOnce();

    const kept = await call('settings.get', {});
    expect(kept.retention).toEqual({ hookEventDays: 30, usageRecordDays: null });
    const first = core.settings.pruneNow(now);
    expect(first).toMatchObject({ hookEvents: 1, usageRecords: 0 }); // usage is kept by default
    expect(core.hookEvents.recentEvents(10)).toHaveLength(1);

    const updated = await call('settings.update', { retention: { usageRecordDays: 90 } });
    expect(updated.retention).toEqual({ hookEventDays: 30, usageRecordDays: 90 });
    expect(updated.lastPrune).toMatchObject({ usageRecords: 1 });
    expect(core.store.totals(0, now + 1).totalTokens).toBe(2200);

    const bad = await core.dispatch('settings.update', { retention: { hookEventDays: 0 } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    // The setting is stored: a new core over the same data directory keeps it.
    core.close();
    core = make();
    expect((await call('settings.get', {})).retention.usageRecordDays).toBe(90);
  });

  it('saves a price override, reprices stored usage and the Overview cost follows; removing it restores it', async () => {
    const sessionId = 'a1b2c3d4-0000-4000-8000-000000000002';
    const now = new Date();
    writeFileSync(
      join(dirs.projectDir(), `${sessionId}.jsonl`),
      userLine({ sessionId }, now, 'hi') +
        '\n' +
        assistantLine({ sessionId }, now, { input: 100_000, output: 0, model: MODEL }) +
        '\n',
    );
    await core.importOnce();
    const before = (await call('overview.get', { timezone })).today.totalCost;
    expect(before).toBeCloseTo(0.3, 6); // bundled: $3 per million input tokens

    const listed = await call('prices.list', {});
    expect(listed.prices.find((p) => p.model === MODEL)).toMatchObject({ input: 3, overridden: false });

    const saved = await call('prices.setOverride', {
      model: MODEL,
      prices: { input: 10, output: 20, cacheWrite: 12.5, cacheRead: 1 },
    });
    expect(saved.repriced).toBe(1);
    expect(saved.prices.prices.find((p) => p.model === MODEL)).toMatchObject({ input: 10, overridden: true });
    expect((await call('overview.get', { timezone })).today.totalCost).toBeCloseTo(1, 6);
    const file = JSON.parse(readFileSync(join(dirs.dataDir, 'model-prices.json'), 'utf8')) as Record<
      string,
      { input_cost_per_token: number }
    >;
    expect(file[MODEL]!.input_cost_per_token).toBeCloseTo(10e-6, 12);

    // A restart reads the file: the cost stays.
    core.close();
    core = make();
    expect((await call('overview.get', { timezone })).today.totalCost).toBeCloseTo(1, 6);

    const bad = await core.dispatch('prices.setOverride', {
      model: MODEL,
      prices: { input: -1, output: 0, cacheWrite: 0, cacheRead: 0 },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });

    const removed = await call('prices.setOverride', { model: MODEL, prices: null });
    expect(removed.repriced).toBe(1);
    expect((await call('overview.get', { timezone })).today.totalCost).toBeCloseTo(0.3, 6);
  });

  it('lists the files with skipped lines under their source', async () => {
    const sessionId = 'a1b2c3d4-0000-4000-8000-000000000003';
    const damaged = join(dirs.projectDir(), `${sessionId}.jsonl`);
    const now = new Date();
    writeFileSync(
      damaged,
      [
        userLine({ sessionId }, now, 'hi'),
        '{"type":"assistant","message":',
        assistantLine({ sessionId }, now, { input: 5 }),
      ].join('\n') + '\n',
    );
    writeFileSync(join(dirs.projectDir(), 'b2.jsonl'), userLine({ sessionId: 'b2' }, now, 'fine') + '\n');
    await core.importOnce();
    const [source] = await call('sources.list', {});
    expect(source).toMatchObject({ path: dirs.claudeDir, files: 2, skippedLines: 1 });
    expect(source!.skippedFiles).toEqual([expect.objectContaining({ path: damaged, skippedLines: 1, lines: 3 })]);
    expect(existsSync(damaged)).toBe(true);
  });
});
