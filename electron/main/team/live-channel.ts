// Redis side of team mode: live events fanned out on the team's channel, presence as keys with a TTL.
// Redis is only the fast path: anything missed while it is down is caught up from Postgres on reconnect.
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../core/logger';
import { PresenceRecord, TeamEventMessage } from './team-records';
import type { TeamConfig } from './team-config';

export interface LiveChannelHandlers {
  onMessage(message: TeamEventMessage): void;
  /** The subscriber connection is (again) ready: catch up from Postgres, events may have been missed. */
  onReady(): void;
  /** A message that was not ours to read (bad JSON, wrong shape): counted, never fatal. */
  onRejected(reason: string): void;
}

export const channelName = (prefix: string, team: string): string => `${prefix}team:${team}:events`;
export const presenceKey = (prefix: string, team: string, developer: string): string =>
  `${prefix}presence:${team}:${developer}`;

export class LiveChannel {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly channel: string;
  private connected = false;
  lastError: string | null = null;

  constructor(
    private readonly config: Pick<TeamConfig, 'redisUrl' | 'redisPrefix' | 'team' | 'developer'>,
    private readonly handlers: LiveChannelHandlers,
    private readonly log: Logger,
  ) {
    this.channel = channelName(config.redisPrefix, config.team);
    const options: RedisOptions = {
      lazyConnect: true,
      // Reconnect forever, backing off to 2 s; a team's Redis being down is a normal state, not an error.
      retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2_000) + Math.floor(Math.random() * 100),
      maxRetriesPerRequest: 1,
      connectTimeout: 5_000,
    };
    // Publishing while disconnected fails at once instead of queueing stale events; catch-up covers the gap.
    this.publisher = new Redis(config.redisUrl, { ...options, enableOfflineQueue: false });
    this.subscriber = new Redis(config.redisUrl, { ...options, autoResubscribe: false });
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error: Error) => {
        if (this.lastError !== error.message) log.warn('team redis error', { error: error.message });
        this.lastError = error.message;
      });
    }
    // Subscribed first, caught up second: the other order loses what is published between the two.
    this.subscriber.on('ready', () => {
      this.subscriber
        .subscribe(this.channel)
        .then(() => {
          this.connected = true;
          this.lastError = null;
          handlers.onReady();
        })
        .catch((error: Error) => {
          this.lastError = error.message;
        });
    });
    this.subscriber.on('close', () => {
      this.connected = false;
    });
    this.subscriber.on('messageBuffer', (channel: Buffer, payload: Buffer) => {
      if (channel.toString() !== this.channel) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(payload.toString('utf8'));
      } catch {
        handlers.onRejected('not JSON');
        return;
      }
      const message = TeamEventMessage.safeParse(parsed);
      if (!message.success || message.data.team !== config.team) {
        handlers.onRejected(message.success ? 'another team' : (message.error.issues[0]?.message ?? 'bad shape'));
        return;
      }
      handlers.onMessage(message.data);
    });
  }

  /** Subscribed, and able to publish. */
  get isConnected(): boolean {
    return this.connected && this.publisher.status === 'ready';
  }

  /** Connects both clients and subscribes; a Redis that is down now is retried in the background. */
  async start(): Promise<void> {
    await this.subscriber.subscribe(this.channel).catch((error: Error) => {
      this.lastError = error.message;
      this.log.warn('team redis unavailable, will retry', { error: error.message });
    });
    await this.publisher.connect().catch((error: Error) => {
      this.lastError = error.message;
    });
  }

  /** Connects only the publishing side (for a one-off sync that publishes but does not listen). */
  async connectPublisher(): Promise<void> {
    if (this.publisher.status !== 'wait') return;
    await this.publisher.connect().catch((error: Error) => {
      this.lastError = error.message;
    });
  }

  /** Publishes one batch; false when Redis is unreachable (the rows are in Postgres either way). */
  async publish(message: TeamEventMessage): Promise<boolean> {
    try {
      await this.publisher.publish(this.channel, JSON.stringify(message));
      return true;
    } catch (error) {
      this.lastError = (error as Error).message;
      return false;
    }
  }

  /** Refreshes this developer's presence key; it expires after `ttlMs` unless refreshed again. */
  async refreshPresence(record: PresenceRecord, ttlMs: number): Promise<boolean> {
    try {
      const key = presenceKey(this.config.redisPrefix, this.config.team, this.config.developer);
      await this.publisher.set(key, JSON.stringify(record), 'PX', ttlMs);
      return true;
    } catch (error) {
      this.lastError = (error as Error).message;
      return false;
    }
  }

  /** Everyone on the team whose presence key has not expired. */
  async presence(): Promise<PresenceRecord[]> {
    const pattern = presenceKey(this.config.redisPrefix, this.config.team, '*');
    const keys: string[] = [];
    let cursor = '0';
    try {
      do {
        const [next, found] = await this.publisher.scan(cursor, 'MATCH', pattern, 'COUNT', 200);
        cursor = next;
        keys.push(...found);
      } while (cursor !== '0');
      if (keys.length === 0) return [];
      const values = await this.publisher.mget(...keys);
      return values.flatMap((v) => {
        if (v === null) return [];
        try {
          const p = PresenceRecord.safeParse(JSON.parse(v));
          return p.success ? [p.data] : [];
        } catch {
          return [];
        }
      });
    } catch (error) {
      this.lastError = (error as Error).message;
      return [];
    }
  }

  async close(removePresence = true): Promise<void> {
    if (removePresence && this.publisher.status === 'ready') {
      await this.publisher
        .del(presenceKey(this.config.redisPrefix, this.config.team, this.config.developer))
        .catch(() => {});
    }
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}
