// The IPC edge with a fake `electron`: the sender check, payload validation and the envelope.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { requestChannel } from '../../shared/contract';
import { createDispatcher, type RequestHandlers } from '../../electron/main/api/dispatch';
import { createLogger } from '../../electron/main/core/logger';

const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, input: unknown) => Promise<unknown>) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}));

const { bindIpc } = await import('../../electron/main/ipc');

const ORIGIN = 'file:///opt/subforge-monitor/out/renderer/index.html';
const OUR_WINDOW = 7;

const event = (senderId: number, url = ORIGIN, parent: unknown = null) => ({
  sender: { id: senderId },
  senderFrame: { url, parent },
});

describe('IPC wrapper', () => {
  const overview = vi.fn();
  const silent = createLogger('error', () => {});

  beforeEach(() => {
    handlers.clear();
    overview.mockReset();
    overview.mockReturnValue({ date: '2026-11-26' });
    const core = {
      'app.info': () => ({ version: '0', mode: 'desktop', dataDir: '/d', claudeDirs: [] }),
      'overview.get': overview,
      'sources.list': () => [],
    } as unknown as RequestHandlers;
    bindIpc(createDispatcher(core, silent), { webContentsIds: () => [OUR_WINDOW], origin: ORIGIN }, silent);
  });

  const call = (name: Parameters<typeof requestChannel>[0], e: unknown, input: unknown) => {
    const handler = handlers.get(requestChannel(name));
    if (!handler) throw new Error(`no handler for ${name}`);
    return handler(e, input);
  };

  it('binds one channel per request of the contract', () => {
    expect([...handlers.keys()].sort()).toEqual(
      ['app.info', 'overview.get', 'sources.list', 'metrics.get', 'analytics.get', 'demo.load']
        .map((n) => requestChannel(n as 'app.info'))
        .sort(),
    );
  });

  it('refuses a sender that is not one of our windows', async () => {
    const answer = await call('overview.get', event(99), { timezone: 'UTC' });
    expect(answer).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    expect(overview).not.toHaveBeenCalled();
  });

  it('refuses our window when it shows another page or a subframe calls', async () => {
    expect(await call('overview.get', event(OUR_WINDOW, 'https://evil.example/'), { timezone: 'UTC' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await call('overview.get', event(OUR_WINDOW, ORIGIN, { url: ORIGIN }), { timezone: 'UTC' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(overview).not.toHaveBeenCalled();
  });

  it('answers an invalid payload with a validation error envelope', async () => {
    const answer = await call('overview.get', event(OUR_WINDOW), { timezone: 'Mars/Olympus_Mons' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect((answer as { error: { message: string } }).error.message).toContain('timezone');
    expect(await call('overview.get', event(OUR_WINDOW), { timezone: 'UTC', extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    expect(overview).not.toHaveBeenCalled();
  });

  it('passes a valid call from our window to the core and wraps its answer', async () => {
    const answer = await call('overview.get', event(OUR_WINDOW), { timezone: 'Europe/Berlin' });
    expect(overview).toHaveBeenCalledWith({ timezone: 'Europe/Berlin' });
    expect(answer).toEqual({ ok: true, value: { date: '2026-11-26' } });
  });

  it('turns a failing handler into an INTERNAL envelope instead of a thrown error', async () => {
    overview.mockImplementation(() => {
      throw new Error('disk on fire');
    });
    expect(await call('overview.get', event(OUR_WINDOW), { timezone: 'UTC' })).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'overview.get failed: disk on fire' },
    });
  });
});
