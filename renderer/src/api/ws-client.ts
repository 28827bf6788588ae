// The browser twin's transport: the contract over the `serve` WebSocket, with reconnects.
import type {
  ApiEvent,
  Envelope,
  EventName,
  EventPayload,
  MonitorApi,
  RequestName,
  RequestInput,
  RequestOutput,
  WsServerFrame,
} from '../../../shared/contract';

type Pending = (envelope: Envelope<unknown>) => void;

export function createWsApi(url: string): MonitorApi & { onConnection(listener: (up: boolean) => void): () => void } {
  let socket: WebSocket | null = null;
  let nextId = 1;
  let retryMs = 250;
  const pending = new Map<number, Pending>();
  const queued: string[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(up: boolean) => void>();

  const connect = (): void => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      for (const frame of queued.splice(0)) ws.send(frame);
      for (const l of connectionListeners) l(true);
    };
    ws.onmessage = (message: MessageEvent<string>) => {
      const frame = JSON.parse(message.data) as WsServerFrame;
      if (frame.kind === 'response') {
        pending.get(frame.id)?.(frame.envelope);
        pending.delete(frame.id);
      } else {
        dispatchEvent(frame.event);
      }
    };
    ws.onclose = () => {
      socket = null;
      for (const l of connectionListeners) l(false);
      for (const [id, answer] of pending) {
        answer({ ok: false, error: { code: 'UNAVAILABLE', message: 'The connection to the monitor was lost.' } });
        pending.delete(id);
      }
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };

  const dispatchEvent = (event: ApiEvent): void => {
    for (const l of listeners.get(event.name) ?? []) l(event.payload);
  };

  connect();

  return {
    invoke<K extends RequestName>(name: K, input: RequestInput<K>): Promise<Envelope<RequestOutput<K>>> {
      const id = nextId++;
      const frame = JSON.stringify({ id, name, input });
      return new Promise((resolve) => {
        pending.set(id, resolve as Pending);
        if (socket?.readyState === WebSocket.OPEN) socket.send(frame);
        else queued.push(frame);
      });
    },
    on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
  };
}
