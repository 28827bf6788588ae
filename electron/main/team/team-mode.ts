// Team mode as the core runs it: the current configuration, the TeamSync built from it, and the requests that read
// or change it (settings, configure, test, scopes over the team cache). Configuring restarts TeamSync in place.
import type {
  ConnectionCheck,
  TeamConfigureInput,
  TeamDeveloper,
  TeamSettings,
  TeamStatus,
  UsageScope,
} from '../../../shared/contract';
import { ApiFailure } from '../api/dispatch';
import type { Logger } from '../core/logger';
import type { SqliteDatabase } from '../store/database';
import type { ActivityStore } from '../store/activity-store';
import { TeamSessionQueries } from '../store/team-session-queries';
import { TeamUsageStore, type TeamScope } from '../store/team-usage-store';
import type { UsageStore } from '../store/usage-store';
import { checkPostgres, checkRedis } from './connection-test';
import { SecretStoreError, type SecretStore } from './secret-store';
import { redactUrl, TeamConfig, writeSavedTeamSettings, type TeamConfigResolution } from './team-config';
import type { TeamEventMessage } from './team-records';
import { TeamSync, type TeamChange, type TeamSyncOptions } from './team-sync';

export interface TeamModeOptions {
  dataDir: string;
  db: SqliteDatabase;
  store: UsageStore;
  /** Subagent runs, shared with the team alongside usage. */
  activity?: ActivityStore;
  log: Logger;
  /** Where URLs are kept: the desktop edge's OS-encrypted store, or the environment-only store of plain Node. */
  secrets: SecretStore;
  env: NodeJS.ProcessEnv;
  initial: TeamConfigResolution | undefined;
  tuning?: Omit<TeamSyncOptions, 'config' | 'db' | 'store' | 'activity' | 'log' | 'onTeamChanged'>;
  onTeamChanged: (change: TeamChange) => void;
  /** Every live team message, with the local developer's name (teammates' runs feed the alerts). */
  onRemote?: (message: TeamEventMessage, receivedAt: number, me: string) => void;
}

const ENV_URL = { databaseUrl: 'SUBFORGE_MONITOR_DATABASE_URL', redisUrl: 'SUBFORGE_MONITOR_REDIS_URL' } as const;

export class TeamMode {
  private current: TeamSync | null = null;
  private config: TeamConfig | null;
  private reason: string;
  private started = false;
  /** Configure calls run one at a time: two restarts must not interleave. */
  private configuring: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: TeamModeOptions) {
    this.config = o.initial?.mode === 'team' ? o.initial.config : null;
    this.reason = o.initial?.mode === 'local' ? o.initial.reason : 'Team mode is not configured.';
    if (this.config) this.current = this.build(this.config);
  }

  /** The running sync, if team mode is on. */
  get sync(): TeamSync | null {
    return this.current;
  }

  /** The configured developer name, if team mode is configured. */
  get developer(): string | null {
    return this.config?.developer ?? null;
  }

  async start(): Promise<void> {
    this.started = true;
    await this.current?.start();
  }

  stop(): Promise<void> {
    this.started = false;
    return this.current?.stop() ?? Promise.resolve();
  }

  status(): TeamStatus | Promise<TeamStatus> {
    if (this.current) return this.current.status();
    return { mode: 'local', reason: this.reason };
  }

  settings(): TeamSettings {
    const url = (name: keyof typeof ENV_URL) => this.config?.[name] ?? this.storedSecret(name);
    const fromEnv = Boolean(this.o.env[ENV_URL.databaseUrl] || this.o.env[ENV_URL.redisUrl]);
    const stored = Boolean(this.storedSecret('databaseUrl') || this.storedSecret('redisUrl'));
    const databaseUrl = url('databaseUrl');
    const redisUrl = url('redisUrl');
    return {
      team: this.config?.team ?? null,
      developer: this.config?.developer ?? null,
      shareText: this.config?.shareText ?? false,
      databaseUrl: databaseUrl ? redactUrl(databaseUrl) : null,
      redisUrl: redisUrl ? redactUrl(redisUrl) : null,
      urlsFrom: fromEnv ? 'environment' : stored ? 'secret-store' : 'none',
      canStoreSecrets: this.o.secrets.canPersist?.() ?? false,
      reason: this.current ? null : this.reason,
    };
  }

  /**
   * Validates the new settings, keeps the URLs in the secret store (which refuses under plain Node), saves the
   * rest beside the data, and restarts team sync with them.
   */
  configure(input: TeamConfigureInput): Promise<TeamStatus> {
    const run = this.configuring.then(() => this.configureNow(input));
    this.configuring = run.catch(() => {});
    return run;
  }

  private async configureNow(input: TeamConfigureInput): Promise<TeamStatus> {
    const pick = (name: keyof typeof ENV_URL): { value: string | undefined; changed: boolean } => {
      const current = this.config?.[name] ?? this.storedSecret(name);
      const given = input[name]?.trim();
      // Left empty, or sent back as the masked form the form was shown: keep what we have.
      if (!given || (current !== undefined && given === redactUrl(current))) return { value: current, changed: false };
      return { value: given, changed: given !== current };
    };
    const db = pick('databaseUrl');
    const redis = pick('redisUrl');
    const parsed = TeamConfig.safeParse({
      databaseUrl: db.value,
      redisUrl: redis.value,
      team: input.team,
      developer: input.developer,
      shareText: input.shareText,
      redisPrefix: this.config?.redisPrefix ?? (this.o.env.SUBFORGE_MONITOR_REDIS_PREFIX?.trim() || undefined),
    });
    if (!parsed.success) {
      // Zod's messages name the rule broken, never the value given, so no URL is echoed.
      const missing = (field: unknown) =>
        (field === 'databaseUrl' && db.value === undefined) || (field === 'redisUrl' && redis.value === undefined);
      const detail = parsed.error.issues
        .map((i) => `${String(i.path[0])}: ${missing(i.path[0]) ? 'required' : i.message}`)
        .join('; ');
      throw new ApiFailure('INVALID_REQUEST', `team.configure: ${detail}`);
    }
    try {
      if (db.changed) this.o.secrets.set('team.databaseUrl', parsed.data.databaseUrl);
      if (redis.changed) this.o.secrets.set('team.redisUrl', parsed.data.redisUrl);
    } catch (error) {
      if (error instanceof SecretStoreError) {
        throw new ApiFailure(error.code === 'SECRET_STORE_UNAVAILABLE' ? 'UNAVAILABLE' : 'INTERNAL', error.message);
      }
      throw error;
    }
    writeSavedTeamSettings(this.o.dataDir, {
      team: parsed.data.team,
      developer: parsed.data.developer,
      shareText: parsed.data.shareText,
    });
    await this.restart(parsed.data);
    return this.status();
  }

  /** Stops the running sync (its connections close) and starts one on the new configuration. */
  private async restart(config: TeamConfig): Promise<void> {
    // The old sync unhooks from the store synchronously inside stop() and the new one hooks in its constructor,
    // with no await between: no stored batch can miss the outbox.
    const stopping = this.current?.stop();
    this.config = config;
    this.current = this.build(config);
    await stopping;
    this.o.log.info('team mode reconfigured', { team: config.team, developer: config.developer });
    if (this.started) await this.current.start();
  }

  async test(input: { databaseUrl?: string; redisUrl?: string }): Promise<{
    postgres: ConnectionCheck;
    redis: ConnectionCheck;
  }> {
    const choose = (name: keyof typeof ENV_URL) => {
      const current = this.config?.[name] ?? this.storedSecret(name);
      const given = input[name]?.trim();
      if (!given || (current !== undefined && given === redactUrl(current))) return current;
      return given;
    };
    const [postgres, redis] = await Promise.all([checkPostgres(choose('databaseUrl')), checkRedis(choose('redisUrl'))]);
    return { postgres, redis };
  }

  /** The team cache read as one scope; `me` is not the team cache's to answer. */
  usage(scope: Exclude<UsageScope, { kind: 'me' }>): TeamUsageStore {
    return new TeamUsageStore(this.o.db, this.teamScope(scope));
  }

  /** The team cache's sessions of one scope, for the Sessions panel. */
  sessions(scope: Exclude<UsageScope, { kind: 'me' }>): TeamSessionQueries {
    return new TeamSessionQueries(this.o.db, this.teamScope(scope));
  }

  private teamScope(scope: Exclude<UsageScope, { kind: 'me' }>): TeamScope {
    if (!this.config) throw new ApiFailure('UNAVAILABLE', `${this.reason} Team and developer views need team mode.`);
    return { team: this.config.team, developer: scope.kind === 'developer' ? scope.developer : null };
  }

  developers(): TeamDeveloper[] {
    if (!this.config) return [];
    return new TeamUsageStore(this.o.db, { team: this.config.team, developer: null })
      .developers()
      .map((d) => ({ ...d, totalCost: Math.max(0, d.totalCost) }));
  }

  private build(config: TeamConfig): TeamSync {
    const sync = new TeamSync({
      ...this.o.tuning,
      config,
      db: this.o.db,
      store: this.o.store,
      activity: this.o.activity,
      log: this.o.log,
      onTeamChanged: this.o.onTeamChanged,
    });
    const onRemote = this.o.onRemote;
    if (onRemote) sync.onRemote((message, at) => onRemote(message, at, config.developer));
    return sync;
  }

  private storedSecret(name: keyof typeof ENV_URL): string | undefined {
    try {
      return this.o.secrets.get(name === 'databaseUrl' ? 'team.databaseUrl' : 'team.redisUrl');
    } catch {
      return undefined; // a damaged store is reported by resolveTeamConfig at start; the form just shows nothing
    }
  }
}
