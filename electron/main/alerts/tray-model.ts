// What the tray shows, as plain data: icon state, tooltip and menu template built from the alert state.
// No electron here: tray.ts only applies this, so the menu is unit-tested under plain Node.
import type { Alert } from '../../../shared/alerts';
import type { AlertTrayState } from './alert-service';

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
    menu.push({
      kind: 'action',
      label: `${run.agentType} · ${run.sessionId.slice(0, 8)} · since ${clock(run.startedAt)}`,
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
