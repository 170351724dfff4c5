import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** A git command that failed, with what git said. */
export class LocalGitFailure extends Error {
  readonly stderr: string;
  readonly exitCode: number | string | undefined;
  constructor(args: readonly string[], stderr: string, exitCode: number | string | undefined) {
    super(`git ${args.join(' ')} exited ${exitCode}: ${stderr.trim()}`);
    this.name = 'LocalGitFailure';
    this.stderr = stderr;
    this.exitCode = exitCode;
  }
}

/**
 * No global or system config (a developer's hooks, signing or credential helpers must not change what the
 * host reads), no prompts, English messages; built from scratch so the bot's secrets never reach git.
 */
const ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
  HOME: process.env.HOME ?? '/tmp',
  LANG: 'C',
  LC_ALL: 'C',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
};

/** Runs git against one repository asynchronously (a synchronous call would block every other job). */
export async function git(gitDir: string, args: readonly string[]): Promise<Buffer> {
  try {
    const { stdout } = await execFileAsync('git', ['--git-dir', gitDir, ...args], {
      env: ENV,
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 60_000,
    });
    return stdout;
  } catch (error) {
    const failure = error as { stderr?: Buffer; code?: number | string };
    throw new LocalGitFailure(args, failure.stderr?.toString('utf8') ?? String(error), failure.code);
  }
}

export const gitText = async (gitDir: string, args: readonly string[]): Promise<string> =>
  (await git(gitDir, args)).toString('utf8').trim();

/** Like gitText, but undefined when git exits non-zero (a missing ref, object or path). */
export async function gitMaybe(gitDir: string, args: readonly string[]): Promise<string | undefined> {
  try {
    return await gitText(gitDir, args);
  } catch (error) {
    if (error instanceof LocalGitFailure) return undefined;
    throw error;
  }
}

/** The commit a branch points at, or undefined when there is no such branch. */
export const branchSha = (gitDir: string, branch: string): Promise<string | undefined> =>
  gitMaybe(gitDir, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`]);
