// Electron edge: the desktop app's lifecycle. Everything it starts is the plain-Node core.
import { app, BrowserWindow } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolveClaudeDirs } from './core/config';
import { createLogger } from './core/logger';
import { MonitorCore } from './core/monitor-core';
import { bindIpc, pushEvent } from './ipc';
import { SafeStorageSecretStore } from './secrets';
import { resolveTeamConfig } from './team/team-config';
import { hardenApp } from './security';
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

  app.on('second-instance', () => {
    const win = [...windows][0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    } else openWindow();
  });

  void app.whenReady().then(async () => {
    const dataDir = process.env.SUBFORGE_MONITOR_DATA_DIR ?? app.getPath('userData');
    core = new MonitorCore({
      dataDir,
      claudeDirs: resolveClaudeDirs([]),
      mode: 'desktop',
      log,
      team: resolveTeamConfig({}, process.env, new SafeStorageSecretStore(dataDir)),
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
    openWindow();
    await live.start();
  });

  app.on('activate', () => {
    if (windows.size === 0 && app.isReady()) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => core?.close());
}
