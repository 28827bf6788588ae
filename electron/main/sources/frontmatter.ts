// A small, tolerant reader of the YAML-ish frontmatter at the top of `.claude/agents/*.md` files: flat
// `key: value` pairs, quoted strings, `[a, b]` and `- item` lists, and `|`/`>` blocks. Pure; never throws.

export type FrontmatterValue = string | string[];

export type FrontmatterResult =
  { ok: true; fields: Record<string, FrontmatterValue>; body: string } | { ok: false; error: string };

const unquote = (v: string): string => {
  const t = v.trim();
  if (t.length >= 2 && ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")))) {
    const inner = t.slice(1, -1);
    return t.startsWith('"') ? inner.replace(/\\"/g, '"').replace(/\\n/g, '\n') : inner.replace(/''/g, "'");
  }
  return t;
};

/** Strips a trailing ` # comment` outside quotes. */
const stripComment = (v: string): string => {
  const quoted = /^\s*(["'])/.exec(v);
  if (quoted) {
    // Keep the quoted string whole; drop only what follows its closing quote.
    const close = v.indexOf(quoted[1]!, quoted[0].length);
    return close === -1 ? v : v.slice(0, close + 1);
  }
  const i = v.search(/\s#/);
  return i === -1 ? v : v.slice(0, i);
};

const inlineList = (v: string): string[] =>
  v
    .slice(1, -1)
    .split(',')
    .map(unquote)
    .filter((s) => s.length > 0);

export function parseFrontmatter(text: string): FrontmatterResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  if (lines[i]?.trim() !== '---') return { ok: false, error: 'no frontmatter: the file must start with a --- line' };
  const start = i + 1;
  let end = -1;
  for (let j = start; j < lines.length; j++) {
    if (lines[j]!.trim() === '---') {
      end = j;
      break;
    }
  }
  if (end === -1) return { ok: false, error: 'frontmatter is not closed by a --- line' };

  const fields: Record<string, FrontmatterValue> = {};
  let listKey: string | null = null; // a key whose value continues as `- item` lines
  let block: { key: string; fold: boolean; lines: string[] } | null = null;
  const flushBlock = () => {
    if (!block) return;
    fields[block.key] = block.lines.join(block.fold ? ' ' : '\n').trim();
    block = null;
  };
  for (let j = start; j < end; j++) {
    const raw = lines[j]!;
    if (block && (raw.startsWith(' ') || raw.startsWith('\t') || raw.trim() === '')) {
      block.lines.push(raw.trim());
      continue;
    }
    flushBlock();
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const item = /^\s*-\s*(.*)$/.exec(raw);
    if (item && listKey !== null) {
      const list = fields[listKey];
      const value = unquote(stripComment(item[1]!));
      if (Array.isArray(list) && value.length > 0) list.push(value);
      continue;
    }
    const pair = /^([A-Za-z_][\w-]*)\s*:(.*)$/.exec(raw);
    if (!pair) return { ok: false, error: `line ${j + 1}: expected "key: value", found ${JSON.stringify(raw.trim())}` };
    const key = pair[1]!;
    const value = stripComment(pair[2]!).trim();
    listKey = null;
    if (value === '') {
      fields[key] = [];
      listKey = key;
    } else if (value === '|' || value === '>' || /^[|>][+-]?$/.test(value)) {
      block = { key, fold: value.startsWith('>'), lines: [] };
    } else if (value.startsWith('[') && value.endsWith(']')) {
      fields[key] = inlineList(value);
    } else {
      fields[key] = unquote(value);
    }
  }
  flushBlock();
  // A key left with no items and no value is empty, not a list.
  for (const [k, v] of Object.entries(fields)) if (Array.isArray(v) && v.length === 0) fields[k] = '';
  return { ok: true, fields, body: lines.slice(end + 1).join('\n') };
}
