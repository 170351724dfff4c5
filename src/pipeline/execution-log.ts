import type { Kysely } from 'kysely';
import type { Logger } from '../logger.ts';
import {
  appendExecutionLog,
  EXECUTION_LOG_LIMIT,
  type ExecutionLogKind,
  type NewLogLine,
} from '../store/repositories/execution-log.ts';
import type { Database } from '../store/tables.ts';
import type { RunOptions } from './validate.ts';

const FLUSH_AFTER_MS = 250;

interface LogDeps {
  db: Kysely<Database>;
  logger: Logger;
}

/**
 * The live log of one execution run. `write` never waits and never throws: lines are buffered and
 * written in order in small batches (at most one write in flight), so the pipeline pays no round trip
 * per line and a failing database only costs log lines, never the execution.
 */
export class ExecutionLog {
  /** The agent attempt that new lines belong to (0: the baseline; null: outside the attempts). */
  attempt: number | null = null;
  private buffer: NewLogLine[] = [];
  private skipped = 0;
  private timer: NodeJS.Timeout | undefined;
  private written: Promise<void> = Promise.resolve();
  private readonly deps: LogDeps;
  private readonly executionId: string;

  constructor(deps: LogDeps, executionId: string) {
    this.deps = deps;
    this.executionId = executionId;
  }

  write(kind: ExecutionLogKind, text: string): void {
    this.buffer.push({ kind, text, attempt: this.attempt, at: new Date() });
    // The table keeps the last lines only: a flood between two flushes is cut here already,
    // leaving room for the line that says so.
    if (this.buffer.length >= EXECUTION_LOG_LIMIT) {
      this.skipped += this.buffer.length - (EXECUTION_LOG_LIMIT - 1);
      this.buffer = this.buffer.slice(-(EXECUTION_LOG_LIMIT - 1));
    }
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
  }

  /** Writes what is buffered; resolves once every line written so far is stored (or given up). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const lines = this.buffer;
    this.buffer = [];
    if (this.skipped > 0) {
      const at = lines[0]?.at ?? new Date();
      lines.unshift({ kind: 'note', text: `${this.skipped} lines skipped (too many at once)`, at });
      this.skipped = 0;
    }
    if (lines.length === 0) return this.written;
    this.written = this.written.then(() =>
      appendExecutionLog(this.deps.db, this.executionId, lines).catch((error: unknown) =>
        this.deps.logger.warn({ err: error, executionId: this.executionId }, 'execution log write failed'),
      ),
    );
    return this.written;
  }

  /** Hooks for runChecks that log each check's start and end, then call `onCheck` (the status line). */
  checkHooks(phase: string, onCheck?: RunOptions['onCheck']): Pick<RunOptions, 'onCheck' | 'onCheckDone'> {
    return {
      onCheck: (k, m, check) => {
        this.write('check-start', `${phase}: ${check.name} started (${k} of ${m}): ${check.run}`);
        onCheck?.(k, m, check);
      },
      onCheckDone: (_k, _m, run) => {
        const counts =
          run.passed !== null || run.failed !== null
            ? ` (${run.passed ?? 0} passed, ${run.failed ?? 0} failed)`
            : '';
        const failing = run.failingNames.length ? `: ${run.failingNames.slice(0, 5).join('; ')}` : '';
        const seconds = (run.durationMs / 1000).toFixed(1);
        this.write('check-end', `${phase}: ${run.name} ${run.status} in ${seconds} s${counts}${failing}`);
      },
    };
  }
}

/** One or a few lines from outside the execution job (a cancel command, CI): awaited, never thrown. */
export async function logExecution(
  deps: LogDeps,
  executionId: string,
  lines: readonly NewLogLine[],
): Promise<void> {
  await appendExecutionLog(deps.db, executionId, lines).catch((error: unknown) =>
    deps.logger.warn({ err: error, executionId }, 'execution log write failed'),
  );
}
