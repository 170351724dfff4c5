import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodecotError } from '../../src/errors.ts';
import type { SandboxCommand, SandboxResult } from '../../src/ports/sandbox.ts';
import { redact } from '../../src/redact.ts';
import { runProcess } from '../local/process.ts';

const refuse = (reason: string) => new CodecotError('sandbox_error', `docker sandbox unavailable: ${reason}`);

/** The engine answers `docker version`; otherwise there is no Docker engine to run in. */
async function checkEngine(dockerBin: string, clientEnv: Record<string, string>): Promise<void> {
  const version = await runProcess({
    file: dockerBin,
    args: ['version', '--format', '{{.Server.Version}}'],
    env: clientEnv,
    timeoutMs: 15_000,
    maxOutputBytes: 16 * 1024,
  });
  if (version.spawnError) {
    throw refuse(`the docker CLI (${dockerBin}) is not installed, so there is no Docker engine to use`);
  }
  if (version.exitCode !== 0 || version.stdout.trim() === '') {
    const why = redact(version.stderr.trim().split('\n')[0] ?? '') || `exit code ${version.exitCode}`;
    throw refuse(`no Docker engine is reachable (${why})`);
  }
}

/**
 * Refuses unless the engine answers and a trivial container runs with no capabilities and no
 * network besides `lo`, through the same `run` every command takes.
 */
export async function checkDocker(
  dockerBin: string,
  clientEnv: Record<string, string>,
  run: (command: SandboxCommand) => Promise<SandboxResult>,
): Promise<void> {
  await checkEngine(dockerBin, clientEnv);
  const workspace = await mkdtemp(join(tmpdir(), 'codecot-docker-check-'));
  try {
    const result = await run({
      argv: ['sh', '-c', 'cat /proc/self/status /proc/net/dev'],
      workspace,
      env: {},
      timeoutMs: 60_000,
      maxOutputBytes: 64 * 1024,
    });
    if (result.exitCode !== 0) throw refuse(`a trivial container failed: ${redact(result.stderr.trim())}`);
    const capEff = /^CapEff:\s*([0-9a-f]+)$/m.exec(result.stdout)?.[1];
    if (capEff === undefined || /[^0]/.test(capEff))
      throw refuse(`container capabilities are not dropped (${capEff})`);
    const interfaces = [...result.stdout.matchAll(/^\s*([\w.-]+):\s+\d/gm)].map((match) => match[1]);
    if (interfaces.some((name) => name !== 'lo'))
      throw refuse(`container has network interfaces: ${interfaces}`);
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}
