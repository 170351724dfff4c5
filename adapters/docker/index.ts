import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodecotError } from '../../src/errors.ts';
import type { Sandbox, SandboxCommand, SandboxResult } from '../../src/ports/sandbox.ts';
import { redact } from '../../src/redact.ts';
import { checkCommand, DEFAULT_ENV, toResult } from '../local/command.ts';
import { findExecutable } from '../local/find-executable.ts';
import { runProcess } from '../local/process.ts';
import { buildDockerRunArgs, envFileText } from './args.ts';
import { checkDocker } from './self-check.ts';

export interface DockerConfig {
  /** The image commands run in; it must hold the tools the agent and the checks need. */
  image: string;
  /** The docker CLI; `docker` found in the standard system directories unless given. */
  dockerBin?: string;
  /** The environment of the docker CLI itself (DOCKER_HOST, DOCKER_CONFIG, HOME); never the container's. */
  clientEnv?: Record<string, string>;
  pidsLimit?: number;
  memory?: string;
}

/** `docker run` exits 125 when the engine could not create or start the container. */
const DOCKER_FAILED = 125;

/**
 * The `docker` backend, for hosts with a Docker engine: each command in a throwaway container with
 * no network, no capabilities, a read-only root, a private /tmp, and only the workspace mounted.
 * Network allowlists are refused: `--network none` has no way out to allow.
 */
export function createDockerSandbox(config: DockerConfig): Sandbox {
  const dockerBin = findExecutable(config.dockerBin ?? 'docker');
  const clientEnv = { PATH: DEFAULT_ENV.PATH, ...config.clientEnv };

  async function run(command: SandboxCommand): Promise<SandboxResult> {
    const workspace = checkCommand(command);
    if (command.allowHosts && command.allowHosts.length > 0) {
      throw new CodecotError(
        'sandbox_error',
        'network allowlists are not supported by the docker backend yet',
      );
    }
    const stat = statSync(workspace);
    const dir = await mkdtemp(join(tmpdir(), 'codecot-docker-'));
    try {
      const envFile = join(dir, 'env');
      await writeFile(envFile, envFileText(command.env), { mode: 0o600 });
      const name = `codecot-${randomUUID()}`;
      const args = buildDockerRunArgs({
        image: config.image,
        name,
        argv: command.argv,
        workspace,
        envFile,
        user: { uid: stat.uid, gid: stat.gid },
        pidsLimit: config.pidsLimit ?? 512,
        memory: config.memory,
      });
      const outcome = await runProcess({
        file: dockerBin,
        args,
        env: clientEnv,
        timeoutMs: command.timeoutMs,
        maxOutputBytes: command.maxOutputBytes,
        signal: command.signal,
        onKill: () => {
          spawn(dockerBin, ['kill', name], { env: clientEnv, stdio: 'ignore' }).on('error', () => {});
        },
      });
      if (outcome.spawnError) {
        throw new CodecotError(
          'sandbox_error',
          `cannot start the docker CLI (${dockerBin}): ${outcome.spawnError.message}`,
        );
      }
      if (outcome.exitCode === DOCKER_FAILED && !outcome.timedOut && !outcome.aborted) {
        throw new CodecotError(
          'sandbox_error',
          `docker could not run the container: ${redact(outcome.stderr.trim())}`,
        );
      }
      return toResult(outcome);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  return {
    name: 'docker',
    isolated: true,
    selfCheck: () => checkDocker(dockerBin, clientEnv, run),
    run,
  };
}
