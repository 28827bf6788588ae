// Benchmark: one instance pushing usage records into Postgres through the outbox, sustained.
// `npx tsx bench/team-push.ts [--seconds 60] [--rate 12000]` — ingests at --rate records/s for --seconds,
// then reports records/s that reached Postgres (acknowledged) and how far the outbox fell behind.
import { randomBytes } from 'node:crypto';
import { flag, openCore, seconds, session, sleep, usageRecords, withDatabase } from './team-support';

const duration = seconds(60);
const rate = flag('rate', 12_000);
const tickMs = 50;

await withDatabase(async (url, query) => {
  const prefix = `sfm-bench-${randomBytes(4).toString('hex')}:`;
  const a = await openCore('alice', url, prefix, { batchSize: 5_000, drainDelayMs: 20 });
  const team = a.core.team!;
  const sid = 'bench-session-0001';
  a.core.store.applyBatch([], [session('alice', sid)]);
  await team.syncOnce(); // schema in place before the clock starts

  let produced = 0;
  let maxBacklog = 0;
  let sampledAt = 0;
  const started = performance.now();
  const end = started + duration * 1000;
  while (performance.now() < end) {
    const due = Math.floor(((performance.now() - started) / 1000) * rate) - produced;
    if (due > 0) {
      a.core.store.applyBatch(usageRecords('alice', sid, due), []);
      produced += due;
    }
    // Counting the outbox is a scan of it: once a second, so the measuring does not slow what it measures.
    if (performance.now() - sampledAt >= 1_000) {
      maxBacklog = Math.max(maxBacklog, team.outbox.pending().entries);
      sampledAt = performance.now();
    }
    await sleep(tickMs);
  }
  const ingestEnd = performance.now();
  while (team.outbox.pending().entries > 0) await sleep(100);
  const drained = performance.now();
  const [row] = await query(`SELECT count(*)::int AS n FROM team_usage_records`);
  const inPg = (row as { n: number }).n;
  console.log(
    JSON.stringify(
      {
        bench: 'team-push',
        seconds: duration,
        targetRate: rate,
        produced,
        inPostgres: inPg,
        recordsPerSecond: Math.round(inPg / ((drained - started) / 1000)),
        drainAfterIngestMs: Math.round(drained - ingestEnd),
        maxOutboxBacklog: maxBacklog,
      },
      null,
      2,
    ),
  );
  await a.cleanup();
});
