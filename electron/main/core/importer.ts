// The ingest side of the core on its own: store, price table, activity store and transcript ingestor over the
// Claude data directories. MonitorCore builds on it; `report` and `import` use it alone, so a warm report loads
// and starts nothing else (no alerts, hooks, team, watchers or workspace scan).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SourceWatcher, type SourceWatcherOptions } from '../ingest/source-watcher';
import { TranscriptIngestor, type IngestOutcome } from '../ingest/transcript-ingestor';
import { PriceTable } from '../pricing/price-table';
import { SIMULATION_MARKER } from '../simulate/out-dir';
import { ActivityStore } from '../store/activity-store';
import { openDatabase, type SqliteDatabase } from '../store/database';
import { UsageStore } from '../store/usage-store';
import type { Logger } from './logger';

/** Where "Load demo data" writes: inside the app's own data directory. */
export const demoClaudeDir = (dataDir: string): string => join(dataDir, 'demo-claude');

export interface ImporterOptions {
  dataDir: string;
  claudeDirs: string[];
  log: Logger;
  /** The worker a scan with many megabytes to read reads them on; by default the built one (ingest/read-ahead.ts). */
  readAheadWorker?: URL | null;
}

/** What a one-shot scan tells whoever shows its progress. */
export interface ScanProgressListener {
  /** Files with something to read under one root, and about how many bytes: before that root's reads. */
  planned(files: number, bytes: number): void;
  /** One file read that held new lines. */
  read(outcome: IngestOutcome): void;
}

/** What a scan of the sources calls back with (the live core turns these into events and logs). */
export type ImportCallbacks = Pick<SourceWatcherOptions, 'onPlan' | 'onScanEnd' | 'onOutcome' | 'onError' | 'rescanMs'>;

export class Importer {
  readonly db: SqliteDatabase;
  readonly store: UsageStore;
  readonly prices: PriceTable;
  /** Why the data directory's price overrides were not used, when they were not. */
  readonly priceError: string | null = null;
  readonly activity: ActivityStore;
  readonly ingestor: TranscriptIngestor;
  /** The Claude data directories read: the configured ones, and the demo folder once demo data was loaded. */
  readonly claudeDirs: string[];

  constructor(private readonly options: ImporterOptions) {
    this.claudeDirs = [...options.claudeDirs];
    const demo = demoClaudeDir(options.dataDir);
    if (existsSync(join(demo, SIMULATION_MARKER)) && !this.claudeDirs.includes(demo)) this.claudeDirs.push(demo);
    this.db = openDatabase(join(options.dataDir, 'monitor.sqlite'));
    this.store = new UsageStore(this.db);
    try {
      this.prices = PriceTable.forDataDir(options.dataDir);
    } catch (error) {
      // A broken override file must not stop the app: it runs on the bundled table and says why.
      this.priceError = (error as Error).message;
      options.log.error('price overrides ignored', { error: this.priceError });
      this.prices = new PriceTable();
    }
    this.repriceIfChanged();
    this.activity = new ActivityStore(this.db);
    this.ingestor = new TranscriptIngestor(this.store, this.prices, this.activity, options.readAheadWorker);
  }

  /** A watcher over every source (scanned once by `scan`, followed live once started). */
  watcher(callbacks: ImportCallbacks): SourceWatcher {
    return new SourceWatcher({
      ...callbacks,
      roots: this.claudeDirs,
      ingestor: this.ingestor,
      onReadAheadFailure: (error) =>
        this.options.log.warn('transcript read-ahead worker failed: reading on this thread', { error: error.message }),
    });
  }

  /**
   * One pass over every transcript of every source: what was appended since the last pass is read. `progress`
   * hears what each root has to read and each file read (the CLI shows it on stderr, see cli/scan-progress.ts).
   */
  async importOnce(progress?: ScanProgressListener): Promise<void> {
    const log = this.options.log;
    await this.watcher({
      onPlan: progress && ((files, bytes) => progress.planned(files, bytes)),
      onOutcome: (o) => {
        if (o.skipped > 0) log.warn('skipped damaged transcript lines', { path: o.path, skipped: o.skipped });
        progress?.read(o);
      },
      onError: (path, error) => log.warn('source unreadable', { path, error: error.message }),
    }).scan();
  }

  /** Stored costs follow the price table: when it changed since they were computed, they are recomputed. */
  repriceIfChanged(): number {
    // The table itself is its fingerprint: comparing a few kilobytes costs less than loading a hash for them.
    const fingerprint = JSON.stringify(this.prices.list());
    if (this.store.pricingFingerprint() === fingerprint) return 0;
    const changed = this.store.reprice(fingerprint, (row) => this.prices.cost(row.model, row));
    if (changed > 0) this.options.log.info('usage repriced', { records: changed });
    return changed;
  }

  close(): void {
    this.db.close();
  }
}
