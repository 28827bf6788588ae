// Per-test temporary Claude and data directories, removed afterwards.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDirs {
  claudeDir: string;
  dataDir: string;
  /** `<claudeDir>/projects/<project>` created on demand. */
  projectDir(project?: string): string;
  cleanup(): void;
}

export function makeTempDirs(): TempDirs {
  const root = mkdtempSync(join(tmpdir(), 'sfm-test-'));
  const claudeDir = join(root, 'claude');
  const dataDir = join(root, 'data');
  mkdirSync(join(claudeDir, 'projects'), { recursive: true });
  return {
    claudeDir,
    dataDir,
    projectDir(project = '-home-dev-demo') {
      const dir = join(claudeDir, 'projects', project);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
