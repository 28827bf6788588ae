// Keeps the agent registry and SubForge workspaces in the store: a scan on start, on every change in a
// watched folder, and on the core's periodic rescan (which also finds projects that new sessions reveal).
import { watch, type FSWatcher } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from '../core/logger';
import type { ActivityStore } from '../store/activity-store';
import type { WorkspaceStore } from '../store/workspace-store';
import { readRegistry, registryFolders, type DefinitionCache } from './agent-registry';
import { findSubforgeFiles, readSubforgeFile } from './subforge-workspace';

export interface WorkspaceScanReport {
  agents: number;
  /** Definition files that could not be read; each is listed by `agents.list`. */
  badAgentFiles: number;
  subforgeFiles: number;
  badSubforgeFiles: number;
  changed: boolean;
}

export interface WorkspaceScannerOptions {
  claudeDirs: string[];
  store: WorkspaceStore;
  activity: ActivityStore;
  log: Logger;
  rescanMs?: number;
  onChange?: (report: WorkspaceScanReport) => void;
}

const DEBOUNCE_MS = 150;

export class WorkspaceScanner {
  private readonly cache: DefinitionCache = new Map();
  private readonly watchers = new Map<string, FSWatcher>();
  private timer: NodeJS.Timeout | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private scanning: Promise<WorkspaceScanReport> | null = null;
  private again = false;
  private live = false;
  private stopped = false;

  constructor(private readonly options: WorkspaceScannerOptions) {}

  async start(): Promise<void> {
    this.live = true;
    await this.scan();
    this.timer = setInterval(() => this.scanInBackground(), this.options.rescanMs ?? 5000);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  /** One pass; a call during a pass runs one more pass after it. */
  scan(): Promise<WorkspaceScanReport> {
    if (this.scanning) {
      this.again = true;
      return this.scanning;
    }
    this.scanning = (async () => {
      try {
        let report = await this.pass();
        while (this.again && !this.stopped) {
          this.again = false;
          const next = await this.pass();
          report = { ...next, changed: report.changed || next.changed };
        }
        return report;
      } finally {
        this.scanning = null;
      }
    })();
    return this.scanning;
  }

  /** A scan nobody awaits: its failure is logged (a store closed under it by stop() is expected). */
  private scanInBackground(): void {
    this.scan().catch((error: Error) => {
      if (!this.stopped) this.options.log.warn('workspace scan failed', { error: error.message });
    });
  }

  private async pass(): Promise<WorkspaceScanReport> {
    if (this.stopped) return { agents: 0, badAgentFiles: 0, subforgeFiles: 0, badSubforgeFiles: 0, changed: false };
    const { store, activity, log, claudeDirs } = this.options;
    const cwds = store.projectCwds();
    const folders = registryFolders(claudeDirs, cwds);
    const rows = await readRegistry(folders, this.cache);
    let changed = store.syncAgents(rows, Date.now());
    const bad = rows.filter((r) => r.error !== null);
    for (const r of bad) log.debug('agent definition unreadable', { path: r.path, error: r.error });

    const stored = store.subforgeFiles();
    let subforgeFiles = 0;
    let badSubforgeFiles = 0;
    const watchDirs = new Set(folders.map((f) => f.dir));
    for (const cwd of cwds) {
      watchDirs.add(join(cwd, '.subforge'));
      watchDirs.add(join(cwd, 'workflow-state'));
      for (const f of await findSubforgeFiles(cwd)) {
        watchDirs.add(dirname(f.path));
        subforgeFiles++;
        try {
          const row = await readSubforgeFile(f.path, f.kind, cwd);
          if (row.error) badSubforgeFiles++;
          if (stored.get(f.path) !== row.mtimeMs) {
            store.saveSubforgeFile(row);
            if (f.kind === 'current-task' && !row.error) {
              activity.replaceList(
                `subforge:${f.path}`,
                'subforge',
                row.mtimeMs,
                f.path,
                {
                  sessionId: null,
                  project: cwd,
                },
                row.tasks,
              );
            }
            changed = true;
          }
        } catch (error) {
          badSubforgeFiles++;
          log.warn('SubForge file unreadable', { path: f.path, error: (error as Error).message });
        }
        stored.delete(f.path);
      }
    }
    // Files that were stored but are gone now.
    for (const path of stored.keys()) {
      store.dropSubforgeFile(path);
      activity.dropList(`subforge:${path}`);
      changed = true;
    }
    for (const dir of watchDirs) this.watchDirectory(dir);
    const report = {
      agents: rows.length - bad.length,
      badAgentFiles: bad.length,
      subforgeFiles,
      badSubforgeFiles,
      changed,
    };
    if (changed) this.options.onChange?.(report);
    return report;
  }

  private watchDirectory(dir: string): void {
    if (!this.live || this.stopped || this.watchers.has(dir)) return;
    try {
      const w = watch(dir, () => {
        if (this.stopped) return;
        if (this.debounce) clearTimeout(this.debounce);
        this.debounce = setTimeout(() => this.scanInBackground(), DEBOUNCE_MS);
      });
      w.on('error', () => {
        w.close();
        this.watchers.delete(dir); // gone: the next scan watches it again if it comes back
      });
      this.watchers.set(dir, w);
    } catch {
      // The folder does not exist (yet); the periodic rescan looks again.
    }
  }
}
