import type { GitAuth } from './code-host.ts';

/** A fresh checkout of one repository for one execution, on its own branch. */
export interface Workspace {
  /** The checkout directory: the only place an agent or a validation command may write. */
  path: string;
  repo: string;
  /** `codecot/<short-id>-<slug>`. */
  branch: string;
  baseBranch: string;
  baseSha: string;
}

export interface ChangedFile {
  path: string;
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  additions: number;
  deletions: number;
  binary: boolean;
  /** Size of the file after the change (0 when deleted). */
  bytes: number;
}

export interface WorkspaceDiff {
  files: ChangedFile[];
  /** The unified diff against the base commit (binary files as stubs), possibly cut at a limit. */
  patch: string;
  truncated: boolean;
}

export interface PrepareInput {
  repo: string;
  cloneUrl: string;
  auth: GitAuth;
  baseBranch: string;
  branch: string;
  /** Names the checkout directory, so a crashed run's leftovers can be found and removed. */
  executionId: string;
  /**
   * `branch` already exists on the remote (a later iteration of the same pull request): check out its
   * tip and commit on top of it; `baseSha` is then where it forked from `baseBranch`.
   */
  existingBranch?: boolean;
  /**
   * The base branch's tip as the code host reports it now. When the mirror's base branch already points
   * there (a push webhook refreshed it, or nothing was merged since the last run), the fetch is skipped.
   */
  expectedBaseSha?: string;
}

/** A repository whose mirror should be brought up to date now (a push was announced). */
export interface RefreshInput {
  repo: string;
  cloneUrl: string;
  auth: GitAuth;
}

/** Git working copies: a cached mirror per repository and a fresh checkout per execution. */
export interface WorkspaceManager {
  /** Fetches the mirror (cloning it the first time), then checks out `baseBranch` on a new `branch`. */
  prepare(input: PrepareInput): Promise<Workspace>;
  /** Everything changed in the workspace against its base commit, committed or not. */
  diff(workspace: Workspace, maxPatchBytes: number): Promise<WorkspaceDiff>;
  /** Commits all changes with Codecot as committer; returns the new head sha, or null when nothing changed. */
  commitAll(workspace: Workspace, message: string): Promise<string | null>;
  /**
   * Pushes the workspace branch to the repository. `replace` lets a fresh run overwrite what an
   * interrupted run of the same branch pushed before it died; without it only a fast-forward is pushed.
   */
  push(workspace: Workspace, auth: GitAuth, cloneUrl: string, options?: { replace?: boolean }): Promise<void>;
  /** Deletes the checkout (the mirror stays for the next run). */
  remove(workspace: Workspace): Promise<void>;
  /** Bytes on disk: mirrors and live checkouts. */
  diskUsage(): Promise<{ mirrorsBytes: number; workspacesBytes: number }>;
  /** Removes checkouts left by executions that are no longer running (after a crash); returns their ids. */
  cleanupOrphans?(activeExecutionIds: Iterable<string>): Promise<string[]>;
  /** Resolves when background work is done (awaited on shutdown). */
  idle?(): Promise<void>;
  /** Fetches the repository's mirror if this process has one; false when it has none (nothing is created). */
  refresh?(input: RefreshInput): Promise<boolean>;
}
