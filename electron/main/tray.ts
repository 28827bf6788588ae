// Electron edge: the tray icon. Applies the pure model from alerts/tray-model.ts (icon, tooltip, menu) and
// rebuilds it only when the model changed; every decision about what to show lives in the model.
import { Menu, Tray, nativeImage, nativeTheme, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import { join } from 'node:path';
import type { AlertTrayState } from './alerts/alert-service';
import { buildTrayModel, type TrayAction, type TrayIconState, type TrayMenuItem } from './alerts/tray-model';

export interface AppTrayOptions {
  /** `resources/tray` of the checkout or the packaged app. */
  iconDir: string;
  state: () => AlertTrayState;
  onAction: (action: TrayAction) => void;
  platform?: NodeJS.Platform;
}

export interface AppTray {
  /** Rebuilds icon, tooltip and menu if the state changed what they show. */
  refresh(): void;
  destroy(): void;
}

/** The icon file for a state: 16 px where the platform draws small trays, 24 px on Linux; @2x is picked up by Electron. */
export function trayIconPath(iconDir: string, state: TrayIconState, dark: boolean, platform: NodeJS.Platform): string {
  const size = platform === 'linux' ? 24 : 16;
  return join(iconDir, `${state}-${dark ? 'dark' : 'light'}-${size}.png`);
}

export function toMenuTemplate(items: TrayMenuItem[], onAction: (a: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.kind === 'separator') return { type: 'separator' };
    if (item.kind === 'label') return { label: item.label, enabled: false };
    return { label: item.label, click: () => onAction(item.action) };
  });
}

export function createAppTray(options: AppTrayOptions): AppTray {
  const platform = options.platform ?? process.platform;
  const images = new Map<string, NativeImage>();
  const image = (state: TrayIconState): NativeImage => {
    const path = trayIconPath(options.iconDir, state, nativeTheme.shouldUseDarkColors, platform);
    let img = images.get(path);
    if (!img) {
      img = nativeImage.createFromPath(path);
      images.set(path, img);
    }
    return img;
  };
  let model = buildTrayModel(options.state());
  const tray = new Tray(image(model.icon));
  let shown = '';
  const apply = (): void => {
    const key = JSON.stringify(model) + String(nativeTheme.shouldUseDarkColors);
    if (key === shown) return;
    shown = key;
    tray.setImage(image(model.icon));
    tray.setToolTip(model.tooltip);
    tray.setContextMenu(Menu.buildFromTemplate(toMenuTemplate(model.menu, options.onAction)));
  };
  apply();
  const onTheme = (): void => apply();
  nativeTheme.on('updated', onTheme);
  return {
    refresh() {
      model = buildTrayModel(options.state());
      apply();
    },
    destroy() {
      nativeTheme.off('updated', onTheme);
      tray.destroy();
    },
  };
}
