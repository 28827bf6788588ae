// Collects core events and pushes them in batches, so a burst of appends costs one renderer update.
import type { ApiEvent, HookEventSummary, LiveSessionStatus, ScanProgress } from '../../../shared/contract';
import type { Alert } from '../../../shared/alerts';

export type EventListener = (event: ApiEvent) => void;

/** A burst of hook events larger than this goes out as one batch plus a count of the events left out. */
export const MAX_HOOK_EVENTS_PER_BATCH = 500;

export class EventBus {
  private readonly listeners = new Set<EventListener>();
  private pendingSessions = new Set<string>();
  private pendingRecords = 0;
  private pendingSources = false;
  private pendingScan: ScanProgress | null = null;
  private pendingHookEvents: HookEventSummary[] = [];
  private pendingHookSessions = new Map<string, LiveSessionStatus>();
  private droppedHookEvents = 0;
  private pendingTeam: { developers: Set<string>; sessions: Set<string>; records: number } | null = null;
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

  /** A large scan moved on: only its latest state goes out. */
  scanProgress(progress: ScanProgress): void {
    this.pendingScan = progress;
    this.schedule();
  }

  /** A hook event was stored; `session` is its session's status after it. */
  hookEvent(event: HookEventSummary, session: LiveSessionStatus): void {
    if (this.pendingHookEvents.length < MAX_HOOK_EVENTS_PER_BATCH) this.pendingHookEvents.push(event);
    else this.droppedHookEvents += 1;
    this.pendingHookSessions.set(session.sessionId, session);
    this.schedule();
  }

  /** Team records arrived from teammates (through Redis or catch-up). */
  teamChanged(developers: Iterable<string>, sessions: Iterable<string>, records: number): void {
    this.pendingTeam ??= { developers: new Set(), sessions: new Set(), records: 0 };
    for (const d of developers) this.pendingTeam.developers.add(d);
    for (const s of sessions) this.pendingTeam.sessions.add(s);
    this.pendingTeam.records += records;
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
    if (this.pendingScan) this.publish({ name: 'sources.scan', payload: this.pendingScan });
    this.pendingScan = null;
    if (this.pendingHookEvents.length > 0 || this.droppedHookEvents > 0) {
      this.publish({
        name: 'hooks.event',
        payload: {
          events: this.pendingHookEvents,
          sessions: [...this.pendingHookSessions.values()],
          dropped: this.droppedHookEvents,
          at,
        },
      });
    }
    this.pendingHookEvents = [];
    this.pendingHookSessions = new Map();
    this.droppedHookEvents = 0;
    if (this.pendingTeam) {
      const { developers, sessions, records } = this.pendingTeam;
      this.pendingTeam = null;
      this.publish({
        name: 'team.changed',
        payload: { developers: [...developers], sessions: [...sessions], records, at },
      });
    }
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
