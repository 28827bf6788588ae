// A transcript growing in a Claude data directory reaches SQLite and the event stream, incrementally.
import { appendFileSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiEvent, Overview } from '../../shared/contract';
import { createLogger } from '../../electron/main/core/logger';
import { MonitorCore } from '../../electron/main/core/monitor-core';
import { simulateClaudeDir } from '../../electron/main/simulate/simulate-claude-dir';
import { listFiles, transcriptBytes } from '../support/simulated-dir';
import { assistantLine, userLine } from '../support/transcript-lines';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';

const SESSION = '5d0b1c7e-8a4f-4c1e-9e0a-2f6b7d8c9e01';
const ctx = { sessionId: SESSION };
const silent = createLogger('error', () => {});

describe('live ingest', () => {
  let dirs: TempDirs;
  let core: MonitorCore | null = null;
  let events: ApiEvent[];
  let file: string;

  const open = async (readAheadWorker: URL | null = null) => {
    core = new MonitorCore({
      dataDir: dirs.dataDir,
      claudeDirs: [dirs.claudeDir],
      mode: 'browser',
      log: silent,
      rescanMs: 60_000,
      readAheadWorker,
    });
    core.subscribe((e) => events.push(e));
    await core.start();
    return core;
  };
  const overview = async (): Promise<Overview> => {
    const answer = await core!.dispatch('overview.get', { timezone: 'UTC' });
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.value as Overview;
  };
  const usageEvents = () => events.filter((e) => e.name === 'usage.changed');

  beforeEach(() => {
    dirs = makeTempDirs();
    events = [];
    file = join(dirs.projectDir(), `${SESSION}.jsonl`);
  });
  afterEach(() => {
    core?.close();
    core = null;
    dirs.cleanup();
  });

  it('stores existing lines, then follows appends and pushes one batched event per burst', async () => {
    const now = new Date();
    writeFileSync(
      file,
      userLine(ctx, now, 'add a health check') + '\n' + assistantLine(ctx, now, { input: 10, output: 20 }) + '\n',
    );
    await open();
    expect((await overview()).today).toMatchObject({ sessions: 1, inputTokens: 10, outputTokens: 20, totalTokens: 30 });

    events.length = 0;
    appendFileSync(
      file,
      assistantLine(ctx, now, { input: 1, output: 2, cacheCreation: 300, cacheRead: 4000 }) +
        '\n' +
        assistantLine(ctx, now, { input: 5, output: 5 }) +
        '\n',
    );
    await vi.waitFor(() => expect(usageEvents().length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(usageEvents()[0]).toMatchObject({ name: 'usage.changed', payload: { sessions: [SESSION] } });
    expect(usageEvents().reduce((n, e) => n + (e.name === 'usage.changed' ? e.payload.records : 0), 0)).toBe(2);
    expect((await overview()).today.totalTokens).toBe(30 + 4303 + 10);
  });

  it('waits for a partial last line to be finished before reading it', async () => {
    const now = new Date();
    const line = assistantLine(ctx, now, { input: 7, output: 7 });
    writeFileSync(file, line.slice(0, 40));
    await open();
    expect((await overview()).today.totalTokens).toBe(0);
    appendFileSync(file, line.slice(40) + '\n');
    await vi.waitFor(async () => expect((await overview()).today.totalTokens).toBe(14), { timeout: 10_000 });
  });

  it('counts damaged lines per file, keeps the rest, and resumes after a restart without counting twice', async () => {
    const now = new Date();
    writeFileSync(
      file,
      [
        assistantLine(ctx, now, { input: 100, output: 1 }),
        '{"type":"assistant","message":{"usage":{"input_tokens":',
        '\u0000'.repeat(32),
        assistantLine(ctx, now, { input: 200, output: 2 }),
      ].join('\n') + '\n',
    );
    await open();
    expect((await overview()).today.totalTokens).toBe(303);
    const sources = await core!.dispatch('sources.list', {});
    expect(sources).toMatchObject({ ok: true, value: [{ files: 1, lines: 4, skippedLines: 2 }] });

    core!.close();
    appendFileSync(file, assistantLine(ctx, now, { input: 1000, output: 3 }) + '\n');
    await open();
    expect((await overview()).today.totalTokens).toBe(303 + 1003);
    expect(await core!.dispatch('sources.list', {})).toMatchObject({
      ok: true,
      value: [{ lines: 5, skippedLines: 2 }],
    });
  });

  it('keeps one record per message.id + requestId, the one with the most tokens', async () => {
    const now = new Date();
    const ids = { messageId: 'msg_stream', requestId: 'req_stream' };
    writeFileSync(
      file,
      [
        assistantLine(ctx, now, { ...ids, input: 3, output: 1 }),
        assistantLine(ctx, now, { ...ids, input: 3, output: 250 }),
        assistantLine(ctx, now, { ...ids, input: 3, output: 90 }),
      ].join('\n') + '\n',
    );
    await open();
    expect((await overview()).today).toMatchObject({ inputTokens: 3, outputTokens: 250 });
  });

  it('reads a truncated or replaced file again from the start', async () => {
    const now = new Date();
    writeFileSync(file, assistantLine(ctx, now, { input: 50, output: 50, messageId: 'm1', requestId: 'r1' }) + '\n');
    await open();
    expect((await overview()).today.totalTokens).toBe(100);
    truncateSync(file, 0);
    writeFileSync(file, assistantLine(ctx, now, { input: 1, output: 1, messageId: 'm2', requestId: 'r2' }) + '\n');
    await vi.waitFor(async () => expect((await overview()).today.totalTokens).toBe(102), { timeout: 10_000 });
  });

  it.each([
    ['on the worker', new URL('../support/transcript-worker.mjs', import.meta.url)],
    ['on its own thread', null],
  ])('shows a large scan read %s as it goes and when it ends, and a small one not at all', async (_, worker) => {
    rmSync(dirs.claudeDir, { recursive: true }); // the simulator writes only into an empty folder
    simulateClaudeDir({ out: dirs.claudeDir, mib: 20, seed: 21, now: Date.UTC(2026, 2, 1) });
    const core = await open(worker);
    const scans = events.flatMap((e) => (e.name === 'sources.scan' ? [e.payload] : []));
    expect(scans.length).toBeGreaterThan(1);
    const last = scans.at(-1)!;
    // Every transcript byte read, the files with lines in them counted, the end time set once, at the end.
    expect(last).toMatchObject({ bytes: transcriptBytes(dirs.claudeDir), bytesRead: transcriptBytes(dirs.claudeDir) });
    expect(last.filesRead).toBe(last.files);
    expect(last.finishedAt).toBeGreaterThanOrEqual(last.startedAt);
    expect(scans.slice(0, -1).every((s) => s.finishedAt === null && s.bytesRead <= last.bytesRead)).toBe(true);
    expect(await core!.dispatch('sources.scan', {})).toEqual({ ok: true, value: last });

    // A rescan after a few appends is not a large scan: nothing is pushed, the last large one stays.
    events.length = 0;
    const transcript = listFiles(dirs.claudeDir).find((f) => f.endsWith('.jsonl'))!;
    appendFileSync(transcript, `${assistantLine(ctx, new Date(), { input: 1, output: 1 })}\n`);
    await core.importOnce();
    await new Promise((done) => setTimeout(done, 100)); // past the bus's 16 ms batch window
    expect(usageEvents().length).toBeGreaterThan(0); // the append did go out
    expect(events.filter((e) => e.name === 'sources.scan')).toEqual([]);
    expect(await core!.dispatch('sources.scan', {})).toEqual({ ok: true, value: last });
  });

  it('tells a listener what a one-shot pass has to read and what it read (sync --once shows it)', async () => {
    writeFileSync(
      file,
      `${userLine(ctx, new Date(), 'hi')}\n${assistantLine(ctx, new Date(), { input: 1, output: 2 })}\n`,
    );
    const other = join(dirs.projectDir('-home-dev-other'), `${SESSION}.jsonl`);
    writeFileSync(other, `${assistantLine(ctx, new Date(), { input: 3, output: 4 })}\n`);
    core = new MonitorCore({ dataDir: dirs.dataDir, claudeDirs: [dirs.claudeDir], mode: 'browser', log: silent });
    const heard: string[] = [];
    await core.importOnce({
      planned: (files, bytes) => heard.push(`planned ${files} ${bytes}`),
      read: (o) => heard.push(`read ${o.path} ${o.bytes}`),
    });
    const size = (path: string) => readFileSync(path).length;
    expect(heard).toEqual([
      `planned 2 ${size(file) + size(other)}`,
      ...[file, other].sort().map((path) => `read ${path} ${size(path)}`),
    ]);
    heard.length = 0;
    appendFileSync(file, `${assistantLine(ctx, new Date(), { input: 5, output: 6 })}\n`);
    await core.importOnce(); // the listener was for that pass only
    expect(heard).toEqual([]);
  });
});
