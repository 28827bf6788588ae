// The lean importer `report` and `import` use: it reads what transcripts gained, leaves unchanged ones alone,
// and the file states it reads ahead for a scan never hide a newer state (no line counted twice).
import Database from 'better-sqlite3';
import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Importer } from '../../electron/main/core/importer';
import { createLogger } from '../../electron/main/core/logger';
import { locateTranscript } from '../../electron/main/ingest/transcript-ingestor';
import { readTranscriptRows, type TranscriptRows } from '../../electron/main/ingest/transcript-file';
import { assistantLine, userLine } from '../support/transcript-lines';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';

const log = createLogger('error');
const ctx = { sessionId: 'c0ffee00-0000-4000-8000-000000000001' };
const at = (minute: number) => new Date(Date.UTC(2026, 0, 10, 9, minute));

describe('Importer', () => {
  let dirs: TempDirs;
  let importer: Importer | null = null;

  beforeEach(() => {
    dirs = makeTempDirs();
  });
  afterEach(() => {
    importer?.close();
    importer = null;
    dirs.cleanup();
  });

  it('imports what was appended, and a state saved during a scan wins over the one read ahead', async () => {
    const file = join(dirs.projectDir(), `${ctx.sessionId}.jsonl`);
    writeFileSync(file, `${userLine(ctx, at(0), 'hi')}\n${assistantLine(ctx, at(1), { input: 10, output: 5 })}\n`);
    importer = new Importer({ dataDir: dirs.dataDir, claudeDirs: [dirs.claudeDir], log });
    await importer.importOnce();
    const first = importer.store.fileState(file)!;
    expect(first.lines).toBe(2);

    appendFileSync(file, `${assistantLine(ctx, at(2), { input: 20, output: 7 })}\n`);
    const ingestor = importer.ingestor;
    await ingestor.withKnownFiles(dirs.claudeDir, async () => {
      // Read ahead, as stored: the file grew since, so its new line is read.
      expect(importer!.store.readEnd(file)).toEqual({ inode: first.inode, offset: first.offset });
      const read = await ingestor.ingestFile(dirs.claudeDir, file);
      expect(read).toMatchObject({ lines: 1, records: 1 });
      expect(importer!.store.readEnd(file)).toEqual({ inode: first.inode, offset: statSync(file).size });
      // The state just saved is what a second read in the same scan starts from: nothing is read again.
      const again = await ingestor.ingestFile(dirs.claudeDir, file);
      expect(again).toMatchObject({ lines: 0, records: 0 });
      return false; // not a scan of every folder: nothing to keep for the next one
    });
    const after = importer.store.fileState(file)!;
    expect(after.lines).toBe(3);
    expect(after.offset).toBeGreaterThan(first.offset);

    // A warm pass over unchanged data changes nothing.
    await importer.importOnce();
    expect(importer.store.fileState(file)).toEqual(after);
    expect(importer.store.sourceSummary()).toMatchObject([{ root: dirs.claudeDir, files: 1, lines: 3 }]);
  });

  it('stores the repeats of a response read together as it stores them read one at a time, from fewer rows', async () => {
    // Each response's usage as Claude Code writes it on each content block, and the cases the store decides:
    // fewer tokens later, as many at the same price, more later, and as many at another price (another model).
    const r = (messageId: string, minute: number, input: number, output: number, model?: string) =>
      assistantLine(ctx, at(minute), { messageId, requestId: `req_${messageId}`, input, output, model });
    const lines = [
      r('msg_a', 1, 10, 5),
      r('msg_a', 1, 10, 5),
      r('msg_b', 2, 100, 50),
      r('msg_a', 2, 10, 5),
      r('msg_b', 3, 100, 10), // fewer: the first stays
      r('msg_c', 4, 5, 1),
      r('msg_c', 5, 5, 40), // more: it replaces the first, its minute with it
      r('msg_c', 6, 5, 40),
      r('msg_d', 7, 20, 20),
      r('msg_d', 8, 20, 20, 'claude-opus-4-1-20250805'), // as many tokens, dearer: the store picks it
      r('msg_d', 9, 20, 20),
    ];
    const stored = (dataDir: string) => {
      const db = new Database(join(dataDir, 'monitor.sqlite'), { readonly: true });
      try {
        return [
          db.prepare(`SELECT * FROM usage_records ORDER BY id`).all(),
          db.prepare(`SELECT * FROM report_rollup_15m ORDER BY 1, 2`).all(),
        ];
      } finally {
        db.close();
      }
    };
    const file = join(dirs.projectDir(), `${ctx.sessionId}.jsonl`);

    // One line per read: every row reaches the store.
    const lineByLine = join(dirs.dataDir, 'line-by-line');
    importer = new Importer({ dataDir: lineByLine, claudeDirs: [dirs.claudeDir], log });
    for (const line of lines) {
      appendFileSync(file, `${line}\n`);
      await importer.importOnce();
    }
    importer.close();
    importer = null;
    const oneByOne = stored(lineByLine);
    expect(oneByOne[0]).toHaveLength(4);

    // The whole file in one read, into a new store: the same records and rollups.
    const handed: TranscriptRows[] = [];
    const end = await readTranscriptRows(
      {
        path: file,
        location: locateTranscript(dirs.claudeDir, file),
        offset: 0,
        inode: statSync(file).ino,
        activity: false,
        readMeta: false,
      },
      (rows) => handed.push(rows),
    );
    // The repeats the store would not keep are left out: one row per response, but msg_d's, whose ties at two
    // prices are left to the store (a row is compared with the last one kept of its id).
    expect([...handed, end.rows].flatMap((rows) => rows.usage.map((u) => `${u.messageId} ${u.outputTokens}`))).toEqual([
      'msg_a 5',
      'msg_b 50',
      'msg_c 40',
      'msg_d 20',
      'msg_d 20',
      'msg_d 20',
    ]);
    const whole = join(dirs.dataDir, 'whole');
    importer = new Importer({ dataDir: whole, claudeDirs: [dirs.claudeDir], log });
    await importer.importOnce();
    expect(stored(whole)).toEqual(oneByOne);
  });
});
