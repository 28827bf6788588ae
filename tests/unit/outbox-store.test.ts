// The team outbox in real SQLite: queued in the batch's own transaction, read in order, acknowledged safely.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../../electron/main/store/database';
import { OutboxStore } from '../../electron/main/store/outbox-store';
import { UsageStore, type UsageRecordRow } from '../../electron/main/store/usage-store';

const record = (id: string, output: number): UsageRecordRow => ({
  id,
  sessionId: 's1',
  project: 'p',
  agentId: null,
  isSidechain: false,
  ts: 1000,
  model: 'claude-sonnet-4-5-20250929',
  inputTokens: 1,
  outputTokens: output,
  cacheCreationTokens: 0,
  cacheCreation1hTokens: 0,
  cacheReadTokens: 0,
  speed: null,
  costUsd: 0.01,
  priced: true,
  messageId: null,
  sidechainLine: false,
  sourcePath: '/t/s1.jsonl',
  lineCostUsd: null,
});
const session = {
  id: 's1',
  project: 'p',
  cwd: null,
  gitBranch: null,
  version: null,
  title: null,
  firstTs: 1000,
  lastTs: 1000,
};

describe('OutboxStore', () => {
  let db: SqliteDatabase;
  let store: UsageStore;
  let outbox: OutboxStore;
  beforeEach(() => {
    db = openDatabase(':memory:');
    store = new UsageStore(db);
    outbox = new OutboxStore(db);
    store.onBatch((u, s) => outbox.enqueue(u, s));
  });
  afterEach(() => db.close());

  it('queues a batch with the batch, session first, and nothing when the batch rolls back', () => {
    store.applyBatch([record('a', 5), record('b', 5)], [session]);
    const batch = outbox.nextBatch(10)!;
    expect(batch.entries).toBe(3);
    expect(batch.sessions.map((s) => s.id)).toEqual(['s1']);
    expect(batch.usage.map((u) => [u.id, u.totalTokens])).toEqual([
      ['a', 6],
      ['b', 6],
    ]);

    const failing = store.onBatch(() => {
      throw new Error('disk full');
    });
    expect(() => store.applyBatch([record('c', 5)], [])).toThrow('disk full');
    failing();
    expect(outbox.pending().entries).toBe(3);
    expect(store.totals(0, 2000).apiCalls).toBe(2);
  });

  it('sends a sidechain replay again, uncounted, once the main-chain response it replays arrives', () => {
    const replay = { ...record('side:msg_1', 5), messageId: 'msg_1', sidechainLine: true, isSidechain: true };
    store.applyBatch([replay], [session]);
    outbox.acknowledge(outbox.nextBatch(10)!.maxSeq);

    store.applyBatch([{ ...record('msg_1:req_main', 5), messageId: 'msg_1' }], []);
    const batch = outbox.nextBatch(10)!;
    expect(batch.usage.map((u) => [u.id, u.counted]).sort()).toEqual([
      ['msg_1:req_main', true],
      ['side:msg_1', false],
    ]);
  });

  it('does not queue a record that did not change, and keeps one that changed while its batch was in flight', () => {
    store.applyBatch([record('a', 5)], []);
    store.applyBatch([record('a', 5)], []); // the same line read again
    expect(outbox.pending().entries).toBe(1);

    const inFlight = outbox.nextBatch(10)!;
    store.applyBatch([record('a', 50)], []); // grew while the batch was being sent
    outbox.acknowledge(inFlight.maxSeq);
    const next = outbox.nextBatch(10)!;
    expect(next.usage.map((u) => u.outputTokens)).toEqual([50]);
    outbox.acknowledge(next.maxSeq);
    expect(outbox.nextBatch(10)).toBeNull();
  });

  it('keeps the newest version of a team row in the cache', () => {
    const row = { ...record('a', 5), team: 't', developer: 'd', totalTokens: 6, seq: 5, counted: true };
    outbox.cacheTeamRows([], [row]);
    outbox.cacheTeamRows([], [{ ...row, outputTokens: 1, totalTokens: 2, seq: 3 }]); // an older copy arrives late
    expect(outbox.teamTotals('t')).toMatchObject({
      apiCalls: 1,
      totalTokens: 6,
      developers: [{ developer: 'd', apiCalls: 1 }],
    });
  });
});
