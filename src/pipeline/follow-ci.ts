import { executionMachine } from '../domain/execution.ts';
import { QUEUES } from '../jobs/queues.ts';
import type { CodeHost } from '../ports/code-host.ts';
import { moveState } from '../store/transitions.ts';
import { CI_DEFAULTS, type StageDeps } from './context.ts';

export interface WatchPayload {
  executionId: string;
  sha: string;
  /** When the head was pushed (ISO); grace and timeout count from here. */
  since: string;
  poll: number;
  /** The thread was told that the code host refuses to answer; it is told once per watch. */
  told?: boolean;
}

export const ciHost = (deps: StageDeps): CodeHost | undefined => deps.execution?.codeHost ?? deps.codeHost;
export const ciWatchKey = (repo: string, number: number, sha: string) => `${repo}#${number}@${sha}`;

/**
 * After a pull request opened or got a new head: when the code host runs CI, the execution waits in
 * `ci-pending` and the first poll is queued in the same transaction (so neither exists without the
 * other). Returns false when there is no CI to follow.
 */
export async function followCi(
  deps: StageDeps,
  execution: { id: string },
  pr: { repo: string; number: number },
  sha: string,
): Promise<boolean> {
  if (!ciHost(deps)?.runsCi) return false;
  const payload: WatchPayload = { executionId: execution.id, sha, since: new Date().toISOString(), poll: 0 };
  await deps.db.transaction().execute(async (trx) => {
    await moveState(trx, 'executions', execution.id, executionMachine, 'ci-pending', {
      kind: 'job',
      detail: `waiting for CI on ${sha}`,
    });
    await deps.queue.enqueue(QUEUES.watchCi, payload, {
      key: ciWatchKey(pr.repo, pr.number, sha),
      trx,
      startAfterSeconds: (deps.ci ?? CI_DEFAULTS).pollSeconds,
    });
  });
  return true;
}
