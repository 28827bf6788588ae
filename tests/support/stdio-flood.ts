// A command's output larger than a pipe holds, written through the CLI's stdio after Node's own stdout stream
// was made (which turns the pipe non-blocking), then a last line: see cli-stdio.test.ts.
import { stdio } from '../../electron/main/cli/stdio';

void process.stdout;
const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i}\n`).join('');
stdio.out(lines);
stdio.out('end\n');
