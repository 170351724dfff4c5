import type { Kysely } from 'kysely';
import type { Database } from '../tables.ts';
import { type DigestWindow, type SpecPlace, titleOf } from './digest-activity.ts';

/** Failures older than this are taken as abandoned rather than waiting for a fix. */
export const FAILING_HORIZON_MS = 14 * 24 * 3_600_000;
/** A run that has not moved for this long, outside the PR and CI wait, counts as stuck. */
export const STUCK_AFTER_MS = 3_600_000;

const RUNNING_STATES = ['queued', 'preparing', 'agent', 'validating', 'pushing'];
const FAILED_CONCLUSIONS = ['failure', 'timed_out', 'startup_failure'];

export interface FailingRun {
  place: SpecPlace;
  /** `execution`: the run itself failed; `validation`: its checks failed; `ci`: CI fails on the PR head. */
  kind: 'execution' | 'validation' | 'ci';
  detail: string;
  prUrl: string | null;
}

/**
 * Failures not fixed yet: the latest execution of each spec of the channel failed, or its PR is open
 * with failing validation or failing CI on its current head. A later execution of the spec fixes it.
 */
export async function failingRuns(db: Kysely<Database>, w: DigestWindow): Promise<FailingRun[]> {
  const rows = await db
    .selectFrom('executions as e')
    .innerJoin('spec_versions as v', 'v.id', 'e.spec_version_id')
    .innerJoin('specs as s', 's.id', 'v.spec_id')
    .leftJoin('pull_requests as p', 'p.spec_version_id', 'v.id')
    .select(['e.state', 'e.error', 'e.validation_outcome', 'v.body', 'v.message_id', 's.thread_id'])
    .select(['p.id as pr_id', 'p.url as pr_url', 'p.state as pr_state', 'p.head_sha as pr_head'])
    .where('s.channel_id', '=', w.channelId)
    .where('e.updated_at', '>=', new Date(w.until.getTime() - FAILING_HORIZON_MS))
    .where('e.state', '!=', 'cancelled')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('executions as later')
            .innerJoin('spec_versions as lv', 'lv.id', 'later.spec_version_id')
            .select('later.id')
            .whereRef('lv.spec_id', '=', 's.id')
            .whereRef('later.created_at', '>', 'e.created_at'),
        ),
      ),
    )
    .orderBy('e.updated_at')
    .execute();
  const prIds = rows.flatMap((r) => (r.pr_id && r.pr_state === 'open' ? [r.pr_id] : []));
  const checks = prIds.length
    ? await db
        .selectFrom('ci_checks')
        .select(['pull_request_id', 'head_sha', 'name'])
        .where('pull_request_id', 'in', prIds)
        .where('conclusion', 'in', FAILED_CONCLUSIONS)
        .execute()
    : [];
  const failing: FailingRun[] = [];
  for (const r of rows) {
    const place = { title: titleOf(r.body), messageId: r.message_id, threadId: r.thread_id };
    const red = checks.filter((c) => c.pull_request_id === r.pr_id && c.head_sha === r.pr_head);
    if (r.state === 'failed') {
      failing.push({ place, kind: 'execution', detail: firstLine(r.error), prUrl: r.pr_url });
    } else if (red.length && r.state !== 'succeeded') {
      failing.push({ place, kind: 'ci', detail: red.map((c) => c.name).join(', '), prUrl: r.pr_url });
    } else if (r.validation_outcome === 'failed' && (r.state === 'pr-open' || r.state === 'ci-pending')) {
      failing.push({ place, kind: 'validation', detail: '', prUrl: r.pr_url });
    }
  }
  return failing;
}

/** Spec versions posted and still awaiting approval, oldest first, with when they were proposed. */
export async function awaitingApproval(db: Kysely<Database>, w: DigestWindow) {
  const rows = await db
    .selectFrom('spec_versions as v')
    .innerJoin('specs as s', 's.id', 'v.spec_id')
    .select(['v.body', 'v.version', 'v.message_id', 'v.created_at', 's.thread_id'])
    .where('s.channel_id', '=', w.channelId)
    .where('v.state', '=', 'proposed')
    .where('v.message_id', 'is not', null)
    .where('v.created_at', '<', w.until)
    .orderBy('v.created_at')
    .execute();
  return rows.map((r) => ({
    place: { title: titleOf(r.body), messageId: r.message_id, threadId: r.thread_id } satisfies SpecPlace,
    version: r.version,
    since: r.created_at,
  }));
}

/** Executions that have not moved for STUCK_AFTER_MS in a state Codecot itself should be advancing. */
export async function stuckExecutions(db: Kysely<Database>, w: DigestWindow) {
  const rows = await db
    .selectFrom('executions as e')
    .innerJoin('spec_versions as v', 'v.id', 'e.spec_version_id')
    .innerJoin('specs as s', 's.id', 'v.spec_id')
    .select(['e.state', 'e.updated_at', 'v.body', 'v.message_id', 's.thread_id'])
    .where('s.channel_id', '=', w.channelId)
    .where('e.state', 'in', RUNNING_STATES)
    .where('e.updated_at', '<', new Date(w.until.getTime() - STUCK_AFTER_MS))
    .orderBy('e.updated_at')
    .execute();
  return rows.map((r) => ({
    place: { title: titleOf(r.body), messageId: r.message_id, threadId: r.thread_id } satisfies SpecPlace,
    state: r.state,
    since: r.updated_at,
  }));
}

function firstLine(text: string | null): string {
  const line = (text ?? '').split('\n')[0]?.trim() ?? '';
  return line.length > 140 ? `${line.slice(0, 140)}…` : line;
}
