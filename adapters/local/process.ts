import { type StdioOptions, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { SandboxResult } from '../../src/ports/sandbox.ts';
import { captureCapped } from './output.ts';
import { killProcessTree, sigkill } from './process-tree.ts';

/** One program run by every backend: what to start, and the limits it runs under. */
export interface ProcessSpec {
  file: string;
  args: readonly string[];
  /** The complete environment of the started program; nothing of ours is inherited. */
  env: Record<string, string>;
  cwd?: string;
  timeoutMs: number;
  maxOutputBytes: number;
  signal?: AbortSignal | undefined;
  /** Written to the child's fd 3, which is then closed (bwrap reads its arguments there). */
  fd3Input?: Buffer;
  /** Collect what the child writes on fd 4 (bwrap's JSON status). */
  readFd4?: boolean;
  /** Run besides the tree kill on timeout or abort (a container the client does not own). */
  onKill?: () => void;
}

export interface ProcessOutcome extends SandboxResult {
  /** The program could not be started at all (ENOENT, EACCES). */
  spawnError?: Error;
  /** The caller's AbortSignal cut the run short. */
  aborted: boolean;
  fd4Text: string;
}

/** How long the pipes may stay open after the program exited (a straggler holding them). */
const CLOSE_GRACE_MS = 1_000;
const FD4_LIMIT = 64 * 1024;

/**
 * Runs a program in a process group of its own with a wall-clock timeout, an AbortSignal and an
 * output cap. On timeout or abort the whole tree is SIGKILLed; when the program exits on its own,
 * whatever it left running in its group is killed too, so no run outlives its result.
 */
export function runProcess(spec: ProcessSpec): Promise<ProcessOutcome> {
  const started = performance.now();
  const stdio: StdioOptions = ['ignore', 'pipe', 'pipe'];
  if (spec.fd3Input || spec.readFd4)
    stdio.push(spec.fd3Input ? 'pipe' : 'ignore', spec.readFd4 ? 'pipe' : 'ignore');
  return new Promise((resolve) => {
    let timedOut = false;
    let aborted = spec.signal?.aborted ?? false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let fd4Text = '';
    let grace: NodeJS.Timeout | undefined;
    const child = spawn(spec.file, spec.args, {
      env: spec.env,
      stdio,
      detached: true,
      ...(spec.cwd ? { cwd: spec.cwd } : {}),
    });
    const stdout = captureCapped(child.stdout, spec.maxOutputBytes);
    const stderr = captureCapped(child.stderr, spec.maxOutputBytes);
    const fd4 = child.stdio[4] as Readable | null | undefined;
    fd4?.setEncoding('utf8').on('data', (text: string) => {
      if (fd4Text.length < FD4_LIMIT) fd4Text += text;
    });
    fd4?.on('error', () => {});
    const fd3 = child.stdio[3] as Writable | null | undefined;
    fd3?.on('error', () => {});
    fd3?.end(spec.fd3Input);

    const stop = () => {
      if (child.pid !== undefined) killProcessTree(child.pid);
      spec.onKill?.();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, spec.timeoutMs);
    const onAbort = () => {
      aborted = true;
      stop();
    };
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    if (aborted) stop();

    let done = false;
    const finish = (spawnError?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(grace);
      spec.signal?.removeEventListener('abort', onAbort);
      resolve({
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        stdout: stdout.text(),
        stderr: stderr.text(),
        timedOut,
        truncated: stdout.truncated || stderr.truncated,
        durationMs: Math.round(performance.now() - started),
        aborted,
        fd4Text,
        ...(spawnError ? { spawnError } : {}),
      });
    };
    child.on('error', (error) => {
      if (child.pid === undefined) finish(error);
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      clearTimeout(timer);
      // Background jobs the program left behind die with it (bwrap's pid namespace does the same).
      if (child.pid !== undefined) sigkill(-child.pid);
      grace = setTimeout(() => {
        for (const stream of child.stdio) stream?.destroy();
        finish();
      }, CLOSE_GRACE_MS);
    });
    child.on('close', () => finish());
  });
}
