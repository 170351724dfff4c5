import type { Kysely } from 'kysely';
import type { Database } from '../tables.ts';

// Repository names are compared without case: GitHub treats `Acme/Widgets` and `acme/widgets` alike,
// and a webhook may spell it differently from the channel's link.

/** A pull request Codecot opened, by repository and number. */
export async function findPullRequest(db: Kysely<Database>, repo: string, number: number) {
  return db
    .selectFrom('pull_requests')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['repo']), '=', repo.toLowerCase()))
    .where('number', '=', number)
    .executeTakeFirst();
}

/** Codecot's pull requests whose head is `sha`, or whose number a webhook named. */
export async function pullRequestsAt(
  db: Kysely<Database>,
  repo: string,
  sha: string,
  numbers: number[] = [],
) {
  return db
    .selectFrom('pull_requests')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['repo']), '=', repo.toLowerCase()))
    .where((eb) =>
      eb.or([eb('head_sha', '=', sha), ...(numbers.length ? [eb('number', 'in', numbers)] : [])]),
    )
    .execute();
}

/** A later iteration pushed a new head (and may have turned a draft into a pull request ready for review). */
export async function setPullRequestHead(
  db: Kysely<Database>,
  id: string,
  headSha: string,
  draft?: boolean,
): Promise<void> {
  await db
    .updateTable('pull_requests')
    .set({ head_sha: headSha, ...(draft === undefined ? {} : { draft }), updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** Records a merge or close once; false when it was already recorded (a redelivered event). */
export async function closePullRequest(
  db: Kysely<Database>,
  id: string,
  state: 'merged' | 'closed',
  closedBy: string | null,
): Promise<boolean> {
  const result = await db
    .updateTable('pull_requests')
    .set({ state, closed_by: closedBy, updated_at: new Date() })
    .where('id', '=', id)
    .where('state', '=', 'open')
    .executeTakeFirst();
  return (result.numUpdatedRows ?? 0n) > 0n;
}
