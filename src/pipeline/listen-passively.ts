import type { Kysely } from 'kysely';
import { z } from 'zod';
import { refFromKeys } from '../domain/chat.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { QUEUES } from '../jobs/queues.ts';
import { renderPrompt } from '../prompts.ts';
import { createIntent, openIntents } from '../store/repositories/intents.ts';
import {
  advanceWindow,
  countUnread,
  findWindow,
  touchWindow,
  unreadMessages,
} from '../store/repositories/listen-windows.ts';
import type { StoredMessage } from '../store/repositories/messages.ts';
import type { Database } from '../store/tables.ts';
import { inTransaction } from '../store/transaction.ts';
import { mayRequestChange } from './change-signal.ts';
import type { StageDeps } from './context.ts';
import { generateStructured } from './model-call.ts';
import { quoteAll } from './transcript.ts';

/**
 * Kept minimal on purpose: the schema travels with every read of every watched channel. Bounds are
 * applied after parsing (titles cut, evidence checked against the lines actually sent).
 */
export const windowSchema = z.object({
  summary: z.string(),
  intents: z.array(
    z.object({
      title: z.string(),
      summary: z.string(),
      confidence: z.number(),
      evidence: z.array(z.number()),
    }),
  ),
});

export interface ListenSettings {
  quietSeconds: number;
  burstLimit: number;
}

/** Called while ingesting a message of a watched channel: schedule a read once the burst goes quiet. */
export async function scheduleListening(
  trx: Kysely<Database>,
  queue: JobQueue,
  settings: ListenSettings,
  channelId: string,
): Promise<void> {
  // Quiet is measured on this server's clock when messages arrive, not on the platform's timestamps.
  const at = new Date();
  const window = await touchWindow(trx, channelId, at);
  const readUpTo = window.summarized_until;
  if ((await countUnread(trx, channelId, readUpTo, settings.burstLimit)) >= settings.burstLimit) {
    // A long burst is read now; one job per window position, however many messages pile on.
    await queue.enqueue(
      QUEUES.listen,
      { channelId },
      { key: `${channelId}:burst:${readUpTo?.getTime() ?? 0}`, trx },
    );
    return;
  }
  const bucket = Math.floor(at.getTime() / (settings.quietSeconds * 1_000));

  await queue.enqueue(
    QUEUES.listen,
    { channelId },
    { key: `${channelId}:${bucket}`, trx, startAfterSeconds: settings.quietSeconds },
  );
}

/**
 * Reads what a watched channel said since the last read, with only the rolling summary as memory
 * (never the whole history again), and turns confident, new change requests into intents.
 */
export async function listenToWindow(deps: StageDeps, payload: { channelId: string }): Promise<void> {
  const model = deps.model;
  const window = await findWindow(deps.db, payload.channelId);
  if (!model || !window) return;
  const unread = await unreadMessages(deps.db, payload.channelId, window.summarized_until, deps.burstLimit);
  if (unread.length === 0) return;
  const quietSince = Date.now() - (window.last_message_at?.getTime() ?? 0);
  if (unread.length < deps.burstLimit && quietSince < deps.quietSeconds * 1_000) {
    const wait = Math.ceil((deps.quietSeconds * 1_000 - quietSince) / 1_000);
    await deps.queue.enqueue(QUEUES.listen, payload, {
      key: `${payload.channelId}:recheck:${window.last_message_at?.getTime()}`,
      startAfterSeconds: Math.max(1, wait),
    });
    return;
  }
  if (deps.passivePrefilter && !unread.some((m) => mayRequestChange(m.text))) {
    // Nothing in this burst could be a change request: mark it read without asking the model.
    await advanceWindow(
      deps.db,
      payload.channelId,
      window.summarized_until,
      (unread.at(-1) as StoredMessage).sentAt,
      window.summary,
    );
    if (unread.length >= deps.burstLimit)
      await deps.queue.enqueue(QUEUES.listen, payload, {
        key: `${payload.channelId}:more:${(unread.at(-1) as StoredMessage).sentAt.getTime()}`,
      });
    return;
  }
  const open = await openIntents(deps.db, payload.channelId);

  const answer = await generateStructured(model, {
    stage: 'listen',
    subjectId: payload.channelId,
    channelId: payload.channelId,
    schema: windowSchema,
    prompt: renderPrompt('listen-passively', {
      summary: window.summary || '(nothing yet)',
      open: open.length ? open.map((i) => i.title).join('; ') : '(none)',
      messages: quoteAll(unread),
    }),
  });
  const last = unread.at(-1) as StoredMessage;
  const advanced = await inTransaction(deps.db, async (trx) => {
    if (
      !(await advanceWindow(
        trx,
        payload.channelId,
        window.summarized_until,
        last.sentAt,
        answer.summary.slice(0, 600),
      ))
    )
      return false;
    const known = new Set(open.map((i) => normalize(i.title)));
    for (const found of answer.intents.slice(0, 5)) {
      const evidence = found.evidence
        .map((n) => unread[n - 1])
        .filter((m): m is StoredMessage => m !== undefined);
      if (
        found.confidence < deps.passiveThreshold ||
        evidence.length === 0 ||
        known.has(normalize(found.title))
      )
        continue;
      known.add(normalize(found.title));
      const anchor = evidence.at(-1) as StoredMessage;
      const intent = await createIntent(
        trx,
        {
          channelId: payload.channelId,
          threadId: anchor.threadId,
          trigger: 'passive',
          triggerKey: `passive:${evidence.map((m) => m.id).join(',')}`,
          title: found.title.slice(0, 120),
          summary: found.summary.slice(0, 1_000),
          confidence: found.confidence,
          evidenceMessageIds: evidence.map((m) => m.id),
          triggerRef: refFromKeys(anchor.id, anchor.threadId),
          requestedBy: null,
        },
        { kind: 'job', detail: `passive listening, confidence ${found.confidence}` },
      );
      if (intent)
        await deps.queue.enqueue(QUEUES.draftSpec, { intentId: intent.id }, { key: intent.id, trx });
    }
    return true;
  });
  if (advanced && unread.length >= deps.burstLimit) {
    await deps.queue.enqueue(QUEUES.listen, payload, {
      key: `${payload.channelId}:more:${last.sentAt.getTime()}`,
    });
  }
}

const normalize = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
