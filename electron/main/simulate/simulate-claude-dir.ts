// Writes a whole simulated Claude data directory of about a given size: several projects, many sessions over the
// last 30 days, subagents in all three layouts, streaming duplicates and a few damaged lines. Same options, same bytes.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DamagePlan, type DamageKind } from './damage';
import { prepareOutDir } from './out-dir';
import { Prng } from './prng';
import { SessionScript, SimulatedClock, planSession, type SubagentLayout } from './session-script';
import { PROJECTS, projectFolder } from './vocabulary';

export interface SimulateOptions {
  /** The folder to fill; it becomes a Claude data directory (`<out>/projects/...`). */
  out: string;
  /** Approximate size of the transcripts, in MiB. */
  mib: number;
  seed?: string | number;
  /** The simulation's "now" (ms since epoch); sessions spread over the 30 days before it. */
  now?: number;
  /** About one damaged line per this many lines (default 2000). */
  damageEvery?: number;
  /** Called now and then while writing. */
  onProgress?: (progress: { bytes: number; targetBytes: number }) => void;
}

export interface SimulateSummary {
  files: number;
  lines: number;
  bytes: number;
  sessions: number;
  subagentRuns: number;
  damagedLines: number;
  damage: Record<DamageKind, number>;
}

const DAY = 24 * 60 * 60 * 1000;
const NL = Buffer.from('\n');

/** Generates the directory. Throws `SimulateError` when `out` may not be written. */
export function simulateClaudeDir(options: SimulateOptions): SimulateSummary {
  const targetBytes = Math.max(1, Math.round(options.mib * 1024 * 1024));
  const now = options.now ?? Date.now();
  const rng = new Prng(options.seed ?? 1);
  const { previous } = prepareOutDir(options.out);
  const projectsDir = join(options.out, 'projects');
  if (previous) rmSync(projectsDir, { recursive: true, force: true }); // an earlier simulation is replaced whole
  mkdirSync(projectsDir, { recursive: true });

  const damage = new DamagePlan(rng.fork('damage'), options.damageEvery);
  const sessionsRng = rng.fork('sessions');
  const summary: SimulateSummary = {
    files: 0,
    lines: 0,
    bytes: 0,
    sessions: 0,
    subagentRuns: 0,
    damagedLines: 0,
    damage: damage.counts,
  };
  // several sessions even in a small simulation; a large one's sessions keep their natural length
  const sessionCap = Math.max(48 * 1024, Math.floor(targetBytes / 6));
  const forced: SubagentLayout[] = ['nested', 'flat', 'inline'];
  let reported = 0;

  while (summary.bytes < targetBytes) {
    const srng = sessionsRng.fork(`session-${summary.sessions}`);
    const project = srng.weighted(PROJECTS.map((p) => [p, p.weight] as const));
    const plan = planSession(srng, project, forced[summary.sessions]);
    // start between 30 days and 8 hours ago, mostly in working hours
    const day = srng.int(0, 29);
    const hour = srng.weighted([
      [srng.int(8, 19), 8],
      [srng.int(0, 23), 2],
    ]);
    let start = now - day * DAY - (now % DAY) + hour * 3600_000 + srng.int(0, 3599_999);
    if (start > now - 8 * 3600_000) start -= DAY;
    const sessionStartBytes = summary.bytes;
    const files = new Map<string, (string | Buffer)[]>();
    const tops = new Map<string, string[]>();
    const script = new SessionScript(
      srng,
      plan,
      new SimulatedClock(start),
      () => summary.bytes >= targetBytes || summary.bytes - sessionStartBytes >= sessionCap,
    );
    const projectDir = join(projectsDir, projectFolder(project.cwd));
    for (const event of script.events()) {
      if (event.kind === 'meta') {
        const path = join(projectDir, event.file);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, `${JSON.stringify(event.content)}\n`);
        summary.files++;
        continue;
      }
      const { text, damaged } = damage.render(event.entry, event.hasUsage);
      const bytes = (typeof text === 'string' ? Buffer.byteLength(text) : text.length) + 1;
      summary.bytes += bytes;
      summary.lines++;
      if (damaged) summary.damagedLines++;
      if (event.atTop && typeof text === 'string') {
        tops.set(event.file, [...(tops.get(event.file) ?? []), text]);
        continue;
      }
      let parts = files.get(event.file);
      if (!parts) {
        parts = [];
        files.set(event.file, parts);
      }
      parts.push(text);
    }
    for (const [file, parts] of files) {
      const path = join(projectDir, file);
      mkdirSync(dirname(path), { recursive: true });
      const all = [...(tops.get(file) ?? []), ...parts];
      if (all.every((p) => typeof p === 'string')) writeFileSync(path, `${all.join('\n')}\n`);
      else writeFileSync(path, Buffer.concat(all.flatMap((p) => [typeof p === 'string' ? Buffer.from(p) : p, NL])));
      summary.files++;
    }
    summary.sessions++;
    summary.subagentRuns += script.subagentRuns;
    if (options.onProgress && summary.bytes - reported >= targetBytes / 20) {
      reported = summary.bytes;
      options.onProgress({ bytes: summary.bytes, targetBytes });
    }
  }
  return summary;
}
