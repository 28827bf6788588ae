// Electron edge: the dashboard window, with the renderer sandboxed and isolated from Node.
import { BrowserWindow } from 'electron';
import { join } from 'node:path';

export interface WindowOptions {
  preloadPath: string;
  /** The dev server's URL in development; otherwise the built index.html is loaded. */
  devServerUrl?: string;
  rendererIndex: string;
  iconPath: string;
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'SubForge Monitor',
    icon: options.iconPath,
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  if (options.devServerUrl) void win.loadURL(options.devServerUrl);
  else void win.loadFile(options.rendererIndex);
  return win;
}

export const preloadFile = (mainDir: string): string => join(mainDir, '..', 'preload', 'index.cjs');
