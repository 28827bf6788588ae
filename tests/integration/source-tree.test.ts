// The snapshot of a source tree a warm scan starts from (store/source-tree.ts): a folder whose time has not moved
// is taken from it, a folder changed too recently to trust is read again, and a file whose state was written
// since the snapshot is judged by its row, not by the snapshot.
import { appendFileSync, mkdirSync, readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Importer } from '../../electron/main/core/importer';
import { createLogger } from '../../electron/main/core/logger';
import { assistantLine, userLine } from '../support/transcript-lines';
import { makeTempDirs, type TempDirs } from '../support/temp-dirs';

const log = createLogger('error');
const at = (minute: number) => new Date(Date.UTC(2026, 0, 10, 9, minute));
const session = (n: number) => ({ sessionId: `c0ffee00-0000-4000-8000-00000000000${n}` });
const HOUR_AGO = new Date(Date.now() - 3_600_000);

describe('source tree snapshot', () => {
  let dirs: TempDirs;
  let importer: Importer;
  let project: string;

  const outputTokens = () => importer.store.totals(0, Date.UTC(2100, 0, 1)).outputTokens;
  const transcript = (n: number, output: number) =>
    `${userLine(session(n), at(0), 'hi')}\n${assistantLine(session(n), at(1), { input: 10, output })}\n`;
  /** Sets the folders' times an hour back: old enough for the snapshot to trust them. */
  const age = (...folders: string[]) => folders.forEach((f) => utimesSync(f, HOUR_AGO, HOUR_AGO));

  beforeEach(async () => {
    dirs = makeTempDirs();
    project = dirs.projectDir();
    writeFileSync(join(project, `${session(1).sessionId}.jsonl`), transcript(1, 5));
    importer = new Importer({ dataDir: dirs.dataDir, claudeDirs: [dirs.claudeDir], log });
  });
  afterEach(() => {
    importer.close();
    dirs.cleanup();
  });

  it('lists a folder from the snapshot while its time stands still, and reads it again once it moves', async () => {
    age(project, join(dirs.claudeDir, 'projects'));
    await importer.importOnce();
    expect(outputTokens()).toBe(5);

    // A file appears but the folder keeps its time, as a clock too coarse to tick between two changes would.
    const added = join(project, `${session(2).sessionId}.jsonl`);
    writeFileSync(added, transcript(2, 7));
    age(project);
    await importer.importOnce();
    expect(outputTokens()).toBe(5); // the listing came from the snapshot: the folder was not read

    utimesSync(project, new Date(), new Date());
    await importer.importOnce();
    expect(outputTokens()).toBe(12);
  });

  it('reads a folder changed within RACY_MS of its listing again on every scan', async () => {
    const recent = new Date(Date.now() - 500);
    utimesSync(project, recent, recent);
    await importer.importOnce(); // the folder changed half a second ago: its time is not trusted
    writeFileSync(join(project, `${session(2).sessionId}.jsonl`), transcript(2, 7));
    utimesSync(project, recent, recent); // the time stands still, as in the test above
    await importer.importOnce();
    expect(outputTokens()).toBe(12);
  });

  it('still checks every transcript of an unchanged folder: an append is read', async () => {
    age(project, join(dirs.claudeDir, 'projects'));
    await importer.importOnce();
    appendFileSync(
      join(project, `${session(1).sessionId}.jsonl`),
      `${assistantLine(session(1), at(2), { input: 1, output: 3 })}\n`,
    );
    await importer.importOnce();
    expect(outputTokens()).toBe(8);
  });

  it('does not vouch for a read end that a read outside the scan moved since', async () => {
    age(project, join(dirs.claudeDir, 'projects'));
    const file = join(project, `${session(1).sessionId}.jsonl`);
    await importer.importOnce();
    const snapshotSize = statSync(file).size;

    // The live watcher reads an append (the file's row moves past the snapshot's end)…
    appendFileSync(file, `${assistantLine(session(1), at(2), { input: 1, output: 3 })}\n`);
    await importer.ingestor.ingestFile(dirs.claudeDir, file);
    expect(outputTokens()).toBe(8);
    // …then the file is rewritten in place, same inode, back to the size the snapshot recorded, with other numbers.
    const rewritten = transcript(1, 6);
    expect(rewritten.length).toBe(snapshotSize);
    truncateSync(file, 0);
    appendFileSync(file, rewritten);
    expect(readFileSync(file, 'utf8')).toBe(rewritten);

    // The snapshot alone would call the file unchanged (same inode, same size); its row says it shrank, so it is
    // read again from the start and its new response (another id) counts too.
    await importer.importOnce();
    expect(outputTokens()).toBe(5 + 3 + 6);
  });

  it('finds a new folder and its transcripts under an unchanged parent once the parent moves', async () => {
    age(project, join(dirs.claudeDir, 'projects'));
    await importer.importOnce();
    const other = join(dirs.claudeDir, 'projects', '-home-dev-other');
    mkdirSync(other);
    writeFileSync(join(other, `${session(3).sessionId}.jsonl`), transcript(3, 11));
    await importer.importOnce();
    expect(outputTokens()).toBe(16);
  });
});
