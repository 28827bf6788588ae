// The browser twin: serves the built renderer and speaks the contract over a WebSocket, on loopback only,
// to clients that present this run's token.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { WsClientFrame, type WsServerFrame } from '../../../shared/contract';
import type { Logger } from '../core/logger';
import type { MonitorCore } from '../core/monitor-core';
import { CONTENT_SECURITY_POLICY } from './content-security-policy';

export interface DashboardServerOptions {
  core: MonitorCore;
  rendererDir: string;
  host: string;
  port: number;
  log: Logger;
  /** Fixed token (tests); otherwise a fresh one per run. */
  token?: string;
}

export interface DashboardServer {
  /** The address to open, token included. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

const MAX_FRAME_BYTES = 1024 * 1024;

/** True for 127.0.0.0/8, ::1 and localhost: the only places this server may listen. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  const { core, log } = options;
  if (!isLoopbackHost(options.host)) {
    throw new Error(`Refusing to listen on ${options.host}: the dashboard serves only loopback (127.0.0.1, ::1).`);
  }
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = resolve(options.rendererDir);

  const http = createServer((req, res) => {
    void serveStatic(rendererDir, req, res).catch((error: Error) => {
      log.error('static file failed', { url: req.url, error: error.message });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const clients = new Set<WebSocket>();
  const unsubscribe = core.subscribe((event) => {
    const frame = JSON.stringify({ kind: 'event', event } satisfies WsServerFrame);
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(frame);
  });

  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    const host = req.headers.host;
    const sameOrigin = origin === undefined || origin === `http://${host}`;
    if (url.pathname !== '/api' || !tokenMatches(url.searchParams.get('token'), token) || !sameOrigin) {
      log.warn('websocket refused', { path: url.pathname, origin });
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('message', (data) => void answer(ws, data.toString()));
    });
  });

  const answer = async (ws: WebSocket, text: string): Promise<void> => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      ws.close(1007, 'frames must be JSON');
      return;
    }
    const frame = WsClientFrame.safeParse(raw);
    if (!frame.success) {
      ws.close(1007, 'frames must be {id, name, input}');
      return;
    }
    const envelope = await core.dispatch(frame.data.name, frame.data.input);
    if (ws.readyState === ws.OPEN) {
      ws.send(JSON.stringify({ kind: 'response', id: frame.data.id, envelope } satisfies WsServerFrame));
    }
  };

  const port = await listen(http, options.host, options.port);
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/#token=${token}`,
    port,
    token,
    close: async () => {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      wss.close();
      await new Promise<void>((done) => http.close(() => done()));
    },
  };
}

function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function listen(server: ReturnType<typeof createServer>, host: string, port: number): Promise<number> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      const address = server.address();
      done(typeof address === 'object' && address ? address.port : port);
    });
  });
}

async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  let file = normalize(join(root, pathname));
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(403).end();
    return;
  }
  let info = await stat(file).catch(() => null);
  if (!info || info.isDirectory()) {
    // The app is one page: unknown paths get index.html, unless they look like a missing asset.
    if (extname(pathname) !== '' && pathname !== '/') {
      res.writeHead(404).end();
      return;
    }
    file = join(root, 'index.html');
    info = await stat(file).catch(() => null);
    if (!info) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('The dashboard has not been built. Run `npm run build` first.');
      return;
    }
  }
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}
