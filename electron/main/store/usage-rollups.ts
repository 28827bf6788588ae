// The local usage rollups (migrations 5 and 7) and how they follow usage_records. Since migration 12 a write to
// usage_records only appends its signed change to usage_rollup_pending (one row, through the triggers below);
// `flushUsageRollups` folds what is pending into every rollup with one grouped upsert each, at the end of the
// transaction that wrote. Six upserts per row had made rollups three quarters of the cost of storing a record.
import type { SqliteDatabase } from './database';

interface RollupSpec {
  table: string;
  keys: string[];
  /** The key values, over a usage row's columns. */
  keyExprs: string[];
  /** Each summed column and what a usage row adds to it. */
  sums: [column: string, perRow: string][];
  /** The column that counts rows: an entry whose count reaches zero is removed. */
  count: string;
}

const TOKEN_SUMS: [string, string][] = [
  ['input_tokens', 'input_tokens'],
  ['output_tokens', 'output_tokens'],
  ['cache_creation_tokens', 'cache_creation_tokens'],
  ['cache_read_tokens', 'cache_read_tokens'],
];
// A pending row stands for `n` records (one, from a trigger; a group of them, in a rebuild) of which `priced` had
// a price.
const DASHBOARD_SUMS: [string, string][] = [
  ...TOKEN_SUMS,
  ['cost_usd', 'cost_usd'],
  ['requests', 'n'],
  ['unpriced', 'n - priced'],
];
const BUCKET_15M = '(ts / 900000) * 900000';

const ROLLUPS: RollupSpec[] = [
  {
    // Reports: 15-minute buckets (as bucket numbers) by reported model name (fast mode as `<model>-fast`).
    table: 'report_rollup_15m',
    keys: ['bucket', 'model'],
    keyExprs: ['ts / 900000', `CASE WHEN speed = 'fast' THEN model || '-fast' ELSE model END`],
    sums: [
      ...TOKEN_SUMS,
      ['total_tokens', 'total_tokens'],
      ['cost_usd', 'cost_usd'],
      ['records', 'n'],
      ['unpriced', 'n - priced'],
    ],
    count: 'records',
  },
  {
    table: 'usage_rollup_15m',
    keys: ['bucket', 'model', 'project'],
    keyExprs: [BUCKET_15M, 'model', 'project'],
    sums: DASHBOARD_SUMS,
    count: 'requests',
  },
  {
    table: 'usage_rollup_1h',
    keys: ['bucket', 'model', 'project'],
    keyExprs: ['(ts / 3600000) * 3600000', 'model', 'project'],
    sums: DASHBOARD_SUMS,
    count: 'requests',
  },
  {
    table: 'total_usage_rollup_15m',
    keys: ['bucket'],
    keyExprs: [BUCKET_15M],
    sums: DASHBOARD_SUMS,
    count: 'requests',
  },
  {
    table: 'agent_usage_rollup_15m',
    keys: ['bucket', 'agent_id'],
    keyExprs: [BUCKET_15M, `COALESCE(agent_id, '')`],
    sums: DASHBOARD_SUMS,
    count: 'requests',
  },
  {
    table: 'session_usage',
    keys: ['session_id'],
    keyExprs: ['session_id'],
    sums: [...TOKEN_SUMS, ['cost_usd', 'cost_usd'], ['requests', 'n']],
    count: 'requests',
  },
];

/** The usage columns a pending change carries: everything any rollup groups by, then everything one sums. */
const PENDING_KEYS = ['ts', 'model', 'speed', 'project', 'agent_id', 'session_id'];
const PENDING_SUMS = [
  'input_tokens',
  'output_tokens',
  'cache_creation_tokens',
  'cache_read_tokens',
  'total_tokens',
  'cost_usd',
  'priced',
];
const PENDING_COLUMNS = [...PENDING_KEYS, ...PENDING_SUMS];

/** The triggers that record changes to usage_records as pending rollup changes (migration 12). */
export const ROLLUP_TRIGGERS = [
  'usage_rollup_pending_insert',
  'usage_rollup_pending_delete',
  'usage_rollup_pending_update_out',
  'usage_rollup_pending_update_in',
];

/** Adds `source`'s rows (with a `sign` column: +1 arriving, -1 leaving) into every rollup, one statement each. */
function upserts(source: string): string[] {
  return ROLLUPS.map((r) => {
    const columns = [...r.keys, ...r.sums.map(([c]) => c)];
    const values = [...r.keyExprs, ...r.sums.map(([, e]) => `SUM(sign * (${e}))`)];
    // `WHERE true` keeps SQLite from reading ON CONFLICT as part of the SELECT (its documented ambiguity).
    return `INSERT INTO ${r.table} (${columns.join(', ')})
      SELECT ${values.join(', ')} FROM ${source} WHERE true GROUP BY ${r.keyExprs.map((_, i) => i + 1).join(', ')}
      ON CONFLICT (${r.keys.join(', ')}) DO UPDATE SET ${r.sums.map(([c]) => `${c} = ${c} + excluded.${c}`).join(', ')}`;
  });
}

/**
 * Every rollup rebuilt from the counted records (after a cold import, which drops the triggers): the records are
 * summed once per 15-minute bucket and every key a rollup has (no rollup is finer), and those sums are folded in
 * as a flush folds pending changes. The same sums the triggers and flushes keep, which a test checks on the same
 * data; a ninth of the rows to fold of summing every rollup from the records themselves.
 */
export const ROLLUP_REBUILD_SQL = [
  'DELETE FROM usage_rollup_pending',
  ...ROLLUPS.map((r) => `DELETE FROM ${r.table}`),
  `INSERT INTO usage_rollup_pending (sign, ${PENDING_COLUMNS.join(', ')}, n)
   SELECT 1, ${BUCKET_15M}, ${PENDING_KEYS.slice(1).join(', ')}, ${PENDING_SUMS.map((c) => `SUM(${c})`).join(', ')}, COUNT(*)
   FROM usage_records WHERE counted = 1 GROUP BY ${PENDING_KEYS.map((_, i) => i + 2).join(', ')}`,
  ...upserts('usage_rollup_pending'),
  'DELETE FROM usage_rollup_pending',
]
  .map((s) => `${s};`)
  .join('\n');

const FLUSH = {
  upserts: upserts('usage_rollup_pending'),
  // An entry that lost its last record goes; only keys something left can have reached zero.
  emptied: ROLLUPS.map(
    (r) => `DELETE FROM ${r.table} WHERE ${r.count} <= 0
      AND (${r.keys.join(', ')}) IN (SELECT ${r.keyExprs.join(', ')} FROM usage_rollup_pending WHERE sign < 0)`,
  ),
};

interface FlushStatements {
  /** Smallest pending sign: null when nothing is pending, -1 when something left. */
  lowest: { get(): unknown };
  upserts: { run(): unknown }[];
  emptied: { run(): unknown }[];
  clear: { run(): unknown };
}
const flushStatements = new WeakMap<SqliteDatabase, FlushStatements>();

/**
 * Folds the pending changes into the rollups. Call it inside the transaction that wrote usage_records, before
 * it commits (UsageStore does, as do repricing and pruning), so the rollups are never seen behind.
 */
export function flushUsageRollups(db: SqliteDatabase): void {
  let s = flushStatements.get(db);
  if (!s) {
    s = {
      lowest: db.prepare<[]>('SELECT MIN(sign) FROM usage_rollup_pending').pluck(),
      upserts: FLUSH.upserts.map((sql) => db.prepare<[]>(sql)),
      emptied: FLUSH.emptied.map((sql) => db.prepare<[]>(sql)),
      clear: db.prepare<[]>('DELETE FROM usage_rollup_pending'),
    };
    flushStatements.set(db, s);
  }
  const lowest = s.lowest.get();
  if (lowest === null || lowest === undefined) return;
  for (const step of s.upserts) step.run();
  if ((lowest as number) < 0) for (const step of s.emptied) step.run();
  s.clear.run();
}

/** Migration 17: a pending row may stand for many records (`n`), as a rebuild's pre-summed rows do. */
export const PENDING_COUNT_MIGRATION_SQL = `ALTER TABLE usage_rollup_pending ADD COLUMN n INTEGER NOT NULL DEFAULT 1;`;

/** Migration 12: the per-row rollup triggers of migrations 5 and 7 give way to pending changes, folded per batch. */
export function pendingRollupsMigrationSql(): string {
  const values = (sign: number, row: string) => [String(sign), ...PENDING_COLUMNS.map((c) => `${row}.${c}`)].join(', ');
  const insert = (sign: number, row: string) =>
    `INSERT INTO usage_rollup_pending (sign, ${PENDING_COLUMNS.join(', ')}) VALUES (${values(sign, row)});`;
  const old = [
    'usage_rollup_insert',
    'usage_rollup_delete',
    'usage_rollup_update_old',
    'usage_rollup_update_new',
    'usage_records_rollup_insert',
    'usage_records_rollup_delete',
    'usage_records_rollup_update_out',
    'usage_records_rollup_update_in',
  ];
  return `
    ${old.map((t) => `DROP TRIGGER IF EXISTS ${t};`).join('\n    ')}
    -- Changes to counted usage not yet in the rollups: +1 a row arriving, -1 a row leaving. Empty between
    -- transactions.
    CREATE TABLE usage_rollup_pending (
      sign INTEGER NOT NULL, ts INTEGER, model TEXT, speed TEXT, project TEXT, agent_id TEXT, session_id TEXT,
      input_tokens INTEGER, output_tokens INTEGER, cache_creation_tokens INTEGER, cache_read_tokens INTEGER,
      total_tokens INTEGER, cost_usd REAL, priced INTEGER
    );
    CREATE TRIGGER usage_rollup_pending_insert AFTER INSERT ON usage_records WHEN NEW.counted = 1
    BEGIN ${insert(1, 'NEW')} END;
    CREATE TRIGGER usage_rollup_pending_delete AFTER DELETE ON usage_records WHEN OLD.counted = 1
    BEGIN ${insert(-1, 'OLD')} END;
    -- An update (a duplicate that grew, a replay found out, a new price) takes the old row out if it counted
    -- and puts the new one in if it counts.
    CREATE TRIGGER usage_rollup_pending_update_out AFTER UPDATE ON usage_records WHEN OLD.counted = 1
    BEGIN ${insert(-1, 'OLD')} END;
    CREATE TRIGGER usage_rollup_pending_update_in AFTER UPDATE ON usage_records WHEN NEW.counted = 1
    BEGIN ${insert(1, 'NEW')} END;
  `;
}
