// Collects core events and pushes them in batches, so a burst of appends costs one renderer update.
import type { Alert } from '../../../shared/alerts';
import type { ApiEvent } from '../../../shared/contract';

export type EventListener = (event: ApiEvent) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();
  private pendingSessions = new Set<string>();
  private pendingRecords = 0;
  private pendingSources = false;
  private timer: NodeJS.Timeout | null = null;

  /** @param batchMs how long to gather events before pushing them */
  constructor(private readonly batchMs = 16) {}

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  usageChanged(sessions: Iterable<string>, records: number): void {
    for (const s of sessions) this.pendingSessions.add(s);
    this.pendingRecords += records;
    this.schedule();
  }

  sourcesChanged(): void {
    this.pendingSources = true;
    this.schedule();
  }

  /** Alerts go out at once: storm control already limits them, and a notification should not wait. */
  alertsRaised(alerts: Alert[]): void {
    if (alerts.length > 0) this.publish({ name: 'alerts.raised', payload: { alerts } });
  }

  /** Pushes whatever is pending now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const at = Date.now();
    if (this.pendingSessions.size > 0 || this.pendingRecords > 0) {
      this.publish({
        name: 'usage.changed',
        payload: { sessions: [...this.pendingSessions], records: this.pendingRecords, at },
      });
    }
    if (this.pendingSources) this.publish({ name: 'sources.changed', payload: { at } });
    this.pendingSessions = new Set();
    this.pendingRecords = 0;
    this.pendingSources = false;
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), this.batchMs);
  }

  private publish(event: ApiEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // One broken listener (a closed socket) must not stop the others.
      }
    }
  }
}
