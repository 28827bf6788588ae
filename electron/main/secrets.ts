// Electron edge: team credentials kept encrypted with the OS keychain (safeStorage) in a file in the data
// directory. Refuses to write when the OS offers no encryption, rather than falling back to plain text.
import { safeStorage } from 'electron';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { SecretStoreError, type SecretName, type SecretStore } from './team/secret-store';

/** The file: secret name → base64 of safeStorage's ciphertext. Nothing in it is readable without the OS key. */
const SecretsFile = z.record(z.string(), z.string());

export class SafeStorageSecretStore implements SecretStore {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'secrets.json');
  }

  get(name: SecretName): string | undefined {
    const sealed = this.read()[name];
    if (sealed === undefined) return undefined;
    if (!safeStorage.isEncryptionAvailable()) return undefined;
    try {
      return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    } catch {
      throw new SecretStoreError(
        'SECRET_STORE_DAMAGED',
        `Cannot decrypt ${name} in ${this.file} (written under another OS account or keychain?): set it again.`,
      );
    }
  }

  canPersist(): boolean {
    return safeStorage.isEncryptionAvailable();
  }

  set(name: SecretName, value: string): void {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new SecretStoreError(
        'SECRET_STORE_UNAVAILABLE',
        'This system offers no encryption for stored secrets; set the team URLs in the environment instead.',
      );
    }
    const all = this.read();
    all[name] = safeStorage.encryptString(value).toString('base64');
    mkdirSync(dirname(this.file), { recursive: true });
    // Written beside and renamed, so a crash never leaves half a file; readable by this user only.
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(all, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  private read(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      throw new SecretStoreError(
        'SECRET_STORE_DAMAGED',
        `${this.file} is not valid JSON: delete it and set the secrets again.`,
      );
    }
    const file = SecretsFile.safeParse(parsed);
    if (!file.success) {
      throw new SecretStoreError(
        'SECRET_STORE_DAMAGED',
        `${this.file} has an unexpected shape: delete it and set the secrets again.`,
      );
    }
    return file.data;
  }
}
