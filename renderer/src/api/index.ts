// Picks the transport: the preload's IPC bridge in the desktop app, the WebSocket in a browser.
// Panels import `api` from here and never learn which one they have.
import type { MonitorApi, RequestInput, RequestName, RequestOutput } from '../../../shared/contract';
import { createWsApi } from './ws-client';

declare global {
  interface Window {
    api?: MonitorApi;
  }
}

const TOKEN_KEY = 'subforge-monitor-token';

/** The browser twin's token arrives once in the URL's fragment; keep it for reloads and drop it from the bar. */
function browserToken(): string {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', window.location.pathname + '#/overview');
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

type ConnectionListener = (up: boolean) => void;

function createApi(): MonitorApi & { onConnection(listener: ConnectionListener): () => void } {
  if (window.api) return Object.assign(window.api, { onConnection: () => () => {} });
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  // A new token pasted into the address bar of an open tab takes effect on a fresh start.
  window.addEventListener('hashchange', () => {
    if (/(?:^#|&)token=/.test(window.location.hash)) {
      browserToken();
      window.location.reload();
    }
  });
  return createWsApi(`${scheme}://${window.location.host}/api?token=${encodeURIComponent(browserToken())}`);
}

export const api = createApi();

/** Tells whether the transport is up; the desktop bridge always is. */
export const onConnection = (listener: ConnectionListener): (() => void) => api.onConnection(listener);

/** Thrown by `request` with the envelope's error code and message. */
export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Sends a request and unwraps its envelope. */
export async function request<K extends RequestName>(name: K, input: RequestInput<K>): Promise<RequestOutput<K>> {
  const envelope = await api.invoke(name, input);
  if (!envelope.ok) throw new RequestError(envelope.error.code, envelope.error.message);
  return envelope.value;
}
