// The lean importer `report` and `import` use: it reads what transcripts gained, leaves unchanged ones alone,
// and the file states it reads ahead for a scan never hide a newer state (no line counted twice).
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Importer } from '../../electron/main/core/importer';
import { createLogger } from '../../electron/main/core/logger';
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
      // Read ahead, as stored: the file grew since, so it is not unchanged.
      expect(importer!.store.readEnd(file)).toEqual({ inode: first.inode, offset: first.offset });
      expect(ingestor.isUnchanged(file)).toBe(false);
      const read = await ingestor.ingestFile(dirs.claudeDir, file);
      expect(read).toMatchObject({ lines: 1, records: 1 });
      expect(ingestor.isUnchanged(file)).toBe(true);
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
});
