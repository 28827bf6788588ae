// The agent registry: `.claude/agents/*.md` definitions in user scope (each Claude dir's `agents/`) and in
// each project's scope (`<cwd>/.claude/agents/`). A file that cannot be read is reported, never fatal.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { parseFrontmatter } from './frontmatter';

/** One definition file as read: the agent, or why it could not be read. */
export interface AgentDefinitionRow {
  path: string;
  scope: 'user' | 'project';
  projectCwd: string | null;
  name: string | null;
  description: string | null;
  model: string | null;
  /** null: the agent inherits every tool. */
  tools: string[] | null;
  error: string | null;
  mtimeMs: number;
}

/** The frontmatter fields we use, as a user may write them. */
const Frontmatter = z.object({
  name: z.string().trim().min(1, 'name is empty'),
  description: z.string().optional(),
  model: z.string().optional(),
  tools: z.union([z.string(), z.array(z.string())]).optional(),
});

/** `tools` as a list or a comma-separated string; empty means every tool. */
export function readToolList(tools: string | string[] | undefined): string[] | null {
  if (tools === undefined) return null;
  const list = (Array.isArray(tools) ? tools : tools.split(',')).map((t) => t.trim()).filter((t) => t.length > 0);
  return list.length > 0 ? list : null;
}

/** Reads one definition from its text. Pure. */
export function parseAgentDefinition(
  text: string,
  where: { path: string; scope: 'user' | 'project'; projectCwd: string | null; mtimeMs: number },
): AgentDefinitionRow {
  const row: AgentDefinitionRow = {
    ...where,
    name: null,
    description: null,
    model: null,
    tools: null,
    error: null,
  };
  const fm = parseFrontmatter(text);
  if (!fm.ok) return { ...row, error: fm.error };
  const parsed = Frontmatter.safeParse(fm.fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'frontmatter';
    return { ...row, error: `${field}: ${issue?.message ?? 'invalid'}` };
  }
  const f = parsed.data;
  return {
    ...row,
    name: f.name,
    description: f.description?.trim() || null,
    model: f.model?.trim() || null,
    tools: readToolList(f.tools),
  };
}

/** The folders to look in: one a Claude dir, one a project folder. */
export function registryFolders(
  claudeDirs: string[],
  projectCwds: string[],
): { dir: string; scope: 'user' | 'project'; projectCwd: string | null }[] {
  return [
    ...claudeDirs.map((d) => ({ dir: join(d, 'agents'), scope: 'user' as const, projectCwd: null })),
    ...projectCwds.map((cwd) => ({ dir: join(cwd, '.claude', 'agents'), scope: 'project' as const, projectCwd: cwd })),
  ];
}

/** Cache of parsed files by path, so a rescan re-reads only files whose mtime or size changed. */
export type DefinitionCache = Map<string, { mtimeMs: number; size: number; row: AgentDefinitionRow }>;

/** Reads every definition of every folder that exists. */
export async function readRegistry(
  folders: { dir: string; scope: 'user' | 'project'; projectCwd: string | null }[],
  cache: DefinitionCache,
): Promise<AgentDefinitionRow[]> {
  const rows: AgentDefinitionRow[] = [];
  const seen = new Set<string>();
  for (const folder of folders) {
    let names: string[];
    try {
      names = (await readdir(folder.dir)).filter((n) => n.endsWith('.md')).sort();
    } catch {
      continue; // no agents folder here
    }
    for (const name of names) {
      const path = join(folder.dir, name);
      if (seen.has(path)) continue;
      seen.add(path);
      try {
        const info = await stat(path);
        if (!info.isFile()) continue;
        const hit = cache.get(path);
        if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) {
          rows.push(hit.row);
          continue;
        }
        const row = parseAgentDefinition(await readFile(path, 'utf8'), {
          path,
          scope: folder.scope,
          projectCwd: folder.projectCwd,
          mtimeMs: Math.trunc(info.mtimeMs),
        });
        cache.set(path, { mtimeMs: info.mtimeMs, size: info.size, row });
        rows.push(row);
      } catch (error) {
        rows.push({
          path,
          scope: folder.scope,
          projectCwd: folder.projectCwd,
          name: basename(name, '.md'),
          description: null,
          model: null,
          tools: null,
          error: `unreadable: ${(error as Error).message}`,
          mtimeMs: 0,
        });
      }
    }
  }
  return rows;
}
