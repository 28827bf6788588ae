// Raised alerts and the alert settings in the local store; all their SQL lives here, plus the one read of
// usage records the alert engine needs to warm up its rolling totals after a restart.
import { Alert, AlertSettings, type AlertRuleName, type AlertSeverity } from '../../../shared/alerts';
import type { SqliteDatabase } from './database';

export interface AlertQuery {
  limit: number;
  unacknowledged?: boolean;
  rule?: AlertRuleName;
  severity?: AlertSeverity;
}

/** Usage in one 15-minute slice: every time zone's offset is a multiple of 15 minutes, so local days stay exact. */
export interface UsageSlice {
  /** The first record's time in the slice. */
  ts: number;
  tokens: number;
  costUsd: number;
}

interface AlertRow {
  id: string;
  rule: string;
  severity: string;
  title: string;
  body: string;
  sessionId: string | null;
  subject: string;
  createdAt: number;
  acknowledgedAt: number | null;
  groupId: string | null;
  notified: number;
}

const ALERT_COLUMNS = `id, rule, severity, title, body, session_id AS sessionId, subject, created_at AS createdAt,
  acknowledged_at AS acknowledgedAt, group_id AS groupId, notified`;

export const SLICE_MS = 15 * 60_000;

export class AlertStore {
  private readonly insertAlert;
  private readonly ackOne;
  private readonly ackGroup;
  private readonly selectSettings;
  private readonly upsertSettings;

  constructor(private readonly db: SqliteDatabase) {
    this.insertAlert = db.prepare(`
      INSERT OR IGNORE INTO alerts (id, rule, severity, title, body, session_id, subject, created_at,
        acknowledged_at, group_id, notified)
      VALUES (@id, @rule, @severity, @title, @body, @sessionId, @subject, @createdAt, @acknowledgedAt, @groupId,
        @notified)`);
    this.ackOne = db.prepare(`UPDATE alerts SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL`);
    // Acknowledging a summary acknowledges what it stands for.
    this.ackGroup = db.prepare(`UPDATE alerts SET acknowledged_at = ? WHERE group_id = ? AND acknowledged_at IS NULL`);
    this.selectSettings = db.prepare(`SELECT settings FROM alert_settings WHERE id = 1`);
    this.upsertSettings = db.prepare(`
      INSERT INTO alert_settings (id, settings, updated_at) VALUES (1, ?, ?)
      ON CONFLICT(id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`);
  }

  insert(alerts: Alert[]): void {
    if (alerts.length === 0) return;
    this.db.transaction(() => {
      for (const a of alerts) this.insertAlert.run({ ...a, notified: a.notified ? 1 : 0 });
    })();
  }

  /** Newest first, filtered. */
  list(q: AlertQuery): Alert[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (q.unacknowledged) where.push('acknowledged_at IS NULL');
    if (q.rule) {
      where.push('rule = ?');
      params.push(q.rule);
    }
    if (q.severity) {
      where.push('severity = ?');
      params.push(q.severity);
    }
    params.push(q.limit);
    const rows = this.db
      .prepare(
        `SELECT ${ALERT_COLUMNS} FROM alerts ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      )
      .all(...params) as AlertRow[];
    return rows.map((r) => Alert.parse({ ...r, notified: r.notified === 1 }));
  }

  /** Marks alerts (and the members of summaries among them) acknowledged; returns how many changed. */
  acknowledge(ids: string[], at: number): number {
    let changed = 0;
    this.db.transaction(() => {
      for (const id of ids) {
        changed += this.ackOne.run(at, id).changes;
        changed += this.ackGroup.run(at, id).changes;
      }
    })();
    return changed;
  }

  unacknowledgedCount(): number {
    return (
      this.db.prepare(`SELECT COUNT(*) AS n FROM alerts WHERE acknowledged_at IS NULL AND group_id IS NULL`).get() as {
        n: number;
      }
    ).n;
  }

  /** Subjects raised since `from`, so the engine does not raise them again after a restart. */
  subjectsSince(from: number): { subject: string; createdAt: number }[] {
    return this.db
      .prepare(`SELECT subject, MAX(created_at) AS createdAt FROM alerts WHERE created_at >= ? GROUP BY subject`)
      .all(from) as { subject: string; createdAt: number }[];
  }

  /** The stored settings, or null when there are none or they no longer validate (the caller falls back). */
  loadSettings(): AlertSettings | null {
    const row = this.selectSettings.get() as { settings: string } | undefined;
    if (!row) return null;
    try {
      const parsed = AlertSettings.safeParse(JSON.parse(row.settings));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  saveSettings(settings: AlertSettings, at: number): void {
    this.upsertSettings.run(JSON.stringify(settings), at);
  }

  /** Usage since `from` in 15-minute slices, oldest first: enough to rebuild budgets, blocks and hourly medians. */
  usageSlicesSince(from: number): UsageSlice[] {
    return this.db
      .prepare(
        `SELECT MIN(ts) AS ts, SUM(total_tokens) AS tokens, SUM(cost_usd) AS costUsd
         FROM usage_records WHERE ts >= ? GROUP BY ts / ${SLICE_MS} ORDER BY ts`,
      )
      .all(from) as UsageSlice[];
  }
}
