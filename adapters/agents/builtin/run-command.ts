import { redact } from '../../../src/redact.ts';
import { tail } from '../sandbox-env.ts';
import { LIMITS, type ToolContext } from './context.ts';
import { runInSandbox } from './sandbox-call.ts';

/**
 * Runs a shell command in the workspace through the sandbox (no network, minimal environment) and
 * reports the exit code and the tail of the output, where test failures and compiler errors end up.
 */
export async function runCommand(context: ToolContext, command: string): Promise<string> {
  const result = await runInSandbox(context, ['sh', '-c', command]);
  const status = result.timedOut
    ? `timed out after ${Math.round(result.durationMs / 1000)} s and was killed`
    : result.exitCode === null
      ? `killed by ${result.signal ?? 'a signal'}`
      : `exit code ${result.exitCode}`;
  const parts = [`${status} (${result.durationMs} ms)`];
  if (result.stdout) parts.push(`--- stdout ---\n${tail(result.stdout, LIMITS.commandTailChars)}`);
  if (result.stderr) parts.push(`--- stderr ---\n${tail(result.stderr, LIMITS.commandTailChars / 2)}`);
  if (result.truncated) parts.push('[output was longer than the sandbox keeps; some of it was dropped]');
  // Secrets should never be inside the sandbox; redacting here keeps one slip from reaching the model.
  return redact(parts.join('\n'));
}
