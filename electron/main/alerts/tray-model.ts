// What the tray shows, as plain data: icon state, tooltip and menu template built from the alert state.
// No electron here: tray.ts only applies this, so the menu is unit-tested under plain Node.
import type { Alert } from '../../../shared/alerts';
import type { LiveSessionStatus } from '../../../shared/contract';
import type { AlertTrayState } from './alert-service';
import type { RunningRun } from './rules';

/** One agent the tray lists as running: a subagent run or a session's main loop. */
export interface TrayRun {
  id: string;
  sessionId: string;
  agentType: string;
  startedAt: number;
  /** Set when it waits for a human (from hooks). */
  waitingFor?: 'permission' | 'input' | null;
}

/** A run the store has as running (an agent run row: its agent id and the Task call that started it). */
export interface StoredRunningRun {
  id: string;
  sessionId: string;
  parentToolUseId: string | null;
  agentType: string | null;
  startedAt: number | null;
}

/** The label of a session's own loop in the list of running agents. */
export const MAIN_LOOP = 'Claude Code';

/**
 * The running agents from every source, each once. Hooks know best what runs now: a subagent or session they
 * saw end is not listed whatever the transcripts say yet. Then the store's running runs (an agent id and its
 * Task call's id name the same run), then the alert engine's (runs fed live, by either id).
 */
export function mergeRunningAgents(sources: {
  live: LiveSessionStatus[];
  stored: StoredRunningRun[];
  engine: RunningRun[];
}): TrayRun[] {
  const out: TrayRun[] = [];
  const seen = new Set<string>();
  const over = new Set<string>();
  const endedSessions = new Set<string>();
  const busy = (s: string) => s === 'running' || s === 'waiting';
  for (const s of sources.live) {
    if (!busy(s.status)) endedSessions.add(s.sessionId);
    for (const a of s.agents) {
      if (!busy(a.status)) {
        over.add(a.agentId);
        continue;
      }
      if (endedSessions.has(s.sessionId) || seen.has(a.agentId)) continue;
      seen.add(a.agentId);
      out.push({
        id: a.agentId,
        sessionId: s.sessionId,
        agentType: a.agentType ?? 'subagent',
        startedAt: a.since,
        waitingFor: a.waitingFor,
      });
    }
    if (busy(s.status)) {
      out.push({
        id: `session:${s.sessionId}`,
        sessionId: s.sessionId,
        agentType: MAIN_LOOP,
        startedAt: s.since,
        waitingFor: s.waitingFor,
      });
    }
  }
  for (const r of sources.stored) {
    const keys = r.parentToolUseId ? [r.id, r.parentToolUseId] : [r.id];
    if (endedSessions.has(r.sessionId) || keys.some((k) => over.has(k))) {
      for (const k of keys) over.add(k); // so the engine's copy under the other id is dropped too
      continue;
    }
    const listed = keys.some((k) => seen.has(k));
    for (const k of keys) seen.add(k);
    if (!listed) {
      out.push({ id: r.id, sessionId: r.sessionId, agentType: r.agentType ?? 'subagent', startedAt: r.startedAt ?? 0 });
    }
  }
  for (const r of sources.engine) {
    if (seen.has(r.id) || over.has(r.id) || endedSessions.has(r.sessionId)) continue;
    seen.add(r.id);
    out.push({ id: r.id, sessionId: r.sessionId, agentType: r.agentType, startedAt: r.startedAt });
  }
  return out;
}

export type TrayIconState = 'idle' | 'active' | 'alert';

/** What a menu item does when clicked; tray.ts maps each to an Electron call. */
export type TrayAction =
  | { type: 'open-dashboard' }
  | { type: 'open-session'; sessionId: string }
  | { type: 'pause-alerts'; minutes: number }
  | { type: 'resume-alerts' }
  | { type: 'quit' };

export type TrayMenuItem =
  { kind: 'action'; label: string; action: TrayAction } | { kind: 'label'; label: string } | { kind: 'separator' };

export interface TrayModel {
  icon: TrayIconState;
  tooltip: string;
  menu: TrayMenuItem[];
}

const MAX_RUNS_LISTED = 8;

const usd = (n: number): string => `$${n.toFixed(2)}`;
const clock = (ms: number): string => new Date(ms).toTimeString().slice(0, 5);

/** Builds the tray's icon state, tooltip and menu from the alert state. */
export function buildTrayModel(state: AlertTrayState): TrayModel {
  const running = state.running;
  const icon: TrayIconState = state.unacknowledged > 0 ? 'alert' : running.length > 0 ? 'active' : 'idle';
  const tooltipLines = [
    'SubForge Monitor',
    `Today: ${usd(state.todayCostUsd)}`,
    running.length === 0 ? 'No agents running' : `${running.length} agent${running.length === 1 ? '' : 's'} running`,
  ];
  if (state.unacknowledged > 0) tooltipLines.push(`${state.unacknowledged} unacknowledged alert(s)`);
  if (state.pausedUntil !== null) tooltipLines.push(`Alerts paused until ${clock(state.pausedUntil)}`);

  const menu: TrayMenuItem[] = [{ kind: 'action', label: 'Open dashboard', action: { type: 'open-dashboard' } }];
  menu.push({ kind: 'separator' });
  if (running.length === 0) menu.push({ kind: 'label', label: 'No agents running' });
  else menu.push({ kind: 'label', label: 'Running agents' });
  const newestFirst = [...running].sort((a, b) => b.startedAt - a.startedAt);
  for (const run of newestFirst.slice(0, MAX_RUNS_LISTED)) {
    const waits = run.waitingFor ? ` · waits for ${run.waitingFor}` : '';
    menu.push({
      kind: 'action',
      label: `${run.agentType} · ${run.sessionId.slice(0, 8)} · since ${clock(run.startedAt)}${waits}`,
      action: { type: 'open-session', sessionId: run.sessionId },
    });
  }
  if (running.length > MAX_RUNS_LISTED)
    menu.push({ kind: 'label', label: `…and ${running.length - MAX_RUNS_LISTED} more` });
  menu.push({ kind: 'separator' });
  menu.push(
    state.pausedUntil !== null
      ? {
          kind: 'action',
          label: `Resume alerts (paused until ${clock(state.pausedUntil)})`,
          action: { type: 'resume-alerts' },
        }
      : { kind: 'action', label: 'Pause alerts for an hour', action: { type: 'pause-alerts', minutes: 60 } },
  );
  menu.push({ kind: 'separator' });
  menu.push({ kind: 'action', label: 'Quit', action: { type: 'quit' } });
  return { icon, tooltip: tooltipLines.join('\n'), menu };
}

/** The panel an alert is about: its session's panel when it has one, else the Alerts panel. */
export function routeForAlert(alert: Pick<Alert, 'sessionId' | 'id'>): string {
  return alert.sessionId !== null
    ? `sessions?session=${encodeURIComponent(alert.sessionId)}`
    : `alerts?alert=${encodeURIComponent(alert.id)}`;
}

/** The session panel's route, for a running agent picked in the tray. */
export const routeForSession = (sessionId: string): string => `sessions?session=${encodeURIComponent(sessionId)}`;
