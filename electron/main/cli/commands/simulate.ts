// `simulate`: writes a realistic simulated Claude data directory (for demos, tests and benchmarks), or keeps one
// growing live as running agents would.
import { SimulateError } from '../../simulate/out-dir';
import { simulateClaudeDir } from '../../simulate/simulate-claude-dir';
import { simulateLive } from '../../simulate/simulate-live';
import { parseCommandArgs, UsageError } from '../args';
import { stdio } from '../stdio';

export const simulateHelp = `Usage: subforge-monitor simulate --out DIR [--mib N] [--seed S] [--now ISO] [--live] [--rate N]

Writes simulated Claude Code transcripts (projects, sessions, subagents, a few damaged lines) into DIR.
  --out DIR   a new or empty folder, or one an earlier simulation wrote (never ~/.claude)
  --mib N     about N MiB of transcripts (default 20)
  --seed S    same seed and --now, same bytes (default 1)
  --now ISO   the moment the 30 days of history end (default: now)
  --live      keep appending to sessions at --rate lines per second (default 20) until interrupted
Point the monitor at it with --claude-dir DIR.`;

const MIB = 1024 * 1024;

export async function simulateCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    out: { type: 'string' },
    mib: { type: 'string' },
    seed: { type: 'string' },
    now: { type: 'string' },
    live: { type: 'boolean' },
    rate: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    stdio.out(`${simulateHelp}\n`);
    return 0;
  }
  if (!values.out) throw new UsageError('--out DIR is required');
  const mib = values.mib === undefined ? 20 : Number(values.mib);
  if (!Number.isFinite(mib) || mib <= 0 || mib > 100_000)
    throw new UsageError(`--mib must be a number above 0, got ${values.mib}`);
  const rate = values.rate === undefined ? 20 : Number(values.rate);
  if (!Number.isFinite(rate) || rate <= 0 || rate > 100_000)
    throw new UsageError(`--rate must be a number above 0, got ${values.rate}`);
  const now = values.now === undefined ? undefined : Date.parse(values.now);
  if (now !== undefined && Number.isNaN(now)) throw new UsageError(`--now must be an ISO date, got ${values.now}`);
  const seed = values.seed ?? '1';

  try {
    if (values.live) {
      const controller = new AbortController();
      const stop = (): void => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      stdio.err(`simulating live into ${values.out} at ${rate} lines/s; Ctrl-C stops\n`);
      const s = await simulateLive({ out: values.out, seed, linesPerSecond: rate, signal: controller.signal });
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      stdio.err(
        `live: ${s.lines} lines, ${(s.bytes / MIB).toFixed(2)} MiB, ${s.sessionsStarted} new + ${s.sessionsResumed} resumed sessions, ${s.partialWrites} partial writes, ${s.damagedLines} damaged lines\n`,
      );
      return 0;
    }
    const started = Date.now();
    const s = simulateClaudeDir({
      out: values.out,
      mib,
      seed,
      now,
      onProgress: ({ bytes, targetBytes }) => {
        if (Date.now() - started > 1000) {
          stdio.err(`  ${Math.round((bytes / targetBytes) * 100)}% (${(bytes / MIB).toFixed(0)} MiB)\n`);
        }
      },
    });
    stdio.err(
      `simulated ${s.files} files, ${s.lines} lines, ${(s.bytes / MIB).toFixed(2)} MiB, ${s.sessions} sessions, ${s.subagentRuns} subagent runs, ${s.damagedLines} damaged lines in ${((Date.now() - started) / 1000).toFixed(1)} s into ${values.out}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof SimulateError) {
      stdio.err(`subforge-monitor simulate: ${error.code}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
