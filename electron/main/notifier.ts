// Electron edge: native notifications for alerts. Clicking one brings the window forward and routes the
// renderer to the alert's panel (through the contract's `app.navigate` event).
import { Notification } from 'electron';
import type { Alert } from '../../shared/alerts';
import { routeForAlert } from './alerts/tray-model';

export interface NotifierOptions {
  /** Shows and focuses the dashboard window, opening one if none is open. */
  focusWindow: () => void;
  /** Sends `app.navigate` to the renderer. */
  navigate: (route: string) => void;
  iconPath?: string;
}

export interface Notifier {
  /** Shows a notification for an alert meant to be notified; returns false where the system has none. */
  show(alert: Alert): boolean;
}

export function createNotifier(options: NotifierOptions): Notifier {
  // A notification that is garbage-collected loses its click handler: keep each until it closes.
  const live = new Set<Notification>();
  return {
    show(alert) {
      if (!Notification.isSupported()) return false;
      const n = new Notification({
        title: alert.title,
        body: alert.body,
        urgency: alert.severity === 'critical' ? 'critical' : 'normal',
        ...(options.iconPath ? { icon: options.iconPath } : {}),
      });
      live.add(n);
      n.on('click', () => {
        options.focusWindow();
        options.navigate(routeForAlert(alert));
      });
      n.on('close', () => live.delete(n));
      n.show();
      return true;
    },
  };
}
