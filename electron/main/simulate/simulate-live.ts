// Keeps a simulated Claude data directory growing as running agents would: appends to a few existing sessions and
// starts new ones, subagent files included, at a given line rate, sometimes writing half a line and the rest later.
import {
  appendFileSync,
  closeSync,
  mkdirSync,
  openSync,
  readSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DamagePlan } from './damage';
import { prepareOutDir } from './out-dir';
import { Prng } from './prng';
import {
  SessionScript,
  VERSIONS,
  WallClock,
  planSession,
  type SubagentLayout,
  type TranscriptEvent,
} from './session-script';
import { PROJECTS, projectFolder, type ProjectProfile } from './vocabulary';

export interface LiveOptions {
  out: string;
  seed?: string | number;
  /** Lines appended per second across all sessions (default 20). */
  linesPerSecond?: number;
  /** How many sessions write at the same time (default 3). */
  concurrentSessions?: number;
  /** Stops the simulation; the promise then resolves with what was written. */
  signal?: AbortSignal;
  /** Called after each line is written (or half-written). */
  onLine?: (file: string) => void;
}

export interface LiveSummary {
  lines: number;
  bytes: number;
  sessionsStarted: number;
  sessionsResumed: number;
  partialWrites: number;
  damagedLines: number;
}

interface Active {
  projectDir: string;
  events: Iterator<TranscriptEvent>;
}

const TICK_MS = 100;
/** How much of a file's end is read to find where an existing session left off. */
const TAIL_BYTES = 256 * 1024;

/** Runs until `signal` aborts. Throws `SimulateError` when `out` may not be written. */
export async function simulateLive(options: LiveOptions): Promise<LiveSummary> {
  prepareOutDir(options.out);
  const rng = new Prng(options.seed ?? 1);
  const damage = new DamagePlan(rng.fork('damage'));
  const rate = Math.max(0.1, options.linesPerSecond ?? 20);
  const concurrent = Math.max(1, options.concurrentSessions ?? 3);
  const summary: LiveSummary = {
    lines: 0,
    bytes: 0,
    sessionsStarted: 0,
    sessionsResumed: 0,
    partialWrites: 0,
    damagedLines: 0,
  };
  const projectsDir = join(options.out, 'projects');
  const resumable = findResumable(projectsDir, rng);
  const active: Active[] = [];
  /** Second halves of lines whose first half is already on disk; written before anything else. */
  const pendingTails = new Map<string, Buffer>();

  const startSession = (): Active => {
    const srng = rng.fork(`live-${summary.sessionsStarted + summary.sessionsResumed}`);
    const resume = resumable.shift();
    const project = resume?.project ?? srng.weighted(PROJECTS.map((p) => [p, p.weight] as const));
    const plan = planSession(srng, project);
    if (resume) {
      Object.assign(plan, resume.plan);
      summary.sessionsResumed++;
    } else {
      summary.sessionsStarted++;
    }
    const script = new SessionScript(srng, plan, new WallClock());
    return { projectDir: join(projectsDir, projectFolder(project.cwd)), events: script.events() };
  };

  const writeOne = (a: Active): boolean => {
    const next = a.events.next();
    if (next.done) return false;
    const event = next.value;
    const path = join(a.projectDir, event.file);
    mkdirSync(dirname(path), { recursive: true });
    if (event.kind === 'meta') {
      writeFileSync(path, `${JSON.stringify(event.content)}\n`);
      return true;
    }
    const { text, damaged } = damage.render(event.entry, event.hasUsage);
    const bytes = Buffer.concat([typeof text === 'string' ? Buffer.from(text) : text, Buffer.from('\n')]);
    summary.lines++;
    summary.bytes += bytes.length;
    if (damaged) summary.damagedLines++;
    if (bytes.length > 64 && rng.chance(0.05)) {
      // a write caught half-way, as a reader polling the file sees it
      const cut = rng.int(1, bytes.length - 2);
      appendFileSync(path, bytes.subarray(0, cut));
      pendingTails.set(path, bytes.subarray(cut));
      summary.partialWrites++;
    } else {
      appendFileSync(path, bytes);
    }
    options.onLine?.(path);
    return true;
  };

  const flushTails = (): void => {
    for (const [path, tail] of pendingTails) appendFileSync(path, tail);
    pendingTails.clear();
  };

  let budget = 0;
  let last = Date.now();
  while (!options.signal?.aborted) {
    flushTails();
    const now = Date.now();
    budget = Math.min(budget + ((now - last) / 1000) * rate, rate + 1);
    last = now;
    while (budget >= 1) {
      while (active.length < concurrent) active.push(startSession());
      const i = rng.int(0, active.length - 1);
      const a = active[i] as Active;
      if (!writeOne(a)) {
        active.splice(i, 1);
        continue;
      }
      budget--;
      // a file with a half-written line gets nothing more until its tail is written
      if (pendingTails.size > 0) break;
    }
    try {
      await sleep(TICK_MS, undefined, { signal: options.signal });
    } catch {
      break; // aborted
    }
  }
  flushTails();
  return summary;
}

interface Resumable {
  project: ProjectProfile;
  plan: { sessionId: string; version: string; gitBranch: string; resumeFrom: string | null; layout: SubagentLayout };
}

/** Existing session files a live run continues, read from their last well-formed line. */
function findResumable(projectsDir: string, rng: Prng): Resumable[] {
  const found: Resumable[] = [];
  let folders: string[];
  try {
    folders = readdirSync(projectsDir).sort();
  } catch {
    return found;
  }
  for (const folder of folders) {
    const project = PROJECTS.find((p) => projectFolder(p.cwd) === folder);
    if (!project) continue;
    const sessions = readdirSync(join(projectsDir, folder))
      .filter((f) => /^[0-9a-f-]{36}\.jsonl$/.test(f))
      .sort();
    for (const file of sessions) {
      const tail = lastEntry(join(projectsDir, folder, file));
      if (tail) found.push({ project, plan: tail });
    }
  }
  // continue a couple of them, chosen by the seed
  const picked: Resumable[] = [];
  for (let i = 0; i < 2 && found.length > 0; i++)
    picked.push(found.splice(rng.int(0, found.length - 1), 1)[0] as Resumable);
  return picked;
}

function lastEntry(path: string): Resumable['plan'] | null {
  const size = statSync(path).size;
  const length = Math.min(size, TAIL_BYTES);
  const buffer = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  const lines = buffer.toString('utf8').split('\n').reverse();
  for (const line of lines) {
    try {
      const v = JSON.parse(line) as Record<string, unknown>;
      if (typeof v.sessionId === 'string' && typeof v.version === 'string' && typeof v.uuid === 'string') {
        const version = v.version;
        const layout =
          (Object.keys(VERSIONS) as SubagentLayout[]).find((l) => VERSIONS[l].includes(version)) ?? 'nested';
        return {
          layout,
          sessionId: v.sessionId,
          version: v.version,
          gitBranch: typeof v.gitBranch === 'string' ? v.gitBranch : 'main',
          resumeFrom: v.isSidechain === true ? null : v.uuid,
        };
      }
    } catch {
      // damaged or partial line: look further back
    }
  }
  return null;
}
