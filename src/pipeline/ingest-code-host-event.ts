import type { Kysely } from 'kysely';
import type { CodeHostEvent, CodeHostEventSink } from '../domain/code-host-events.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { QUEUES } from '../jobs/queues.ts';
import type { Logger } from '../logger.ts';
import { claimInboundBody, recordInboundEvent } from '../store/repositories/inbound-events.ts';
import { findPullRequest, pullRequestsAt } from '../store/repositories/pull-request-state.ts';
import type { Database } from '../store/tables.ts';

export interface CodeHostIngestDeps {
  db: Kysely<Database>;
  queue: JobQueue;
  logger: Logger;
  /** Told of pushes to a default branch (a hint, never stored). */
  onPush?: (event: Extract<CodeHostEvent, { type: 'branch_pushed' }>) => void;
}

const TOLD_DEPLOYMENTS: readonly string[] = ['success', 'failure', 'error'];

/**
 * The inbound path of code host webhooks, before the acknowledgement: events about repositories or
 * pull requests Codecot does not know are acknowledged and ignored (nothing stored); the others are
 * deduplicated by delivery id and queued, in one transaction.
 */
export function createCodeHostEventSink(deps: CodeHostIngestDeps): CodeHostEventSink {
  return async (event) => {
    if (event.type === 'branch_pushed') {
      deps.onPush?.(event);
      return { status: 'accepted' };
    }
    const ignored = await whyIgnored(deps.db, event);
    if (ignored) {
      deps.logger.debug(
        { eventId: event.eventId, type: event.type, reason: ignored },
        'code host event ignored',
      );
      return { status: 'ignored', reason: ignored };
    }
    try {
      const fresh = await deps.db.transaction().execute(async (trx) => {
        if (!(await recordInboundEvent(trx, event.eventId, `code-host:${event.type}`))) return false;
        const first = event.bodyDigest ? await claimInboundBody(trx, event.bodyDigest, event.eventId) : null;
        // Thrown to roll the delivery's record back: a replay leaves nothing behind.
        if (first) throw new Replayed(first);
        await deps.queue.enqueue(QUEUES.codeHostEvent, { event }, { key: event.eventId, trx });
        return true;
      });
      return fresh ? { status: 'accepted' } : { status: 'duplicate' };
    } catch (error) {
      if (!(error instanceof Replayed)) throw error;
      return { status: 'replayed', of: error.of };
    }
  };
}

class Replayed extends Error {
  readonly of: string;
  constructor(of: string) {
    super(`a replay of ${of}`);
    this.of = of;
  }
}

async function whyIgnored(
  db: Kysely<Database>,
  event: Exclude<CodeHostEvent, { type: 'branch_pushed' }>,
): Promise<string | undefined> {
  switch (event.type) {
    case 'checks_completed': {
      const prs = await pullRequestsAt(db, event.repo, event.sha, event.prNumbers);
      return prs.length ? undefined : `no pull request of Codecot's in ${event.repo} at ${event.sha}`;
    }
    case 'pull_request_closed':
      return (await findPullRequest(db, event.repo, event.number))
        ? undefined
        : `${event.repo}#${event.number} is not a pull request of Codecot's`;
    case 'deployment_status': {
      if (!event.url) return 'the deployment has no environment URL';
      if (!TOLD_DEPLOYMENTS.includes(event.state)) return `the deployment is ${event.state}`;
      const prs = await pullRequestsAt(db, event.repo, event.sha);
      return prs.length ? undefined : `no pull request of Codecot's in ${event.repo} at ${event.sha}`;
    }
  }
}
