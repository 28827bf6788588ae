// Alerts: the history with filters and acknowledgement, and the rules editor (enable, thresholds, quiet
// hours, snooze). Live: a raised alert shows up here without a reload.
import { useEffect, useState } from 'react';
import {
  AlertRuleId,
  ruleLabels,
  type Alert,
  type AlertRuleName,
  type AlertSettings,
  type AlertSeverity,
} from '../../../shared/alerts';
import { request } from '../api';
import { EmptyState } from '../components/EmptyState';
import { useQuery } from '../hooks/useQuery';
import { canAskForNotifications, enableBrowserNotifications } from '../hooks/useAlertNotifications';

type RuleId = AlertRuleId;
type Threshold = { key: string; label: string; step: number; nullable?: boolean };

/** The numeric fields each rule exposes in the editor. */
const thresholds: Record<RuleId, Threshold[]> = {
  run_failed: [],
  tool_error_streak: [{ key: 'count', label: 'errors in a row', step: 1 }],
  session_waiting: [{ key: 'seconds', label: 'seconds waiting', step: 1 }],
  long_run: [{ key: 'minutes', label: 'minutes running', step: 1 }],
  budget: [
    { key: 'dailyUsd', label: 'daily budget (USD)', step: 0.01, nullable: true },
    { key: 'monthlyUsd', label: 'monthly budget (USD)', step: 0.01, nullable: true },
  ],
  usage_block: [
    { key: 'tokenLimit', label: 'block token limit', step: 1, nullable: true },
    { key: 'costLimitUsd', label: 'block cost limit (USD)', step: 0.01, nullable: true },
    { key: 'percent', label: '% counted as nearly spent', step: 1 },
  ],
  cost_spike: [
    { key: 'factor', label: '× the usual hour', step: 0.5 },
    { key: 'minimumUsd', label: 'minimum USD', step: 0.5 },
    { key: 'days', label: 'days for the median', step: 1 },
  ],
  source_broken: [
    { key: 'skippedRatio', label: 'skipped share (0–1)', step: 0.01 },
    { key: 'minLines', label: 'minimum lines', step: 1 },
  ],
  teammate_failing: [
    { key: 'count', label: 'failed runs', step: 1 },
    { key: 'windowMinutes', label: 'within minutes', step: 1 },
  ],
};

const SEVERITIES: AlertSeverity[] = ['info', 'warning', 'critical'];
const SNOOZES = [
  { label: 'not snoozed', hours: 0 },
  { label: '1 hour', hours: 1 },
  { label: '8 hours', hours: 8 },
  { label: '1 day', hours: 24 },
  { label: '1 week', hours: 168 },
];

const formatWhen = (ms: number): string =>
  new Date(ms).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

export function AlertsPanel() {
  const [severity, setSeverity] = useState<AlertSeverity | ''>('');
  const [rule, setRule] = useState<AlertRuleName | ''>('');
  const [unacknowledged, setUnacknowledged] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const filter = {
    limit: 200,
    ...(severity ? { severity } : {}),
    ...(rule ? { rule } : {}),
    ...(unacknowledged ? { unacknowledged: true } : {}),
  };
  const history = useQuery('alerts.list', filter, ['alerts.raised'], 250);
  const settings = useQuery('alerts.rules.get', {});
  const visible = history.data ?? [];
  const open = visible.filter((a) => a.acknowledgedAt === null);

  const acknowledge = (ids: string[]) => {
    if (ids.length === 0) return;
    request('alerts.acknowledge', { ids })
      .then(() => history.reload())
      .catch((e: Error) => setActionError(e.message));
  };
  const pause = (minutes: number) => {
    request('alerts.pause', { minutes })
      .then(() => settings.reload())
      .catch((e: Error) => setActionError(e.message));
  };
  const pausedUntil = settings.data?.pausedUntil ?? null;
  const paused = pausedUntil !== null && pausedUntil > Date.now();

  return (
    <section className="panel" aria-labelledby="alerts-title">
      <header className="panel-header">
        <h1 id="alerts-title">Alerts</h1>
        <span className="muted">{open.length} unacknowledged shown</span>
        <span className="spacer" />
        {paused ? (
          <button type="button" onClick={() => pause(0)}>
            Resume notifications (paused until {formatWhen(pausedUntil)})
          </button>
        ) : (
          <button type="button" onClick={() => pause(60)}>
            Pause notifications for an hour
          </button>
        )}
        <BrowserNotificationButton />
      </header>
      {(history.error ?? actionError) && (
        <div className="error" role="alert">
          {history.error ?? actionError}
        </div>
      )}
      <div className="toolbar" role="group" aria-label="Filters">
        <label>
          Severity{' '}
          <select value={severity} onChange={(e) => setSeverity(e.target.value as AlertSeverity | '')}>
            <option value="">all</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Rule{' '}
          <select value={rule} onChange={(e) => setRule(e.target.value as AlertRuleName | '')}>
            <option value="">all</option>
            {[...AlertRuleId.options, 'summary' as const].map((r) => (
              <option key={r} value={r}>
                {ruleLabels[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={unacknowledged} onChange={(e) => setUnacknowledged(e.target.checked)} />{' '}
          Unacknowledged only
        </label>
        <button type="button" disabled={open.length === 0} onClick={() => acknowledge(open.map((a) => a.id))}>
          Acknowledge all visible
        </button>
      </div>
      {history.data && visible.length === 0 ? (
        <EmptyState title="No alerts">
          <p>Nothing matches. Alerts appear here when a rule below fires.</p>
        </EmptyState>
      ) : (
        <table className="table" data-testid="alerts-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Severity</th>
              <th scope="col">Rule</th>
              <th scope="col">Alert</th>
              <th scope="col">Session</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {visible.map((a) => (
              <AlertRow key={a.id} alert={a} onAcknowledge={() => acknowledge([a.id])} />
            ))}
          </tbody>
        </table>
      )}
      <h2 className="section-title">Rules</h2>
      {settings.error && (
        <div className="error" role="alert">
          {settings.error}
        </div>
      )}
      {settings.data && (
        <>
          <p className="muted">
            Budgets’ days and quiet hours use {settings.data.timezone}. During quiet hours alerts are recorded without a
            notification; a snoozed rule raises nothing.
          </p>
          <div className="rules" data-testid="alert-rules">
            {AlertRuleId.options.map((id) => (
              <RuleEditor key={id} id={id} settings={settings.data!} onSaved={settings.reload} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function AlertRow({ alert, onAcknowledge }: { alert: Alert; onAcknowledge: () => void }) {
  return (
    <tr data-testid="alert-row" data-acknowledged={alert.acknowledgedAt !== null}>
      <td>{formatWhen(alert.createdAt)}</td>
      <td>
        <span className={`severity severity-${alert.severity}`}>{alert.severity}</span>
      </td>
      <td>{ruleLabels[alert.rule]}</td>
      <td>
        <strong>{alert.title}</strong>
        <div className="muted pre-line">{alert.body}</div>
      </td>
      <td>{alert.sessionId ? <code>{alert.sessionId.slice(0, 8)}</code> : '—'}</td>
      <td>
        {alert.acknowledgedAt === null ? (
          <button type="button" onClick={onAcknowledge} aria-label={`Acknowledge ${alert.title}`}>
            Acknowledge
          </button>
        ) : (
          <span className="muted">acknowledged</span>
        )}
      </td>
    </tr>
  );
}

type Draft = Record<string, string | boolean>;

function draftOf(id: RuleId, settings: AlertSettings): Draft {
  const r = settings.rules[id] as unknown as Record<string, unknown>;
  const quiet = settings.rules[id].quietHours[0];
  const draft: Draft = {
    enabled: settings.rules[id].enabled,
    quietStart: quiet?.start ?? '',
    quietEnd: quiet?.end ?? '',
    snooze: '',
  };
  for (const t of thresholds[id]) draft[t.key] = r[t.key] === null || r[t.key] === undefined ? '' : String(r[t.key]);
  return draft;
}

function RuleEditor({ id, settings, onSaved }: { id: RuleId; settings: AlertSettings; onSaved: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(id, settings));
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => setDraft(draftOf(id, settings)), [id, settings]);
  const snoozeUntil = settings.rules[id].snoozeUntil;
  const snoozed = snoozeUntil !== null && snoozeUntil > Date.now();

  const save = () => {
    const patch: Record<string, unknown> = { enabled: draft.enabled };
    for (const t of thresholds[id]) {
      const raw = String(draft[t.key] ?? '').trim();
      if (raw === '' && t.nullable) patch[t.key] = null;
      else patch[t.key] = Number(raw);
    }
    const start = String(draft.quietStart);
    const end = String(draft.quietEnd);
    patch.quietHours = start && end ? [{ start, end }] : [];
    if (draft.snooze !== '') {
      const hours = Number(draft.snooze);
      patch.snoozeUntil = hours > 0 ? Date.now() + hours * 3_600_000 : null;
    }
    request('alerts.rules.update', { rules: { [id]: patch } })
      .then(() => {
        setMessage('Saved');
        onSaved();
      })
      .catch((e: Error) => setMessage(e.message));
  };
  const field = (key: string) => String(draft[key] ?? '');
  const set = (key: string, value: string | boolean) => setDraft((d) => ({ ...d, [key]: value }));

  return (
    <form
      className="card rule"
      aria-label={ruleLabels[id]}
      data-testid={`rule-${id}`}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <label className="rule-title">
        <input type="checkbox" checked={draft.enabled === true} onChange={(e) => set('enabled', e.target.checked)} />{' '}
        {ruleLabels[id]}
      </label>
      {thresholds[id].map((t) => (
        <label key={t.key}>
          {t.label}
          <input
            type="number"
            step={t.step}
            min={0}
            value={field(t.key)}
            placeholder={t.nullable ? 'none' : undefined}
            onChange={(e) => set(t.key, e.target.value)}
          />
        </label>
      ))}
      <label>
        quiet from
        <input type="time" value={field('quietStart')} onChange={(e) => set('quietStart', e.target.value)} />
      </label>
      <label>
        quiet until
        <input type="time" value={field('quietEnd')} onChange={(e) => set('quietEnd', e.target.value)} />
      </label>
      <label>
        snooze {snoozed && <span className="muted">(until {formatWhen(snoozeUntil)})</span>}
        <select value={field('snooze')} onChange={(e) => set('snooze', e.target.value)}>
          <option value="">{snoozed ? 'keep' : 'no change'}</option>
          {SNOOZES.map((s) => (
            <option key={s.hours} value={String(s.hours)}>
              {s.hours === 0 ? 'off' : s.label}
            </option>
          ))}
        </select>
      </label>
      <div className="rule-actions">
        <button type="submit">Save</button>
        {message && (
          <span className={message === 'Saved' ? 'muted' : 'error'} role="status">
            {message}
          </span>
        )}
      </div>
    </form>
  );
}

/** In the browser build: asks for Web Notification permission, only when the user clicks. */
function BrowserNotificationButton() {
  const [askable, setAskable] = useState(canAskForNotifications);
  if (!askable) return null;
  return (
    <button
      type="button"
      onClick={() => {
        void enableBrowserNotifications().then(() => setAskable(canAskForNotifications()));
      }}
    >
      Show alerts as browser notifications
    </button>
  );
}
