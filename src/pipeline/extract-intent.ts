import { z } from 'zod';
import { type ChatUser, channelKey, type MessageRef, messageKey, threadKey } from '../domain/chat.ts';
import type { IntentTrigger } from '../domain/intent.ts';
import { QUEUES } from '../jobs/queues.ts';
import { renderPrompt } from '../prompts.ts';
import { ensureChannel } from '../store/repositories/channels.ts';
import { createIntent } from '../store/repositories/intents.ts';
import { chatFor, NO_MODEL_NOTE, type StageDeps } from './context.ts';
import { conversationAround } from './conversation.ts';
import { generateStructured } from './model-call.ts';
import { quoteAll } from './transcript.ts';

export const requestSchema = z.object({
  title: z.string().min(3).max(120),
  summary: z.string().min(1).max(2_000),
  actionable: z.boolean(),
});

export interface ExplicitRequest {
  trigger: Exclude<IntentTrigger, 'passive'>;
  /** The message the request is on; the spec is posted in its thread. */
  ref: MessageRef;
  requester: ChatUser;
  eventId: string;
  /** For `/codecot spec <text>`: the request itself (there is no message to read it from). */
  text?: string;
}

/**
 * Explicit triggers (mention, `/codecot spec`, the summon emoji): one request becomes one intent,
 * then a spec draft job. Only trusted people can summon Codecot; a request with nothing to build gets
 * a short answer instead of a spec.
 */
export async function intentFromRequest(deps: StageDeps, request: ExplicitRequest): Promise<void> {
  const chat = chatFor(deps, request.ref.channel.platform);
  if (request.requester.trust !== 'trusted' || request.requester.isBot) {
    deps.logger.info(
      { eventId: request.eventId, user: request.requester.id },
      'request by an untrusted author ignored',
    );
    return;
  }
  if (!deps.model) {
    await chat.post(request.ref.channel, { text: NO_MODEL_NOTE }, request.ref);
    return;
  }
  const channel = await ensureChannel(deps.db, request.ref.channel);
  const conversation = await conversationAround(deps.db, request.ref);
  const requestText =
    request.text ??
    conversation.find((m) => m.id === messageKey(request.ref))?.text ??
    '(see the conversation)';
  const answer = await generateStructured(deps.model, {
    stage: 'extract-intent',
    subjectId: messageKey(request.ref),
    channelId: channel.id,
    schema: requestSchema,
    prompt: renderPrompt('extract-intent', {
      trigger: request.trigger,
      request: quoteAll([{ ...placeholderAuthor(request.requester), text: requestText }]),
      conversation: quoteAll(conversation),
    }),
  });
  if (!answer.actionable) {
    await chat.post(
      request.ref.channel,
      {
        text: `I read this but found no code change to make. ${answer.summary}\nReply here with what should change, or mention me again.`,
      },
      request.ref,
    );
    return;
  }
  const intent = await createIntent(
    deps.db,
    {
      channelId: channelKey(request.ref.channel),
      threadId: threadKey(request.ref),
      trigger: request.trigger,
      triggerKey: `${request.trigger}:${request.trigger === 'command' ? request.eventId : messageKey(request.ref)}`,
      title: answer.title,
      summary: answer.summary,
      confidence: 1,
      evidenceMessageIds: conversation.map((m) => m.id),
      triggerRef: request.ref,
      requestedBy: request.requester.id,
    },
    {
      kind: request.trigger === 'emoji' ? 'reaction' : request.trigger === 'command' ? 'command' : 'message',
      actor: request.requester.id,
      eventId: request.eventId,
    },
  );
  if (intent) await deps.queue.enqueue(QUEUES.draftSpec, { intentId: intent.id }, { key: intent.id });
}

function placeholderAuthor(user: ChatUser) {
  return {
    id: 'request',
    channelId: '',
    threadId: '',
    authorId: user.id,
    authorName: user.name,
    trusted: user.trust === 'trusted',
    untrustedReason: user.untrustedReason ?? null,
    isBot: user.isBot,
    sentAt: new Date(0),
    editedAt: null,
    deleted: false,
  };
}
