import { basename, join, resolve } from 'node:path';
import { CodecotError } from '../../src/errors.ts';
import type { Workspace } from '../../src/ports/workspaces.ts';

/** Where everything lives under the data directory (see README.md). */
export interface Layout {
  mirrorsDir: string;
  workspacesDir: string;
  /** Codecot's own git directory per checkout, out of the agent's reach. */
  gitDirsDir: string;
  /** One checkout per repository made ahead of time, claimed by the next prepare. */
  sparesDir: string;
}

export interface MirrorPaths {
  gitDir: string;
  lockFile: string;
  /** The repository's spare checkout (see spares.ts). */
  spareDir: string;
}

export interface ExecutionPaths {
  executionId: string;
  /** The checkout: the workspace the agent sees, with its own `.git` that Codecot never trusts. */
  checkout: string;
  /** Bare git directory whose index and refs describe the checkout for diff, commit and push. */
  gitDir: string;
}

const REPO = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\/[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const EXECUTION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function layoutOf(dataDir: string): Layout {
  const root = resolve(dataDir);
  return {
    mirrorsDir: join(root, 'mirrors'),
    workspacesDir: join(root, 'workspaces'),
    gitDirsDir: join(root, 'gitdirs'),
    sparesDir: join(root, 'spares'),
  };
}

/** One mirror per repository; GitHub names are case-insensitive, so the directory name is lowercase. */
export function mirrorPaths(layout: Layout, repo: string): MirrorPaths {
  if (!REPO.test(repo) || repo.includes('..')) {
    throw new CodecotError('bad_input', `not a repository name: "${repo}" (expected owner/name)`);
  }
  const [owner = '', name = ''] = repo.toLowerCase().split('/');
  const base = join(layout.mirrorsDir, owner, name);
  return { gitDir: `${base}.git`, lockFile: `${base}.lock`, spareDir: join(layout.sparesDir, owner, name) };
}

export function executionPaths(layout: Layout, executionId: string): ExecutionPaths {
  if (!EXECUTION_ID.test(executionId)) {
    throw new CodecotError('bad_input', `not a usable execution id: "${executionId}"`);
  }
  return {
    executionId,
    checkout: join(layout.workspacesDir, executionId),
    gitDir: join(layout.gitDirsDir, `${executionId}.git`),
  };
}

/** The paths of a workspace this manager made; anything else is refused rather than touched. */
export function pathsOfWorkspace(layout: Layout, workspace: Workspace): ExecutionPaths {
  const paths = executionPaths(layout, basename(workspace.path));
  if (resolve(workspace.path) !== paths.checkout) {
    throw new CodecotError('bad_input', `not a workspace of this manager: ${workspace.path}`);
  }
  return paths;
}

/** A clone URL must authenticate through GitAuth only: a password inside it would land in `.git/config`. */
export function assertCleanUrl(cloneUrl: string): void {
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/@:]*:[^/@]*@/i.test(cloneUrl)) {
    throw new CodecotError(
      'bad_input',
      'the clone URL carries credentials; pass them through GitAuth instead',
    );
  }
}
