// Reads a simulated Claude data directory back: every transcript line, parsed, with the file it came from.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseTranscriptLine, type ParsedLine } from '../../electron/main/ingest/transcript-line';

export interface ReadLine {
  file: string;
  text: string;
  parsed: ParsedLine;
  /** The raw JSON object, for lines that are one. */
  json: Record<string, unknown> | null;
}

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

export function readTranscripts(root: string): ReadLine[] {
  const lines: ReadLine[] = [];
  for (const path of listFiles(join(root, 'projects')).filter((f) => f.endsWith('.jsonl'))) {
    const file = relative(join(root, 'projects'), path);
    for (const text of readFileSync(path).toString('utf8').split('\n')) {
      if (text.length === 0) continue;
      const parsed = parseTranscriptLine(text);
      lines.push({
        file,
        text,
        parsed,
        json: parsed.kind === 'entry' ? (JSON.parse(text) as Record<string, unknown>) : null,
      });
    }
  }
  return lines;
}

export function transcriptBytes(root: string): number {
  return listFiles(join(root, 'projects'))
    .filter((f) => f.endsWith('.jsonl'))
    .reduce((sum, f) => sum + statSync(f).size, 0);
}
