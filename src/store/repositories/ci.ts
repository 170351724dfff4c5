import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../tables.ts';

export interface CiCheckRecord {
  name: string;
  conclusion: string;
  url: string | null;
  /** For a failing check: whether it fails on the base commit too (null: not run there, or passing). */
  failsOnBase: boolean | null;
  details: string | null;
}

/** Stores a pull request head's checks, replacing what an earlier read of the same head said. */
export async function saveCiChecks(
  db: Kysely<Database>,
  pullRequestId: string,
  headSha: string,
  checks: readonly CiCheckRecord[],
): Promise<void> {
  if (checks.length === 0) return;
  await db
    .insertInto('ci_checks')
    .values(
      checks.map((c) => ({
        id: randomUUID(),
        pull_request_id: pullRequestId,
        head_sha: headSha,
        name: c.name,
        conclusion: c.conclusion,
        url: c.url,
        fails_on_base: c.failsOnBase,
        details: c.details,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['pull_request_id', 'head_sha', 'name']).doUpdateSet((eb) => ({
        conclusion: eb.ref('excluded.conclusion'),
        url: eb.ref('excluded.url'),
        fails_on_base: eb.ref('excluded.fails_on_base'),
        details: eb.ref('excluded.details'),
        updated_at: new Date(),
      })),
    )
    .execute();
}

export async function ciChecksOf(
  db: Kysely<Database>,
  pullRequestId: string,
  headSha: string,
): Promise<CiCheckRecord[]> {
  const rows = await db
    .selectFrom('ci_checks')
    .selectAll()
    .where('pull_request_id', '=', pullRequestId)
    .where('head_sha', '=', headSha)
    .orderBy('name')
    .execute();
  return rows.map((r) => ({
    name: r.name,
    conclusion: r.conclusion,
    url: r.url,
    failsOnBase: r.fails_on_base,
    details: r.details,
  }));
}

export type CiOutcome = 'passed' | 'failed' | 'timed-out' | 'no-checks';

/** How long a claimer holds a report's delivery: far longer than a post takes, short enough to recover. */
export const CI_DELIVERY_HOLD_SECONDS = 60;
const holdUntil = sql<Date>`now() + make_interval(secs => ${CI_DELIVERY_HOLD_SECONDS})`;

/**
 * Claims the one CI report of a pull request head, holding its delivery. Returns it when this caller
 * claimed it, undefined when someone (a webhook, a poll) already had: only the claimer posts.
 */
export async function claimCiReport(
  db: Kysely<Database>,
  report: { executionId: string; pullRequestId: string; headSha: string; outcome: CiOutcome },
) {
  return db
    .insertInto('ci_reports')
    .values({
      id: randomUUID(),
      execution_id: report.executionId,
      pull_request_id: report.pullRequestId,
      head_sha: report.headSha,
      outcome: report.outcome,
      delivering_until: holdUntil,
    })
    .onConflict((oc) => oc.columns(['pull_request_id', 'head_sha']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function ciReportFor(db: Kysely<Database>, pullRequestId: string, headSha: string) {
  return db
    .selectFrom('ci_reports')
    .selectAll()
    .where('pull_request_id', '=', pullRequestId)
    .where('head_sha', '=', headSha)
    .executeTakeFirst();
}

export async function ciReportByMessage(db: Kysely<Database>, messageId: string) {
  return db.selectFrom('ci_reports').selectAll().where('message_id', '=', messageId).executeTakeFirst();
}

/** The newest CI report of an execution's spec version (what a reply's fix iteration is told). */
export async function latestCiReportOfVersion(db: Kysely<Database>, specVersionId: string) {
  return db
    .selectFrom('ci_reports as r')
    .innerJoin('executions as e', 'e.id', 'r.execution_id')
    .selectAll('r')
    .where('e.spec_version_id', '=', specVersionId)
    .orderBy('r.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function setCiReportMessage(db: Kysely<Database>, id: string, messageId: string) {
  await db
    .updateTable('ci_reports')
    .set({ message_id: messageId, delivering_until: null })
    .where('id', '=', id)
    .execute();
}

/**
 * Takes over the delivery of a report nobody posted: returns it when it is unposted and nobody holds it
 * (its poster died, or gave it back after a failed post), undefined otherwise.
 */
export async function takeCiReportDelivery(db: Kysely<Database>, id: string) {
  return db
    .updateTable('ci_reports')
    .set({ delivering_until: holdUntil })
    .where('id', '=', id)
    .where('message_id', 'is', null)
    .where((eb) => eb.or([eb('delivering_until', 'is', null), eb('delivering_until', '<', sql<Date>`now()`)]))
    .returningAll()
    .executeTakeFirst();
}

/** A post failed: the report goes back to whoever evaluates the head next (a retried job, the poll). */
export async function releaseCiReportDelivery(db: Kysely<Database>, id: string) {
  await db
    .updateTable('ci_reports')
    .set({ delivering_until: null })
    .where('id', '=', id)
    .where('message_id', 'is', null)
    .execute();
}
