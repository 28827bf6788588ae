// Electron edge: binds every request of the contract to an IPC channel. Each call's sender must be a
// frame of one of our windows showing our own renderer; the payload is validated by the dispatcher.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { EVENT_CHANNEL, requestChannel, requests, type ApiEvent, type RequestName } from '../../shared/contract';
import type { Dispatch } from './api/dispatch';
import type { Logger } from './core/logger';

export interface TrustedRenderer {
  /** WebContents ids of the windows we created. */
  webContentsIds: () => Iterable<number>;
  /** The URL prefix our renderer is loaded from (file:// of out/renderer, or the dev server). */
  origin: string;
}

/** True when the call comes from the top frame of one of our windows, showing our renderer. */
export function isTrustedSender(event: IpcMainInvokeEvent, trusted: TrustedRenderer): boolean {
  const ids = new Set(trusted.webContentsIds());
  if (!ids.has(event.sender.id)) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return frame.url.startsWith(trusted.origin);
}

/** Registers a handler per request; returns the function that removes them. */
export function bindIpc(dispatch: Dispatch, trusted: TrustedRenderer, log: Logger): () => void {
  const names = Object.keys(requests) as RequestName[];
  for (const name of names) {
    ipcMain.handle(requestChannel(name), async (event, input: unknown) => {
      if (!isTrustedSender(event, trusted)) {
        log.warn('ipc call refused', { request: name, url: event.senderFrame?.url ?? null });
        return { ok: false, error: { code: 'FORBIDDEN', message: 'This window may not call the monitor.' } };
      }
      return dispatch(name, input);
    });
  }
  return () => {
    for (const name of names) ipcMain.removeHandler(requestChannel(name));
  };
}

/** Pushes a core event to the given windows. */
export function pushEvent(targets: Iterable<WebContents>, event: ApiEvent): void {
  for (const wc of targets) if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL, event);
}
