import { tmpdir } from 'node:os';
import { CodecotError } from '../../src/errors.ts';
import type { Sandbox, SandboxCommand, SandboxResult } from '../../src/ports/sandbox.ts';
import { checkCommand, environmentOf, toResult } from './command.ts';
import { runProcess } from './process.ts';

/**
 * The `local` backend: NO isolation. The command runs as the bot's own user with full access to
 * the host's files, network and other processes; only the environment is controlled (exactly
 * `command.env`, never merged with the bot's, so tokens are not handed over by inheritance) and
 * the timeout and output cap apply. The core must refuse it unless it is explicitly configured,
 * and say so in every spec message; it exists for hosts with neither bubblewrap nor Docker.
 */
export function createLocalSandbox(): Sandbox {
  return {
    name: 'local',
    isolated: false,
    async selfCheck() {
      const result = await runLocal({
        argv: ['sh', '-c', 'echo ok'],
        workspace: tmpdir(),
        env: {},
        timeoutMs: 10_000,
        maxOutputBytes: 1024,
      });
      if (result.exitCode !== 0 || result.stdout.trim() !== 'ok') {
        throw new CodecotError('sandbox_error', `local sandbox cannot run sh: ${result.stderr.trim()}`);
      }
    },
    run: runLocal,
  };
}

async function runLocal(command: SandboxCommand): Promise<SandboxResult> {
  const workspace = checkCommand(command);
  const [file, ...args] = command.argv as [string, ...string[]];
  const outcome = await runProcess({
    file,
    args,
    env: environmentOf(command),
    cwd: workspace,
    timeoutMs: command.timeoutMs,
    maxOutputBytes: command.maxOutputBytes,
    signal: command.signal,
  });
  return toResult(outcome);
}
