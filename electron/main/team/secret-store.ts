// Where team credentials (database and Redis URLs carry passwords) may be kept. The plain-Node core never
// writes a secret to disk: its store reads the environment and refuses to persist. The desktop edge
// (electron/main/secrets.ts) implements the same interface with Electron's safeStorage.

/** Names of the secrets the app knows. */
export type SecretName = 'team.databaseUrl' | 'team.redisUrl';

export interface SecretStore {
  get(name: SecretName): string | undefined;
  /** Persists a secret encrypted, or throws `SecretStoreError` when this store cannot do that safely. */
  set(name: SecretName, value: string): void;
  /** Whether `set` can keep a secret safely here; the Settings form says so before the user types one. */
  canPersist?(): boolean;
}

export class SecretStoreError extends Error {
  constructor(
    readonly code: 'SECRET_STORE_UNAVAILABLE' | 'SECRET_STORE_DAMAGED',
    message: string,
  ) {
    super(message);
  }
}

const ENV_NAMES: Record<SecretName, string> = {
  'team.databaseUrl': 'SUBFORGE_MONITOR_DATABASE_URL',
  'team.redisUrl': 'SUBFORGE_MONITOR_REDIS_URL',
};

/** Secrets from the environment only; never written anywhere. */
export class EnvSecretStore implements SecretStore {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  get(name: SecretName): string | undefined {
    const value = this.env[ENV_NAMES[name]];
    return value && value.length > 0 ? value : undefined;
  }

  canPersist(): boolean {
    return false;
  }

  set(name: SecretName, _value?: string): void {
    throw new SecretStoreError(
      'SECRET_STORE_UNAVAILABLE',
      `Refusing to store ${name} in plain text: under plain Node, set ${ENV_NAMES[name]} in the environment instead (the desktop app keeps it encrypted with the OS keychain).`,
    );
  }
}
