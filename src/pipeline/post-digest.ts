import { messageKey } from '../domain/chat.ts';
import type { DigestJob } from '../jobs/cron.ts';
import { findChannel } from '../store/repositories/channels.ts';
import {
  claimDigest,
  findDigest,
  markDigestPosted,
  previousDigestAt,
} from '../store/repositories/digests.ts';
import { chatFor, type StageDeps } from './context.ts';
import { buildDigestContent, type DigestContent, isEmptyDigest } from './digest-content.ts';
import { renderDigest } from './render-digest.ts';

/** A channel's first digest looks back this far. */
const FIRST_WINDOW_MS = 24 * 3_600_000;

/**
 * The digest job: reads what happened since the channel's previous digest, claims the period, and
 * posts unless nothing happened. The claim (unique channel and period) is what makes a digest
 * exactly-once across replicas and restarts: a run that finds the period claimed by another run
 * stops; a retry of the claiming run (same job id) finishes the post with the content it stored.
 */
export async function postDigest(deps: StageDeps, job: DigestJob, run: { jobId: string }): Promise<void> {
  const channel = await findChannel(deps.db, job.channelId);
  // A channel of a platform this Codecot no longer connects to gets no digest (and no retries).
  if (!channel || !deps.chats.has(channel.ref.platform)) return;
  const chat = chatFor(deps, channel.ref.platform);
  let claim = await resumableClaim(deps, job, run.jobId);
  if (claim === 'done') return;
  if (!claim) {
    const until = new Date();
    const since =
      (await previousDigestAt(deps.db, channel.id, job.periodKey)) ??
      new Date(until.getTime() - FIRST_WINDOW_MS);
    const content = await buildDigestContent(
      { db: deps.db, logger: deps.logger, chat },
      { channelId: channel.id, since, until },
    );
    const id = await claimDigest(deps.db, {
      channelId: channel.id,
      periodKey: job.periodKey,
      content: { ...content },
      claimedBy: run.jobId,
      cutAt: until,
    });
    if (!id) return;
    claim = { id, content };
  }
  if (isEmptyDigest(claim.content)) {
    deps.logger.debug({ channelId: channel.id, period: job.periodKey }, 'nothing happened: no digest');
    return;
  }
  const posted = await chat.post(channel.ref, renderDigest(claim.content));
  await markDigestPosted(deps.db, claim.id, messageKey(posted));
  deps.logger.info({ channelId: channel.id, period: job.periodKey }, 'digest posted');
}

/** 'done' when the period was posted or belongs to another run; the stored claim when this run made it. */
async function resumableClaim(
  deps: StageDeps,
  job: DigestJob,
  jobId: string,
): Promise<{ id: string; content: DigestContent } | 'done' | undefined> {
  const existing = await findDigest(deps.db, job.channelId, job.periodKey);
  if (!existing) return undefined;
  if (existing.postedAt || existing.claimedBy !== jobId) return 'done';
  return { id: existing.id, content: existing.content as unknown as DigestContent };
}
