import { realpathSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { CodecotError } from '../../src/errors.ts';
import type { SandboxCommand, SandboxResult } from '../../src/ports/sandbox.ts';
import type { ProcessOutcome } from './process.ts';

/** Set when the caller did not: enough for sh, git and node to behave, and nothing of the bot's. */
export const DEFAULT_ENV = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: '/tmp',
  LANG: 'C.UTF-8',
} as const;

const invalid = (reason: string) => new CodecotError('sandbox_error', `invalid sandbox command: ${reason}`);

/**
 * Checks a command before anything starts and returns the workspace's real path. Only names are
 * quoted in errors, never environment values (they may be secrets the core passes on purpose).
 */
export function checkCommand(command: SandboxCommand): string {
  if (command.argv.length === 0 || !command.argv[0]) throw invalid('argv is empty');
  if (!Number.isFinite(command.timeoutMs) || command.timeoutMs <= 0) throw invalid('timeoutMs must be > 0');
  if (!Number.isInteger(command.maxOutputBytes) || command.maxOutputBytes < 0) {
    throw invalid('maxOutputBytes must be a non-negative integer');
  }
  for (const [key, value] of Object.entries(command.env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      throw invalid(`environment variable name ${JSON.stringify(key)}`);
    if (value.includes('\0')) throw invalid(`environment variable ${key} contains a NUL byte`);
  }
  if (command.argv.some((arg) => arg.includes('\0'))) throw invalid('an argument contains a NUL byte');
  if (!isAbsolute(command.workspace)) throw invalid('workspace must be an absolute path');
  let real: string;
  try {
    real = realpathSync(command.workspace);
    if (!statSync(real).isDirectory()) throw invalid(`workspace ${command.workspace} is not a directory`);
  } catch (error) {
    if (error instanceof CodecotError) throw error;
    throw new CodecotError('sandbox_error', `workspace ${command.workspace} does not exist`, {
      cause: error,
    });
  }
  if (real === '/') throw invalid('the workspace cannot be the root directory');
  return real;
}

/** The command's environment with the defaults filled in where it says nothing. */
export function environmentOf(command: SandboxCommand): Record<string, string> {
  return { ...DEFAULT_ENV, ...command.env };
}

/** The port's result from a process outcome; a program that could not start exits 127 like in a shell. */
export function toResult(outcome: ProcessOutcome): SandboxResult {
  const { exitCode, signal, stdout, stderr, timedOut, truncated, durationMs } = outcome;
  const result = { exitCode, signal, stdout, stderr, timedOut, truncated, durationMs };
  return outcome.spawnError
    ? { ...result, exitCode: 127, stderr: `${outcome.spawnError.message}\n` }
    : result;
}
