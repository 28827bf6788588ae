// The loopback HTTP endpoint Claude Code's hooks post to (directly as `http` hooks, or through the `hook`
// command). It answers fast and never with a decision: Claude Code must not be slowed or steered by a monitor.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HookEndpointInfo } from '../../../shared/contract';
import type { Logger } from '../core/logger';
import { loadOrCreateHookToken, rememberHookPort, removeHookEndpoint, writeHookEndpoint } from './hook-endpoint-file';
import { parseHookEvent, type HookEvent } from './hook-events';
import { HOOK_PATH, MAX_HOOK_BODY_BYTES, TOKEN_HEADER } from './hook-protocol';

/** Why a request was refused; each is counted and logged. */
export type RefusalReason =
  | 'not-found'
  | 'method-not-allowed'
  | 'unauthorized'
  | 'unsupported-media-type'
  | 'too-large'
  | 'not-json'
  | 'invalid-event'
  | 'aborted';

const STATUS: Record<RefusalReason, number> = {
  'not-found': 404,
  'method-not-allowed': 405,
  unauthorized: 401,
  'unsupported-media-type': 415,
  'too-large': 413,
  'not-json': 400,
  'invalid-event': 422,
  aborted: 400,
};

export interface HookReceiverOptions {
  dataDir: string;
  log: Logger;
  /** Called after the 200 is sent, once per accepted event; `at` is the receipt time (epoch ms). */
  onEvent: (event: HookEvent, at: number) => void;
  /** 0 for any free port; by default the port used last time (so installed `http` hooks keep working), else any. */
  port?: number;
  maxBodyBytes?: number;
}

export interface HookReceiver {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  info(): HookEndpointInfo;
  /** Stops listening and removes the endpoint file; open connections are closed. */
  stop(): Promise<void>;
}

const sha = (s: string) => createHash('sha256').update(s).digest();

function presentedToken(req: IncomingMessage): string | null {
  const header = req.headers[TOKEN_HEADER.toLowerCase()];
  if (typeof header === 'string' && header.length > 0) return header.trim();
  const auth = req.headers.authorization;
  const match = typeof auth === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null;
  return match?.[1] ?? null;
}

function isJsonMediaType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

async function listen(server: Server, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  });
}

export async function startHookReceiver(options: HookReceiverOptions): Promise<HookReceiver> {
  const { dataDir, log, onEvent } = options;
  const maxBody = options.maxBodyBytes ?? MAX_HOOK_BODY_BYTES;
  const { file: tokenFile } = loadOrCreateHookToken(dataDir);
  const expected = sha(tokenFile.token);
  let accepted = 0;
  const refused: Partial<Record<RefusalReason, number>> = {};

  const refuse = (req: IncomingMessage, res: ServerResponse, reason: RefusalReason, message: string, drop = false) => {
    refused[reason] = (refused[reason] ?? 0) + 1;
    log.warn('hook request refused', {
      reason,
      status: STATUS[reason],
      method: req.method,
      path: req.url?.slice(0, 200),
      message,
    });
    if (res.headersSent || res.destroyed) return;
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (reason === 'method-not-allowed') headers.Allow = 'POST';
    if (drop) headers.Connection = 'close';
    res.writeHead(STATUS[reason], headers);
    res.end(JSON.stringify({ error: { code: reason, message } }));
    if (drop) {
      // Do not read the rest of an oversized or unwanted body: stop the socket, then close it once the
      // client has had time to read the answer (closing at once could reset it before the answer is read).
      req.socket.pause();
      setTimeout(() => req.socket.destroy(), 200).unref();
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== HOOK_PATH) return refuse(req, res, 'not-found', `Only POST ${HOOK_PATH} is served`, true);
    if (req.method !== 'POST') return refuse(req, res, 'method-not-allowed', 'Use POST', true);
    const token = presentedToken(req);
    if (token === null || !timingSafeEqual(sha(token), expected)) {
      return refuse(
        req,
        res,
        'unauthorized',
        `Missing or wrong token: send "Authorization: Bearer <token>" or "X-SubForge-Token" (see hook-endpoint.json)`,
        true,
      );
    }
    if (!isJsonMediaType(req.headers['content-type'])) {
      return refuse(req, res, 'unsupported-media-type', 'Content-Type must be application/json', true);
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > maxBody) {
      return refuse(req, res, 'too-large', `Body of ${declared} bytes exceeds the ${maxBody}-byte limit`, true);
    }

    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBody) {
        done = true;
        chunks.length = 0;
        refuse(req, res, 'too-large', `Body exceeds the ${maxBody}-byte limit`, true);
        return;
      }
      chunks.push(chunk);
    });
    req.on('close', () => {
      if (!done && !req.complete) refuse(req, res, 'aborted', 'The client went away mid-body');
      done = true;
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks, size).toString('utf8'));
      } catch (error) {
        return refuse(req, res, 'not-json', `The body is not JSON: ${(error as Error).message}`);
      }
      const parsed = parseHookEvent(body);
      if (!parsed.ok) return refuse(req, res, 'invalid-event', `Invalid hook event: ${parsed.message}`);
      const at = Date.now();
      // An empty object is "no decision": Claude Code goes on exactly as if no hook were installed.
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
      accepted += 1;
      try {
        onEvent(parsed.event, at);
      } catch (error) {
        log.error('hook event not stored', { event: parsed.event.hook_event_name, error: (error as Error).message });
      }
    });
  };

  const server = createServer(handle);
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  server.keepAliveTimeout = 5_000;
  server.on('clientError', (_error, socket) => socket.destroy());

  const wanted = options.port ?? tokenFile.port ?? 0;
  try {
    await listen(server, wanted);
  } catch (error) {
    if (options.port !== undefined || wanted === 0) throw error;
    log.warn('hook port taken, using another; hooks installed with --http need `install-hooks --http` again', {
      port: wanted,
      error: (error as Error).message,
    });
    await listen(server, 0);
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}${HOOK_PATH}`;
  rememberHookPort(dataDir, tokenFile, port);
  writeHookEndpoint(dataDir, { url, token: tokenFile.token, pid: process.pid });
  log.info('hook receiver listening', { url });

  let stopped: Promise<void> | null = null;
  return {
    url,
    port,
    token: tokenFile.token,
    info: () => ({ url, port, accepted, refused: { ...refused } as Record<string, number> }),
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        removeHookEndpoint(dataDir, process.pid, url);
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
