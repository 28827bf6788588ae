// Benchmark: a team of simulated developers for a while, checking that nothing is lost or duplicated.
// `npx tsx bench/team-developers.ts [--seconds 60] [--developers 50] [--rate 20]` — each developer is a full
// core (own SQLite, outbox, Postgres pool, Redis clients) storing --rate records/s; one observer core listens.
// Afterwards: Postgres rows = records produced, no id twice, the observer's cache equals Postgres.
import { randomBytes } from 'node:crypto';
import {
  flag,
  openCore,
  seconds,
  session,
  sleep,
  usageRecords,
  withDatabase,
  type BenchInstance,
} from './team-support';

const duration = seconds(60);
const developers = flag('developers', 50);
const rate = flag('rate', 20);

await withDatabase(async (url, query) => {
  const prefix = `sfm-bench-${randomBytes(4).toString('hex')}:`;
  const observer = await openCore('observer', url, prefix);
  await observer.core.team!.syncOnce();
  const devs: { name: string; inst: BenchInstance; sid: string; produced: number }[] = [];
  for (let i = 0; i < developers; i++) {
    const name = `dev${String(i).padStart(3, '0')}`;
    // Small pools: 50 apps on one Postgres must stay under its connection limit.
    const inst = await openCore(name, url, prefix, { drainDelayMs: 50 });
    const sid = `${name}-session`;
    inst.core.store.applyBatch([], [session(name, sid)]);
    devs.push({ name, inst, sid, produced: 0 });
  }
  let liveRows = 0;
  observer.core.team!.onRemote((m) => (liveRows += m.usage.length));

  const started = Date.now();
  while (Date.now() - started < duration * 1000) {
    const elapsed = (Date.now() - started) / 1000;
    for (const d of devs) {
      const due = Math.floor(elapsed * rate) - d.produced;
      if (due > 0) {
        d.inst.core.store.applyBatch(usageRecords(d.name, d.sid, due), []);
        d.produced += due;
      }
    }
    await sleep(100);
  }
  const produced = devs.reduce((n, d) => n + d.produced, 0);
  const deadline = Date.now() + 60_000;
  while (devs.some((d) => d.inst.core.team!.outbox.pending().entries > 0) && Date.now() < deadline) await sleep(50);
  await observer.core.team!.catchUp();
  const [pgRow] = await query(
    `SELECT count(*)::int AS n, count(DISTINCT (team, id))::int AS ids FROM team_usage_records`,
  );
  const { n, ids } = pgRow as { n: number; ids: number };
  const cached = observer.core.team!.outbox.teamTotals('bench').apiCalls;
  console.log(
    JSON.stringify(
      {
        bench: 'team-developers',
        seconds: duration,
        developers,
        ratePerDeveloper: rate,
        produced,
        inPostgres: n,
        distinctIds: ids,
        lost: produced - ids,
        duplicated: n - ids,
        observerCache: cached,
        observerLiveRows: liveRows,
      },
      null,
      2,
    ),
  );
  for (const d of devs) await d.inst.cleanup();
  await observer.cleanup();
});
