// Exposes the API contract on window.api, and nothing else. Bundled into one file: the sandbox allows no requires.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, isRequestName, requestChannel, type ApiEvent, type MonitorApi } from '../../shared/contract';

const api = {
  invoke: (name, input) => {
    if (!isRequestName(name)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'UNKNOWN_REQUEST', message: `Unknown request ${String(name)}` },
      });
    }
    return ipcRenderer.invoke(requestChannel(name), input);
  },
  on: (name, listener) => {
    const forward = (_event: IpcRendererEvent, event: ApiEvent): void => {
      if (event.name === name) (listener as (payload: unknown) => void)(event.payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
} satisfies MonitorApi;

contextBridge.exposeInMainWorld('api', api);
