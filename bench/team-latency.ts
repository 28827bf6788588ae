// Benchmark: A's ingest → B's team event stream latency at a steady rate.
// `npx tsx bench/team-latency.ts [--seconds 30] [--rate 500]` — A stores --rate records/s in small batches;
// B timestamps each record as its Redis message arrives; reports p50/p95/p99/max in ms (same machine clock).
import { randomBytes } from 'node:crypto';
import { flag, openCore, percentile, seconds, session, sleep, usageRecords, withDatabase } from './team-support';

const duration = seconds(30);
const rate = flag('rate', 500);
const tickMs = 10;

await withDatabase(async (url) => {
  const prefix = `sfm-bench-${randomBytes(4).toString('hex')}:`;
  const a = await openCore('alice', url, prefix, { drainDelayMs: 5 });
  const b = await openCore('bob', url, prefix);
  const sid = 'latency-session-0001';
  a.core.store.applyBatch([], [session('alice', sid)]);
  await a.core.team!.syncOnce();
  await sleep(500);

  const ingestedAt = new Map<string, number>();
  const latencies: number[] = [];
  b.core.team!.onRemote((message, receivedAt) => {
    for (const u of message.usage) {
      const t = ingestedAt.get(u.id);
      if (t !== undefined) {
        latencies.push(receivedAt - t);
        ingestedAt.delete(u.id);
      }
    }
  });

  let produced = 0;
  const started = Date.now();
  while (Date.now() - started < duration * 1000) {
    const due = Math.floor(((Date.now() - started) / 1000) * rate) - produced;
    if (due > 0) {
      const rows = usageRecords('alice', sid, due);
      a.core.store.applyBatch(rows, []);
      const now = Date.now(); // committed: the record is ingested
      for (const r of rows) ingestedAt.set(r.id, now);
      produced += due;
    }
    await sleep(tickMs);
  }
  const deadline = Date.now() + 10_000;
  while (ingestedAt.size > 0 && Date.now() < deadline) await sleep(20);
  latencies.sort((x, y) => x - y);
  console.log(
    JSON.stringify(
      {
        bench: 'team-latency',
        seconds: duration,
        rate,
        produced,
        received: latencies.length,
        missing: ingestedAt.size,
        p50Ms: percentile(latencies, 50),
        p95Ms: percentile(latencies, 95),
        p99Ms: percentile(latencies, 99),
        maxMs: latencies.at(-1),
      },
      null,
      2,
    ),
  );
  await a.cleanup();
  await b.cleanup();
});
