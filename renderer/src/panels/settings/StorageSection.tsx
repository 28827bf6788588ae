// The data directory (and how to move it) and retention: days of hook events and usage records to keep.
import { useEffect, useState } from 'react';
import type { RetentionSettings } from '../../../../shared/settings';
import { request } from '../../api';
import { formatTime } from '../../format';
import { useQuery } from '../../hooks/useQuery';

type Field = keyof RetentionSettings;

export function StorageSection() {
  const settings = useQuery('settings.get', {});
  const [draft, setDraft] = useState<Record<Field, string>>({ hookEventDays: '', usageRecordDays: '' });
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);

  useEffect(() => {
    if (!settings.data) return;
    const r = settings.data.retention;
    setDraft({ hookEventDays: String(r.hookEventDays ?? ''), usageRecordDays: String(r.usageRecordDays ?? '') });
  }, [settings.data]);

  const save = () => {
    // An empty field means "keep forever"; the core validates the numbers (1 to 36,500 days).
    const days = (v: string) => (v.trim() === '' ? null : Number(v));
    setMessage(null);
    request('settings.update', {
      retention: { hookEventDays: days(draft.hookEventDays), usageRecordDays: days(draft.usageRecordDays) },
    })
      .then((s) => {
        const p = s.lastPrune;
        setMessage({
          text: `Saved.${p ? ` Pruned ${p.hookEvents} hook events and ${p.usageRecords} usage records.` : ''}`,
          bad: false,
        });
        settings.reload();
      })
      .catch((e: Error) => setMessage({ text: e.message, bad: true }));
  };

  const s = settings.data;
  return (
    <div className="card settings-section" data-testid="storage-section">
      <h2>Data directory and retention</h2>
      {settings.error && (
        <div className="error" role="alert">
          {settings.error}
        </div>
      )}
      {s && (
        <>
          <dl className="facts">
            <dt>Data directory</dt>
            <dd data-testid="data-dir">{s.dataDir}</dd>
            <dt>To change it</dt>
            <dd className="small">{s.dataDirHint}</dd>
            <dt>Last prune</dt>
            <dd>
              {s.lastPrune
                ? `${formatTime(s.lastPrune.at)}: ${s.lastPrune.hookEvents} hook events, ${s.lastPrune.usageRecords} usage records`
                : 'not yet'}
            </dd>
          </dl>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              save();
            }}
          >
            <label>
              Keep hook events{' '}
              <input
                type="number"
                min={1}
                data-testid="retention-hook-days"
                value={draft.hookEventDays}
                onChange={(e) => setDraft({ ...draft, hookEventDays: e.target.value })}
              />{' '}
              days
            </label>
            <label>
              Keep usage records{' '}
              <input
                type="number"
                min={1}
                placeholder="forever"
                data-testid="retention-usage-days"
                value={draft.usageRecordDays}
                onChange={(e) => setDraft({ ...draft, usageRecordDays: e.target.value })}
              />{' '}
              days
            </label>
            <button type="submit">Save retention</button>
          </form>
          <p className="muted small">
            Empty keeps forever. Usage records are kept by default: Claude Code deletes its transcripts after 30 days,
            so this store is the long-term record. Pruning runs at start, daily and when you save.
          </p>
          {message && (
            <div className={message.bad ? 'error' : 'muted'} role={message.bad ? 'alert' : 'status'}>
              {message.text}
            </div>
          )}
        </>
      )}
    </div>
  );
}
