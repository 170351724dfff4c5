import { threadKey } from '../domain/chat.ts';
import type { ChatEvent } from '../domain/chat-events.ts';
import { decodeEvent } from '../domain/event-codec.ts';
import { findSpecByThread } from '../store/repositories/specs.ts';
import { chatFor, type StageDeps } from './context.ts';
import { intentFromRequest } from './extract-intent.ts';
import { handleReaction } from './handle-approval.ts';
import { introduce } from './introduce.ts';
import { iterateFromReaction, iterateFromReply } from './iteration-triggers.ts';
import { noteRejectionReason } from './remember.ts';
import { reviseSpec } from './revise-spec.ts';

/** The job behind every stored inbound event that needs work beyond storing it. */
export async function handleChatEvent(
  deps: StageDeps,
  payload: { event: Record<string, unknown> },
): Promise<void> {
  const event = decodeEvent(payload.event);
  switch (event.type) {
    case 'bot_joined':
      await introduce(chatFor(deps, event.channel.platform), event.channel);
      return;
    case 'mention': {
      const spec = event.message.ref.threadId
        ? await findSpecByThread(deps.db, threadKey(event.message.ref))
        : undefined;
      // In the thread of an approved spec, a mention asks for another iteration, not a new spec.
      if (spec && (await iterateFromReply(deps, spec, event))) return;
      await intentFromRequest(deps, {
        trigger: 'mention',
        ref: event.message.ref,
        requester: event.message.author,
        eventId: event.eventId,
      });
      return;
    }
    case 'message': {
      const spec = await findSpecByThread(deps.db, threadKey(event.message.ref));
      if (spec) {
        // After a rejection, the rejecting approver's next reply here is remembered as the reason.
        await noteRejectionReason(deps, spec, event.message);
        // Once the spec is approved, a reply asks for another iteration instead of a new version.
        if (await iterateFromReply(deps, spec, event)) return;
        await reviseSpec(deps, { specId: spec.id, eventId: event.eventId, message: event.message });
      }
      return;
    }
    case 'reaction_added':
    case 'reaction_removed':
      // 🔁 on a CI failure (or on a failed run's status) starts the next iteration.
      if (event.type === 'reaction_added' && (await iterateFromReaction(deps, event))) return;
      await handleReaction(deps, event);
      return;
    case 'command':
      await specFromCommand(deps, event);
      return;
    default:
      deps.logger.debug({ eventId: event.eventId, type: event.type }, 'chat event needs no work');
  }
}

/** `/codecot spec <request>`: posts the request in the channel, then drafts in its thread. */
async function specFromCommand(
  deps: StageDeps,
  event: Extract<ChatEvent, { type: 'command' }>,
): Promise<void> {
  if (event.subcommand !== 'spec') return;
  const chat = chatFor(deps, event.channel.platform);
  const mention = `<@${event.user.id.slice(event.user.id.indexOf(':') + 1)}>`;
  const root = await chat.post(event.channel, { text: `Spec requested by ${mention}: ${event.args}` });
  await intentFromRequest(deps, {
    trigger: 'command',
    ref: root,
    requester: event.user,
    eventId: event.eventId,
    text: event.args,
  });
}
