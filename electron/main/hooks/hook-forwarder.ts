// Forwards one hook event body to the running app, as the `hook` command does for Claude Code `command` hooks.
// Never throws: every outcome is a value, so the caller can stay silent and exit 0.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { ENDPOINT_FILE, TOKEN_HEADER } from './hook-protocol';

/**
 * `hook-endpoint.json`, checked by hand rather than with the zod schema in hook-endpoint-file.ts: this runs on
 * every tool call and loading zod would double its start-up time. Only loopback http URLs are accepted, so a
 * tampered file cannot make us send the token elsewhere.
 */
export function readEndpointForForwarding(dataDir: string): { url: string; token: string } | null {
  try {
    const value: unknown = JSON.parse(readFileSync(join(dataDir, ENDPOINT_FILE), 'utf8'));
    if (typeof value !== 'object' || value === null) return null;
    const { url, token } = value as Record<string, unknown>;
    if (typeof url !== 'string' || typeof token !== 'string' || !/^[A-Za-z0-9_-]{32,128}$/.test(token)) return null;
    if (!/^http:\/\/127\.0\.0\.1:\d{1,5}\/hooks$/.test(url)) return null;
    return { url, token };
  } catch {
    return null;
  }
}

export type ForwardOutcome =
  | { ok: true; status: number }
  | { ok: false; reason: 'no-endpoint' | 'refused' | 'unreachable' | 'timeout'; message: string; status?: number };

export async function forwardHookEvent(dataDir: string, body: Buffer, timeoutMs: number): Promise<ForwardOutcome> {
  const endpoint = readEndpointForForwarding(dataDir);
  if (!endpoint) {
    return {
      ok: false,
      reason: 'no-endpoint',
      message: `The app is not running (no hook-endpoint.json in ${dataDir})`,
    };
  }
  return await new Promise<ForwardOutcome>((resolve) => {
    const req = request(
      endpoint.url,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': body.length,
          [TOKEN_HEADER]: endpoint.token,
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve({ ok: true, status });
          else {
            const text = Buffer.concat(chunks).toString('utf8').slice(0, 500);
            resolve({ ok: false, reason: 'refused', status, message: `The app answered ${status}: ${text}` });
          }
        });
        res.on('error', (e) => resolve({ ok: false, reason: 'unreachable', message: e.message }));
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve({ ok: false, reason: 'timeout', message: `No answer from ${endpoint.url} within ${timeoutMs} ms` });
    });
    req.on('error', (e) => resolve({ ok: false, reason: 'unreachable', message: `${endpoint.url}: ${e.message}` }));
    req.end(body);
  });
}
