// App settings (retention, typed hook project folders), the retention prune and the project folders sessions
// ran in; all their SQL lives here.
import { z } from 'zod';
import { DEFAULT_RETENTION, PruneReport, RetentionSettings } from '../../../shared/settings';
import type { SqliteDatabase } from './database';
import { flushUsageRollups } from './usage-rollups';

const TypedProjects = z.array(z.string()).max(200);

export class SettingsStore {
  constructor(private readonly db: SqliteDatabase) {}

  private read<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
    const row = this.db.prepare(`SELECT value FROM app_settings WHERE key = ?`).get(key) as
      { value: string } | undefined;
    if (!row) return fallback;
    try {
      const parsed = schema.safeParse(JSON.parse(row.value));
      // A value an older or newer build wrote in another shape falls back rather than failing the app.
      return parsed.success ? parsed.data : fallback;
    } catch {
      return fallback;
    }
  }

  private write(key: string, value: unknown, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO app_settings (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(key, JSON.stringify(value), now);
  }

  retention(): RetentionSettings {
    return this.read('retention', RetentionSettings, DEFAULT_RETENTION);
  }

  setRetention(retention: RetentionSettings): void {
    this.write('retention', RetentionSettings.parse(retention));
  }

  lastPrune(): PruneReport | null {
    return this.read('lastPrune', PruneReport.nullable(), null);
  }

  /** Project folders the user typed to install hooks in, newest last. */
  typedProjects(): string[] {
    return this.read('typedHookProjects', TypedProjects, []);
  }

  addTypedProject(dir: string): void {
    const dirs = this.typedProjects().filter((d) => d !== dir);
    this.write('typedHookProjects', [...dirs, dir].slice(-200));
  }

  /** The working directories sessions ran in (transcripts and hooks), most recent first. */
  sessionFolders(limit: number): string[] {
    const rows = this.db
      .prepare(
        `SELECT cwd FROM (
           SELECT cwd, last_ts AS at FROM sessions WHERE cwd IS NOT NULL AND cwd != ''
           UNION ALL
           SELECT cwd, last_event_at AS at FROM live_sessions WHERE cwd IS NOT NULL AND cwd != ''
         ) GROUP BY cwd ORDER BY MAX(at) DESC LIMIT ?`,
      )
      .all(limit) as { cwd: string }[];
    return rows.map((r) => r.cwd);
  }

  /**
   * Deletes hook events received, and usage records made, before the retention's cut-offs (null keeps them);
   * the rollups follow the deleted usage through their triggers. Records the report and returns it.
   */
  prune(now = Date.now()): PruneReport {
    const { hookEventDays, usageRecordDays } = this.retention();
    const day = 24 * 3600_000;
    let hookEvents = 0;
    let usageRecords = 0;
    this.db.transaction(() => {
      if (hookEventDays !== null) {
        hookEvents = this.db
          .prepare(`DELETE FROM hook_events WHERE received_at < ?`)
          .run(now - hookEventDays * day).changes;
      }
      if (usageRecordDays !== null) {
        usageRecords = this.db
          .prepare(`DELETE FROM usage_records WHERE ts < ?`)
          .run(now - usageRecordDays * day).changes;
        flushUsageRollups(this.db);
      }
      this.write('lastPrune', { at: now, hookEvents, usageRecords }, now);
    })();
    return { at: now, hookEvents, usageRecords };
  }
}
