import { spawn } from 'node:child_process';

export interface GitRunOptions {
  /** Runs `git -C <cwd>`-like; defaults to the process cwd (commands pass --git-dir instead). */
  cwd?: string;
  /** `-c key=value` arguments that authenticate; placed before the subcommand and never shown anywhere. */
  secretArgs?: readonly string[];
  input?: string | Buffer;
  timeoutMs?: number;
  /** Stops reading after this many bytes of stdout and ends git (a patch cut at a limit). */
  maxStdoutBytes?: number;
}

export interface GitOutput {
  stdout: Buffer;
  /** True when stdout was cut at maxStdoutBytes. */
  truncated: boolean;
}

/** A git command that failed; `args` never contains the secret arguments. */
export class GitFailure extends Error {
  readonly args: readonly string[];
  readonly stderr: string;
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  constructor(args: readonly string[], stderr: string, exitCode: number | null, timedOut: boolean) {
    super(`git ${args.join(' ')} ${timedOut ? 'timed out' : `exited ${exitCode}`}`);
    this.name = 'GitFailure';
    this.args = args;
    this.stderr = stderr;
    this.exitCode = exitCode;
    this.timedOut = timedOut;
  }
}

/** Outside variables git may legitimately need: proxies and CA bundles of the host. */
const PASSTHROUGH = [
  'PATH',
  'TZ',
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
  'ALL_PROXY',
  'all_proxy',
  'GIT_SSL_CAINFO',
  'GIT_SSL_CAPATH',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
];

/**
 * Built from scratch rather than from process.env: the bot's secrets stay out of git and its helpers, a
 * developer's global config (credential helpers, hooks paths, signing) cannot change behaviour, nothing
 * prompts, and messages stay in English for error classification.
 */
export function gitEnvironment(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of PASSTHROUGH) if (process.env[name] !== undefined) env[name] = process.env[name];
  return {
    ...env,
    PATH: env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    LANG: 'C',
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    GCM_INTERACTIVE: 'never',
  };
}

export type RunGit = (args: readonly string[], options?: GitRunOptions) => Promise<GitOutput>;

/**
 * Runs git asynchronously (a synchronous call would block the event loop and deadlock against a server in
 * the same process). git runs in its own process group, so a timeout also ends its transport helpers.
 */
export function createGitRunner(env: NodeJS.ProcessEnv, defaultTimeoutMs: number): RunGit {
  return (args, options = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn('git', [...(options.secretArgs ?? []), ...args], {
        cwd: options.cwd,
        env,
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let stdoutBytes = 0;
      let truncated = false;
      let timedOut = false;
      const stop = () => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      };
      const timer = setTimeout(() => {
        timedOut = true;
        stop();
      }, options.timeoutMs ?? defaultTimeoutMs);
      child.stdout.on('data', (chunk: Buffer) => {
        if (truncated) return;
        const limit = options.maxStdoutBytes ?? Number.POSITIVE_INFINITY;
        stdout.push(chunk);
        stdoutBytes += chunk.length;
        if (stdoutBytes > limit) {
          truncated = true;
          stop();
        }
      });
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        const text = Buffer.concat(stderr).toString('utf8');
        if (truncated) resolve({ stdout: Buffer.concat(stdout), truncated });
        else if (code === 0 && !timedOut) resolve({ stdout: Buffer.concat(stdout), truncated });
        else reject(new GitFailure(args, text, code, timedOut));
      });
      // git may exit before reading all input (an error); its exit code tells the story.
      child.stdin.on('error', () => {});
      child.stdin.end(options.input ?? '');
    });
}

/** Trimmed UTF-8 stdout. */
export async function gitText(
  run: RunGit,
  args: readonly string[],
  options?: GitRunOptions,
): Promise<string> {
  return (await run(args, options)).stdout.toString('utf8').trim();
}
