// Cost of storing usage records by batch size: `UsageStore.applyBatch` on a fresh on-disk store (WAL, as the app
// opens it), rollups included. A live append is a batch of one or a few records; a scan or a team bench, hundreds.
// Usage: npx tsx bench/store-batch.ts [--seconds 5] [--sizes 1,10,600]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../electron/main/store/database';
import { UsageStore } from '../electron/main/store/usage-store';
import { session, usageRecords } from './team-support';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '5' }, sizes: { type: 'string', default: '1,10,600' } },
});
const seconds = Number(values.seconds);
const results = [];
for (const size of values.sizes.split(',').map(Number)) {
  const dir = mkdtempSync(join(tmpdir(), 'sfm-store-batch-'));
  const db = openDatabase(join(dir, 'monitor.sqlite'));
  const store = new UsageStore(db);
  store.applyBatch([], [session('alice', 's1')]);
  for (let i = 0; i < 500; i++) store.applyBatch(usageRecords('alice', 's1', size), []); // warm-up
  let batches = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    store.applyBatch(usageRecords('alice', 's1', size), []);
    batches++;
  }
  const ms = performance.now() - started;
  results.push({
    batchSize: size,
    batches,
    microsecondsPerBatch: Math.round((ms * 1000) / batches),
    recordsPerSecond: Math.round((batches * size) / (ms / 1000)),
  });
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify({ bench: 'store-batch', seconds, results }, null, 2));
