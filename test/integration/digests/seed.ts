import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { ensureChannel } from '../../../src/store/repositories/channels.ts';
import type { Database } from '../../../src/store/tables.ts';
import { CHANNEL, specBody } from '../../helpers/pipeline.ts';
import { CHANNEL_ID } from './harness.ts';

/**
 * Rows as the pipeline leaves them, at chosen times (raw SQL with the original columns only, so the
 * seed does not depend on columns other stages add). Times are relative to the real clock.
 */
export const hoursAgo = (hours: number): Date => new Date(Date.now() - hours * 3_600_000);

let seq = 0;
const nextTs = () => `${1_700_100_000 + ++seq}.000200`;

export interface SeededSpec {
  versionId: string;
  /** The platform id of the spec message (what the permalink points at). */
  specMessageTs: string;
  /** The platform id of the request message the intent came from. */
  requestTs: string;
}

/** An intent, its spec and one version posted in the request's thread. */
export async function seedSpec(
  db: Kysely<Database>,
  s: { title: string; at: Date; state?: string; decidedAt?: Date; posted?: boolean },
): Promise<SeededSpec> {
  await ensureChannel(db, CHANNEL);
  const requestTs = nextTs();
  const specMessageTs = nextTs();
  const [intentId, specId, versionId] = [randomUUID(), randomUUID(), randomUUID()];
  const triggerRef = JSON.stringify({ channel: CHANNEL, messageId: requestTs });
  const thread = `${CHANNEL_ID}:${requestTs}`;
  await sql`insert into intents (id, channel_id, thread_id, trigger, trigger_key, state, title, summary,
      confidence, evidence, trigger_ref, created_at, updated_at)
    values (${intentId}, ${CHANNEL_ID}, ${thread}, 'mention', ${`seed:${intentId}`}, 'proposed', ${s.title},
      'seeded', 1, '[]'::jsonb, ${triggerRef}::jsonb, ${s.at}, ${s.at})`.execute(db);
  await sql`insert into specs (id, intent_id, channel_id, thread_id, repo, current_version, created_at)
    values (${specId}, ${intentId}, ${CHANNEL_ID}, ${thread}, 'acme/widgets', 1, ${s.at})`.execute(db);
  const messageId = s.posted === false ? null : `${CHANNEL_ID}:${specMessageTs}`;
  await sql`insert into spec_versions (id, spec_id, version, state, body, message_id, created_at, updated_at)
    values (${versionId}, ${specId}, 1, ${s.state ?? 'proposed'}, ${JSON.stringify(specBody(s.title))}::jsonb,
      ${messageId}, ${s.at}, ${s.decidedAt ?? s.at})`.execute(db);
  return { versionId, specMessageTs, requestTs };
}

/** A counted vote on a spec version, as the approval stage records it. */
export async function seedVote(db: Kysely<Database>, versionId: string, userId: string, emoji: string) {
  await sql`insert into reactions (id, event_id, message_id, spec_version_id, user_id, emoji, action, counted)
    values (${randomUUID()}, ${`seed:${randomUUID()}`}, 'seed', ${versionId}, ${userId}, ${emoji}, 'added', true)`.execute(
    db,
  );
}

export async function seedExecution(
  db: Kysely<Database>,
  versionId: string,
  e: {
    state: string;
    at: Date;
    iteration?: number;
    error?: string;
    validationOutcome?: string;
    createdAt?: Date;
  },
): Promise<string> {
  const id = randomUUID();
  await sql`insert into executions (id, spec_version_id, iteration, state, error, validation_outcome,
      created_at, updated_at)
    values (${id}, ${versionId}, ${e.iteration ?? 1}, ${e.state}, ${e.error ?? null},
      ${e.validationOutcome ?? null}, ${e.createdAt ?? e.at}, ${e.at})`.execute(db);
  return id;
}

export async function seedPullRequest(
  db: Kysely<Database>,
  versionId: string,
  p: { number: number; state: string; openedAt: Date; updatedAt?: Date; draft?: boolean; headSha?: string },
): Promise<string> {
  const id = randomUUID();
  await sql`insert into pull_requests (id, spec_version_id, repo, number, url, branch, state, draft, head_sha,
      created_at, updated_at)
    values (${id}, ${versionId}, 'acme/widgets', ${p.number}, ${`https://github.test/acme/widgets/pull/${p.number}`},
      ${`codecot/pr-${p.number}`}, ${p.state}, ${p.draft ?? false}, ${p.headSha ?? 'head1'}, ${p.openedAt},
      ${p.updatedAt ?? p.openedAt})`.execute(db);
  return id;
}

export async function seedCheck(
  db: Kysely<Database>,
  pullRequestId: string,
  c: { name: string; conclusion: string; headSha?: string },
) {
  await sql`insert into ci_checks (id, pull_request_id, head_sha, name, conclusion)
    values (${randomUUID()}, ${pullRequestId}, ${c.headSha ?? 'head1'}, ${c.name}, ${c.conclusion})`.execute(
    db,
  );
}
