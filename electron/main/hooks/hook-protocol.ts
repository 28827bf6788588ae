// The few constants the receiver, the forwarder and the installer share. No imports: the `hook` command
// loads this on every Claude Code tool call, so it must cost nothing to load.

export const HOOK_PATH = '/hooks';
export const MAX_HOOK_BODY_BYTES = 1024 * 1024;
/** Header carrying the install's token (`Authorization: Bearer <token>` works too). */
export const TOKEN_HEADER = 'X-SubForge-Token';
export const ENDPOINT_FILE = 'hook-endpoint.json';
export const TOKEN_FILE = 'hook-token.json';
