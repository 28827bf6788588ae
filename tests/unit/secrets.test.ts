// The desktop edge's secret store: encrypted with safeStorage (faked here, as no Electron binary runs in
// tests), never plain text on disk, refusing when the OS offers no encryption.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';

const fake = vi.hoisted(() => ({ available: true }));
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => fake.available,
    // A reversible stand-in for the OS cipher: bytes XOR-ed and reversed, so plain text never shows.
    encryptString: (s: string) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)).reverse(),
    decryptString: (b: Buffer) => {
      if (b.length === 0)
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(
        Buffer.from(b)
          .reverse()
          .map((x) => x ^ 0x5a),
      ).toString('utf8');
    },
  },
}));

const { SafeStorageSecretStore } = await import('../../electron/main/secrets');

describe('SafeStorageSecretStore', () => {
  let dirs: TempDirs;
  beforeEach(() => {
    dirs = makeTempDirs();
    fake.available = true;
  });
  afterEach(() => dirs.cleanup());

  it('round-trips a secret without writing it in plain text', () => {
    const store = new SafeStorageSecretStore(dirs.dataDir);
    store.set('team.databaseUrl', 'postgres://dev:hunter2@db/team');
    expect(readFileSync(store.file, 'utf8')).not.toContain('hunter2');
    expect(new SafeStorageSecretStore(dirs.dataDir).get('team.databaseUrl')).toBe('postgres://dev:hunter2@db/team');
    expect(store.get('team.redisUrl')).toBeUndefined();
  });

  it('refuses to store when the OS offers no encryption', () => {
    fake.available = false;
    const store = new SafeStorageSecretStore(dirs.dataDir);
    expect(() => store.set('team.redisUrl', 'redis://x')).toThrow(
      expect.objectContaining({ code: 'SECRET_STORE_UNAVAILABLE' }),
    );
  });

  it('reports a damaged file with a code instead of crashing', () => {
    const store = new SafeStorageSecretStore(dirs.dataDir);
    store.set('team.redisUrl', 'redis://x');
    writeFileSync(store.file, JSON.stringify({ 'team.redisUrl': '' }));
    expect(() => store.get('team.redisUrl')).toThrow(expect.objectContaining({ code: 'SECRET_STORE_DAMAGED' }));
    writeFileSync(store.file, '{not json');
    expect(() => store.get('team.redisUrl')).toThrow(expect.objectContaining({ code: 'SECRET_STORE_DAMAGED' }));
  });
});
