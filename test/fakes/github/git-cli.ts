import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Identity the fake uses for every commit it makes (initial commits, merges), so SHAs are reproducible. */
export const FAKE_GIT_IDENTITY = {
  name: 'Fake GitHub',
  email: 'fake-github@users.noreply.invalid',
  date: '2024-01-01T00:00:00Z',
} as const;

/**
 * A clean environment for git: no system/global config (a developer's commit.gpgsign or credential helper
 * must not leak in), no interactive prompts (a missing credential must fail fast instead of hanging).
 * Built from scratch rather than from process.env so GIT_DIR & co. from an outer hook cannot interfere.
 */
export function isolatedGitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C',
    HOME: process.env.HOME ?? '/tmp',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    GIT_AUTHOR_NAME: FAKE_GIT_IDENTITY.name,
    GIT_AUTHOR_EMAIL: FAKE_GIT_IDENTITY.email,
    GIT_AUTHOR_DATE: FAKE_GIT_IDENTITY.date,
    GIT_COMMITTER_NAME: FAKE_GIT_IDENTITY.name,
    GIT_COMMITTER_EMAIL: FAKE_GIT_IDENTITY.email,
    GIT_COMMITTER_DATE: FAKE_GIT_IDENTITY.date,
    ...extra,
  };
}

export interface RunGitOptions {
  cwd?: string;
  env?: Record<string, string>;
}

export class GitCommandError extends Error {
  readonly stderr: string;
  readonly exitCode: number | string | undefined;
  constructor(args: readonly string[], stderr: string, exitCode: number | string | undefined) {
    super(`git ${args.join(' ')} failed (exit ${exitCode}): ${stderr.trim()}`);
    this.name = 'GitCommandError';
    this.stderr = stderr;
    this.exitCode = exitCode;
  }
}

/**
 * Runs git asynchronously. It must never be synchronous: the fake's HTTP server lives in the same process,
 * and a blocking `git clone` against it would deadlock.
 */
export async function runGitBuffer(args: readonly string[], options: RunGitOptions = {}): Promise<Buffer> {
  try {
    const { stdout } = await execFileAsync('git', [...args], {
      cwd: options.cwd,
      env: isolatedGitEnv(options.env),
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const failure = error as { stderr?: Buffer; code?: number | string };
    throw new GitCommandError(args, failure.stderr?.toString('utf8') ?? String(error), failure.code);
  }
}

/** Same as runGitBuffer, returning trimmed UTF-8 stdout. */
export async function runGit(args: readonly string[], options: RunGitOptions = {}): Promise<string> {
  return (await runGitBuffer(args, options)).toString('utf8').trim();
}
