import { CodecotError } from '../../src/errors.ts';
import type { Sandbox, SandboxCommand, SandboxResult } from '../../src/ports/sandbox.ts';
import { redact } from '../../src/redact.ts';
import { checkCommand, environmentOf, toResult } from '../local/command.ts';
import { findExecutable } from '../local/find-executable.ts';
import { runProcess } from '../local/process.ts';
import { startAllowlistProxy } from './allowlist-proxy.ts';
import { buildBwrapArgs, encodeArgs } from './args.ts';
import { withForwarder } from './forwarder.ts';
import { hostSystemPaths } from './layout.ts';
import { runSelfCheck } from './self-check.ts';

export interface BwrapConfig {
  /** The bubblewrap binary; `bwrap` found in the standard system directories by default. */
  bwrapBin?: string;
  /** More host paths bound read-only at the same path inside (an /opt toolchain, say). */
  extraReadOnlyPaths?: string[];
  /** Size limit of the private /tmp, which lives in RAM; 1 GiB by default. */
  tmpSizeBytes?: number;
  /** Node binary bound in to run the allowlist forwarder; the running Node by default. */
  forwarderNode?: string;
}

const STATUS_FD = 4;

/**
 * The `bwrap` backend: each command in fresh user, pid, network, ipc, uts and cgroup namespaces
 * with every capability dropped and user namespaces disabled inside; the system read-only, a
 * private /tmp and /proc, only the workspace writable, only `lo` for a network. bwrap itself starts
 * with an EMPTY environment, so no `/proc/*\/environ` inside holds the bot's secrets.
 */
export function createBwrapSandbox(config: BwrapConfig = {}): Sandbox {
  const bwrapBin = findExecutable(config.bwrapBin ?? 'bwrap');
  const system = hostSystemPaths();
  const extraReadOnly = config.extraReadOnlyPaths ?? [];
  const forwarderNode = config.forwarderNode ?? process.execPath;

  async function run(command: SandboxCommand): Promise<SandboxResult> {
    const workspaceReal = checkCommand(command);
    const allowHosts = command.allowHosts ?? [];
    const proxy = allowHosts.length > 0 ? await startAllowlistProxy(allowHosts) : undefined;
    try {
      const inner = withForwarder(
        { argv: command.argv, env: environmentOf(command) },
        proxy && { socketPath: proxy.socketPath, node: forwarderNode },
      );
      const options = buildBwrapArgs({
        env: inner.env,
        ...(inner.extraBinds ? { extraBinds: inner.extraBinds } : {}),
        workspace: command.workspace,
        workspaceReal,
        system,
        extraReadOnly,
        tmpSizeBytes: config.tmpSizeBytes ?? 1024 ** 3,
        statusFd: STATUS_FD,
      });
      const outcome = await runProcess({
        file: bwrapBin,
        // Options (with the environment's values) go through a pipe, out of sight of `ps`.
        args: ['--args', '3', '--', ...inner.argv],
        // bwrap is pid 1 inside: with the bot's environment, /proc/1/environ would hand it over.
        env: {},
        timeoutMs: command.timeoutMs,
        maxOutputBytes: command.maxOutputBytes,
        signal: command.signal,
        fd3Input: encodeArgs(options),
        readFd4: true,
      });
      if (outcome.spawnError) {
        const reason = `cannot start bubblewrap (${bwrapBin}): ${outcome.spawnError.message}`;
        throw new CodecotError('sandbox_error', reason, { cause: outcome.spawnError });
      }
      const childRan = outcome.fd4Text.includes('"exit-code"');
      if (childRan || outcome.timedOut || outcome.aborted) return toResult(outcome);
      // bwrap prints `bwrap: execvp X: ...` when the program is missing: a failing command, like a shell's 127.
      if (/^bwrap: execvp /m.test(outcome.stderr)) return { ...toResult(outcome), exitCode: 127 };
      const reason = `bubblewrap could not set up the sandbox: ${redact(outcome.stderr.trim())}`;
      throw new CodecotError('sandbox_error', reason);
    } finally {
      await proxy?.close();
    }
  }

  return {
    name: 'bwrap',
    isolated: true,
    selfCheck: () => runSelfCheck(run),
    run,
  };
}
