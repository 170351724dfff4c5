import type { ChatMessage } from '../domain/chat.ts';
import { refFromKeys } from '../domain/chat.ts';
import { specVersionMachine } from '../domain/spec.ts';
import { renderPrompt } from '../prompts.ts';
import { findChannel } from '../store/repositories/channels.ts';
import { threadMessages } from '../store/repositories/messages.ts';
import { addSpecVersion, findSpec, findVersionBySource, latestVersion } from '../store/repositories/specs.ts';
import { moveState } from '../store/transitions.ts';
import { chatFor, NO_MODEL_NOTE, type StageDeps } from './context.ts';
import { generateStructured } from './model-call.ts';
import { postSpecVersion } from './post-spec.ts';
import { renderSuperseded } from './render-spec.ts';
import { specBodySchema } from './spec-schema.ts';
import { quoteAll } from './transcript.ts';

export interface RevisionRequest {
  specId: string;
  eventId: string;
  message: ChatMessage;
}

/**
 * A trusted person's reply in the thread of a proposed spec produces the next version; the previous
 * one becomes superseded and its message says so. Idempotent per reply (the version remembers the
 * event that made it).
 */
export async function reviseSpec(deps: StageDeps, request: RevisionRequest): Promise<void> {
  const { message } = request;
  if (message.author.trust !== 'trusted' || message.author.isBot) return;
  const spec = await findSpec(deps.db, request.specId);
  const channel = spec && (await findChannel(deps.db, spec.channelId));
  if (!spec || !channel) return;
  const chat = chatFor(deps, channel.ref.platform);
  let next = await findVersionBySource(deps.db, spec.id, request.eventId);
  if (!next) {
    const current = await latestVersion(deps.db, spec.id);
    if (current?.state !== 'proposed') return;
    if (!deps.model) {
      await chat.post(channel.ref, { text: NO_MODEL_NOTE }, message.ref);
      return;
    }
    const body = await generateStructured(deps.model, {
      stage: 'revise-spec',
      subjectId: spec.intentId,
      channelId: channel.id,
      schema: specBodySchema,
      prompt: renderPrompt('revise-spec', {
        version: String(current.version),
        spec: JSON.stringify(current.body, null, 1),
        feedback: quoteAll([
          {
            id: 'feedback',
            channelId: channel.id,
            threadId: spec.threadId,
            authorId: message.author.id,
            authorName: message.author.name,
            trusted: true,
            untrustedReason: null,
            isBot: false,
            text: message.text,
            sentAt: message.at,
            editedAt: null,
            deleted: false,
          },
        ]),
        conversation: quoteAll(await threadMessages(deps.db, spec.threadId, 30)),
      }),
    });
    const cause = { kind: 'message' as const, actor: message.author.id, eventId: request.eventId };
    next = await deps.db.transaction().execute(async (trx) => {
      await moveState(trx, 'spec_versions', current.id, specVersionMachine, 'superseded', cause);
      return addSpecVersion(trx, spec.id, body, cause);
    });
    if (current.messageId) {
      await chat.update(
        refFromKeys(current.messageId, spec.threadId),
        renderSuperseded(current.body, current.version, next.version),
      );
    }
  }
  if (!next.messageId) {
    await postSpecVersion(deps, {
      specId: spec.id,
      version: next,
      channel,
      repo: spec.repo,
      replyTo: message.ref,
    });
  }
}
