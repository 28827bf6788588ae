// The core's side of the contract: validates a request with zod, runs its handler, answers with an envelope.
// Both transports (Electron IPC and the browser twin's WebSocket) call through here.
import {
  requests,
  isRequestName,
  type Envelope,
  type ErrorCode,
  type RequestName,
  type RequestInput,
  type RequestOutput,
} from '../../../shared/contract';
import type { Logger } from '../core/logger';

export type RequestHandlers = {
  [K in RequestName]: (input: RequestInput<K>) => RequestOutput<K> | Promise<RequestOutput<K>>;
};

/** An error a handler throws on purpose, with a code the user can act on. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type Dispatch = (name: unknown, input: unknown) => Promise<Envelope<unknown>>;

export function createDispatcher(handlers: RequestHandlers, log: Logger): Dispatch {
  return async (name, input) => {
    if (!isRequestName(name)) {
      return { ok: false, error: { code: 'UNKNOWN_REQUEST', message: `Unknown request ${JSON.stringify(name)}` } };
    }
    const parsed = requests[name].input.safeParse(input ?? {});
    if (!parsed.success) {
      const detail = parsed.error.issues
        .map((i) => `${i.path.length > 0 ? i.path.join('.') : 'input'}: ${i.message}`)
        .join('; ');
      return { ok: false, error: { code: 'INVALID_REQUEST', message: `${name}: ${detail}` } };
    }
    try {
      const handler = handlers[name] as (input: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof ApiFailure) return { ok: false, error: { code: error.code, message: error.message } };
      log.error('request failed', { request: name, error: String((error as Error).stack ?? error) });
      return { ok: false, error: { code: 'INTERNAL', message: `${name} failed: ${(error as Error).message}` } };
    }
  };
}
