// The agent registry and SubForge workspace files in the local store; all their SQL lives here.
// Each scan hands over the complete set, so a deleted file disappears from the store too.
import type { AgentDefinitionRow } from '../sources/agent-registry';
import type { SubforgeFileRow } from '../sources/subforge-workspace';
import type { SqliteDatabase } from './database';

export class WorkspaceStore {
  private readonly upsertAgent;
  private readonly upsertSubforge;

  constructor(private readonly db: SqliteDatabase) {
    this.upsertAgent = db.prepare(`
      INSERT INTO agents (path, scope, project_cwd, name, description, model, tools_json, error, mtime_ms, seen_at)
      VALUES (@path, @scope, @projectCwd, @name, @description, @model, @toolsJson, @error, @mtimeMs, @seenAt)
      ON CONFLICT(path) DO UPDATE SET
        scope = excluded.scope, project_cwd = excluded.project_cwd, name = excluded.name,
        description = excluded.description, model = excluded.model, tools_json = excluded.tools_json,
        error = excluded.error, mtime_ms = excluded.mtime_ms, seen_at = excluded.seen_at`);
    this.upsertSubforge = db.prepare(`
      INSERT INTO subforge_files (path, project_cwd, kind, summary_json, error, mtime_ms, ts)
      VALUES (@path, @projectCwd, @kind, @summaryJson, @error, @mtimeMs, @ts)
      ON CONFLICT(path) DO UPDATE SET
        project_cwd = excluded.project_cwd, kind = excluded.kind, summary_json = excluded.summary_json,
        error = excluded.error, mtime_ms = excluded.mtime_ms, ts = excluded.ts`);
  }

  /** Replaces the registry with the definitions found by one scan; returns whether anything changed. */
  syncAgents(rows: AgentDefinitionRow[], seenAt: number): boolean {
    let changed = false;
    this.db.transaction(() => {
      const before = this.db.prepare(`SELECT path, mtime_ms AS mtimeMs, error FROM agents`).all() as {
        path: string;
        mtimeMs: number;
        error: string | null;
      }[];
      const old = new Map(before.map((r) => [r.path, r]));
      for (const r of rows) {
        const prev = old.get(r.path);
        if (!prev || prev.mtimeMs !== r.mtimeMs || prev.error !== r.error) changed = true;
        old.delete(r.path);
        this.upsertAgent.run({ ...r, toolsJson: r.tools ? JSON.stringify(r.tools) : null, seenAt });
      }
      const drop = this.db.prepare(`DELETE FROM agents WHERE path = ?`);
      for (const path of old.keys()) {
        drop.run(path);
        changed = true;
      }
    })();
    return changed;
  }

  /** Paths of SubForge files stored now, with their mtimes. */
  subforgeFiles(): Map<string, number> {
    const rows = this.db.prepare(`SELECT path, mtime_ms AS mtimeMs FROM subforge_files`).all() as {
      path: string;
      mtimeMs: number;
    }[];
    return new Map(rows.map((r) => [r.path, r.mtimeMs]));
  }

  saveSubforgeFile(row: SubforgeFileRow): void {
    this.upsertSubforge.run({ ...row, summaryJson: row.summary ? JSON.stringify(row.summary) : null });
  }

  dropSubforgeFile(path: string): void {
    this.db.prepare(`DELETE FROM subforge_files WHERE path = ?`).run(path);
  }

  /** Folders sessions ran in: where project-scope agents and SubForge workspaces are looked for. */
  projectCwds(): string[] {
    return (
      this.db.prepare(`SELECT DISTINCT cwd FROM sessions WHERE cwd IS NOT NULL ORDER BY cwd`).all() as { cwd: string }[]
    ).map((r) => r.cwd);
  }
}
