// The tray and notifications with a fake `electron`: the menu is built from the alert state, notifications
// carry the alert's title and body, and a click focuses the window and routes to the alert's panel.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../shared/alerts';
import type { AlertTrayState } from '../../electron/main/alerts/alert-service';
import { buildTrayModel } from '../../electron/main/alerts/tray-model';

type Handler = () => void;
const shown: { title: string; body: string; click: Handler | null }[] = [];
const trays: {
  image: string;
  tooltip: string;
  menu: { label?: string; type?: string; click?: Handler }[];
  rebuilds: number;
}[] = [];

vi.mock('electron', () => {
  class Notification {
    static isSupported = () => true;
    private readonly entry: { title: string; body: string; click: Handler | null };
    constructor(o: { title: string; body: string }) {
      this.entry = { title: o.title, body: o.body, click: null };
    }
    on(event: string, fn: Handler) {
      if (event === 'click') this.entry.click = fn;
      return this;
    }
    show() {
      shown.push(this.entry);
    }
  }
  class Tray {
    readonly state = {
      image: '',
      tooltip: '',
      menu: [] as { label?: string; type?: string; click?: Handler }[],
      rebuilds: 0,
    };
    constructor(image: { path: string }) {
      this.state.image = image.path;
      trays.push(this.state);
    }
    setImage(image: { path: string }) {
      this.state.image = image.path;
    }
    setToolTip(t: string) {
      this.state.tooltip = t;
    }
    setContextMenu(menu: { template: { label?: string; type?: string; click?: Handler }[] }) {
      this.state.menu = menu.template;
      this.state.rebuilds++;
    }
    destroy() {}
  }
  return {
    Notification,
    Tray,
    Menu: { buildFromTemplate: (template: unknown[]) => ({ template }) },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    nativeTheme: { shouldUseDarkColors: false, on: () => {}, off: () => {} },
  };
});

const { createNotifier } = await import('../../electron/main/notifier');
const { createAppTray } = await import('../../electron/main/tray');

const SESSION = '2c4e6a8b-0d1f-4a3b-9c5d-7e9f1a3b5c7d';
const alert = (over: Partial<Alert>): Alert => ({
  id: 'al-1',
  rule: 'run_failed',
  severity: 'critical',
  title: 'code-reviewer failed',
  body: 'Agent run toolu_01 in session 2c4e6a8b failed after 42 s.',
  sessionId: SESSION,
  subject: 'run_failed:toolu_01',
  createdAt: 0,
  acknowledgedAt: null,
  groupId: null,
  notified: true,
  ...over,
});
const state = (over: Partial<AlertTrayState>): AlertTrayState => ({
  todayCostUsd: 0,
  running: [],
  unacknowledged: 0,
  pausedUntil: null,
  lastAlertAt: null,
  ...over,
});

beforeEach(() => {
  shown.length = 0;
  trays.length = 0;
});

describe('notifier', () => {
  it('shows the alert’s title and body; a click focuses the window and opens the session’s panel', () => {
    const focus = vi.fn();
    const navigate = vi.fn();
    createNotifier({ focusWindow: focus, navigate }).show(alert({}));
    expect(shown).toEqual([{ title: 'code-reviewer failed', body: alert({}).body, click: expect.any(Function) }]);
    expect(focus).not.toHaveBeenCalled();
    shown[0]!.click!();
    expect(focus).toHaveBeenCalledOnce();
    expect(navigate).toHaveBeenCalledWith(`sessions?session=${SESSION}`);
  });

  it('routes an alert about no session to the Alerts panel', () => {
    const navigate = vi.fn();
    createNotifier({ focusWindow: () => {}, navigate }).show(alert({ id: 'b-7', sessionId: null, rule: 'budget' }));
    shown[0]!.click!();
    expect(navigate).toHaveBeenCalledWith('alerts?alert=b-7');
  });
});

describe('tray', () => {
  it('builds icon, tooltip and menu from the state', () => {
    const idle = buildTrayModel(state({ todayCostUsd: 1.5 }));
    expect(idle.icon).toBe('idle');
    expect(idle.tooltip).toContain('Today: $1.50');
    expect(idle.menu.map((i) => (i.kind === 'separator' ? '-' : i.label))).toEqual([
      'Open dashboard',
      '-',
      'No agents running',
      '-',
      'Pause alerts for an hour',
      '-',
      'Quit',
    ]);
    const busy = buildTrayModel(
      state({
        running: [{ id: 'toolu_1', sessionId: SESSION, agentType: 'test-runner', startedAt: 0 }],
      }),
    );
    expect(busy.icon).toBe('active');
    expect(busy.tooltip).toContain('1 agent running');
    expect(busy.menu).toContainEqual({
      kind: 'action',
      label: expect.stringContaining('test-runner · 2c4e6a8b'),
      action: { type: 'open-session', sessionId: SESSION },
    });
    const alerting = buildTrayModel(state({ unacknowledged: 2, pausedUntil: Date.parse('2026-03-10T15:00:00Z') }));
    expect(alerting.icon).toBe('alert');
    expect(alerting.menu.find((i) => i.kind === 'action' && i.action.type === 'resume-alerts')).toBeDefined();
  });

  it('applies the model to the Electron tray and rebuilds it when the state changes', () => {
    let current = state({});
    const actions: unknown[] = [];
    const tray = createAppTray({
      iconDir: '/res/tray',
      state: () => current,
      onAction: (a) => actions.push(a),
      platform: 'linux',
    });
    expect(trays[0]!.image).toBe('/res/tray/idle-light-24.png');
    current = state({ running: [{ id: 'r', sessionId: SESSION, agentType: 'planner', startedAt: 0 }] });
    tray.refresh();
    expect(trays[0]!.image).toBe('/res/tray/active-light-24.png');
    const item = trays[0]!.menu.find((m) => m.label?.startsWith('planner'));
    item!.click!();
    trays[0]!.menu.find((m) => m.label === 'Pause alerts for an hour')!.click!();
    expect(actions).toEqual([
      { type: 'open-session', sessionId: SESSION },
      { type: 'pause-alerts', minutes: 60 },
    ]);
  });

  it('rebuilds the menu only when what it shows changed: today’s cost, running agents, waiting', () => {
    let current = state({ todayCostUsd: 0.5 });
    const tray = createAppTray({ iconDir: '/res/tray', state: () => current, onAction: () => {}, platform: 'darwin' });
    const t = trays[0]!;
    expect(t.rebuilds).toBe(1);
    tray.refresh();
    tray.refresh();
    expect(t.rebuilds).toBe(1);
    current = state({ todayCostUsd: 0.75 });
    tray.refresh();
    expect([t.rebuilds, t.tooltip.split('\n')[1]]).toEqual([2, 'Today: $0.75']);
    const reviewer = { id: 'ab12cd34', sessionId: SESSION, agentType: 'code-reviewer', startedAt: 0 };
    current = state({ todayCostUsd: 0.75, running: [reviewer] });
    tray.refresh();
    current = state({ todayCostUsd: 0.75, running: [{ ...reviewer }] }); // a new object, the same content
    tray.refresh();
    expect(t.rebuilds).toBe(3);
    current = state({ todayCostUsd: 0.75, running: [{ ...reviewer, waitingFor: 'permission' }] });
    tray.refresh();
    expect(t.rebuilds).toBe(4);
    expect(t.menu.map((m) => m.label)).toContainEqual(
      expect.stringMatching(/^code-reviewer · 2c4e6a8b · .* · waits for permission$/),
    );
    expect(t.image).toBe('/res/tray/active-light-16.png');
  });
});
