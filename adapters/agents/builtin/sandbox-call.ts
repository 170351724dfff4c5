import type { SandboxResult } from '../../../src/ports/sandbox.ts';
import { minimalEnv } from '../sandbox-env.ts';
import { LIMITS, type ToolContext } from './context.ts';

export interface SandboxCallOptions {
  /** Added to the minimal environment (never the bot's own). */
  env?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * Runs one command of a tool through the sandbox: cwd = workspace, no network, a minimal environment,
 * a timeout that never outlives the run. A sandbox that cannot start ends the whole run (the model
 * cannot fix that); a failing command is just a result.
 */
export async function runInSandbox(
  context: ToolContext,
  argv: string[],
  options: SandboxCallOptions = {},
): Promise<SandboxResult> {
  const remaining = context.deadline - Date.now();
  const timeoutMs = Math.max(1, Math.min(options.timeoutMs ?? context.commandTimeoutMs, remaining));
  try {
    return await context.sandbox.run({
      argv,
      workspace: context.workspace,
      env: { ...minimalEnv('/tmp'), ...options.env },
      timeoutMs,
      maxOutputBytes: LIMITS.commandOutputBytes,
      signal: context.signal,
    });
  } catch (error) {
    if (context.signal.aborted) throw error;
    return context.fail(error);
  }
}
