import type { PlatformName } from '../domain/chat.ts';
import { decodeEvent } from '../domain/event-codec.ts';
import type { Logger } from '../logger.ts';
import type { ChatPlatform } from '../ports/chat-platform.ts';
import { introduce } from './introduce.ts';

export interface ChatEventDeps {
  chats: ReadonlyMap<PlatformName, ChatPlatform>;
  logger: Logger;
}

/** The job behind every stored inbound event that needs work beyond storing it. */
export async function handleChatEvent(
  deps: ChatEventDeps,
  payload: { event: Record<string, unknown> },
): Promise<void> {
  const event = decodeEvent(payload.event);
  switch (event.type) {
    case 'bot_joined': {
      const chat = deps.chats.get(event.channel.platform);
      if (chat) await introduce(chat, event.channel);
      return;
    }
    default:
      deps.logger.debug(
        { eventId: event.eventId, type: event.type },
        'chat event stored; no stage acts on it',
      );
  }
}
