// Electron edge: the desktop app's lifecycle. Everything it starts is the plain-Node core.
import { app, BrowserWindow } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolveClaudeDirs } from './core/config';
import { createLogger } from './core/logger';
import { MonitorCore } from './core/monitor-core';
import { bindIpc, pushEvent } from './ipc';
import { SafeStorageSecretStore } from './secrets';
import { readSavedTeamSettings, resolveTeamConfig } from './team/team-config';
import { createNotifier } from './notifier';
import { routeForSession } from './alerts/tray-model';
import { hardenApp } from './security';
import { createAppTray, type AppTray } from './tray';
import { createMainWindow, preloadFile } from './window';

const mainDir = dirname(fileURLToPath(import.meta.url));
const rendererIndex = join(mainDir, '..', 'renderer', 'index.html');
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const rendererOrigin = devServerUrl ? new URL(devServerUrl).origin : pathToFileURL(rendererIndex).href;
const log = createLogger();

hardenApp(rendererOrigin);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let core: MonitorCore | null = null;
  const windows = new Set<BrowserWindow>();

  const openWindow = (): void => {
    const win = createMainWindow({
      preloadPath: preloadFile(mainDir),
      devServerUrl,
      rendererIndex,
      iconPath: join(app.isPackaged ? process.resourcesPath : join(mainDir, '..', '..', 'resources'), 'icon.png'),
    });
    windows.add(win);
    win.on('closed', () => windows.delete(win));
  };

  const focusWindow = (): void => {
    const win = [...windows][0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    } else openWindow();
  };
  const resourcesDir = app.isPackaged ? process.resourcesPath : join(mainDir, '..', '..', 'resources');
  // A freshly opened window has no listener yet; it reads the route from its URL fragment instead.
  const navigate = (route: string): void =>
    pushEvent(
      [...windows].map((w) => w.webContents),
      { name: 'app.navigate', payload: { route } },
    );
  let tray: AppTray | null = null;

  app.on('second-instance', focusWindow);

  void app.whenReady().then(async () => {
    const dataDir = process.env.SUBFORGE_MONITOR_DATA_DIR ?? app.getPath('userData');
    const secrets = new SafeStorageSecretStore(dataDir);
    core = new MonitorCore({
      dataDir,
      claudeDirs: resolveClaudeDirs([]),
      mode: 'desktop',
      log,
      hookScript: join(mainDir, 'hook.js'),
      team: resolveTeamConfig(
        {},
        process.env,
        secrets,
        readSavedTeamSettings(dataDir, (m) => log.warn(m)),
      ),
      // team.configure keeps the URLs here, encrypted with the OS keychain.
      secrets,
    });
    const live = core;
    bindIpc(
      live.dispatch,
      { webContentsIds: () => [...windows].map((w) => w.webContents.id), origin: rendererOrigin },
      log,
    );
    live.subscribe((event) =>
      pushEvent(
        [...windows].map((w) => w.webContents),
        event,
      ),
    );
    const notifier = createNotifier({ focusWindow, navigate, iconPath: join(resourcesDir, 'icon.png') });
    tray = createAppTray({
      iconDir: join(resourcesDir, 'tray'),
      state: () => live.trayState(),
      onAction: (action) => {
        if (action.type === 'open-dashboard') focusWindow();
        else if (action.type === 'open-session') {
          focusWindow();
          navigate(routeForSession(action.sessionId));
        } else if (action.type === 'pause-alerts') live.alerts.pause(action.minutes);
        else if (action.type === 'resume-alerts') live.alerts.pause(0);
        else app.quit();
        tray?.refresh();
      },
    });
    live.alerts.onRaised((alerts) => {
      for (const a of alerts) if (a.notified) notifier.show(a);
      tray?.refresh();
    });
    // Costs, running agents and live status change with usage, activity and hook events: the tray is rebuilt
    // after them (at most every 250 ms), and skips the rebuild when nothing it shows changed. The slow timer
    // covers what no event marks: an acknowledgement in the window, the end of a pause, the clock in labels.
    let pending: NodeJS.Timeout | null = null;
    const refreshSoon = (): void => {
      pending ??= setTimeout(() => {
        pending = null;
        tray?.refresh();
      }, 250);
    };
    live.subscribe((event) => {
      if (event.name !== 'app.navigate') refreshSoon();
    });
    setInterval(() => tray?.refresh(), 5000).unref();
    openWindow();
    await live.start();
  });

  app.on('activate', () => {
    if (windows.size === 0 && app.isReady()) openWindow();
  });
  // With a tray the app keeps watching after its window closes (alerts still reach you); Quit is in the tray menu.
  app.on('window-all-closed', () => {
    if (!tray && process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    tray?.destroy();
    core?.close();
  });
}
