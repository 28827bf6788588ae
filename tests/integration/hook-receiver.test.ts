// The hook receiver inside a running core: a good event is stored and pushed; every bad request gets its 4xx,
// is counted, and leaves the server answering.
import { statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiEvent, AppInfo, HookEventRecord, LiveSessionStatus } from '../../shared/contract';
import { createLogger } from '../../electron/main/core/logger';
import { MonitorCore } from '../../electron/main/core/monitor-core';
import { readHookEndpoint, readHookToken } from '../../electron/main/hooks/hook-endpoint-file';
import { bodies, hookSession, toolUseId } from '../support/hook-bodies';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';

interface Answer {
  status: number;
  body: string;
}

/** POSTs with node:http, so oversized bodies and odd headers go out exactly as written. */
function post(url: string, body: string | Buffer, headers: Record<string, string | number>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body: '' }));
    });
    // The server may close the connection while a refused body is still being written: that is the point.
    req.on('error', (e) => reject(e));
    req.end(body);
  });
}

describe('hook receiver', () => {
  let dirs: TempDirs;
  let core: MonitorCore;
  let events: ApiEvent[];
  let logs: string[];
  const s = hookSession('0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f');

  const endpoint = () => core.hooks!;
  const send = (body: unknown, headers: Record<string, string> = {}) =>
    post(endpoint().url, JSON.stringify(body), {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${endpoint().token}`,
      ...headers,
    });
  const info = async () => {
    const answer = await core.dispatch('app.info', {});
    if (!answer.ok) throw new Error(answer.error.message);
    return (answer.value as AppInfo).hookEndpoint!;
  };

  beforeEach(async () => {
    dirs = makeTempDirs();
    events = [];
    logs = [];
    core = new MonitorCore({
      dataDir: dirs.dataDir,
      claudeDirs: [dirs.claudeDir],
      mode: 'browser',
      log: createLogger('warn', (line) => logs.push(line)),
      rescanMs: 60_000,
      hooks: { port: 0 },
    });
    core.subscribe((e) => events.push(e));
    await core.start();
  });
  afterEach(() => {
    core.close();
    dirs.cleanup();
  });

  it('stores a good event, answers {} and pushes it with the session status', async () => {
    const id = toolUseId();
    expect(await send(bodies.userPromptSubmit(s))).toEqual({ status: 200, body: '{}' });
    expect(await send(bodies.preToolUse(s, id), { Authorization: '', 'X-SubForge-Token': endpoint().token })).toEqual({
      status: 200,
      body: '{}',
    });
    await vi.waitFor(() => expect(events.filter((e) => e.name === 'hooks.event').length).toBeGreaterThan(0));
    const pushed = events.flatMap((e) => (e.name === 'hooks.event' ? e.payload.events : []));
    await vi.waitFor(() =>
      expect(events.flatMap((e) => (e.name === 'hooks.event' ? e.payload.events : [])).length).toBe(2),
    );
    expect(pushed[0]).toMatchObject({ sessionId: s.sessionId, event: 'UserPromptSubmit' });
    const last = events.filter((e) => e.name === 'hooks.event').at(-1)!;
    expect(last.name === 'hooks.event' && last.payload.sessions[0]).toMatchObject({
      sessionId: s.sessionId,
      status: 'running',
      currentTool: 'Bash',
      project: '-home-dev-demo',
    });

    const live = await core.dispatch('live.status', {});
    expect(live.ok && (live.value as { sessions: LiveSessionStatus[] }).sessions).toMatchObject([
      { sessionId: s.sessionId, status: 'running', lastEvent: 'PreToolUse' },
    ]);
    const recent = await core.dispatch('events.recent', { limit: 10, sessionId: s.sessionId });
    const rows = (recent.ok ? recent.value : []) as HookEventRecord[];
    expect(rows.map((r) => r.event)).toEqual(['PreToolUse', 'UserPromptSubmit']);
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({ tool_use_id: id, tool_input: { command: 'npm test' } });
    expect((await info()).accepted).toBe(2);
  });

  it('marks a failed tool call and ends subagents', async () => {
    const agent = { agentId: 'b3c4d5e6f7a8', agentType: 'test-runner' };
    const id = toolUseId();
    for (const body of [
      bodies.userPromptSubmit(s),
      bodies.subagentStart(s, agent),
      bodies.preToolUse(s, id, 'npm test', agent),
      bodies.postToolUseFailure(s, id, agent),
      bodies.subagentStop(s, agent),
      bodies.stop(s),
    ]) {
      expect((await send(body)).status).toBe(200);
    }
    expect(core.hookEvents.toolCall(id)).toEqual({
      outcome: 'failed',
      toolName: 'Bash',
      error: 'Command failed with exit code 1: 2 tests failed',
    });
    const live = await core.dispatch('live.status', {});
    expect(live.ok && (live.value as { sessions: LiveSessionStatus[] }).sessions[0]).toMatchObject({
      status: 'idle',
      failedToolCalls: 1,
      agents: [{ agentId: agent.agentId, agentType: 'test-runner', status: 'ended', failedToolCalls: 1 }],
    });
  });

  it('refuses a missing or wrong token with 401, before reading the body', async () => {
    const body = JSON.stringify(bodies.stop(s));
    const json = { 'Content-Type': 'application/json' };
    expect((await post(endpoint().url, body, json)).status).toBe(401);
    expect((await post(endpoint().url, body, { ...json, Authorization: 'Bearer wrong-token' })).status).toBe(401);
    expect((await post(endpoint().url, body, { ...json, 'X-SubForge-Token': `${endpoint().token}x` })).status).toBe(
      401,
    );
    expect((await info()).refused).toEqual({ unauthorized: 3 });
    expect(logs.filter((l) => l.includes('"reason":"unauthorized"'))).toHaveLength(3);
    expect(core.hookEvents.recentEvents(10)).toEqual([]);
  });

  it('refuses non-JSON with 415 or 400, and an invalid event with 422 naming the field', async () => {
    const auth = { Authorization: `Bearer ${endpoint().token}` };
    expect((await post(endpoint().url, 'hello', { ...auth, 'Content-Type': 'text/plain' })).status).toBe(415);
    const notJson = await post(endpoint().url, '{"session_id": ', { ...auth, 'Content-Type': 'application/json' });
    expect(notJson.status).toBe(400);
    const { session_id: _s, ...noSession } = bodies.stop(s);
    const invalid = await send(noSession);
    expect(invalid.status).toBe(422);
    expect(JSON.parse(invalid.body)).toEqual({
      error: { code: 'invalid-event', message: expect.stringContaining('session_id') },
    });
    expect((await info()).refused).toEqual({ 'unsupported-media-type': 1, 'not-json': 1, 'invalid-event': 1 });
    expect((await send(bodies.stop(s))).status).toBe(200);
  });

  it('answers a 10 MB body with 413 without reading it, and keeps serving', async () => {
    const huge = Buffer.alloc(10 * 1024 * 1024, 0x20);
    const declared = await post(endpoint().url, huge, {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${endpoint().token}`,
      'Content-Length': huge.length,
    }).catch((e: Error) => ({ status: -1, body: e.message }));
    expect(declared.status).toBe(413);

    // Without Content-Length (chunked), the limit applies while reading.
    const chunked = await new Promise<number>((resolve) => {
      const req = request(endpoint().url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${endpoint().token}` },
      });
      req.on('response', (res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
      });
      req.on('error', () => {});
      for (let i = 0; i < 10; i++) req.write(Buffer.alloc(1024 * 1024, 0x20));
      req.end();
    });
    expect(chunked).toBe(413);
    expect((await info()).refused).toEqual({ 'too-large': 2 });
    expect(await send(bodies.stop(s))).toEqual({ status: 200, body: '{}' });
  });

  it('writes a private endpoint file while running and removes it at stop; the token survives restarts', async () => {
    const file = join(dirs.dataDir, 'hook-endpoint.json');
    expect(readHookEndpoint(dirs.dataDir)).toEqual({ url: endpoint().url, token: endpoint().token, pid: process.pid });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dirs.dataDir, 'hook-token.json')).mode & 0o777).toBe(0o600);
    const token = endpoint().token;
    expect(endpoint().url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks$/);
    expect((await post(endpoint().url.replace('/hooks', '/other'), '{}', {})).status).toBe(404);
    core.close();
    expect(readHookEndpoint(dirs.dataDir)).toBeNull();

    core = new MonitorCore({
      dataDir: dirs.dataDir,
      claudeDirs: [dirs.claudeDir],
      mode: 'browser',
      log: createLogger('error', () => {}),
      rescanMs: 60_000,
      hooks: { port: 0 },
    });
    await core.start();
    expect(core.hooks!.token).toBe(token);
    expect(readHookToken(dirs.dataDir)?.token).toBe(token);
  });
});
