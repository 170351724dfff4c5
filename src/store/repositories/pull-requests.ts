import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../tables.ts';

export interface PullRequestRecord {
  specVersionId: string;
  repo: string;
  number: number;
  url: string;
  branch: string;
  state: string;
  draft: boolean;
  headSha: string;
}

/** Records a spec version's pull request once; a second record for the same version is ignored. */
export async function recordPullRequest(db: Kysely<Database>, pr: PullRequestRecord): Promise<void> {
  await db
    .insertInto('pull_requests')
    .values({
      id: randomUUID(),
      spec_version_id: pr.specVersionId,
      repo: pr.repo,
      number: pr.number,
      url: pr.url,
      branch: pr.branch,
      state: pr.state,
      draft: pr.draft,
      head_sha: pr.headSha,
    })
    .onConflict((oc) => oc.column('spec_version_id').doNothing())
    .execute();
}

export async function pullRequestOf(db: Kysely<Database>, specVersionId: string) {
  return db
    .selectFrom('pull_requests')
    .selectAll()
    .where('spec_version_id', '=', specVersionId)
    .executeTakeFirst();
}
