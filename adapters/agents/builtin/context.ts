import type { Sandbox } from '../../../src/ports/sandbox.ts';

/** What every tool of one run needs: where it may act, how to run commands, and when to stop. */
export interface ToolContext {
  /** The real path of the workspace: every file path is confined to it. */
  root: string;
  /** The workspace as the sandbox knows it (the path the task gave). */
  workspace: string;
  sandbox: Sandbox;
  /** Aborts on cancellation, on the run's wall-clock timeout, or after a fatal sandbox failure. */
  signal: AbortSignal;
  /** When the run's time is up (epoch ms): no command may outlive it. */
  deadline: number;
  commandTimeoutMs: number;
  /** Records a failure no retry by the model can fix (the sandbox cannot start) and stops the run. */
  fail(error: unknown): never;
}

/** Limits on what a tool sends back, so one answer cannot flood the model's context. */
export const LIMITS = {
  readChars: 20_000,
  readBytes: 5 * 1024 * 1024,
  writeChars: 1_000_000,
  listEntries: 400,
  searchMatches: 100,
  searchLineChars: 240,
  patchChars: 100_000,
  commandOutputBytes: 256 * 1024,
  commandTailChars: 8_000,
} as const;
