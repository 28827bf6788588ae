// The window and app hardening with a fake `electron`: isolation, sandbox, no navigation, no permissions.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

const { created, appEvents, sessionHandlers } = await vi.hoisted(async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  return {
    created: [] as { options: Record<string, unknown> }[],
    appEvents: new Emitter(),
    sessionHandlers: {} as Record<string, (...args: never[]) => unknown>,
  };
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class BrowserWindow extends Emitter {
    options: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      created.push(this);
    }
    loadFile = vi.fn(async () => {});
    loadURL = vi.fn(async () => {});
    show = vi.fn();
  }
  return {
    BrowserWindow,
    app: Object.assign(appEvents, { whenReady: () => Promise.resolve() }),
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: never) => (sessionHandlers.request = fn),
        setPermissionCheckHandler: (fn: never) => (sessionHandlers.check = fn),
        webRequest: { onHeadersReceived: (fn: never) => (sessionHandlers.headers = fn) },
      },
    },
  };
});

const { createMainWindow } = await import('../../electron/main/window');
const { hardenApp } = await import('../../electron/main/security');

describe('the Electron edge', () => {
  it('opens the window isolated and sandboxed, with our preload and no Node in the page', () => {
    createMainWindow({
      preloadPath: '/app/out/preload/index.cjs',
      rendererIndex: '/app/out/renderer/index.html',
      iconPath: '/i.png',
    });
    const prefs = created[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
  });

  it('blocks new windows, foreign navigation and webviews, denies permissions and sets the CSP', async () => {
    const origin = 'file:///app/out/renderer/index.html';
    hardenApp(origin);
    await Promise.resolve();
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    appEvents.emit('web-contents-created', {}, contents);

    const openHandler = contents.setWindowOpenHandler.mock.calls[0]![0] as () => unknown;
    expect(openHandler()).toEqual({ action: 'deny' });

    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() };
      contents.emit('will-navigate', event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://example.com/')).toBe(true);
    expect(navigate(origin + '#/sources')).toBe(false);

    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();

    const granted = vi.fn();
    (sessionHandlers.request as (wc: unknown, p: string, cb: (ok: boolean) => void) => void)({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect((sessionHandlers.check as () => boolean)()).toBe(false);

    const answer = vi.fn();
    (sessionHandlers.headers as (d: unknown, cb: (r: unknown) => void) => void)({ responseHeaders: {} }, answer);
    const headers = (answer.mock.calls[0]![0] as { responseHeaders: Record<string, string[]> }).responseHeaders;
    expect(headers['Content-Security-Policy']![0]).toContain("default-src 'self'");
    expect(headers['Content-Security-Policy']![0]).toContain("object-src 'none'");
  });
});
