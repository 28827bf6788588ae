// The hook receiver's files in the data directory: the per-install token (with the last port used) and
// `hook-endpoint.json`, which tells the `hook` command where the running app listens. Both are private (0600).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ENDPOINT_FILE, TOKEN_FILE } from './hook-protocol';

const Token = z.string().regex(/^[A-Za-z0-9_-]{32,128}$/);

/** `<dataDir>/hook-token.json`: generated once per install; `port` remembers where the receiver last listened. */
export const HookTokenFile = z.object({ token: Token, port: z.number().int().min(1).max(65535).optional() });
export type HookTokenFile = z.infer<typeof HookTokenFile>;

/** `<dataDir>/hook-endpoint.json`: present while a receiver runs. */
export const HookEndpointFile = z.object({
  url: z.url({ protocol: /^http$/ }),
  token: Token,
  pid: z.number().int().positive(),
});
export type HookEndpointFile = z.infer<typeof HookEndpointFile>;

/** Writes a private file atomically: a half-written endpoint must never be read. */
function writePrivate(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text, { mode: 0o600 });
  chmodSync(temp, 0o600); // an existing temp file keeps its old mode
  renameSync(temp, file);
}

function readJson<T>(file: string, schema: z.ZodType<T>): T | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function readHookToken(dataDir: string): HookTokenFile | null {
  return readJson(join(dataDir, TOKEN_FILE), HookTokenFile);
}

/** The install's token, created on first use; a damaged file is replaced (hooks installed with --http then need reinstalling). */
export function loadOrCreateHookToken(dataDir: string): { file: HookTokenFile; created: boolean } {
  const existing = readHookToken(dataDir);
  if (existing) return { file: existing, created: false };
  mkdirSync(dataDir, { recursive: true });
  const file: HookTokenFile = { token: randomBytes(32).toString('base64url') };
  writePrivate(join(dataDir, TOKEN_FILE), JSON.stringify(file, null, 2) + '\n');
  return { file, created: true };
}

export function rememberHookPort(dataDir: string, current: HookTokenFile, port: number): void {
  if (current.port === port) return;
  writePrivate(join(dataDir, TOKEN_FILE), JSON.stringify({ ...current, port }, null, 2) + '\n');
}

export function writeHookEndpoint(dataDir: string, endpoint: HookEndpointFile): void {
  mkdirSync(dataDir, { recursive: true });
  writePrivate(join(dataDir, ENDPOINT_FILE), JSON.stringify(endpoint, null, 2) + '\n');
}

export function readHookEndpoint(dataDir: string): HookEndpointFile | null {
  return readJson(join(dataDir, ENDPOINT_FILE), HookEndpointFile);
}

/** Removes the endpoint file if it is still ours: a second app on the same data dir may have replaced it. */
export function removeHookEndpoint(dataDir: string, pid = process.pid, url?: string): void {
  const current = readHookEndpoint(dataDir);
  if (current && (current.pid !== pid || (url !== undefined && current.url !== url))) return;
  rmSync(join(dataDir, ENDPOINT_FILE), { force: true });
}
