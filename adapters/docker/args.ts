import { CodecotError } from '../../src/errors.ts';

/** Everything one `docker run` depends on; `buildDockerRunArgs` turns it into arguments, with no I/O. */
export interface DockerRunPlan {
  image: string;
  /** The container's name, so a timeout can `docker kill` it (killing the CLI leaves it running). */
  name: string;
  argv: readonly string[];
  /** The workspace's real path, mounted read-write at the same path and used as the working directory. */
  workspace: string;
  /** A 0600 file of `KEY=value` lines: values stay out of `ps` and out of the CLI's own environment. */
  envFile: string;
  /** The workspace owner, so files the command writes belong to the same user as the checkout. */
  user: { uid: number; gid: number };
  pidsLimit: number;
  /** `docker run --memory` value (`2g`); no limit when unset. */
  memory?: string | undefined;
}

/**
 * No network at all, every capability dropped, no privilege gain through setuid binaries, a
 * read-only root with a private /tmp, a pid limit against fork bombs, and `--init` so the
 * command's children are reaped and die with it.
 */
export function buildDockerRunArgs(plan: DockerRunPlan): string[] {
  if (/[:,]/.test(plan.workspace)) {
    throw new CodecotError(
      'sandbox_error',
      `workspace path ${plan.workspace} contains ':' or ',' (not mountable)`,
    );
  }
  return [
    'run',
    '--rm',
    '--name',
    plan.name,
    '--init',
    '--network',
    'none',
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    '--read-only',
    '--tmpfs',
    '/tmp',
    '--pids-limit',
    String(plan.pidsLimit),
    ...(plan.memory ? ['--memory', plan.memory] : []),
    '--user',
    `${plan.user.uid}:${plan.user.gid}`,
    '-v',
    `${plan.workspace}:${plan.workspace}`,
    '-w',
    plan.workspace,
    '--env-file',
    plan.envFile,
    '--',
    plan.image,
    ...plan.argv,
  ];
}

/** The `--env-file` text; docker's format has no quoting, so a value with a newline cannot be passed. */
export function envFileText(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([key, value]) => {
      if (/[\r\n]/.test(value)) {
        throw new CodecotError(
          'sandbox_error',
          `environment variable ${key} contains a newline (docker cannot pass it)`,
        );
      }
      return `${key}=${value}\n`;
    })
    .join('');
}
