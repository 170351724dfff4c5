import type { Kysely } from 'kysely';
import { pullRequestOf } from '../store/repositories/pull-requests.ts';
import type { Database } from '../store/tables.ts';
import type { CheckRun, CheckStatus } from './validate.ts';

/** How a later iteration continues the pull request its spec version already has. */
export interface Continuation {
  /** The pull request's branch: checked out at its tip, new commits go on top. */
  branch: string;
  /** The baseline the first iteration measured on the base commit, so failures are judged the same way. */
  baseline: CheckRun[];
}

/**
 * A spec version with an open pull request continues on its branch; otherwise (the first iteration, or
 * a retry before any pull request) the run starts fresh from the base branch.
 */
export async function continuationOf(
  db: Kysely<Database>,
  specVersionId: string,
): Promise<Continuation | undefined> {
  const pr = await pullRequestOf(db, specVersionId);
  if (pr?.state !== 'open') return undefined;
  return { branch: pr.branch, baseline: await earlierBaseline(db, specVersionId) };
}

/**
 * The base commit's checks as an earlier iteration recorded them. The checkout of a later iteration is
 * the pull request's tip, where running them again would pass off the change's own failures as the
 * base's. No recorded baseline means every failure counts as new: stricter, never kinder.
 */
async function earlierBaseline(db: Kysely<Database>, specVersionId: string): Promise<CheckRun[]> {
  const rows = await db
    .selectFrom('validation_runs as r')
    .innerJoin('executions as e', 'e.id', 'r.execution_id')
    .selectAll('r')
    .select('e.iteration')
    .where('e.spec_version_id', '=', specVersionId)
    .where('r.phase', '=', 'baseline')
    .orderBy('e.iteration')
    .orderBy('r.created_at')
    .execute();
  const first = rows[0]?.iteration;
  return rows
    .filter((r) => r.iteration === first)
    .map((r) => ({
      name: r.check_name,
      command: r.command,
      status: r.status as CheckStatus,
      exitCode: null,
      durationMs: r.duration_ms,
      passed: r.passed_count,
      failed: r.failed_count,
      failingNames: r.failing_names,
      logTail: r.log_tail,
    }));
}
