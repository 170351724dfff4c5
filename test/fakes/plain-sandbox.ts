import { spawn } from 'node:child_process';
import type { Sandbox, SandboxCommand, SandboxResult } from '../../src/ports/sandbox.ts';

/** Keeps the first `max` bytes of a stream and remembers whether anything was dropped. */
class Capture {
  readonly chunks: Buffer[] = [];
  bytes = 0;
  dropped = false;
  readonly max: number;
  constructor(max: number) {
    this.max = max;
  }
  push(chunk: Buffer): void {
    const room = this.max - this.bytes;
    if (chunk.length > room) this.dropped = true;
    if (room <= 0) return;
    const kept = chunk.subarray(0, room);
    this.chunks.push(kept);
    this.bytes += kept.length;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

export interface PlainSandbox extends Sandbox {
  /** Every command run, in order, as the agent passed it. */
  readonly commands: SandboxCommand[];
}

/**
 * A test-only Sandbox with NO isolation: a plain spawn with cwd = workspace and exactly the given
 * environment, a timeout and an abort that kill the whole process group, and capped output. It lets
 * agent tests run without depending on a real sandbox backend; isolation is the backends' own tests.
 */
export function createPlainSandbox(): PlainSandbox {
  const commands: SandboxCommand[] = [];
  return {
    name: 'plain',
    isolated: false,
    commands,
    selfCheck: async () => {},
    run(command) {
      commands.push(command);
      return runPlain(command);
    },
  };
}

function runPlain(command: SandboxCommand): Promise<SandboxResult> {
  const started = Date.now();
  const [program, ...args] = command.argv;
  if (program === undefined) return Promise.reject(new Error('empty argv'));
  return new Promise((resolve) => {
    const child = spawn(program, args, {
      cwd: command.workspace,
      env: command.env,
      detached: true, // own process group, so the kill reaches grandchildren too
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout = new Capture(command.maxOutputBytes);
    const stderr = new Capture(command.maxOutputBytes);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let timedOut = false;
    const killGroup = () => {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, command.timeoutMs);
    command.signal?.addEventListener('abort', killGroup, { once: true });
    if (command.signal?.aborted) killGroup();
    const finish = (exitCode: number | null, signal: string | null, extraError = '') => {
      clearTimeout(timer);
      command.signal?.removeEventListener('abort', killGroup);
      resolve({
        exitCode,
        signal,
        stdout: stdout.text(),
        stderr: stderr.text() + extraError,
        timedOut,
        truncated: stdout.dropped || stderr.dropped,
        durationMs: Date.now() - started,
      });
    };
    child.on('error', (error) => finish(127, null, String(error)));
    child.on('close', (code, signal) => finish(code, signal));
  });
}
