// Alerts reaching the user from the renderer: in the browser build, Web Notifications for `alerts.raised`
// (permission is asked only on a click, never on load); in both builds, the shell's `app.navigate`.
import { useEffect } from 'react';
import { api } from '../api';

/** True in a plain browser (no desktop bridge) that supports notifications and has not been asked yet. */
export function canAskForNotifications(): boolean {
  return !window.api && 'Notification' in window && Notification.permission === 'default';
}

/** Asks for permission; call only from a user's click. */
export async function enableBrowserNotifications(): Promise<NotificationPermission> {
  if (!('Notification' in window)) return 'denied';
  return Notification.requestPermission();
}

const routeFor = (sessionId: string | null, id: string): string =>
  sessionId ? `sessions?session=${encodeURIComponent(sessionId)}` : `alerts?alert=${encodeURIComponent(id)}`;

/** Shows notified alerts as Web Notifications (browser build only) and follows the shell's navigation requests. */
export function useAlertNotifications(): void {
  useEffect(() => {
    const offNavigate = api.on('app.navigate', ({ route }) => {
      window.location.hash = `#/${route}`;
    });
    // The desktop app notifies natively from the main process; only the browser build does it here.
    const offRaised = window.api
      ? () => {}
      : api.on('alerts.raised', ({ alerts }) => {
          if (!('Notification' in window) || Notification.permission !== 'granted') return;
          for (const a of alerts) {
            if (!a.notified) continue;
            const n = new Notification(a.title, { body: a.body, tag: a.id });
            n.onclick = () => {
              window.focus();
              window.location.hash = `#/${routeFor(a.sessionId, a.id)}`;
              n.close();
            };
          }
        });
    return () => {
      offNavigate();
      offRaised();
    };
  }, []);
}
